"""OcclusionSensitivity: how much a classifier's score for the label drops when each region of the image is
covered, one image at a time."""
import numpy as np

from minispore.common.tensor import Tensor
from minispore.train.metrics.metric import Metric, rearrange_inputs, to_numpy

__all__ = ["OcclusionSensitivity"]


def _bounding_box(b_box, image_shape):
    """(lower, upper) corners of the box to scan (inclusive), or (None, None) for the whole image."""
    if b_box is None:
        return None, None
    if len(b_box) != 2 * len(image_shape):
        raise ValueError(f"For 'OcclusionSensitivity', the bounding box must contain upper and lower for all dimensions "
                         f"(except batch number), and the length of 'b_box' must be twice as long as predicted "
                         f"value's (except batch number), but got 'b_box' length {len(b_box)}, predicted value length "
                         f"(except batch number) {len(image_shape)}.")
    lower, upper = np.array(b_box[::2]), np.array(b_box[1::2])
    lower[lower < 0] = 0
    upper[upper < 0] = image_shape[upper < 0] - 1
    if (upper >= image_shape).any():
        raise ValueError("For 'OcclusionSensitivity', maximum bounding box must be smaller than image size for all "
                         "values.")
    if (lower > upper).any():
        raise ValueError("For 'OcclusionSensitivity', minimum bounding box must be smaller than maximum bounding box "
                         "for all values.")
    return lower, upper


class OcclusionSensitivity(Metric):
    """The map of baseline score minus the score with a (2·margin)-wide patch around each position set to
    pad_val, for one image (1, ...) and its label; the model runs on n_batch occluded images at a time."""

    def __init__(self, pad_val=0.0, margin=2, n_batch=128, b_box=None):
        super().__init__()
        for name, value, kinds in (("pad_val", pad_val, (float,)), ("margin", margin, (int, list)),
                                   ("n_batch", n_batch, (int,))):
            if isinstance(value, bool) or not isinstance(value, kinds):
                raise TypeError(f"For 'OcclusionSensitivity', the argument '{name}' should be "
                                f"{' or '.join(k.__name__ for k in kinds)}, but got {type(value).__name__}.")
        if b_box is not None and not isinstance(b_box, list):
            raise TypeError(f"For 'OcclusionSensitivity', the argument 'b_box' should be list, but got "
                            f"{type(b_box).__name__}.")
        self.pad_val, self.margin, self.n_batch, self.b_box = pad_val, margin, n_batch, b_box
        self.clear()

    def clear(self):
        """Forget the last map."""
        self._baseline = 0
        self._sensitivity_im = 0
        self._is_update = False

    @rearrange_inputs
    def update(self, *inputs):
        """Compute the map for (model, image (1, ...), label)."""
        from minispore.nn.cell import Cell
        if len(inputs) != 3:
            raise ValueError(f"For 'OcclusionSensitivity.update', it needs 3 inputs (classification model, predicted "
                             f"value, label), but got {len(inputs)}.")
        model = inputs[0]
        if not isinstance(model, Cell):
            raise TypeError(f"For 'OcclusionSensitivity', the argument 'model' should be Cell, but got "
                            f"{type(model).__name__}.")
        image = to_numpy(inputs[1], "OcclusionSensitivity.update", "y_pred")
        if image.shape[0] > 1:
            raise RuntimeError(f"For 'OcclusionSensitivity.update', the shape at index 0 of the predicted value "
                               f"(input[1]) must be 1, but got {image.shape[0]}.")
        label = inputs[2]
        label = np.array([[label]], dtype=int) if isinstance(label, int) else \
            to_numpy(label, "OcclusionSensitivity.update", "label")
        if np.prod(label.shape) != image.shape[0]:
            raise RuntimeError(f"For 'OcclusionSensitivity.update', the number of the label (input[2]) must be same as "
                               f"the batches, but got the label number {np.prod(label.shape)}, and batches "
                               f"{image.shape[0]}.")
        label = int(label.reshape(-1)[0])
        image_shape = np.array(image.shape[1:])
        lower, upper = _bounding_box(self.b_box, image_shape)
        self._baseline = model(Tensor(image)).asnumpy()[0, label].item()
        out_shape = tuple(image_shape if lower is None else upper - lower + 1)
        scores, batch = [], []
        count = int(np.prod(out_shape))
        margins = self.margin if isinstance(self.margin, list) else [self.margin] * len(image_shape)
        for i in range(count):
            center = np.array(np.unravel_index(i, out_shape)) + (0 if lower is None else lower)
            box = tuple(slice(max(0, c - m), min(n, c + m)) for c, m, n in zip(center, margins, image_shape))
            occluded = image.copy()
            occluded[(Ellipsis,) + box] = self.pad_val
            batch.append(occluded)
            if len(batch) == self.n_batch or i == count - 1:
                scores.append(model(Tensor(np.concatenate(batch))).asnumpy()[:, label])
                batch = []
        self._sensitivity_im = np.concatenate(scores).reshape(out_shape)
        self._is_update = True

    def eval(self):
        """baseline - occluded score, per position (squeezed)."""
        if not self._is_update:
            raise RuntimeError("Please call the 'update' method before calling 'eval' method.")
        return self._baseline - np.squeeze(self._sensitivity_im)
