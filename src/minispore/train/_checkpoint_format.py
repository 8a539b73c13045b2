"""MindSpore's `.ckpt` byte format: one protobuf `Checkpoint` message plus an optional CRC trailer.

The message classes are built at runtime from a FileDescriptorProto (spec §9.2; the same schema
as checkpoint.proto beside this file), so no generated code is needed. Decoding never unpickles:
each entry is raw little-endian bytes read with `numpy.frombuffer`.
"""
import math
import zlib

import numpy as np

from minispore.common import dtype as mstype

CRC_MARKER = b"crc_num"
CRC_WIDTH = 10  # the CRC-32 is written as a 10-byte big-endian integer after the marker
STRING_TYPE = "str"

# tensor_type name in the file -> minispore dtype (bfloat16's NumPy type needs ml_dtypes).
TYPE_BY_NAME = {t._name: t for t in (
    mstype.float16, mstype.float32, mstype.float64, mstype.bfloat16, mstype.int8, mstype.int16,
    mstype.int32, mstype.int64, mstype.uint8, mstype.uint16, mstype.uint32, mstype.uint64,
    mstype.bool_, mstype.complex64, mstype.complex128)}

_checkpoint_class = None


def _protobuf_modules():
    try:
        from google.protobuf import descriptor_pb2, descriptor_pool, message_factory
    except ImportError as error:
        raise ImportError("minispore checkpoints (format='ckpt') need the protobuf package: "
                          "pip install minispore[ckpt]") from error
    return descriptor_pb2, descriptor_pool, message_factory


def _file_descriptor(descriptor_pb2):
    """checkpoint.proto as a FileDescriptorProto: proto2, no package, three messages."""
    field = descriptor_pb2.FieldDescriptorProto
    proto = descriptor_pb2.FileDescriptorProto(name="checkpoint.proto", syntax="proto2")

    def add(message, name, number, label, kind, type_name=None):
        new_field = message.field.add(name=name, number=number, label=label, type=kind)
        if type_name:
            new_field.type_name = type_name

    checkpoint = proto.message_type.add(name="Checkpoint")
    value = checkpoint.nested_type.add(name="Value")
    add(value, "tag", 1, field.LABEL_REQUIRED, field.TYPE_STRING)
    add(value, "tensor", 2, field.LABEL_OPTIONAL, field.TYPE_MESSAGE, ".TensorProto")
    add(value, "maptensor", 3, field.LABEL_OPTIONAL, field.TYPE_MESSAGE, ".MapTensorProto")
    add(checkpoint, "value", 1, field.LABEL_REPEATED, field.TYPE_MESSAGE, ".Checkpoint.Value")
    tensor = proto.message_type.add(name="TensorProto")
    add(tensor, "dims", 1, field.LABEL_REPEATED, field.TYPE_INT64)
    add(tensor, "tensor_type", 2, field.LABEL_REQUIRED, field.TYPE_STRING)
    add(tensor, "tensor_content", 3, field.LABEL_REQUIRED, field.TYPE_BYTES)
    map_tensor = proto.message_type.add(name="MapTensorProto")
    add(map_tensor, "tensor", 1, field.LABEL_REPEATED, field.TYPE_MESSAGE, ".TensorProto")
    return proto


def checkpoint_class():
    """The `Checkpoint` message class, built once in a private descriptor pool."""
    global _checkpoint_class
    if _checkpoint_class is None:
        descriptor_pb2, descriptor_pool, message_factory = _protobuf_modules()
        pool = descriptor_pool.DescriptorPool()  # private: cannot clash with another checkpoint.proto
        pool.Add(_file_descriptor(descriptor_pb2))
        _checkpoint_class = message_factory.GetMessageClass(pool.FindMessageTypeByName("Checkpoint"))
    return _checkpoint_class


def _type_name(array):
    dtype = mstype.NP_TO_MS.get(array.dtype)
    if dtype is None or dtype._name not in TYPE_BY_NAME:
        raise TypeError(f"For 'save_checkpoint', the data type {array.dtype} cannot be saved.")
    return dtype._name


