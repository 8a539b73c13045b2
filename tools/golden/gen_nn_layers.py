"""Golden fixtures for feed-forward nn layers: forward, grads, reprs and parameter tables.

Writes tests/golden/nn_layers.npz/.json. Run from /work/main with the reference venv:
  /root/.cache/minispore-reference/ms210/bin/python tools/golden/gen_nn_layers.py
"""
import numpy as np
import mindspore as ms
from mindspore import nn

from gen_nn import Recorder, case_rng, record_layer_or_error


def normal(case, shape, scale=1.0):
    """Fixed float32 input drawn from the case's own RandomState."""
    return (case_rng(case + "/x").standard_normal(shape) * scale).astype("float32")


def add(rec, case, layer, kwargs, shape, scale=1.0, **opts):
    """One-input layer case with x ~ N(0, scale²) of the given shape."""
    record_layer_or_error(rec, case, layer, kwargs, [("x", normal(case, shape, scale))], **opts)


def dense_cases(rec):
    """Dense: plain, activation strings, no bias, N-d and 1-d input, to_float(float16)."""
    add(rec, "dense", "Dense", {"in_channels": 3, "out_channels": 4}, (2, 3))
    add(rec, "dense_relu", "Dense", {"in_channels": 3, "out_channels": 4, "activation": "relu"}, (5, 3))
    add(rec, "dense_tanh_nobias", "Dense",
        {"in_channels": 3, "out_channels": 4, "has_bias": False, "activation": "tanh"}, (2, 3))
    add(rec, "dense_gelu", "Dense", {"in_channels": 3, "out_channels": 2, "activation": "gelu"}, (2, 3))
    add(rec, "dense_sigmoid", "Dense", {"in_channels": 3, "out_channels": 2, "activation": "sigmoid"}, (2, 3))
    add(rec, "dense_nd", "Dense", {"in_channels": 4, "out_channels": 5}, (2, 3, 4))
    add(rec, "dense_1d", "Dense", {"in_channels": 3, "out_channels": 2}, (3,))
    add(rec, "dense_to_float16", "Dense", {"in_channels": 3, "out_channels": 4}, (2, 3),
        build=lambda: nn.Dense(3, 4).to_float(ms.float16),
        note="built as nn.Dense(3, 4).to_float(mindspore.float16): params stay Float32, "
             "input is cast, output is Float16; input grad is Float32",
        extra={"to_float": "Float16"})


def shape_cases(rec):
    """Flatten, Unflatten, Identity and Dropout in eval mode."""
    add(rec, "flatten", "Flatten", {}, (2, 3, 4))
    add(rec, "flatten_all", "Flatten", {"start_dim": 0, "end_dim": -1}, (2, 3, 4))
    add(rec, "flatten_mid", "Flatten", {"start_dim": 1, "end_dim": 2}, (2, 3, 4, 2))
    add(rec, "flatten_start2", "Flatten", {"start_dim": 2}, (2, 3, 4, 2))
    add(rec, "unflatten", "Unflatten", {"axis": 1, "unflattened_size": (2, 3)}, (2, 6, 4))
    add(rec, "unflatten_last", "Unflatten", {"axis": -1, "unflattened_size": (2, 2)}, (3, 4))
    add(rec, "identity", "Identity", {}, (2, 3))
    add(rec, "dropout_p_eval", "Dropout", {"p": 0.3}, (2, 5))
    add(rec, "dropout_keep_prob_eval", "Dropout", {"keep_prob": 0.8}, (2, 5))
    add(rec, "dropout_both_eval", "Dropout", {"keep_prob": 0.8, "p": 0.3}, (2, 5),
        note="p wins over keep_prob")
    add(rec, "dropout_default_eval", "Dropout", {}, (2, 5))


def activation_cases(rec):
    """Every activation layer on a (3, 4) input spread wide enough to reach saturations."""
    specs = [
        ("relu", "ReLU", {}), ("relu6", "ReLU6", {}), ("leakyrelu", "LeakyReLU", {}),
        ("leakyrelu_alpha", "LeakyReLU", {"alpha": 0.1}), ("elu", "ELU", {}),
        ("elu_alpha", "ELU", {"alpha": 0.5}), ("gelu", "GELU", {}),
        ("gelu_exact", "GELU", {"approximate": False}), ("silu", "SiLU", {}),
        ("sigmoid", "Sigmoid", {}), ("tanh", "Tanh", {}), ("softmax", "Softmax", {}),
        ("softmax_axis0", "Softmax", {"axis": 0}), ("logsoftmax", "LogSoftmax", {}),
        ("logsoftmax_axis0", "LogSoftmax", {"axis": 0}), ("mish", "Mish", {}),
        ("hswish", "HSwish", {}), ("hsigmoid", "HSigmoid", {}),
    ]
    for case, layer, kwargs in specs:
        add(rec, case, layer, kwargs, (3, 4), scale=4.0)
    add(rec, "prelu_default", "PReLU", {}, (2, 3, 4), scale=2.0, keep_params=True,
        note="PReLU weight left at its initial value (w=0.25); parameter path 'w', name 'a'")
    add(rec, "prelu_channel", "PReLU", {"channel": 3}, (2, 3, 4), scale=2.0,
        note="per-channel slopes on axis 1, set explicitly")


