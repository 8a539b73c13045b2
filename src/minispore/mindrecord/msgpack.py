"""The MessagePack subset MindRecord rows use, encoded as MindSpore's C++ (nlohmann::json) encodes it.

Maps have sorted keys; integers take the smallest encoding; a float that a float32 holds exactly
is written as float32, any other as float64.
"""
import struct

import numpy as np

__all__ = ["pack", "unpack"]


def _pack_int(value, out):
    if value >= 0:
        if value < 128:
            out.append(value)
        elif value <= 0xFF:
            out += b"\xcc" + struct.pack(">B", value)
        elif value <= 0xFFFF:
            out += b"\xcd" + struct.pack(">H", value)
        elif value <= 0xFFFFFFFF:
            out += b"\xce" + struct.pack(">I", value)
        else:
            out += b"\xcf" + struct.pack(">Q", value)
    elif value >= -32:
        out += struct.pack(">b", value)
    elif value >= -128:
        out += b"\xd0" + struct.pack(">b", value)
    elif value >= -32768:
        out += b"\xd1" + struct.pack(">h", value)
    elif value >= -2**31:
        out += b"\xd2" + struct.pack(">i", value)
    else:
        out += b"\xd3" + struct.pack(">q", value)


def _pack_length(length, small_tag, small_limit, tags, out):
    if length < small_limit:
        out.append(small_tag | length)
    elif length <= 0xFFFF:
        out += bytes([tags[0]]) + struct.pack(">H", length)
    else:
        out += bytes([tags[1]]) + struct.pack(">I", length)


def _pack(value, out):
    if value is None:
        out.append(0xC0)
    elif value is True or value is False:
        out.append(0xC3 if value else 0xC2)
    elif isinstance(value, (int, np.integer)):
        _pack_int(int(value), out)
    elif isinstance(value, (float, np.floating)):
        value = float(value)
        single = np.float32(value)
        if np.isfinite(single) and float(single) == value or np.isnan(value) or np.isinf(value):
            out += b"\xca" + struct.pack(">f", value)
        else:
            out += b"\xcb" + struct.pack(">d", value)
    elif isinstance(value, str):
        data = value.encode("utf-8")
        if len(data) < 32:
            out.append(0xA0 | len(data))
        elif len(data) <= 0xFF:
            out += b"\xd9" + struct.pack(">B", len(data))
        elif len(data) <= 0xFFFF:
            out += b"\xda" + struct.pack(">H", len(data))
        else:
            out += b"\xdb" + struct.pack(">I", len(data))
        out += data
    elif isinstance(value, (bytes, bytearray)):
        length = len(value)
        if length <= 0xFF:
            out += b"\xc4" + struct.pack(">B", length)
        elif length <= 0xFFFF:
            out += b"\xc5" + struct.pack(">H", length)
        else:
            out += b"\xc6" + struct.pack(">I", length)
        out += bytes(value)
    elif isinstance(value, dict):
        _pack_length(len(value), 0x80, 16, (0xDE, 0xDF), out)
        for key in sorted(value):
            _pack(key, out)
            _pack(value[key], out)
    elif isinstance(value, (list, tuple)):
        _pack_length(len(value), 0x90, 16, (0xDC, 0xDD), out)
        for item in value:
            _pack(item, out)
    else:
        raise TypeError(f"MindRecord: cannot store a value of type {type(value).__name__} in a raw field.")


def pack(value):
    """`value` (dict, list, str, int, float, bool, None, bytes) as MessagePack bytes."""
    out = bytearray()
    _pack(value, out)
    return bytes(out)


_FIXED = {0xCC: ">B", 0xCD: ">H", 0xCE: ">I", 0xCF: ">Q", 0xD0: ">b", 0xD1: ">h", 0xD2: ">i", 0xD3: ">q",
          0xCA: ">f", 0xCB: ">d"}


def _unpack(data, pos):
    tag = data[pos]
    pos += 1
    if tag < 0x80:
        return tag, pos
    if tag >= 0xE0:
        return tag - 256, pos
    if 0xA0 <= tag <= 0xBF:
        length = tag & 0x1F
        return data[pos:pos + length].decode("utf-8"), pos + length
    if 0x80 <= tag <= 0x8F:
        return _unpack_map(data, pos, tag & 0x0F)
    if 0x90 <= tag <= 0x9F:
        return _unpack_array(data, pos, tag & 0x0F)
    if tag in _FIXED:
        fmt = _FIXED[tag]
        size = struct.calcsize(fmt)
        return struct.unpack(fmt, data[pos:pos + size])[0], pos + size
    if tag == 0xC0:
        return None, pos
    if tag in (0xC2, 0xC3):
        return tag == 0xC3, pos
    if tag in (0xD9, 0xDA, 0xDB, 0xC4, 0xC5, 0xC6):
        size = {0xD9: 1, 0xDA: 2, 0xDB: 4, 0xC4: 1, 0xC5: 2, 0xC6: 4}[tag]
        length = int.from_bytes(data[pos:pos + size], "big")
        pos += size
        chunk = bytes(data[pos:pos + length])
        return (chunk.decode("utf-8") if tag >= 0xD9 else chunk), pos + length
    if tag in (0xDC, 0xDD):
        size = 2 if tag == 0xDC else 4
        return _unpack_array(data, pos + size, int.from_bytes(data[pos:pos + size], "big"))
    if tag in (0xDE, 0xDF):
        size = 2 if tag == 0xDE else 4
        return _unpack_map(data, pos + size, int.from_bytes(data[pos:pos + size], "big"))
    raise ValueError(f"MindRecord: unsupported MessagePack tag 0x{tag:02x}; the file is damaged or not MindRecord.")


def _unpack_map(data, pos, count):
    result = {}
    for _ in range(count):
        key, pos = _unpack(data, pos)
        result[key], pos = _unpack(data, pos)
    return result, pos


def _unpack_array(data, pos, count):
    result = []
    for _ in range(count):
        item, pos = _unpack(data, pos)
        result.append(item)
    return result, pos


def unpack(data):
    """The value MessagePack `data` holds (one value, all bytes used)."""
    value, pos = _unpack(bytes(data), 0)
    if pos != len(data):
        raise ValueError(f"MindRecord: {len(data) - pos} stray byte(s) after a row; the file is damaged.")
    return value
