"""The checkpoint protobuf schema exactly as the spec (§9.2) writes it, built at run time.

Used by gen_ckpt.py to parse MindSpore's files independently of MindSpore and to write a
checkpoint by hand. Deliberately written from the spec text, not from MindSpore's checkpoint_pb2
(which additionally wraps `tensor`/`maptensor` in a oneof named `value`).
"""
from google.protobuf import descriptor_pb2, descriptor_pool, message_factory

F = descriptor_pb2.FieldDescriptorProto


def _field(message, name, number, label, kind, type_name=None):
    field = message.field.add(name=name, number=number, label=label, type=kind)
    if type_name:
        field.type_name = type_name


def spec_file_descriptor():
    """FileDescriptorProto for checkpoint.proto (proto2, no package) per spec §9.2."""
    file_proto = descriptor_pb2.FileDescriptorProto(name="checkpoint.proto", syntax="proto2")
    checkpoint = file_proto.message_type.add(name="Checkpoint")
    value = checkpoint.nested_type.add(name="Value")
    _field(value, "tag", 1, F.LABEL_REQUIRED, F.TYPE_STRING)
    _field(value, "tensor", 2, F.LABEL_OPTIONAL, F.TYPE_MESSAGE, ".TensorProto")
    _field(value, "maptensor", 3, F.LABEL_OPTIONAL, F.TYPE_MESSAGE, ".MapTensorProto")
    _field(checkpoint, "value", 1, F.LABEL_REPEATED, F.TYPE_MESSAGE, ".Checkpoint.Value")
    tensor = file_proto.message_type.add(name="TensorProto")
    _field(tensor, "dims", 1, F.LABEL_REPEATED, F.TYPE_INT64)
    _field(tensor, "tensor_type", 2, F.LABEL_REQUIRED, F.TYPE_STRING)
    _field(tensor, "tensor_content", 3, F.LABEL_REQUIRED, F.TYPE_BYTES)
    map_tensor = file_proto.message_type.add(name="MapTensorProto")
    _field(map_tensor, "tensor", 1, F.LABEL_REPEATED, F.TYPE_MESSAGE, ".TensorProto")
    return file_proto


def spec_checkpoint_class():
    """The Checkpoint message class, in a private pool so it cannot clash with MindSpore's."""
    pool = descriptor_pool.DescriptorPool()
    pool.Add(spec_file_descriptor())
    return message_factory.GetMessageClass(pool.FindMessageTypeByName("Checkpoint"))


def parse_entries(data):
    """[(tag, tensor_type, dims, content bytes)] of a serialized checkpoint (no CRC trailer)."""
    message = spec_checkpoint_class()()
    message.ParseFromString(data)
    return [(v.tag, v.tensor.tensor_type, list(v.tensor.dims), v.tensor.tensor_content) for v in message.value]


def build_checkpoint(entries):
    """Serialize [(tag, tensor_type, dims, content bytes)] as one Checkpoint message."""
    message = spec_checkpoint_class()()
    for tag, tensor_type, dims, content in entries:
        value = message.value.add(tag=tag)
        value.tensor.tensor_type = tensor_type
        value.tensor.dims.extend(dims)
        value.tensor.tensor_content = content
    return message.SerializeToString()