def conv_cases(rec):
    """Conv1d, Conv2d and Conv2dTranspose over pad modes, stride, dilation, group, bias."""
    conv1d = [
        ("conv1d_same", {"in_channels": 2, "out_channels": 3, "kernel_size": 3}, (2, 2, 7)),
        ("conv1d_valid_stride2_bias", {"in_channels": 2, "out_channels": 4, "kernel_size": 3,
                                       "stride": 2, "pad_mode": "valid", "has_bias": True}, (2, 2, 8)),
        ("conv1d_pad_dilation2", {"in_channels": 2, "out_channels": 3, "kernel_size": 3,
                                  "pad_mode": "pad", "padding": 2, "dilation": 2}, (1, 2, 7)),
        ("conv1d_group2", {"in_channels": 4, "out_channels": 4, "kernel_size": 3, "group": 2}, (2, 4, 6)),
        ("conv1d_same_stride2_even", {"in_channels": 2, "out_channels": 3, "kernel_size": 2,
                                      "stride": 2}, (1, 2, 7)),
    ]
    conv2d = [
        ("conv2d_same", {"in_channels": 3, "out_channels": 4, "kernel_size": 3}, (2, 3, 6, 6)),
        ("conv2d_same_stride2", {"in_channels": 3, "out_channels": 4, "kernel_size": 3, "stride": 2},
         (2, 3, 7, 7)),
        ("conv2d_valid_bias", {"in_channels": 3, "out_channels": 4, "kernel_size": 3,
                               "pad_mode": "valid", "has_bias": True}, (2, 3, 6, 6)),
        ("conv2d_valid_stride2", {"in_channels": 3, "out_channels": 2, "kernel_size": 3,
                                  "stride": 2, "pad_mode": "valid"}, (1, 3, 8, 8)),
        ("conv2d_pad1", {"in_channels": 3, "out_channels": 4, "kernel_size": 3,
                         "pad_mode": "pad", "padding": 1}, (2, 3, 5, 5)),
        ("conv2d_pad_tuple", {"in_channels": 3, "out_channels": 2, "kernel_size": 3,
                              "pad_mode": "pad", "padding": (1, 0, 2, 1)}, (1, 3, 5, 5)),
        ("conv2d_dilation2", {"in_channels": 3, "out_channels": 4, "kernel_size": 3, "dilation": 2},
         (1, 3, 7, 7)),
        ("conv2d_valid_dilation2", {"in_channels": 2, "out_channels": 3, "kernel_size": 3,
                                    "pad_mode": "valid", "dilation": 2}, (1, 2, 7, 7)),
        ("conv2d_group2_bias", {"in_channels": 4, "out_channels": 6, "kernel_size": 3, "group": 2,
                                "has_bias": True}, (2, 4, 5, 5)),
        ("conv2d_even_kernel_same", {"in_channels": 2, "out_channels": 3, "kernel_size": 2},
         (1, 2, 5, 5)),
        ("conv2d_even_kernel4_same_stride2", {"in_channels": 2, "out_channels": 2, "kernel_size": 4,
                                              "stride": 2}, (1, 2, 7, 7)),
        ("conv2d_rect_kernel", {"in_channels": 2, "out_channels": 3, "kernel_size": (2, 3),
                                "stride": (2, 1), "pad_mode": "valid", "has_bias": True}, (1, 2, 6, 5)),
    ]
    transpose = [
        ("conv2dtranspose_same", {"in_channels": 3, "out_channels": 2, "kernel_size": 3}, (2, 3, 4, 4)),
        ("conv2dtranspose_same_stride2", {"in_channels": 3, "out_channels": 2, "kernel_size": 3,
                                          "stride": 2}, (1, 3, 4, 4)),
        ("conv2dtranspose_valid_stride2_bias", {"in_channels": 3, "out_channels": 2, "kernel_size": 3,
                                                "stride": 2, "pad_mode": "valid", "has_bias": True},
         (1, 3, 4, 4)),
        ("conv2dtranspose_pad1_stride2", {"in_channels": 3, "out_channels": 2, "kernel_size": 3,
                                          "stride": 2, "pad_mode": "pad", "padding": 1}, (1, 3, 4, 4)),
        ("conv2dtranspose_valid_k2s2", {"in_channels": 2, "out_channels": 3, "kernel_size": 2,
                                        "stride": 2, "pad_mode": "valid"}, (1, 2, 3, 3)),
        ("conv2dtranspose_group2", {"in_channels": 4, "out_channels": 2, "kernel_size": 3,
                                    "group": 2, "has_bias": True}, (1, 4, 3, 3)),
    ]
    for layer, cases in (("Conv1d", conv1d), ("Conv2d", conv2d), ("Conv2dTranspose", transpose)):
        for case, kwargs, shape in cases:
            add(rec, case, layer, kwargs, shape)


