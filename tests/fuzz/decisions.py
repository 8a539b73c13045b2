"""The doubtful calls whose MindSpore 2.10 outcome `tools/golden/gen_fuzz_decisions.py` records.

Pure data (no minispore, no MindSpore import): the generator evaluates these expressions on
MindSpore, `test_decisions.py` on minispore, and `tests/golden/fuzz_decisions.json` holds the
answers. Expressions see the names defined by PRELUDE and `ms`, `ops`, `nn`, `Tensor`, `np`.
"""

DTYPES = ("float16", "float32", "float64", "int8", "int32", "int64", "uint8", "bool")

PRELUDE = '''
def T(dtype):
    base = np.array([[1.5, -2.0, 3.0], [0.0, 5.0, -1.0]])
    if dtype == "bool":
        return Tensor(base > 0)
    if dtype.startswith("uint"):
        base = np.abs(base)
    return Tensor(base.astype(dtype))

x = Tensor(np.arange(6, dtype=np.float32).reshape(2, 3))
xi = Tensor(np.array([[1, 2, 3], [4, 5, 6]], np.int64))
x3 = Tensor(np.arange(24, dtype=np.float32).reshape(2, 3, 4))
x4 = Tensor(np.arange(32, dtype=np.float32).reshape(1, 2, 4, 4))
v = Tensor(np.array([3.0, 1.0, 2.0], np.float32))
s = Tensor(np.float32(3.0))
e = Tensor(np.zeros((0, 3), np.float32))
b = Tensor(np.array([True, False]))
m = Tensor(np.array([[True, False, True], [False, False, False]]))
labels = Tensor(np.array([0, 2], np.int32))
logits = Tensor(np.array([[1.0, 2.0, 0.5], [0.1, 0.2, 3.0]], np.float32))
'''

# name -> expression of x (and y for binary ops), each replaced by a Tensor of the dtype under test.
UNARY = {name: f"ops.{name}({{x}})" for name in (
    "abs", "neg", "sign", "exp", "log", "sqrt", "rsqrt", "square", "reciprocal", "sin", "cos", "tan", "tanh",
    "erf", "log1p", "expm1", "atan", "floor", "ceil", "round", "acos", "asin", "sinh", "cosh", "trunc",
    "sigmoid", "relu", "relu6", "gelu", "silu", "mish", "hardswish", "hardsigmoid", "logsigmoid", "softsign",
    "elu", "leaky_relu", "isnan", "isinf", "isfinite", "logical_not", "bitwise_not", "softplus")}
BINARY = {name: f"ops.{name}({{x}}, {{y}})" for name in (
    "add", "sub", "mul", "div", "floor_divide", "remainder", "pow", "maximum", "minimum", "equal", "not_equal",
    "less", "less_equal", "greater", "greater_equal", "logical_and", "logical_or", "logical_xor", "bitwise_and",
    "bitwise_or", "bitwise_xor", "xlogy")}
REDUCTIONS = {
    "sum": "ops.sum({x})", "sum_axis": "ops.sum({x}, 1)", "mean": "ops.mean({x})", "mean_axis": "ops.mean({x}, 1)",
    "prod": "ops.prod({x})", "prod_axis": "ops.prod({x}, 1)", "amax": "ops.amax({x})", "amin": "ops.amin({x}, 1)",
    "argmax": "ops.argmax({x})", "argmax_axis": "ops.argmax({x}, 1)", "argmin": "ops.argmin({x}, 1)",
    "all": "ops.all({x})", "any": "ops.any({x}, 1)", "std": "ops.std({x})", "var": "ops.var({x}, 1)",
    "logsumexp": "ops.logsumexp({x}, 1)", "cumsum": "ops.cumsum({x}, 1)", "cumprod": "ops.cumprod({x}, 1)",
    "max": "ops.max({x}, 1)", "min": "ops.min({x}, 1)", "max_all": "ops.max({x})",
    "softmax": "ops.softmax({x})", "log_softmax": "ops.log_softmax({x})", "norm": "ops.norm({x})",
    "tensor_sum": "{x}.sum()", "tensor_mean": "{x}.mean()", "tensor_max": "{x}.max()",
    "tensor_cumsum": "{x}.cumsum(1)",
}

