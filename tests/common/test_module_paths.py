"""Module paths MindSpore's own tests import (issue 14), each with real content: the functional autodiff
names under ops.functional, common.api, mutable, log, jit_syntax_level, placeholder Tensors with
Cell.set_inputs, and the nn.grad Cells."""
import importlib
import logging
import re

import numpy as np
import pytest

import minispore as ms
from minispore import Tensor, nn, ops

# Every module path issue 14 lists, importable (a path failing to import blocked whole MindSpore test files).
MODULE_PATHS = [
    "minispore.ops.functional", "minispore.common.api", "minispore.common.mutable", "minispore.log",
    "minispore.nn.grad", "minispore.nn.grad.cell_grad", "minispore.ops.operations.bitwise_ops",
    "minispore.ops.operations.index_ops", "minispore.ops.operations.linalg_ops", "minispore.ops.operations.image_ops",
    "minispore.ops.function.bitwise_func", "minispore.ops.function.index_func", "minispore.ops.function.linalg_func",
    "minispore.ops.function.pad_func", "minispore.ops.operations.rnn_ops", "minispore.ops.auto_generate",
    "minispore.ops.auto_generate.gen_ops_def", "minispore.ops.auto_generate.gen_ops_prim", "minispore.experimental",
    "minispore.experimental.optim", "minispore.experimental.optim.lr_scheduler",
    "minispore.experimental.optim.optimizer", "minispore.dataset.transforms", "minispore.train.metrics.segmentation",
    "minispore.train.metrics.bleu", "minispore.train.metrics.roc", "minispore.train.metrics.confusion_matrix",
    "minispore.train.metrics.surface_distance", "minispore.train.metrics.occlusion",
]


# `from <module> import <name>` forms MindSpore's own tests use for the classes issue 14 lists.
IMPORTED_NAMES = [
    ("minispore.ops.operations.array_ops", "TensorScatterElements"),
    ("minispore.ops.operations.array_ops", "LeftShift"), ("minispore.ops.operations.array_ops", "RightShift"), ("minispore.ops.operations.math_ops", "MatrixSolve"),
    ("minispore.ops.operations", "ResizeLinear1D"),
] + [("minispore.ops.operations", name) for name in (
    "BitwiseAnd", "BitwiseOr", "BitwiseXor", "LeftShift", "RightShift", "Invert", "Inv", "Padding", "Ger",
    "TensorScatterElements", "KLDivLoss", "StridedSlice", "Meshgrid", "InplaceAdd", "InplaceSub", "InplaceUpdate",
    "Unique", "Dropout2D", "Dropout3D", "MatrixSolve", "MatrixBandPart", "BCEWithLogitsLoss", "FastGeLU", "IndexAdd")
] + [("minispore.ops", name) for name in (
    "matrix_band_part", "strided_slice", "inplace_add", "inplace_sub", "inplace_update", "tensor_scatter_elements",
    "index_add", "matrix_solve", "ger", "padding", "fast_gelu", "bitwise_left_shift", "bitwise_right_shift",
    "invert", "inv", "dropout2d", "dropout3d")] + [("minispore.nn", "FastGelu")] + [
    ("minispore.ops.operations", "LSTM"), ("minispore.ops.operations.nn_ops", "LSTM"),
    ("minispore.dataset.transforms", "Slice"), ("minispore.dataset", "Dataset.bucket_batch_by_length"),
    ("minispore", "mutable"), ("minispore", "STRICT"), ("minispore", "COMPATIBLE"), ("minispore", "LAX"),
    ("minispore.nn.grad", "Jvp"), ("minispore.nn.grad", "Vjp"), ("minispore.nn", "ReplicationPad1d"),
    ("minispore.nn", "ReplicationPad2d"), ("minispore.nn", "ReplicationPad3d"),
] + [("minispore.ops.auto_generate", name) for name in (
    "SqrtGrad", "RsqrtGrad", "ReluGrad", "ReLU6Grad", "TanhGrad", "ReciprocalGrad", "GeLUGrad", "FastGeLUGrad",
    "HSwishGrad", "HSigmoidGrad", "HShrinkGrad", "MinimumGrad", "MaximumGrad", "SoftmaxBackward", "PReLUGrad",
    "Reciprocal", "abs", "equal", "less", "not_equal", "add_ext", "sub_ext", "bmm_ext", "broadcast_to", "copy",
    "contiguous", "ones", "zeros", "mv")
] + [("minispore.experimental.optim", name) for name in (
    "Optimizer", "AdamW", "SGD", "Adam", "Adadelta", "Adagrad", "ASGD", "Adamax", "RMSprop", "Rprop", "RAdam",
    "NAdam", "lr_scheduler")
] + [("minispore.train.metrics", name) for name in (
    "Dice", "HausdorffDistance", "Perplexity", "ROC", "auc", "BleuScore", "ConfusionMatrix", "ConfusionMatrixMetric",
    "CosineSimilarity", "MeanSurfaceDistance", "RootMeanSquareDistance", "OcclusionSensitivity", "rearrange_inputs")]