def pool_cases(rec):
    """Max/Avg pooling 1-d and 2-d over kernel/stride/pad_mode, and the adaptive pools."""
    specs = [
        ("maxpool1d_k2", "MaxPool1d", {"kernel_size": 2}, (2, 3, 8)),
        ("maxpool1d_k2s2", "MaxPool1d", {"kernel_size": 2, "stride": 2}, (2, 3, 8)),
        ("maxpool1d_k3s2_same", "MaxPool1d", {"kernel_size": 3, "stride": 2, "pad_mode": "same"}, (1, 2, 7)),
        ("maxpool2d_k2", "MaxPool2d", {"kernel_size": 2}, (1, 2, 5, 5)),
        ("maxpool2d_k2s2", "MaxPool2d", {"kernel_size": 2, "stride": 2}, (2, 2, 6, 6)),
        ("maxpool2d_k3s2_valid", "MaxPool2d", {"kernel_size": 3, "stride": 2}, (1, 2, 8, 8)),
        ("maxpool2d_k3s2_same", "MaxPool2d", {"kernel_size": 3, "stride": 2, "pad_mode": "same"}, (1, 2, 8, 8)),
        ("maxpool2d_k2s2_same_odd", "MaxPool2d", {"kernel_size": 2, "stride": 2, "pad_mode": "same"},
         (1, 2, 5, 5)),
        ("maxpool2d_pad1", "MaxPool2d", {"kernel_size": 3, "stride": 2, "pad_mode": "pad", "padding": 1},
         (1, 2, 6, 6)),
        ("maxpool2d_3d_input", "MaxPool2d", {"kernel_size": 2, "stride": 2}, (2, 4, 4)),
        ("avgpool1d_k2", "AvgPool1d", {"kernel_size": 2}, (2, 3, 8)),
        ("avgpool1d_k3s2_same", "AvgPool1d", {"kernel_size": 3, "stride": 2, "pad_mode": "same"}, (1, 2, 7)),
        ("avgpool2d_k2", "AvgPool2d", {"kernel_size": 2}, (1, 2, 5, 5)),
        ("avgpool2d_k2s2", "AvgPool2d", {"kernel_size": 2, "stride": 2}, (2, 2, 6, 6)),
        ("avgpool2d_k3s2_same", "AvgPool2d", {"kernel_size": 3, "stride": 2, "pad_mode": "same"}, (1, 2, 8, 8)),
        ("avgpool2d_k2s2_same_odd", "AvgPool2d", {"kernel_size": 2, "stride": 2, "pad_mode": "same"},
         (1, 2, 5, 5)),
        ("avgpool2d_pad1", "AvgPool2d", {"kernel_size": 3, "stride": 2, "pad_mode": "pad", "padding": 1},
         (1, 2, 6, 6)),
        ("avgpool2d_pad1_exclude_pad", "AvgPool2d", {"kernel_size": 3, "stride": 2, "pad_mode": "pad",
                                                     "padding": 1, "count_include_pad": False}, (1, 2, 6, 6)),
        ("adaptiveavgpool2d_2x3", "AdaptiveAvgPool2d", {"output_size": (2, 3)}, (2, 2, 5, 7)),
        ("adaptiveavgpool2d_1", "AdaptiveAvgPool2d", {"output_size": 1}, (2, 3, 4, 4)),
        ("adaptiveavgpool2d_none_2", "AdaptiveAvgPool2d", {"output_size": (None, 2)}, (1, 2, 3, 5)),
        ("adaptivemaxpool2d_2x3", "AdaptiveMaxPool2d", {"output_size": (2, 3)}, (2, 2, 5, 7)),
        ("adaptivemaxpool2d_1", "AdaptiveMaxPool2d", {"output_size": 1}, (1, 3, 4, 4)),
        ("adaptivemaxpool2d_indices", "AdaptiveMaxPool2d", {"output_size": (2, 2), "return_indices": True},
         (1, 2, 4, 5)),
    ]
    for case, layer, kwargs, shape in specs:
        add(rec, case, layer, kwargs, shape)
    # Windows of -0.0 only: the sign of a zero sum (MindSpore accumulates from +0.0).
    record_layer_or_error(rec, "avgpool2d_k2s2_negative_zeros", "AvgPool2d", {"kernel_size": 2, "stride": 2},
                          [("x", np.full((1, 2, 4, 4), -0.0, "float32"))])


