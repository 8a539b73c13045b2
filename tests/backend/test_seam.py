"""The backend seam: devices that cannot run, backends mixed in one op, the checking backend's
refusals, special functions, and the CuPy backend's shims (exercised with NumPy standing in)."""
import importlib.util
import math

import numpy as np
import pytest

import minispore as ms
from minispore import Tensor, ops
from minispore._backend import BackendError, backend_of, default_backend, get_backend
from minispore._backend import cupy_backend, numpy_backend
from minispore._backend.numpy_backend import NUMPY

HAS_CUPY = importlib.util.find_spec("cupy") is not None


@pytest.mark.skipif(HAS_CUPY, reason="CuPy is installed here")
def test_gpu_without_cupy_is_a_clear_error_and_changes_nothing():
    with pytest.raises(RuntimeError, match=r"Device 'GPU' needs CuPy: pip install cupy-cuda12x"):
        Tensor([1.0, 2.0], device="GPU")
    with pytest.raises(RuntimeError, match="needs CuPy"):
        Tensor([1.0]).move_to("GPU")
    with pytest.raises(RuntimeError, match="needs CuPy"):
        ms.set_context(device_target="GPU")
    assert ms.get_context("device_target") == "CPU"
    assert Tensor([1.0]).device == "CPU"
    with pytest.raises(RuntimeError, match="Unsupported device target Ascend"):
        ms.set_context(device_target="Ascend")


def _other_backend():
    """A second CPU backend beside the default one: the checking backend, or NumPy under it."""
    return NUMPY if default_backend().name == "checking" else get_backend("checking")


# Under the checking backend a NumPy array is refused as one made outside the seam; else as another backend's.
MIXED = (r"(the inputs live on different backends: .* at input \d\. Move them to one device first"
         r"|input \d is a ndarray that was not made through the backend seam)")


def _on(backend, values):
    tensor = object.__new__(Tensor)
    tensor._data = backend.asarray(np.asarray(values, np.float32))
    return tensor


@pytest.mark.parametrize("call, op", [
    (lambda a, b: ops.add(a, b), "add"),
    (lambda a, b: ops.add(b, a), "add"),
    (lambda a, b: ops.matmul(a, b), "matmul"),
    (lambda a, b: ops.concat((a, b)), "concat"),
    (lambda a, b: ops.where(ops.greater(a, 0), a, b), "where"),
    (lambda a, b: ms.grad(lambda x: (x * b).sum())(a), "mul"),
])
def test_mixed_backends_are_refused_naming_the_op(call, op):
    ours, theirs = Tensor([1.0, -2.0]), _on(_other_backend(), [3.0, 4.0])
    with pytest.raises(BackendError, match=rf"For '{op}', {MIXED}"):
        call(ours, theirs)


def test_mixed_backends_in_place_write_leaves_the_target_alone():
    target, other = Tensor([1.0, 2.0]), _on(_other_backend(), [5.0, 5.0])
    with pytest.raises(BackendError, match=rf"For 'add', {MIXED}"):
        target.add_(other)
    np.testing.assert_array_equal(target.asnumpy(), [1.0, 2.0])
    assert isinstance(BackendError("x"), TypeError)


def test_checking_arrays_refuse_implicit_host_conversion():
    checking = get_backend("checking")
    array = checking.asarray(np.arange(3.0))
    with pytest.raises(BackendError, match="Implicit conversion"):
        np.asarray(array)
    with pytest.raises(BackendError, match="host NumPy array was mixed"):
        checking.xp.add(array, np.ones(3))
    np.testing.assert_array_equal(checking.to_host(checking.xp.add(array, 1.0)), [1.0, 2.0, 3.0])
    q, r = checking.xp.linalg.qr(checking.asarray(np.eye(3)))  # named tuples come back wrapped
    assert backend_of(q) is checking and backend_of(r) is checking


def test_special_functions_come_from_the_backend(monkeypatch):
    x = np.array([-1.5, 0.0, 0.3], np.float32)
    erf = NUMPY.special("erf")
    np.testing.assert_allclose(erf(x), [math.erf(v) for v in x], rtol=1e-6)
    assert NUMPY.special("erf") is erf
    np.testing.assert_allclose(ops.erf(Tensor(x)).asnumpy(), [math.erf(v) for v in x], rtol=1e-6)
    # Without SciPy: math's functions elementwise, keeping the dtype; others name what to install.
    monkeypatch.setitem(__import__("sys").modules, "scipy.special", None)
    fallback = numpy_backend.find_special("erf")
    assert fallback(x).dtype == np.float32
    np.testing.assert_allclose(fallback(x), [math.erf(v) for v in x], rtol=1e-6)
    with pytest.raises(RuntimeError, match="'i0e' needs SciPy: pip install scipy"):
        numpy_backend.find_special("i0e")


def test_cupy_namespace_fills_numpys_spellings_cupy_lacks():
    # CuPy's ufuncs reduce only add and multiply, and its as_strided takes no `writeable`: the namespace
    # kernels see supplies both. NumPy stands in for CuPy here (no GPU in CI); gpu_check.sh runs it for real.
    xp = cupy_backend._CupyNamespace(np)
    x = np.array([[1.0, 5.0, 2.0], [7.0, -1.0, 0.0]])
    np.testing.assert_array_equal(xp.maximum.reduce(x, axis=1, keepdims=True), [[5.0], [7.0]])
    np.testing.assert_array_equal(xp.minimum.reduce(x, axis=None), -1.0)
    np.testing.assert_array_equal(xp.maximum(x, 2.0), np.maximum(x, 2.0))
    view = xp.lib.stride_tricks.as_strided(x, (2, 2), x.strides, writeable=False)
    np.testing.assert_array_equal(view, x[:, :2])
    assert xp.add is np.add and xp.float32 is np.float32


def test_cupy_generator_seeds_are_one_int():
    assert cupy_backend._one_int(None) is None and cupy_backend._one_int(5) == 5
    mixed = cupy_backend._one_int((1, 7, 0))
    assert mixed == cupy_backend._one_int((1, 7, 0)) != cupy_backend._one_int((1, 7, 1))
    assert 0 <= mixed < 2**64
