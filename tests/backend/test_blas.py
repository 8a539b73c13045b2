"""`subtract_scaled`: y -= a * x in place, through SciPy's BLAS axpy where it applies, else NumPy."""
import os
import subprocess
import sys

import numpy as np
import pytest

from minispore._backend import blas

try:
    import scipy.linalg.blas as scipy_blas
except ImportError:
    scipy_blas = None

needs_scipy = pytest.mark.skipif(scipy_blas is None, reason="the BLAS path needs SciPy (the 'blas' extra)")


@pytest.fixture
def numpy_only(monkeypatch):
    monkeypatch.setattr(blas, "_AXPY", None)


@pytest.fixture
def spy(monkeypatch):
    """The BLAS table with every call recorded."""
    if scipy_blas is None:
        pytest.skip("the BLAS path needs SciPy (the 'blas' extra)")
    calls = []
    table = {}
    for dtype, function in blas.blas_axpy().items():
        def recorded(x, y, a, _function=function):
            calls.append(y.dtype)
            return _function(x, y, a=a)
        table[dtype] = recorded
    monkeypatch.setattr(blas, "_AXPY", table)
    return calls


def _operands(shape, dtype, seed=0):
    rng = np.random.default_rng(seed)
    return rng.standard_normal(shape).astype(dtype), rng.standard_normal(shape).astype(dtype), dtype(0.03)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("shape", [(300, 301), (7,), ()])
def test_blas_path_is_correctly_rounded_and_in_place(spy, dtype, shape):
    y, x, a = _operands(shape, dtype)
    x_before, y_before = x.copy(), y.copy()
    blas.subtract_scaled(y, a, x)
    assert spy == [np.dtype(dtype)]
    np.testing.assert_array_equal(x, x_before)
    # Fused (one rounding) or not (two, as NumPy and MindSpore round): within an ulp of the result
    # plus one of a*x from y - a*x computed exactly (float32) or in this dtype (float64).
    wide = np.float64 if dtype == np.float32 else dtype
    exact = y_before.astype(wide) - np.asarray(a, wide) * x.astype(wide)
    bound = np.finfo(dtype).eps * (np.abs(exact) + np.abs(np.asarray(a, wide) * x)) * (1 if dtype == np.float32 else 2)
    assert np.all(np.abs(y - exact) <= bound)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_numpy_path_is_bit_identical_to_numpy(numpy_only, dtype):
    y, x, a = _operands((300, 301), dtype)
    expected = y - a * x
    blas.subtract_scaled(y, a, x)
    np.testing.assert_array_equal(y, expected)


def test_arrays_blas_cannot_update_in_place_take_the_numpy_path(spy):
    y, x, a = _operands((40, 30), np.float32)
    columns = y.T  # not C-contiguous
    expected = columns - a * x.T
    blas.subtract_scaled(columns, a, x.T)
    np.testing.assert_array_equal(y.T, expected)
    half, x16, _ = _operands((50,), np.float16)
    expected16 = (half - np.float32(0.5) * x16).astype(np.float16)
    blas.subtract_scaled(half, np.float32(0.5), x16)
    np.testing.assert_array_equal(half, expected16)
    raw = np.zeros(4 * 10 + 1, np.uint8)
    unaligned = raw[1:].view(np.float32)
    assert not unaligned.flags.aligned
    blas.subtract_scaled(unaligned, np.float32(2), np.ones(10, np.float32))
    np.testing.assert_array_equal(unaligned, np.full(10, -2, np.float32))
    rows, row, _ = _operands((3, 4), np.float32)
    expected_rows = rows - a * row[0]
    blas.subtract_scaled(rows, a, row[0])  # broadcast
    np.testing.assert_array_equal(rows, expected_rows)
    blas.subtract_scaled(np.zeros(0, np.float32), np.float32(1), np.zeros(0, np.float32))
    assert spy == []


def test_a_read_only_array_is_refused_not_written(spy):
    # SciPy's axpy writes through a read-only array; NumPy refuses it.
    y, x, a = _operands((20,), np.float32)
    y.flags.writeable = False
    before = y.copy()
    with pytest.raises(ValueError, match="read-only"):
        blas.subtract_scaled(y, a, x)
    np.testing.assert_array_equal(y, before)
    assert spy == []


def test_an_axpy_that_returns_a_copy_still_updates(monkeypatch):
    monkeypatch.setattr(blas, "_AXPY", {np.dtype(np.float32): lambda x, y, a: y.copy()})
    y, x, a = _operands((10,), np.float32)
    expected = y - a * x
    blas.subtract_scaled(y, a, x)
    np.testing.assert_array_equal(y, expected)


@needs_scipy
def test_the_environment_variable_keeps_numpy():
    code = "from minispore._backend.blas import blas_axpy; print(blas_axpy())"
    env = dict(os.environ, MINISPORE_BLAS_AXPY="0")
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "None"
    assert blas.blas_axpy()[np.dtype(np.float32)] is scipy_blas.saxpy


def test_scipy_is_not_imported_with_minispore():
    code = "import sys, minispore; print('scipy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