@pytest.mark.parametrize("module,name", IMPORTED_NAMES, ids=[f"{m}.{n}" for m, n in IMPORTED_NAMES])
def test_names_importable(module, name):
    owner = importlib.import_module(module)
    for part in name.split("."):
        assert hasattr(owner, part), f"{module}.{name}"
        owner = getattr(owner, part)


@pytest.mark.parametrize("path", MODULE_PATHS)
def test_module_path_imports(path):
    module = importlib.import_module(path)
    for name in getattr(module, "__all__", ()):
        assert hasattr(module, name), f"{path}.__all__ names {name}, which is missing"


def test_mindspore_alias_answers_the_paths():
    from minispore.__main__ import alias_mindspore
    alias_mindspore()
    from mindspore.ops.functional import vmap, jvp, vjp, grad  # noqa: F401
    from mindspore.common.api import jit  # noqa: F401
    from mindspore import log as logger, mutable  # noqa: F401
    from mindspore.nn.grad import Jvp, Vjp  # noqa: F401
    assert logger is ms.log


def test_functional_autodiff_names_compute():
    from minispore.ops.functional import grad, jvp, vjp, vmap
    x = Tensor(np.array([1.0, 2.0, 3.0], np.float32))
    np.testing.assert_allclose(grad(lambda t: (t * t * t).sum())(x).asnumpy(), 3 * x.asnumpy() ** 2)
    out, tangent = jvp(lambda t: t * t, x, Tensor(np.ones(3, np.float32)))
    np.testing.assert_allclose(tangent.asnumpy(), 2 * x.asnumpy())
    out, pullback = vjp(lambda t: t * t, x)
    np.testing.assert_allclose(pullback(Tensor(np.ones(3, np.float32)))[0].asnumpy(), 2 * x.asnumpy())
    rows = Tensor(np.arange(6, dtype=np.float32).reshape(2, 3))
    np.testing.assert_allclose(vmap(lambda r: r.sum())(rows).asnumpy(), [3.0, 12.0])


def test_get_grad_finds_positions_and_parameters():
    from minispore.ops.functional import get_grad

    class Net(nn.Cell):
        def __init__(self):
            super().__init__()
            self.w = ms.Parameter(Tensor(np.array([2.0, 3.0], np.float32)), name="w")

        def construct(self, x, y, z):
            return x * y * z * self.w

    x, y, z = (Tensor(np.array(v, np.float32)) for v in ([1, 2], [-2, 3], [0, 3]))
    net = Net()
    grads = ms.grad(net, grad_position=(1, 2), weights=net.trainable_params(), return_ids=True)(x, y, z)
    np.testing.assert_allclose(get_grad(grads, 1).asnumpy(), [0.0, 18.0])
    np.testing.assert_allclose(get_grad(grads, 2).asnumpy(), [-4.0, 18.0])
    np.testing.assert_allclose(get_grad(grads, net.w).asnumpy(), [0.0, 18.0])
    with pytest.raises(RuntimeError, match="Can not find the gradient for position or Parameter 0"):
        get_grad(grads, 0)
    with pytest.raises(TypeError, match="should be an integer or a Parameter"):
        get_grad(grads, "w")
    assert ms.get_grad is get_grad and ops.get_grad is get_grad


