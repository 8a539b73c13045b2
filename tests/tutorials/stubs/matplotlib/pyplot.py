"""The pyplot calls the tutorials make, recorded and not drawn; images are checked (2-D, one channel, RGB or RGBA)."""
import numpy as np

calls = []


class _Recorder:
    """A figure, an axes or an artist: every method call is recorded and returns another recorder."""

    def __init__(self, name):
        self._name = name

    def __getattr__(self, attribute):
        return _function(f"{self._name}.{attribute}")

    def __iter__(self):
        return iter([_Recorder(self._name), _Recorder(self._name)])

    def __getitem__(self, key):
        return _Recorder(f"{self._name}[]")


def _function(name):
    def record(*args, **kwargs):
        if name.endswith("imshow"):
            _check_image(args[0])
        calls.append(name)
        return _Recorder(name)
    return record


def _check_image(image):
    image = np.asarray(image)
    if image.ndim not in (2, 3) or image.dtype.kind not in "uifb" or (image.ndim == 3 and image.shape[-1] not in (1, 3, 4)):
        raise TypeError(f"imshow: invalid image of shape {image.shape} and dtype {image.dtype}")


def subplots(nrows=1, ncols=1, squeeze=True, **kwargs):
    calls.append("subplots")
    axes = np.empty((nrows, ncols), dtype=object)
    for index in np.ndindex(axes.shape):
        axes[index] = _Recorder("axes")
    if squeeze:
        axes = axes.squeeze() if nrows * ncols > 1 else axes[0, 0]
    return _Recorder("figure"), axes


def show(*args, **kwargs):
    calls.append("show")
    print(f"[plot: {sum(1 for call in calls if call.endswith('imshow'))} image(s)]")


def __getattr__(name):
    return _function(name)
