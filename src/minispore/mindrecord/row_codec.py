"""A MindRecord row's raw fields as MessagePack (the msgpack package), encoded as MindSpore's C++
(nlohmann::json) encodes them: map keys sorted, and a float that a float32 holds exactly written as
float32, any other as float64 (msgpack itself writes every float of a packer at one width)."""
import functools
import math

import numpy as np

try:
    import msgpack
except ImportError:  # the `mindrecord` extra; FileWriter and FileReader say so when they need it
    msgpack = None

__all__ = ["pack", "unpack"]

def _require_msgpack():
    if msgpack is None:
        raise ImportError("MindRecord files need the msgpack package: pip install 'minispore[mindrecord]' (or "
                          "pip install msgpack).")


@functools.lru_cache(maxsize=None)
def _packer_pair():
    """The (float64, float32) packers, made on first use."""
    _require_msgpack()
    return msgpack.Packer(use_single_float=False), msgpack.Packer(use_single_float=True)


_FLOAT32_MAX = float(np.finfo(np.float32).max)


def _is_single(value):
    if not math.isfinite(value):
        return True  # nan and the infinities are float32s too
    return abs(value) <= _FLOAT32_MAX and float(np.float32(value)) == value


def _pack(value, parts, double, single):
    if isinstance(value, (float, np.floating)):
        value = float(value)
        parts.append((single if _is_single(value) else double).pack(value))
    elif isinstance(value, dict):
        parts.append(double.pack_map_header(len(value)))
        for key in sorted(value):
            _pack(key, parts, double, single)
            _pack(value[key], parts, double, single)
    elif isinstance(value, (list, tuple)):
        parts.append(double.pack_array_header(len(value)))
        for item in value:
            _pack(item, parts, double, single)
    elif isinstance(value, (bool, int, np.integer, str, bytes, bytearray)) or value is None:
        parts.append(double.pack(int(value) if isinstance(value, np.integer) else value))
    else:
        raise TypeError(f"MindRecord: cannot store a value of type {type(value).__name__} in a raw field.")


def pack(value):
    """`value` (dict, list, str, int, float, bool, None, bytes) as MessagePack bytes."""
    parts = []
    _pack(value, parts, *_packer_pair())
    return b"".join(parts)


def unpack(data):
    """The value MessagePack `data` holds (one value, all bytes used)."""
    _require_msgpack()
    try:
        return msgpack.unpackb(data, raw=False, strict_map_key=False)
    except (ValueError, msgpack.UnpackException) as error:
        reason = str(error) or type(error).__name__
        raise ValueError(f"MindRecord: a row's raw fields are not valid MessagePack ({reason}); the file is damaged "
                         "or not MindRecord.") from None