def test_common_api_jit_class_and_memory_recycle():
    from minispore.common.api import jit, jit_class, ms_memory_recycle

    @jit_class
    class Helper:
        def twice(self, x):
            return 2 * x

    assert Helper.__ms_class__ is True
    assert jit(lambda t: Helper().twice(t))(Tensor([1.0, 2.0])).asnumpy().tolist() == [2.0, 4.0]
    with pytest.raises(TypeError, match="cannot be used for nn.Cell"):
        jit_class(nn.Dense)
    with pytest.raises(TypeError, match="can only be used for class type"):
        jit_class(lambda: 0)
    assert ms_memory_recycle() is None


def test_mutable_marks_values_and_refuses_others():
    from minispore import mutable
    x = Tensor([1.0, 2.0])
    marked = mutable((x, 2, 3.5))
    assert isinstance(marked, tuple) and marked == (x, 2, 3.5)
    assert marked.__ms_mutable__ is True and marked.__ms_dynamic_len__ is False
    assert marked.__ms_origin_object__ is not marked
    assert mutable(3) + 1 == 4 and repr(mutable(True)) == "True" and mutable(x) is x
    assert mutable([x, x], dynamic_len=True).__ms_dynamic_len__ is True
    assert mutable({"a": 1.0})["a"] == 1.0
    for bad in ("s", None, (1, "a"), np.ones(2)):
        with pytest.raises(TypeError, match="For 'mutable', the 'input_data' should be one of"):
            mutable(bad)
    with pytest.raises(TypeError, match="when the variable_len is True"):
        mutable(x, dynamic_len=True)
    loop = [1]
    loop.append(loop)
    with pytest.raises(TypeError, match="no self-reference"):
        mutable(loop)