_AXIS_CALLS = {
    "sort": "ops.sort(x, {a})", "cumsum": "ops.cumsum(x, {a})", "concat": "ops.concat([x, x], {a})",
    "stack": "ops.stack([x, x], {a})", "expand_dims": "ops.expand_dims(x, {a})", "flip": "ops.flip(x, ({a},))",
    "sum": "ops.sum(x, ({a},))", "sum_int": "ops.sum(x, {a})", "mean": "ops.mean(x, {a})", "prod": "ops.prod(x, {a})",
    "amax": "ops.amax(x, {a})", "argmax": "ops.argmax(x, {a})", "argmin": "ops.argmin(x, {a})",
    "max": "ops.max(x, {a})", "min": "ops.min(x, {a})", "softmax": "ops.softmax(x, {a})",
    "log_softmax": "ops.log_softmax(x, {a})", "squeeze": "ops.squeeze(x, {a})", "gather": "ops.gather(x, labels, {a})",
    "split": "ops.split(x, 1, {a})", "chunk": "ops.chunk(x, 2, {a})", "unbind": "ops.unbind(x, {a})",
    "topk": "ops.topk(x, 1, {a})", "narrow": "ops.narrow(x, {a}, 0, 1)", "swapaxes": "ops.swapaxes(x, 0, {a})",
    "repeat_elements": "ops.repeat_elements(x, 2, {a})", "cumprod": "ops.cumprod(x, {a})",
    "logsumexp": "ops.logsumexp(x, {a})", "std": "ops.std(x, {a})", "var": "ops.var(x, {a})",
    "all": "ops.all(x > 1, {a})", "any": "ops.any(x > 1, {a})", "index_select": "ops.index_select(x, {a}, labels)",
    "gather_elements": "ops.gather_elements(x, {a}, xi - 1)", "argsort": "ops.argsort(x, {a})",
    "transpose": "ops.transpose(x, ({a}, 0))", "permute": "ops.permute(x, (0, {a}))",
    "flatten_start": "ops.flatten(x3, start_dim={a})", "norm": "ops.norm(x, dim={a})",
    "one_hot": "ops.one_hot(labels, 3, Tensor(1.0), Tensor(0.0), {a})",
    "tensor_sum": "x.sum({a})", "tensor_mean": "x.mean({a})", "tensor_max": "x.max({a})",
    "tensor_transpose": "x.transpose({a}, 0)", "tensor_squeeze": "x.squeeze({a})",
    "tensor_expand_dims": "x.expand_dims({a})", "tensor_cumsum": "x.cumsum({a})", "tensor_sort": "x.sort({a})",
    "tensor_argmax": "x.argmax({a})", "tensor_flatten": "x3.flatten(start_dim={a})",
    "tensor_unsqueeze": "x.unsqueeze({a})", "tensor_chunk": "x.chunk(2, {a})", "tensor_split": "x.split(1, {a})",
    "tensor_repeat": "x.repeat(2, {a})", "tensor_topk": "x.topk(1, {a})", "tensor_swapaxes": "x.swapaxes(0, {a})",
}

CASES = {}
for _name, _call in _AXIS_CALLS.items():
    CASES[f"axis_{_name}_edge"] = _call.format(a=-2)
    CASES[f"axis_{_name}_high"] = _call.format(a=5)
    CASES[f"axis_{_name}_low"] = _call.format(a=-4)
CASES["axis_expand_dims_edge_high"] = "ops.expand_dims(x, 2)"
CASES["axis_expand_dims_edge_low"] = "ops.expand_dims(x, -3)"
CASES["axis_stack_edge_high"] = "ops.stack([x, x], 2)"
CASES["axis_transpose_seven"] = "x.transpose(7, 0)"
CASES["axis_transpose_repeat"] = "ops.transpose(x, (0, 0))"
CASES["axis_transpose_short"] = "ops.transpose(x3, (1, 0))"
CASES["axis_sum_repeat"] = "ops.sum(x, (1, 1))"
CASES["axis_sum_repeat_negative"] = "ops.sum(x, (1, -1))"
CASES["axis_sum_list"] = "ops.sum(x, [0, 1])"
CASES["axis_sum_empty_tuple"] = "ops.sum(x, ())"
CASES["axis_mean_empty_tuple"] = "ops.mean(x, ())"
CASES["axis_sum_float"] = "ops.sum(x, 1.0)"
CASES["axis_sum_bool"] = "ops.sum(x, True)"
CASES["axis_sum_str"] = "ops.sum(x, 'a')"
CASES["axis_flip_repeat"] = "ops.flip(x, (0, 0))"
CASES["axis_flip_int"] = "ops.flip(x, 1)"
CASES["axis_flip_empty"] = "ops.flip(x, ())"
CASES["axis_squeeze_not_one"] = "ops.squeeze(x, 0)"
CASES["axis_scalar_sum0"] = "ops.sum(s, 0)"
CASES["axis_scalar_sum1"] = "ops.sum(s, 1)"
CASES["axis_scalar_sum_neg1"] = "ops.sum(s, -1)"
CASES["axis_scalar_mean0"] = "ops.mean(s, 0)"
CASES["axis_scalar_cumsum0"] = "ops.cumsum(s, 0)"
CASES["axis_scalar_softmax"] = "ops.softmax(s)"
CASES["axis_scalar_argmax0"] = "ops.argmax(s, 0)"
CASES["axis_scalar_expand_dims"] = "ops.expand_dims(s, 0)"
CASES["axis_scalar_expand_dims1"] = "ops.expand_dims(s, 1)"
CASES["axis_scalar_flip"] = "ops.flip(s, (0,))"
CASES["axis_scalar_sort"] = "s.sort()"
CASES["axis_scalar_sort_op"] = "ops.sort(s)"
CASES["axis_scalar_topk"] = "ops.topk(s, 1)"
CASES["axis_scalar_squeeze"] = "ops.squeeze(s, 0)"
CASES["axis_scalar_transpose"] = "ops.transpose(s, ())"
CASES["axis_scalar_max"] = "ops.max(s)"
CASES["axis_scalar_max0"] = "ops.max(s, 0)"
CASES["axis_scalar_unbind"] = "ops.unbind(s)"
CASES["axis_scalar_flatten"] = "ops.flatten(s)"
CASES["axis_scalar_gather"] = "ops.gather(s, Tensor(0), 0)"

