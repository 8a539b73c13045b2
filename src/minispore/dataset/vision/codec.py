"""Image decoding with Pillow (the `vision` extra), as MindSpore's Decode: RGB, HWC, uint8."""
import io

import numpy as np

__all__ = ["pillow", "decode", "is_pil"]


def pillow():
    """The PIL.Image module, or an ImportError naming the extra that brings it."""
    try:
        from PIL import Image
    except ImportError:
        raise ImportError("Decoding and PIL image transforms need Pillow: pip install 'minispore[vision]' "
                          "(or pip install pillow).") from None
    return Image


def is_pil(image):
    """Whether `image` is a PIL image (without importing Pillow when it is not)."""
    return type(image).__module__.startswith("PIL.") and hasattr(image, "getbands")


def _bytes_of(data, op):
    array = getattr(data, "_data", data)
    if isinstance(array, (bytes, bytearray, memoryview)):
        return bytes(array)
    array = np.asarray(array)
    if array.dtype.kind == "S" and array.size == 1:  # MindDataset's bytes fields
        return array.reshape(-1)[0]
    if array.dtype != np.uint8 or array.ndim != 1:
        raise TypeError(f"{op}: the input must be the encoded image as a 1-D uint8 array (or bytes), but got "
                        f"dtype {array.dtype} and shape {array.shape}. Was the image decoded already?")
    return array.tobytes()


def open_image(data, op="Decode"):
    """The encoded image `data` opened as a PIL image (loaded, so errors surface here)."""
    image_module = pillow()
    raw = _bytes_of(data, op)
    if not raw:
        raise RuntimeError(f"{op}: the image is empty (0 bytes).")
    try:
        image = image_module.open(io.BytesIO(raw))
        image.load()
    except Exception as error:
        raise RuntimeError(f"{op}: cannot decode the image ({len(raw)} bytes starting {raw[:8].hex()}): it is "
                           f"damaged or not in a supported format (JPEG, PNG, BMP, TIFF, GIF, WebP): {error}") from None
    return image


def decode(data, op="Decode"):
    """Encoded image bytes -> HWC uint8 RGB array (grayscale and RGBA images become 3-channel RGB)."""
    image = open_image(data, op)
    if image.mode != "RGB":
        image = image.convert("RGB")
    return np.asarray(image)
