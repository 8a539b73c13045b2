"""Distances between the surfaces of two segmentations: HausdorffDistance, MeanSurfaceDistance and
RootMeanSquareDistance. The surfaces (a mask minus its erosion) and distance transforms come from SciPy's
ndimage (the optional `metrics` extra), imported when first needed."""
import numpy as np

from minispore.train.metrics.metric import Metric, rearrange_inputs, to_numpy

__all__ = ["HausdorffDistance", "MeanSurfaceDistance", "RootMeanSquareDistance"]

_DISTANCES = ("euclidean", "chessboard", "taxicab")


def _ndimage(api):
    try:
        from scipy import ndimage
    except ImportError:
        raise ImportError(f"'{api}' needs SciPy for its distance transforms: pip install minispore[metrics] "
                          "(or pip install scipy).") from None
    return ndimage


def _surface(mask, ndimage):
    """The voxels of a bool mask that touch its outside (the mask minus its erosion)."""
    return ndimage.binary_erosion(mask) ^ mask


def _distances_to(edges_from, edges_to, metric, ndimage):
    """For every voxel of edges_from, its distance to the nearest voxel of edges_to (inf if there is none)."""
    if not edges_from.any():
        return np.array([])
    if not edges_to.any():
        return np.full(int(edges_from.sum()), np.inf)
    if metric == "euclidean":
        field = ndimage.distance_transform_edt(~edges_to)
    else:
        field = ndimage.distance_transform_cdt(~edges_to, metric=metric)
    return field[edges_from]


def _check_settings(api, distance_metric, flags):
    if not isinstance(distance_metric, str) or distance_metric not in _DISTANCES:
        raise ValueError(f"For '{api}', the argument 'distance_metric' should be one of {list(_DISTANCES)}, but got "
                         f"{distance_metric!r}.")
    for name, value in flags.items():
        if not isinstance(value, bool):
            raise TypeError(f"For '{api}', the argument '{name}' should be bool, but got {type(value).__name__}.")


def _masks(api, inputs):
    """(y_pred, y) as bool masks of the label `inputs[2]`, checked as MindSpore checks them."""
    if len(inputs) != 3:
        raise ValueError(f"For '{api}.update', it needs 3 inputs (predicted value, true value, label index), but got "
                         f"{len(inputs)}.")
    y_pred = to_numpy(inputs[0], f"{api}.update", "y_pred")
    y = to_numpy(inputs[1], f"{api}.update", "y")
    label = inputs[2]
    if isinstance(label, bool) or not isinstance(label, (int, float)):
        raise ValueError(f"For '{api}.update', the label index (input[2]) must be int or float, but got "
                         f"{type(label)}.")
    if label not in y_pred and label not in y:
        raise ValueError(f"For '{api}.update', the label index (input[2]) must be in predicted value (input[0]) or true "
                         f"value (input[1]), but {label} is not.")
    if y_pred.size == 0 or y_pred.shape != y.shape:
        raise ValueError(f"For '{api}.update', the size of predicted value (input[0]) and true value (input[1]) must "
                         f"be greater than 0, in addition to that, predicted value and true value should have the "
                         f"same shape, but got predicted value size: {y_pred.size}, shape: {y_pred.shape}, true value "
                         f"size: {y.size}, shape: {y.shape}.")
    return (y_pred if y_pred.dtype == bool else y_pred == label), (y if y.dtype == bool else y == label)


def _not_updated():
    return RuntimeError("Please call the 'update' method before calling 'eval' method.")