@pytest.fixture
def fresh_log(monkeypatch):
    """minispore.log set up again from the environment the test arranges."""
    from minispore import log
    for name in ("GLOG_v", "GLOG_logtostderr", "GLOG_log_dir", "GLOG_stderrthreshold"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(log, "_logger", None)
    yield log
    log._logger = None


def test_log_prints_mindspore_lines_at_the_glog_level(fresh_log, monkeypatch, capsys):
    fresh_log.warning("loss is %s", 0.5)
    fresh_log.info("not shown at the default level")
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    assert re.fullmatch(r"\[WARNING\] ME\(\d+:\d+,MainProcess\):\d{4}-\d\d-\d\d-\d\d:\d\d:\d\d\.\d{3}\.\d{3} "
                        r"\[.*test_module_paths\.py:\d+\] loss is 0.5", err[0]), err[0]
    assert fresh_log.get_level() == "2"
    assert fresh_log.get_log_config() == {"GLOG_v": "2", "GLOG_logtostderr": "1"}
    fresh_log._logger = None
    monkeypatch.setenv("GLOG_v", "1")
    fresh_log.info("now shown")
    fresh_log.debug("still hidden")
    err = capsys.readouterr().err
    assert "[INFO] ME(" in err and "now shown" in err and "still hidden" not in err
    assert fresh_log.get_level() == "1"


def test_log_to_a_directory(fresh_log, monkeypatch, tmp_path, capsys):
    monkeypatch.setenv("GLOG_logtostderr", "0")
    monkeypatch.setenv("GLOG_log_dir", str(tmp_path))
    fresh_log.error("written to the file")
    config = fresh_log.get_log_config()
    assert config["GLOG_logtostderr"] == "0" and config["GLOG_stderrthreshold"] == "2"
    for handler in fresh_log._get_logger().handlers:
        handler.flush()
    files = list((tmp_path / "rank_0" / "logs").iterdir())
    assert len(files) == 1 and files[0].name.startswith("mindspore.log.")
    assert "[ERROR] ME(" in files[0].read_text() and "written to the file" in capsys.readouterr().err
    for handler in list(fresh_log._get_logger().handlers):
        handler.close()
        fresh_log._get_logger().removeHandler(handler)


def test_log_refuses_a_bad_level(fresh_log, monkeypatch):
    monkeypatch.setenv("GLOG_v", "7")
    with pytest.raises(ValueError, match="Incorrect log level.*But got 7"):
        fresh_log.warning("x")
    assert isinstance(logging.getLogger("ME"), logging.Logger)


def test_jit_syntax_level_is_accepted_and_stored():
    assert (ms.STRICT, ms.COMPATIBLE, ms.LAX) == (0, 1, 2)
    assert ms.context.STRICT == ms.STRICT
    before = ms.get_context("jit_syntax_level")
    assert before == ms.LAX
    try:
        ms.set_context(jit_syntax_level=ms.STRICT)
        assert ms.get_context("jit_syntax_level") == ms.STRICT
        with pytest.raises(ValueError, match="should be context.STRICT or context.LAX, but got 5"):
            ms.set_context(jit_syntax_level=5)
        with pytest.raises(TypeError, match="must be <class 'int'>"):
            ms.set_context(jit_syntax_level="STRICT")
        assert ms.get_context("jit_syntax_level") == ms.STRICT
    finally:
        ms.set_context(jit_syntax_level=before)


def test_placeholder_tensors_have_shape_and_dtype_but_no_values():
    dynamic_shape = Tensor(shape=[None, 3], dtype=ms.float32)
    assert dynamic_shape.shape == (-1, 3) and dynamic_shape.dtype == ms.float32 and dynamic_shape.ndim == 2
    assert dynamic_shape.size == 0
    assert repr(dynamic_shape) == "Tensor(shape=[-1, 3], dtype=Float32, value=\n)"
    dynamic_rank = Tensor(shape=None, dtype=ms.int32)
    assert dynamic_rank.shape == (-2,) and repr(dynamic_rank) == "Tensor(shape=[-2], dtype=Int32, value= )"
    assert Tensor(dtype=ms.float32).shape == (-2,) and Tensor(shape=-1, dtype=ms.float32).shape == (-1,)
    assert Tensor(shape=[], dtype=ms.float32).asnumpy().tolist() == 0.0
    with pytest.raises(ValueError, match="no values to compute with"):
        dynamic_shape.asnumpy()
    with pytest.raises(ValueError, match="For 'add', a placeholder Tensor of dynamic shape"):
        dynamic_shape + 1
    with pytest.raises(ValueError, match="dtype must not be None"):
        Tensor(shape=[None, 3])
    with pytest.raises(ValueError, match="init must be None"):
        Tensor(shape=[None, 3], dtype=ms.float32, init="ones")
    with pytest.raises(ValueError, match="less than -2"):
        Tensor(shape=[None, -5], dtype=ms.float32)


class _Add(nn.Cell):
    def construct(self, x, y):
        return x + y


def test_set_inputs_is_checked_in_graph_mode_only():
    net = _Add()
    declared = (Tensor(shape=[None, 3], dtype=ms.float32), Tensor(shape=[None, 3], dtype=ms.float32))
    net.set_inputs(*declared)
    assert net.get_inputs() == declared and _Add().get_inputs() is None
    good = Tensor(np.ones((2, 3), np.float32))
    wide = Tensor(np.ones((2, 4), np.float32))
    assert net(wide, wide).shape == (2, 4)  # PyNative: not checked, as in MindSpore
    ms.set_context(mode=ms.GRAPH_MODE)
    try:
        assert net(good, good).asnumpy().tolist() == [[2.0] * 3] * 2
        with pytest.raises(ValueError, match="the shape of input 0 must be the same as expected, but got "
                                             "expected: 3, and input: 4"):
            net(wide, wide)
        with pytest.raises(ValueError, match="the dims of input 0"):
            net(Tensor(np.ones((2, 3, 1), np.float32)), good)
        with pytest.raises(TypeError, match=r"should be Tensor\[Float32\], but got Tensor\[Int32\]"):
            net(Tensor(np.ones((2, 3), np.int32)), good)
        with pytest.raises(ValueError, match="the length of input must be equal to expected one"):
            net(good)
        any_rank = _Add()
        any_rank.set_inputs(Tensor(shape=None, dtype=ms.float32), Tensor(shape=None, dtype=ms.float32))
        cube = Tensor(np.ones((2, 3, 4), np.float32))
        assert any_rank(cube, cube).shape == (2, 3, 4)
    finally:
        ms.set_context(mode=ms.PYNATIVE_MODE)


class _Cube(nn.Cell):
    def construct(self, x):
        return x ** 3


class _CubeAndDouble(nn.Cell):
    def construct(self, x):
        return x ** 3, 2 * x


class _Linear(nn.Cell):
    def construct(self, x, y):
        return 2 * x + 3 * y


class _Pair(nn.Cell):
    def construct(self, x, y):
        return 2 * x, y ** 3


X = np.array([[1, 2], [3, 4]], np.float32)
V = np.array([[1, 2], [3, 4]], np.float32)
ONES = np.ones((2, 2), np.float32)


def test_nn_grad_jvp_values():
    from minispore.nn.grad import Jvp
    x, v, ones = Tensor(X), Tensor(V), Tensor(ONES)
    out, tangent = Jvp(_Cube())(x, v)
    np.testing.assert_allclose(out.asnumpy(), X ** 3)
    np.testing.assert_allclose(tangent.asnumpy(), 3 * X ** 2 * V)
    outs, tangents = Jvp(_CubeAndDouble())(x, v)
    np.testing.assert_allclose(tangents[0].asnumpy(), 3 * X ** 2 * V)
    np.testing.assert_allclose(tangents[1].asnumpy(), 2 * V)
    _, tangent = Jvp(_Linear())(x, x, (ones, v))
    np.testing.assert_allclose(tangent.asnumpy(), 2 * ONES + 3 * V)
    _, tangents = Jvp(_Pair())(x, x, (ones, v))
    np.testing.assert_allclose(tangents[0].asnumpy(), 2 * ONES)
    np.testing.assert_allclose(tangents[1].asnumpy(), 3 * X ** 2 * V)
    for bad in (lambda: Jvp(_Cube())(x, (v, v)), lambda: Jvp(_Cube())(x, x, v), lambda: Jvp(_Linear())(x, x, v),
                lambda: Jvp(_Linear())((x, x), (v, v))):
        with pytest.raises(TypeError):
            bad()


def test_nn_grad_vjp_values():
    from minispore.nn.grad import Vjp
    x, v, ones = Tensor(X), Tensor(V), Tensor(ONES)
    out, grad = Vjp(_Cube())(x, v)
    np.testing.assert_allclose(out.asnumpy(), X ** 3)
    np.testing.assert_allclose(grad.asnumpy(), 3 * X ** 2 * V)
    _, grads = Vjp(_Pair())(x, x, (ones, v))
    np.testing.assert_allclose(grads[0].asnumpy(), 2 * ONES)
    np.testing.assert_allclose(grads[1].asnumpy(), 3 * X ** 2 * V)
    _, grad = Vjp(_CubeAndDouble())(x, (ones, v))
    np.testing.assert_allclose(grad.asnumpy(), 3 * X ** 2 + 2 * V)
    _, grads = Vjp(_Linear())(x, x, v)
    np.testing.assert_allclose(grads[0].asnumpy(), 2 * V)
    np.testing.assert_allclose(grads[1].asnumpy(), 3 * V)
    for bad in (lambda: Vjp(_Cube())(x, (v, v)), lambda: Vjp(_Cube())(x, x, v), lambda: Vjp(_Pair())((x, x), (v, v))):
        with pytest.raises(TypeError):
            bad()