def encode(entries, crc_check=False):
    """Bytes of a checkpoint holding [(tag, ndarray or str)], in order; empty arrays are omitted."""
    message = checkpoint_class()()
    for tag, data in entries:
        if isinstance(data, str):
            value = message.value.add(tag=tag)
            value.tensor.dims.append(0)
            value.tensor.tensor_type = STRING_TYPE
            value.tensor.tensor_content = np.array(data).tobytes()  # UTF-32, as NumPy stores str
            continue
        if data.size == 0:
            continue
        value = message.value.add(tag=tag)
        value.tensor.dims.extend(data.shape)
        value.tensor.tensor_type = _type_name(data)
        value.tensor.tensor_content = np.ascontiguousarray(data).astype(data.dtype.newbyteorder("<"),
                                                                         copy=False).tobytes()
    body = message.SerializeToString()
    if crc_check:
        body += CRC_MARKER + zlib.crc32(body).to_bytes(CRC_WIDTH, "big")
    return body


def split_crc(data):
    """(message bytes, stored CRC or None): the trailer is `crc_num` + a 10-byte big-endian CRC-32."""
    start = len(data) - len(CRC_MARKER) - CRC_WIDTH
    if start >= 0 and data[start:start + len(CRC_MARKER)] == CRC_MARKER:
        return data[:start], int.from_bytes(data[start + len(CRC_MARKER):], "big")
    return data, None


def _corrupted(file_name, why):
    return ValueError(f"Failed to read the checkpoint file {file_name}. The file may be corrupted, and "
                      f"the content cannot be parsed ({why}).")


def decode(data, file_name, crc_check=False):
    """[(tag, ndarray or str)] of a checkpoint's bytes; any damage raises ValueError naming the file."""
    if not data:
        raise ValueError(f"Failed to read the checkpoint file {file_name}: the file is empty.")
    body, stored_crc = split_crc(data)
    if crc_check:
        if stored_crc is None:
            raise ValueError(f"For 'load_checkpoint', crc_check=True but the checkpoint file {file_name} "
                             "has no CRC (it was saved with crc_check=False).")
        if zlib.crc32(body) != stored_crc:
            raise ValueError(f"For 'load_checkpoint', the CRC check of the checkpoint file {file_name} "
                             "failed: the file was changed or damaged after it was written.")
    message = checkpoint_class()()
    try:
        message.ParseFromString(body)
    except Exception as error:  # protobuf's DecodeError, or a missing required field
        raise _corrupted(file_name, str(error) or type(error).__name__) from None
    if not message.value:
        raise _corrupted(file_name, "no checkpoint entries")
    try:
        return [(value.tag, _entry_data(value, file_name)) for value in message.value]
    except UnicodeDecodeError as error:  # a tag or a string entry that is not valid text
        raise _corrupted(file_name, f"text that does not decode ({error.reason})") from None


def _entry_data(value, file_name):
    if not value.tag or not value.HasField("tensor"):
        raise _corrupted(file_name, f"entry {value.tag!r} holds no tensor")
    tensor = value.tensor
    content = tensor.tensor_content
    if tensor.tensor_type == STRING_TYPE:
        return content.decode("utf-32-le", errors="strict").rstrip("\x00")
    dtype = TYPE_BY_NAME.get(tensor.tensor_type)
    if dtype is None:
        raise _corrupted(file_name, f"entry {value.tag!r} has the unknown data type {tensor.tensor_type!r}")
    if dtype._np is None:
        raise ImportError(f"For 'load_checkpoint', entry {value.tag!r} of {file_name} is BFloat16, which "
                          "needs the ml_dtypes package: pip install ml_dtypes")
    # MindSpore writes a 0-d scalar either without dims or with dims [0] (strings); both mean shape ().
    shape = tuple(tensor.dims) if list(tensor.dims) != [0] else ()
    if any(d < 0 for d in shape):
        raise _corrupted(file_name, f"entry {value.tag!r} has a negative dimension in {shape}")
    expected = math.prod(shape) * dtype._np.itemsize  # Python ints: dims like [2**32, 2**32] cannot overflow
    if len(content) != expected:
        raise _corrupted(file_name, f"entry {value.tag!r} of shape {shape} and type {tensor.tensor_type} "
                                    f"needs {expected} bytes but holds {len(content)}")
    return np.frombuffer(content, dtype=dtype._np.newbyteorder("<")).astype(dtype._np).reshape(shape)
