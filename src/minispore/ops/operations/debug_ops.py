"""Summary Primitive classes (ScalarSummary, ImageSummary, TensorSummary, HistogramSummary): inside a network
they hand a named value to the SummaryRecord that records the next step."""
from minispore.common.tensor import Tensor
from minispore.ops.primitive import Primitive

__all__ = ["ScalarSummary", "ImageSummary", "TensorSummary", "HistogramSummary", "pop_summary_values"]

# {(plugin, name): Tensor} since the last record, in this process.
_PENDING = {}


def pop_summary_values():
    """The values the summary ops received since the last call, as {(plugin, name): Tensor} (then cleared)."""
    values = dict(_PENDING)
    _PENDING.clear()
    return values


class _Summary(Primitive):
    _plugin = None

    def __call__(self, name, value):
        if not isinstance(name, str) or not name:
            raise TypeError(f"For '{type(self).__name__}', the 'name' must be a non-empty str, but got {name!r}.")
        if not isinstance(value, Tensor):
            raise TypeError(f"For '{type(self).__name__}', the 'value' must be a Tensor, but got "
                            f"{type(value).__name__}.")
        self._check(value)
        _PENDING[(self._plugin, name)] = value

    def _check(self, value):
        """Validate the value for this kind of summary."""


class ScalarSummary(_Summary):
    """Record a scalar (a Tensor of one element) under `name`."""

    _plugin = "scalar"

    def _check(self, value):
        if value.size != 1:
            raise ValueError(f"For 'ScalarSummary', the 'value' must have one element, but got shape {value.shape}.")


class ImageSummary(_Summary):
    """Record a batch of images (N, C, H, W) under `name`."""

    _plugin = "image"

    def _check(self, value):
        if value.ndim != 4:
            raise ValueError(f"For 'ImageSummary', the 'value' must be 4-d (N, C, H, W), but got shape {value.shape}.")


class TensorSummary(_Summary):
    """Record a Tensor under `name`."""

    _plugin = "tensor"


class HistogramSummary(_Summary):
    """Record the histogram of a Tensor's values under `name`."""

    _plugin = "histogram"