def norm_cases(rec):
    """BatchNorm1d/2d (train step with moving stats, eval), LayerNorm, GroupNorm."""
    stats = ("moving_mean", "moving_variance")
    add(rec, "batchnorm1d_train", "BatchNorm1d", {"num_features": 3}, (4, 3), train=True, state=stats,
        note="state = moving stats after one forward call in train mode (param = before)")
    add(rec, "batchnorm1d_eval", "BatchNorm1d", {"num_features": 3}, (4, 3))
    add(rec, "batchnorm2d_train", "BatchNorm2d", {"num_features": 3}, (2, 3, 2, 3), train=True, state=stats)
    add(rec, "batchnorm2d_train_momentum01", "BatchNorm2d", {"num_features": 2, "momentum": 0.1},
        (3, 2, 2, 2), train=True, state=stats)
    add(rec, "batchnorm2d_train_no_affine", "BatchNorm2d", {"num_features": 2, "affine": False},
        (2, 2, 3, 3), train=True, state=stats)
    add(rec, "batchnorm2d_eval", "BatchNorm2d", {"num_features": 3}, (2, 3, 2, 3),
        note="eval mode normalises with the (fixed, non-trivial) moving stats")
    add(rec, "batchnorm2d_eval_use_batch_statistics", "BatchNorm2d",
        {"num_features": 2, "use_batch_statistics": True}, (2, 2, 2, 3), state=stats,
        note="eval mode but use_batch_statistics=True")
    add(rec, "layernorm_last", "LayerNorm", {"normalized_shape": (4,)}, (2, 3, 4))
    add(rec, "layernorm_last2", "LayerNorm",
        {"normalized_shape": (3, 4), "begin_norm_axis": -2, "begin_params_axis": -2}, (2, 3, 4))
    add(rec, "layernorm_axis1", "LayerNorm",
        {"normalized_shape": (3, 4), "begin_norm_axis": 1, "begin_params_axis": 1}, (2, 3, 4))
    add(rec, "layernorm_norm1_params_last", "LayerNorm",
        {"normalized_shape": (4,), "begin_norm_axis": 1, "begin_params_axis": -1}, (2, 3, 4),
        note="normalise over axes 1.. but gamma/beta only over the last axis")
    add(rec, "layernorm_eps", "LayerNorm", {"normalized_shape": (5,), "epsilon": 1e-3}, (3, 5), scale=0.05)
    add(rec, "groupnorm_2groups", "GroupNorm", {"num_groups": 2, "num_channels": 4}, (2, 4, 3, 3))
    add(rec, "groupnorm_1group", "GroupNorm", {"num_groups": 1, "num_channels": 4}, (2, 4, 2, 2))
    add(rec, "groupnorm_no_affine", "GroupNorm", {"num_groups": 4, "num_channels": 4, "affine": False},
        (1, 4, 2, 3))


def embedding_cases(rec):
    """Embedding with int32/int64 ids, repeated ids, padding_idx and use_one_hot."""
    ids = [[1, 0, 3], [3, 3, 7]]
    specs = [
        ("embedding_int32", {"vocab_size": 8, "embedding_size": 4}, "int32"),
        ("embedding_int64", {"vocab_size": 8, "embedding_size": 4}, "int64"),
        ("embedding_padding_idx", {"vocab_size": 8, "embedding_size": 4, "padding_idx": 0}, "int32"),
        ("embedding_one_hot", {"vocab_size": 8, "embedding_size": 4, "use_one_hot": True}, "int32"),
    ]
    for case, kwargs, dtype in specs:
        record_layer_or_error(rec, case, "Embedding", kwargs, [("ids", np.array(ids, dtype=dtype))],
                     note="table set explicitly (row padding_idx too); grads only for the table")


def main():
    """Generate nn_layers.npz/.json."""
    rec = Recorder("nn_layers", "tools/golden/gen_nn_layers.py")
    rec.meta["conventions"] = (
        "params are set to fixed values before the call (role 'param', keyed by the "
        "parameters_and_names path); grads are of sum(out_i * dout_i); kwargs tuples appear as "
        "JSON lists; reprs have object addresses replaced by '0x...'; fresh cells are in eval "
        "mode unless 'train' is true")
    for group in (dense_cases, shape_cases, activation_cases, conv_cases, pool_cases, norm_cases,
                  embedding_cases):
        group(rec)
    rec.save()


if __name__ == "__main__":
    main()