CASES.update({
    # counts and sizes
    "count_topk_negative": "ops.topk(x, -1)", "count_topk_zero": "ops.topk(x, 0)", "count_topk_big": "ops.topk(x, 4)",
    "count_topk_float": "ops.topk(x, 1.5)",
    "count_one_hot_negative": "ops.one_hot(labels, -3, Tensor(1.0), Tensor(0.0))",
    "count_one_hot_zero": "ops.one_hot(labels, 0, Tensor(1.0), Tensor(0.0))",
    "count_one_hot_label_out": "ops.one_hot(labels, 2, Tensor(1.0), Tensor(0.0))",
    "count_one_hot_negative_label": "ops.one_hot(Tensor(np.array([-1, 1], np.int32)), 3, Tensor(1.0), Tensor(0.0))",
    "count_one_hot_float_indices": "ops.one_hot(Tensor([0.0, 1.0]), 3, Tensor(1.0), Tensor(0.0))",
    "count_split_negative": "ops.split(x, -1)", "count_split_zero": "ops.split(x, 0)",
    "count_split_big": "ops.split(x, 5)", "count_split_sections_bad": "ops.split(x, [1, 2])",
    "count_split_sections_negative": "ops.split(x, [3, -1])", "count_split_sections": "ops.split(x, [1, 1], 0)",
    "count_split_sections_zero": "ops.split(x, [0, 2])",
    "count_chunk_negative": "ops.chunk(x, -1)", "count_chunk_zero": "ops.chunk(x, 0)", "count_chunk_big": "ops.chunk(x, 5)",
    "count_chunk_three": "ops.chunk(Tensor(np.arange(5, dtype=np.float32)), 3)",
    "count_chunk_four": "ops.chunk(Tensor(np.arange(6, dtype=np.float32)), 4)",
    "count_narrow_start_out": "ops.narrow(x, 0, 7, 2)", "count_narrow_too_long": "ops.narrow(x, 0, 1, 2)",
    "count_narrow_negative_length": "ops.narrow(x, 0, 0, -1)", "count_narrow_negative_start": "ops.narrow(x, 1, -2, 2)",
    "count_narrow_zero_length": "ops.narrow(x, 1, 1, 0)",
    "count_adaptive_negative": "nn.AdaptiveAvgPool2d((-2, 3))(x4)",
    "count_adaptive_zero": "nn.AdaptiveAvgPool2d((0, 3))(x4)",
    "count_adaptive_max_negative": "nn.AdaptiveMaxPool2d((-2, 3))(x4)",
    "count_adaptive_op_negative": "ops.adaptive_avg_pool2d(x4, (-2, 3))",
    "count_adaptive1d_negative": "ops.adaptive_avg_pool1d(x3, -1)",
    "count_pad_odd": "ops.pad(x, (1,))", "count_pad_long": "ops.pad(x, (1, 1, 1, 1, 1, 1))",
    "count_pad_negative": "ops.pad(x, (-1, 0))", "count_pad_too_negative": "ops.pad(x, (-4, 0))",
    "count_tile_negative": "ops.tile(x, (-1, 1))", "count_tile_short": "ops.tile(x, (2,))",
    "count_repeat_elements_negative": "ops.repeat_elements(x, -1, 0)",
    "count_repeat_elements_zero": "ops.repeat_elements(x, 0, 0)",
    "count_repeat_elements_last": "ops.repeat_elements(xi, 2, -1)",
    "count_repeat_elements_axis1": "ops.repeat_elements(xi, 2, 1)",
    "count_broadcast_to_bad": "ops.broadcast_to(x, (3, 3))", "count_broadcast_to_negative": "ops.broadcast_to(x, (-2, 3))",
    "count_broadcast_to_fewer": "ops.broadcast_to(x, (3,))", "count_broadcast_to_minus1_new": "ops.broadcast_to(x, (-1, 2, 3))",
    "count_reshape_negative": "ops.reshape(x, (-2, 3))", "count_reshape_two_minus1": "ops.reshape(x, (-1, -1))",
    "count_reshape_zero": "ops.reshape(e, (-1, 0))", "count_reshape_bad": "ops.reshape(x, (4, 2))",
    "count_arange_step0": "ops.arange(0, 5, 0)", "count_arange_wrong_sign": "ops.arange(0, 5, -1)",
    "count_arange_empty": "ops.arange(5, 5)", "count_arange_float_step0": "ops.arange(0.0, 1.0, 0.0)",
    "count_arange_nan": "ops.arange(0, float('nan'))", "count_arange_inf": "ops.arange(0, float('inf'))",
    "count_linspace_negative": "ops.linspace(0, 1, -1)", "count_linspace_zero": "ops.linspace(0, 1, 0)",
    "count_eye_negative": "ops.eye(-1)", "count_eye_zero": "ops.eye(0)",
    "count_ones_negative": "ops.ones((2, -1))", "count_zeros_negative": "ops.zeros((-3,))",
    "count_full_negative": "ops.full((-1,), 1.0)", "count_ones_float": "ops.ones((2.5,))",
    "count_randperm_zero": "ops.randperm(0)",
    "count_max_pool_huge_kernel": "ops.max_pool2d(x4, 1000)", "count_max_pool_2_31": "ops.max_pool2d(x4, 2 ** 31)",
    "count_max_pool_kernel_zero": "ops.max_pool2d(x4, 0)", "count_max_pool_stride_zero": "ops.max_pool2d(x4, 2, 0)",
    "count_max_pool_negative_kernel": "ops.max_pool2d(x4, -2)",
    "count_max_pool_padding_big": "ops.max_pool2d(x4, 2, 2, 2)",
    "count_max_pool_dilation_zero": "ops.max_pool2d(x4, 2, 2, 0, 0)",
    "count_avg_pool_stride_zero": "ops.avg_pool2d(x4, 2, 0)", "count_avg_pool_kernel_zero": "ops.avg_pool2d(x4, 0)",
    "count_avg_pool_huge_kernel": "ops.avg_pool2d(x4, 1000)", "count_avg_pool_padding_big": "ops.avg_pool2d(x4, 2, 2, 2)",
    "count_avg_pool1d_stride_zero": "ops.avg_pool1d(x3, 2, 0)",
    "count_conv2d_stride_zero": "ops.conv2d(x4, Tensor(np.ones((1, 2, 3, 3), np.float32)), stride=0)",
    "count_conv2d_big_kernel": "ops.conv2d(x4, Tensor(np.ones((1, 2, 5, 5), np.float32)))",
    "count_conv2d_dilation_zero": "ops.conv2d(x4, Tensor(np.ones((1, 2, 3, 3), np.float32)), dilation=0)",
    "count_conv2d_groups_zero": "ops.conv2d(x4, Tensor(np.ones((1, 2, 3, 3), np.float32)), groups=0)",
    "count_dropout_p_one": "ops.dropout(x, p=1.0)", "count_dropout_p_negative": "ops.dropout(x, p=-0.1)",
    # layers: bad construction arguments
    "layer_dense_zero": "nn.Dense(0, 3)", "layer_dense_negative": "nn.Dense(-1, 3)",
    "layer_dense_float": "nn.Dense(2.5, 3)", "layer_dense_out_zero": "nn.Dense(3, 0)",
    "layer_conv_out_zero": "nn.Conv2d(3, 0, 3)", "layer_conv_kernel_zero": "nn.Conv2d(3, 3, 0)",
    "layer_conv_stride_zero": "nn.Conv2d(3, 3, 3, stride=0)", "layer_conv_negative_padding":
        "nn.Conv2d(3, 3, 3, pad_mode='pad', padding=-1)",
    "layer_conv_dilation_zero": "nn.Conv2d(3, 3, 3, dilation=0)", "layer_conv_group_zero": "nn.Conv2d(3, 3, 3, group=0)",
    "layer_conv1d_kernel_zero": "nn.Conv1d(3, 3, 0)",
    "layer_maxpool_zero": "nn.MaxPool2d(0)", "layer_maxpool_stride_zero": "nn.MaxPool2d(2, stride=0)",
    "layer_maxpool_negative": "nn.MaxPool2d(-2)", "layer_avgpool_zero": "nn.AvgPool2d(0)",
    "layer_maxpool_big": "nn.MaxPool2d(1000)(x4)", "layer_avgpool_big": "nn.AvgPool2d(1000)(x4)",
    "layer_batchnorm_zero": "nn.BatchNorm1d(0)", "layer_batchnorm_negative": "nn.BatchNorm2d(-1)",
    "layer_batchnorm_momentum": "nn.BatchNorm1d(3, momentum=1.5)",
    "layer_embedding_zero": "nn.Embedding(0, 3)", "layer_embedding_negative": "nn.Embedding(-1, 3)",
    "layer_layernorm_zero": "nn.LayerNorm((0,))", "layer_groupnorm_zero": "nn.GroupNorm(0, 4)",
    "layer_groupnorm_indivisible": "nn.GroupNorm(3, 4)", "layer_lstm_zero": "nn.LSTM(0, 3)",
    "layer_lstm_hidden_zero": "nn.LSTM(3, 0)", "layer_rnn_layers_zero": "nn.RNN(3, 4, num_layers=0)",
    "layer_dropout_p_one": "nn.Dropout(p=1.0)", "layer_dropout_keep_zero": "nn.Dropout(keep_prob=0.0)",
    "layer_flatten_start": "nn.Flatten(start_dim=5)(x)", "layer_prelu_zero": "nn.PReLU(0)",
    "layer_mha_indivisible": "nn.MultiheadAttention(5, 2)",
    "layer_unflatten_bad": "nn.Unflatten(1, (2, 2))(x)",
    "layer_dense_wrong_rank": "nn.Dense(3, 2)(s)", "layer_dense_int_input": "nn.Dense(3, 2)(xi)",
    "layer_dense_float64_input": "nn.Dense(3, 2)(Tensor(np.ones((2, 3))))",
    "layer_conv_channels_last": "nn.Conv2d(2, 3, 3)(Tensor(np.ones((1, 4, 4, 2), np.float32)))",
    "layer_conv_int_input": "nn.Conv2d(2, 3, 3)(Tensor(np.ones((1, 2, 4, 4), np.int32)))",
    "layer_conv_rank3": "nn.Conv2d(2, 3, 3)(Tensor(np.ones((2, 4, 4), np.float32)))",
    "layer_batchnorm_int_input": "nn.BatchNorm1d(3)(xi)",
    "layer_batchnorm2d_rank2": "nn.BatchNorm2d(3)(x)",
    "layer_maxpool_rank2": "nn.MaxPool2d(2)(x)", "layer_maxpool_int": "nn.MaxPool2d(2)(Tensor(np.ones((1, 1, 4, 4), np.int32)))",
    "layer_embedding_float": "nn.Embedding(4, 2)(x)", "layer_layernorm_shape": "nn.LayerNorm((4,))(x)",
    "layer_lstm_rank2": "nn.LSTM(3, 4)(x)", "layer_lstm_int": "nn.LSTM(3, 4)(Tensor(np.ones((1, 2, 3), np.int32)))",
    # dtype rules of losses and erf/gelu
    "loss_mse_int32": "ops.mse_loss(Tensor(np.array([1, 2, 3], np.int32)), Tensor(np.array([3, 5, 6], np.int32)))",
    "loss_mse_int64": "ops.mse_loss(Tensor(np.array([1, 2, 3])), Tensor(np.array([3, 5, 7])))",
    "loss_mse_uint8": "ops.mse_loss(Tensor(np.array([1, 2, 3], np.uint8)), Tensor(np.array([3, 0, 6], np.uint8)))",
    "loss_mse_float16": "ops.mse_loss(Tensor(np.array([1, 2, 3], np.float16)), Tensor(np.array([3, 5, 6], np.float16)))",
    "loss_mse_mixed": "ops.mse_loss(Tensor(np.array([1, 2, 3], np.int32)), Tensor(np.array([3, 5, 6], np.float32)))",
    "loss_mse_bool": "ops.mse_loss(b, b)",
    "loss_l1_int32": "ops.l1_loss(Tensor(np.array([1, 2, 3], np.int32)), Tensor(np.array([3, 5, 6], np.int32)))",
    "loss_l1_uint8": "ops.l1_loss(Tensor(np.array([1, 2, 3], np.uint8)), Tensor(np.array([3, 0, 6], np.uint8)))",
    "loss_huber_int32": "ops.huber_loss(Tensor(np.array([1, 2, 3], np.int32)), Tensor(np.array([3, 5, 6], np.int32)))",
    "loss_smooth_l1_int32": "ops.smooth_l1_loss(Tensor(np.array([1., 2, 3], np.float32)), "
                            "Tensor(np.array([3, 5, 6], np.int32)))",
    "loss_nll_uint8": "ops.nll_loss(Tensor(np.ones((2, 3), np.uint8)), labels)",
    "loss_nll_int32": "ops.nll_loss(Tensor(np.ones((2, 3), np.int32)), labels)",
    "loss_nll_float16": "ops.nll_loss(Tensor(np.ones((2, 3), np.float16)), labels)",
    "loss_nll_float64": "ops.nll_loss(Tensor(np.ones((2, 3), np.float64)), labels)",
    "loss_cross_entropy_int": "ops.cross_entropy(Tensor(np.ones((2, 3), np.int32)), labels)",
    "loss_cross_entropy_float16": "ops.cross_entropy(Tensor(np.ones((2, 3), np.float16)), labels)",
    "loss_bce_int": "ops.binary_cross_entropy(Tensor(np.array([0, 1], np.int32)), Tensor(np.array([0, 1], np.int32)))",
    "loss_bce_logits_int": "ops.binary_cross_entropy_with_logits(Tensor(np.array([0, 1], np.int32)), "
                           "Tensor(np.array([0, 1], np.int32)))",
    "loss_kl_div_int": "ops.kl_div(Tensor(np.array([1, 2], np.int32)), Tensor(np.array([1, 2], np.int32)))",
    "loss_mse_cell_int": "nn.MSELoss()(Tensor(np.array([1, 2, 3], np.int32)), Tensor(np.array([3, 5, 6], np.int32)))",
    "loss_l1_cell_int": "nn.L1Loss()(Tensor(np.array([1, 2, 3], np.int32)), Tensor(np.array([3, 5, 6], np.int32)))",
    "loss_ce_cell_int": "nn.CrossEntropyLoss()(Tensor(np.ones((2, 3), np.int32)), labels)",
    "loss_nll_cell_uint8": "nn.NLLLoss()(Tensor(np.ones((2, 3), np.uint8)), labels)",
    "erf_float16": "ops.erf(Tensor(np.array([0.5, -1.0], np.float16)))",
    "erf_float64": "ops.erf(Tensor(np.array([0.5, -1.0], np.float64)))",
    "erf_int": "ops.erf(Tensor(np.array([1, 0], np.int32)))",
    "gelu_float16": "ops.gelu(Tensor(np.array([0.5, -1.0], np.float16)))",
    "gelu_tanh_float16": "ops.gelu(Tensor(np.array([0.5, -1.0], np.float16)), approximate='tanh')",
    "gelu_int": "ops.gelu(Tensor(np.array([1, 0], np.int32)))",
    "gelu_float64": "ops.gelu(Tensor(np.array([0.5, -1.0], np.float64)))",
    "gelu_cell_float16": "nn.GELU()(Tensor(np.array([0.5, -1.0], np.float16)))",
    "gelu_cell_int": "nn.GELU()(Tensor(np.array([1, 0], np.int32)))",
    # max / min / initial / where
    "max_all": "ops.max(x)", "min_all": "ops.min(x)", "max_axis": "ops.max(x, 1)", "max_keep": "ops.max(x, 1, True)",
    "max_initial_axis": "ops.max(x, 1, initial=4.0)", "max_initial_none": "ops.max(x, initial=100.0)",
    "max_where": "ops.max(x, 1, where=m, initial=-1.0)", "max_where_keep": "ops.max(x, 1, True, where=m, initial=-1.0)",
    "max_where_no_initial": "ops.max(x, 1, where=m)", "min_where": "ops.min(x, 1, where=m, initial=10.0)",
    "min_initial_axis": "ops.min(x, 0, initial=1.0)", "max_tuple_axis": "ops.max(x, (0, 1))",
    "max_initial_tensor": "ops.max(x, 1, initial=Tensor(1.0))", "max_int": "ops.max(xi, 0)",
    "max_where_scalar_true": "ops.max(x, 1, where=Tensor(True), initial=-1.0)",
    "max_where_scalar_false": "ops.max(x, 1, where=Tensor(False), initial=-1.0)",
    "max_where_broadcast": "ops.max(x, 1, where=Tensor(np.array([True, False, True])), initial=-1.0)",
    "max_where_list": "ops.max(x, 1, where=[True, False, True], initial=-1.0)",
    "max_empty": "ops.max(e)", "max_empty_axis": "ops.max(e, 1)", "max_empty_axis0": "ops.max(e, 0)",
    "max_scalar": "ops.max(s)", "max_scalar_axis": "ops.max(s, 0)",
    "max_nan": "ops.max(Tensor(np.array([1.0, np.nan, 3.0], np.float32)), 0)",
    "tensor_max": "x.max()", "tensor_max_pos": "x.max(1)", "tensor_max_pos_keep": "x.max(1, True)",
    "tensor_max_axis_kw": "x.max(axis=1)", "tensor_max_axis_kw_keep": "x.max(axis=1, keepdims=True)",
    "tensor_max_dim_kw": "x.max(dim=1)", "tensor_max_dim_keepdim": "x.max(dim=1, keepdim=True)",
    "tensor_max_return_indices": "x.max(axis=1, return_indices=True)",
    "tensor_max_pos_return_indices": "x.max(1, return_indices=True)",
    "tensor_max_none_return_indices": "x.max(axis=None, return_indices=True)",
    "tensor_max_initial": "x.max(initial=100.0)", "tensor_max_axis_initial": "x.max(1, initial=4.0)",
    "tensor_max_where": "x.max(axis=1, where=m, initial=-1.0)", "tensor_max_where_none": "x.max(where=m, initial=-1.0)",
    "tensor_max_tuple_axis": "x.max(axis=(0, 1))", "tensor_max_tuple_pos": "x.max((0, 1))",
    "tensor_max_tuple_where": "x.max(axis=(0, 1), where=m, initial=-1.0)",
    "tensor_max_tuple_keep": "x.max(axis=(1,), keepdims=True)",
    "tensor_max_tensor_arg": "x.max(x)", "tensor_max_none": "x.max(None)",
    "tensor_max_pos_keepdims_kw": "x.max(1, keepdims=True)", "tensor_max_bool_keepdim": "x.max(1, 1)",
    "tensor_min": "x.min()", "tensor_min_pos": "x.min(0)", "tensor_min_dim_kw": "x.min(dim=0, keepdim=True)",
    "tensor_min_axis_kw": "x.min(axis=0)", "tensor_min_where": "x.min(axis=1, where=m, initial=10.0)",
    "tensor_min_return_indices": "x.min(axis=0, return_indices=True)",
    "tensor_sum_initial": "x.sum(initial=100.0)", "tensor_sum_axis_initial": "x.sum(1, initial=100.0)",
    "tensor_sum_int_initial": "xi.sum(initial=1)", "tensor_sum_dtype": "xi.sum(dtype=ms.float32)",
    "ops_sum_initial": "ops.sum(x, initial=100.0)", "ops_amax_initial": "ops.amax(x, 1, initial=100.0)",
    "ops_amax_where": "ops.amax(x, 1, where=m, initial=-1.0)", "ops_amin_initial": "ops.amin(x, 1, initial=-100.0)",
    "ops_amax_empty": "ops.amax(e)", "ops_amax_empty_initial": "ops.amax(e, initial=1.0)",
    # where, diag, mean on empty axes
    "where_complex": "ops.where(b, Tensor(np.array([1.0, 2.0], np.float32)), "
                     "Tensor(np.array([1 + 2j, 3 + 4j], np.complex64)))",
    "where_complex_first": "ops.where(b, Tensor(np.array([1 + 2j, 3 + 4j], np.complex64)), "
                           "Tensor(np.array([1.0, 2.0], np.float32)))",
    "where_complex_scalar": "ops.where(b, Tensor(np.array([1 + 2j, 3 + 4j], np.complex64)), 0.0)",
    "where_int_float": "ops.where(b, Tensor(np.array([1, 2], np.int32)), Tensor(np.array([0.5, 1.5], np.float32)))",
    "where_float16_float32": "ops.where(b, Tensor(np.array([1, 2], np.float16)), Tensor(np.array([0.5, 1.5], np.float32)))",
    "where_cond_int": "ops.where(Tensor(np.array([1, 0], np.int32)), v[:2], v[1:])",
    "where_cond_float": "ops.where(Tensor(np.array([1.0, 0.0], np.float32)), v[:2], v[1:])",
    "where_bad_broadcast": "ops.where(b, v, v)",
    "where_scalar_scalar": "ops.where(b, 1.0, 0.0)",
    "where_scalars_int": "ops.where(b, 1, 0)",
    "diag_nan": "ops.diag(Tensor(np.array([np.nan, 1.0], np.float32)))",
    "diag_inf": "ops.diag(Tensor(np.array([np.inf, 1.0], np.float32)))",
    "diag_inf_2d": "ops.diag(Tensor(np.array([[np.inf, 1.0], [2.0, -np.inf]], np.float32)))",
    "diag_bool": "ops.diag(b)",
    "mean_empty_axis0": "ops.mean(e, 0)", "mean_empty_all": "ops.mean(e)", "mean_empty_axis1": "ops.mean(e, 1)",
    "sum_empty": "ops.sum(e, 0)", "prod_empty": "ops.prod(e, 0)", "std_empty": "ops.std(e, 0)",
    "var_empty": "ops.var(e)", "logsumexp_empty": "ops.logsumexp(e, 0)", "argmax_empty": "ops.argmax(e, 0)",
    "softmax_empty": "ops.softmax(e, 0)", "cumsum_empty": "ops.cumsum(e, 0)", "all_empty": "ops.all(e, 0)",
    "norm_empty": "ops.norm(e)", "mean_int_empty": "ops.mean(Tensor(np.zeros((0,), np.int32)))",
    "tensor_mean_empty": "e.mean(0)",
    # the error wrapper and list inputs
    "sign_bool": "ops.sign(b)", "neg_bool": "ops.neg(b)", "abs_bool": "ops.abs(b)", "exp_bool": "ops.exp(b)",
    "floor_int": "ops.floor(xi)", "ceil_int": "ops.ceil(xi)", "round_int": "ops.round(xi)",
    "bitwise_not_float": "ops.bitwise_not(x)", "bitwise_and_float": "ops.bitwise_and(x, x)",
    "exp_list": "ops.exp([[1.0, 2.0]])", "abs_list": "ops.abs([[1.0, -2.0]])", "sum_list": "ops.sum([1.0, 2.0])",
    "neg_list": "ops.neg([1.0, 2.0])", "sqrt_list": "ops.sqrt([1.0, 4.0])", "sin_tuple": "ops.sin((1.0, 2.0))",
    "mean_list": "ops.mean([1.0, 2.0])", "reshape_list": "ops.reshape([1.0, 2.0], (2, 1))",
    "transpose_list": "ops.transpose([[1.0, 2.0]], (1, 0))", "relu_list": "ops.relu([1.0, -2.0])",
    "softmax_list": "ops.softmax([1.0, 2.0])", "add_lists": "ops.add([1.0, 2.0], [3.0, 4.0])",
    "add_tensor_list": "ops.add(v, [1.0, 2.0, 3.0])", "mul_list_tensor": "ops.mul([1.0, 2.0, 3.0], v)",
    "matmul_list": "ops.matmul([[1.0, 2.0]], [[1.0], [2.0]])", "concat_lists": "ops.concat([[1.0], [2.0]])",
    "exp_none": "ops.exp(None)", "abs_str": "ops.abs('a')", "sum_none": "ops.sum(None)",
    "exp_scalar": "ops.exp(1.0)", "abs_int": "ops.abs(-3)", "exp_numpy": "ops.exp(np.array([1.0, 2.0], np.float32))",
    # ZeroDivisionError sources
    "zero_arange": "ops.arange(0, 5, 0)", "zero_avg_pool": "ops.avg_pool2d(x4, 2, 0)", "zero_sort": "s.sort()",
    "zero_chunk": "ops.chunk(e, 2)", "zero_chunk_axis1": "ops.chunk(e, 2, 1)", "zero_split_empty": "ops.split(e, 2)",
    "zero_div_int": "ops.div(xi, Tensor(np.zeros((2, 3), np.int64)))",
    "zero_floor_divide_int": "ops.floor_divide(xi, Tensor(np.zeros((2, 3), np.int64)))",
    "zero_remainder_int": "ops.remainder(xi, Tensor(np.zeros((2, 3), np.int64)))",
    "zero_var_ddof": "ops.var(v, ddof=3)", "zero_mean_batchnorm": "nn.BatchNorm1d(3)(e)",
    "zero_reshape_empty": "ops.reshape(e, (0, -1))", "zero_layer_norm_empty": "ops.layer_norm(e, (3,))",
    "zero_mse_empty": "ops.mse_loss(e, e)", "zero_cross_entropy_empty": "ops.cross_entropy(Tensor(np.zeros((0, 3), "
                                                                        "np.float32)), Tensor(np.zeros((0,), np.int32)))",
    # devices
    "device_gpu": "Tensor([1.0, 2.0], device='GPU')", "device_cpu": "Tensor([1.0, 2.0], device='CPU').shape",
    "device_ascend": "Tensor([1.0, 2.0], device='Ascend')", "device_bad": "Tensor([1.0, 2.0], device='TPU')",
    "device_int": "Tensor([1.0, 2.0], device=1)",
})