class HausdorffDistance(Metric):
    """The largest (or `percentile`) distance from a surface point of one segmentation to the other's surface;
    both directions unless `directed`. With `crop`, both masks are first cut to their joint bounding box."""

    def __init__(self, distance_metric="euclidean", percentile=None, directed=False, crop=True):
        super().__init__()
        _check_settings("HausdorffDistance", distance_metric, {"directed": directed, "crop": crop})
        if percentile is not None and not isinstance(percentile, float):
            raise TypeError(f"For 'HausdorffDistance', the argument 'percentile' should be float, but got "
                            f"{type(percentile).__name__}.")
        self.distance_metric, self.percentile, self.directed, self.crop = distance_metric, percentile, directed, crop
        self.clear()

    def clear(self):
        """Forget the last segmentations."""
        self.y_pred_edges = 0
        self.y_edges = 0
        self._is_update = False

    @rearrange_inputs
    def update(self, *inputs):
        """Record (y_pred, y, label): two label maps of one shape and the label whose regions are compared."""
        self._is_update = True
        y_pred, y = _masks("HausdorffDistance", inputs)
        ndimage = _ndimage("HausdorffDistance")
        if self.crop:
            either = y_pred | y
            if not either.any():
                self.y_pred_edges, self.y_edges = np.zeros_like(y_pred), np.zeros_like(y)
                return
            box = tuple(slice(int(idx.min()), int(idx.max()) + 1) for idx in np.nonzero(either))
            y_pred, y = y_pred[box], y[box]
        self.y_pred_edges, self.y_edges = _surface(y_pred, ndimage), _surface(y, ndimage)

    def _directed(self, edges_from, edges_to):
        distances = _distances_to(edges_from, edges_to, self.distance_metric, _ndimage("HausdorffDistance"))
        if distances.shape == (0,):
            return np.inf
        if not self.percentile:
            return distances.max()
        if 0 <= self.percentile <= 100:
            return np.percentile(distances, self.percentile)
        raise ValueError(f"For 'HausdorffDistance', the value of the argument 'percentile' must be [0, 100], but got "
                         f"{self.percentile}.")

    def eval(self):
        """The distance (inf when a segmentation has no surface)."""
        if not self._is_update:
            raise _not_updated()
        forward = self._directed(self.y_pred_edges, self.y_edges)
        return forward if self.directed else max(forward, self._directed(self.y_edges, self.y_pred_edges))


class _SurfaceAverage(Metric):
    """Shared by MeanSurfaceDistance and RootMeanSquareDistance: surfaces of the label's regions."""

    def __init__(self, symmetric=False, distance_metric="euclidean"):
        super().__init__()
        _check_settings(type(self).__name__, distance_metric, {"symmetric": symmetric})
        self.symmetric, self.distance_metric = symmetric, distance_metric
        self.clear()

    def clear(self):
        """Forget the last segmentations."""
        self._y_pred_edges = 0
        self._y_edges = 0
        self._is_update = False

    @rearrange_inputs
    def update(self, *inputs):
        """Record (y_pred, y, label): two label maps of one shape and the label whose regions are compared."""
        y_pred, y = _masks(type(self).__name__, inputs)
        ndimage = _ndimage(type(self).__name__)
        self._y_pred_edges, self._y_edges = _surface(y_pred, ndimage), _surface(y, ndimage)
        self._is_update = True

    def _both_ways(self):
        """The surface distances from y_pred to y, and (if symmetric) from y to y_pred; None where empty."""
        if not self._is_update:
            raise _not_updated()
        ndimage = _ndimage(type(self).__name__)
        ways = [(self._y_pred_edges, self._y_edges)] + ([(self._y_edges, self._y_pred_edges)] if self.symmetric else [])
        results = []
        for edges_from, edges_to in ways:
            distances = _distances_to(edges_from, edges_to, self.distance_metric, ndimage)
            results.append(None if distances.shape == (0,) else distances)
        return results


class MeanSurfaceDistance(_SurfaceAverage):
    """The mean distance from y_pred's surface to y's (the mean of both directions if symmetric)."""

    def eval(self):
        """The mean distance (inf when a segmentation has no surface)."""
        ways = self._both_ways()
        if any(distances is None for distances in ways):
            return np.inf
        means = [distances.mean() for distances in ways]
        return means[0] if len(means) == 1 else np.mean(means)


class RootMeanSquareDistance(_SurfaceAverage):
    """The mean squared surface distance; if symmetric, the root of the mean of both directions' values."""

    def eval(self):
        """The distance (inf when a segmentation has no surface)."""
        ways = self._both_ways()
        if any(distances is None for distances in ways):
            return np.inf
        squares = [(distances ** 2).mean() for distances in ways]
        return squares[0] if len(squares) == 1 else np.sqrt(np.mean(squares))
