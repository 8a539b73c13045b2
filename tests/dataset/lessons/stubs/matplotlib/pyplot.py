"""The pyplot calls the lessons make, checked (imshow wants a 2-D or RGB image) and recorded, not drawn."""
import numpy as np

calls = []


class _Figure:
    def add_subplot(self, *args):
        calls.append(("add_subplot", args))


def figure(figsize=None):
    calls.append(("figure", figsize))
    return _Figure()


def subplots_adjust(**kwargs):
    calls.append(("subplots_adjust", kwargs))


def title(label):
    calls.append(("title", label))


def axis(option):
    calls.append(("axis", option))


def imshow(image, cmap=None):
    image = np.asarray(image)
    if image.ndim not in (2, 3) or image.dtype.kind not in "uif":
        raise TypeError(f"imshow: invalid image of shape {image.shape} and dtype {image.dtype}")
    calls.append(("imshow", image.shape))


def show():
    calls.append(("show",))
    print(f"[plot: {sum(1 for call in calls if call[0] == 'imshow')} image(s)]")
