"""Indexing (`x[...]`) exported to MINDIR and ONNX gives NumPy's result, for generated indices:
integers, slices with any start/stop/step (negative too), None, Ellipsis and one integer array."""
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

pytest.importorskip("google.protobuf")

import minispore as ms  # noqa: E402


@st.composite
def shapes_and_indices(draw):
    shape = tuple(draw(st.lists(st.integers(1, 4), min_size=1, max_size=3)))
    items, used_array = [], False
    for size in shape:
        kind = draw(st.sampled_from(["int", "slice", "slice", "full", "array"]))
        if kind == "int":
            items.append(draw(st.integers(-size, size - 1)))
        elif kind == "array" and not used_array:
            used_array = True
            items.append(np.array(draw(st.lists(st.integers(-size, size - 1), min_size=1, max_size=3))))
        elif kind == "slice":
            bound = st.one_of(st.none(), st.integers(-size - 2, size + 2))
            items.append(slice(draw(bound), draw(bound), draw(st.sampled_from([None, 1, 2, -1, -2, 3]))))
        else:
            items.append(slice(None))
    arrays = [i for i, item in enumerate(items) if isinstance(item, np.ndarray)]
    ints = [i for i, item in enumerate(items) if isinstance(item, int)]
    if arrays and ints and sorted(arrays + ints) != list(range(min(arrays + ints), max(arrays + ints) + 1)):
        items = [slice(None) if isinstance(item, int) else item for item in items]  # NumPy would move axes
    for _ in range(draw(st.integers(0, 2))):
        items.insert(draw(st.integers(0, len(items))), None)
    if draw(st.booleans()) and not any(isinstance(item, np.ndarray) for item in items):
        cut = draw(st.integers(0, len(items)))
        items = items[:cut] + [Ellipsis] + [item for item in items[cut:] if item is None]
    return shape, tuple(items)


def _export_and_run(tmp_path, index, x, file_format):
    def take(t):
        return t[index]

    ms.export(take, ms.Tensor(x), file_name=str(tmp_path / "take"), file_format="MINDIR")
    if file_format == "MINDIR":
        return ms.nn.GraphCell(ms.load(str(tmp_path / "take.mindir")))(ms.Tensor(x)).asnumpy()
    ort = pytest.importorskip("onnxruntime")

    class Take(ms.nn.Cell):
        def construct(self, t):
            return t[index]

    ms.onnx.export(Take(), ms.Tensor(x), file_name=str(tmp_path / "take"))
    return ort.InferenceSession(str(tmp_path / "take.onnx")).run(None, {"t": x})[0]


@pytest.mark.parametrize("file_format", ["MINDIR", "ONNX"])
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(case=shapes_and_indices())
def test_generated_indices(tmp_path, file_format, case):
    shape, index = case
    x = np.arange(np.prod(shape), dtype=np.float32).reshape(shape)
    expected = x[index]
    if expected.size == 0:
        return  # nothing to compare, and an empty export is not what this checks
    got = _export_and_run(tmp_path, index, x, file_format)
    np.testing.assert_array_equal(got, expected, err_msg=f"x{shape}[{index}]")
