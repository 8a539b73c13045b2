"""MindSpore 2.10's MindIR schema (`mind_ir.proto`, proto2, package `mind_ir`) as protobuf classes.

The messages are built at runtime from a FileDescriptorProto in a private pool, as the `.ckpt` format
is (train/_checkpoint_format.py), so no generated code is shipped and no protoc is needed. The table
below lists every message, field and enum of MindSpore 2.10's schema; tests/train/test_mindir_schema.py
checks it against the descriptor MindSpore itself ships (tests/golden/mindir/schema.json).
"""
__all__ = ["mind_ir", "SCHEMA_MESSAGES", "SCHEMA_ENUMS"]

_O, _R, _Q = "optional", "repeated", "required"

# enum name -> [(value name, number)]
SCHEMA_ENUMS = {
    "Version": [("IR_VERSION_START", 0), ("IR_VERSION", 1), ("IR_VERSION_WITH_PRIM_FUNCTION", 2),
                ("IR_VERSION_WITH_SCALAR_GRAPH_HOLDER", 3)],
    "AttributeProto.AttributeType": [(name, number) for number, name in enumerate(
        "UNDEFINED FLOAT UINT8 INT8 UINT16 INT16 INT32 INT64 STRING BOOL FLOAT16 DOUBLE UINT32 UINT64 COMPLEX64 "
        "COMPLEX128 BFLOAT16 TENSOR GRAPH TENSORS TUPLE LIST DICT UMONAD IOMONAD NONE PRIMITIVECLOSURE "
        "FUNCGRAPHCLOSURE PARTIALCLOSURE UNIONFUNCCLOSURE CSR_TENSOR COO_TENSOR ROW_TENSOR CLASS_TYPE NAME_SPACE "
        "SYMBOL TYPE_NULL MAP_TENSOR FUNCTOR SCALAR SCALAR_GRAPH_HOLDER".split())],
    "FunctorProto.FunctorType": [("SHAPE_CALC_FUNCTOR", 1), ("ANY_FUNCTOR", 2)],
    "TensorProto.DataType": [(name, number) for number, name in enumerate(
        "UNDEFINED FLOAT UINT8 INT8 UINT16 INT16 INT32 INT64 STRING BOOL FLOAT16 DOUBLE UINT32 UINT64 COMPLEX64 "
        "COMPLEX128 BFLOAT16 FLOAT64 QINT4X2".split())],
    "TensorProto.CompressionType": [(name, number) for number, name in enumerate(
        "NO_COMPRESSION INDEXING SPARSE FSE BIT_PACKING FSE_INT FSE_INFER".split())],
    "PrimitiveProto.PrimType": [("PRIMITIVE", 1), ("PRIMITIVE_FUNCTION", 2)],
}

# message name (nested with dots) -> [(field, number, label, type)], type a scalar type or a message/enum name
SCHEMA_MESSAGES = {
    "AttributeProto": [
        ("name", 1, _O, "string"), ("f", 2, _O, "float"), ("i", 3, _O, "int64"), ("d", 4, _O, "double"),
        ("s", 5, _O, "bytes"), ("t", 6, _O, "TensorProto"), ("g", 7, _O, "GraphProto"),
        ("floats", 8, _R, "float"), ("doubles", 9, _R, "double"), ("ints", 10, _R, "int64"),
        ("strings", 11, _R, "bytes"), ("tensors", 12, _R, "TensorProto"), ("graphs", 13, _R, "GraphProto"),
        ("doc_string", 14, _O, "string"), ("ref_attr_name", 15, _O, "string"),
        ("type", 16, _O, "AttributeProto.AttributeType"), ("values", 17, _R, "AttributeProto"),
        ("seq_info", 18, _O, "AttributeProto.SeqInfoProto"), ("functor", 19, _O, "FunctorProto"),
        ("graph_holder", 20, _O, "ScalarGraphHolderProto")],
    "AttributeProto.SeqInfoProto": [("is_dyn_len", 1, _O, "bool"), ("tuple_elem_item", 2, _O, "AttributeProto")],
    "FunctorProto": [("type", 1, _O, "FunctorProto.FunctorType"), ("name", 2, _O, "string"),
                     ("values", 3, _R, "AttributeProto")],
    "ValueInfoProto": [("name", 1, _O, "string"), ("tensor", 2, _R, "TensorProto"), ("doc_string", 3, _O, "string"),
                       ("denotation", 4, _O, "string"), ("attr_info", 5, _O, "AttributeProto")],
    "NodeProto": [("input", 1, _R, "string"), ("output", 2, _R, "string"), ("name", 3, _O, "string"),
                  ("op_type", 4, _O, "string"), ("attribute", 5, _R, "AttributeProto"),
                  ("doc_string", 6, _O, "string"), ("domain", 7, _O, "string"),
                  ("node_attr", 8, _R, "AttributeProto"), ("primal_attr", 9, _R, "AttributeProto")],
    "ModelProto": [
        ("ir_version", 1, _O, "string"), ("producer_name", 2, _O, "string"), ("producer_version", 3, _O, "string"),
        ("domain", 4, _O, "string"), ("model_version", 5, _O, "string"), ("doc_string", 6, _O, "string"),
        ("graph", 7, _O, "GraphProto"), ("functions", 8, _R, "GraphProto"),
        ("preprocessor", 9, _O, "PreprocessorProto"), ("little_endian", 10, _O, "bool"),
        ("parallel", 11, _O, "ParallelProto"), ("primitives", 12, _R, "PrimitiveProto"),
        ("mind_ir_version", 13, _O, "int64"), ("user_info", 14, _R, "ModelProto.UserInfoEntry")],
    "ModelProto.UserInfoEntry": [("key", 1, _O, "string"), ("value", 2, _O, "string")],  # map<string, string>
    "PreprocessorProto": [("op", 1, _R, "PreprocessOpProto")],
    "PreprocessOpProto": [("input_columns", 1, _O, "string"), ("output_columns", 2, _O, "string"),
                          ("project_columns", 3, _O, "string"), ("op_type", 4, _O, "string"),
                          ("operations", 5, _O, "string"), ("offload", 6, _O, "bool")],
    "GraphProto": [("node", 1, _R, "NodeProto"), ("name", 2, _O, "string"), ("parameter", 3, _R, "TensorProto"),
                   ("doc_string", 4, _O, "string"), ("input", 5, _R, "ValueInfoProto"),
                   ("output", 6, _R, "ValueInfoProto"), ("bprop_hash", 7, _O, "string"),
                   ("attribute", 8, _R, "AttributeProto"), ("bprop_filepath", 9, _O, "string"),
                   ("map_parameter", 10, _R, "MapTensorProto")],
    "TensorProto": [
        ("dims", 1, _R, "int64"), ("data_type", 2, _O, "int32"), ("float_data", 3, _R, "float"),
        ("int32_data", 4, _R, "int32"), ("string_data", 5, _R, "bytes"), ("int64_data", 6, _R, "int64"),
        ("name", 7, _O, "string"), ("doc_string", 8, _O, "string"), ("raw_data", 9, _O, "bytes"),
        ("double_data", 10, _R, "double"), ("uint64_data", 11, _R, "uint64"),
        ("external_data", 12, _O, "TensorProto.ExternalDataProto"), ("ref_key", 13, _O, "string"),
        ("min_dims", 14, _R, "int64"), ("max_dims", 15, _R, "int64"),
        ("compression_type", 16, _O, "TensorProto.CompressionType"),
        ("quant_params", 17, _R, "TensorProto.QuantParamProto")],
    "TensorProto.ExternalDataProto": [("location", 1, _O, "string"), ("offset", 2, _O, "int64"),
                                      ("length", 3, _O, "int64")],
    "TensorProto.QuantParamProto": [("quant_algo_name", 1, _Q, "string"), ("attribute", 2, _R, "AttributeProto")],
    "MapTensorProto": [("name", 1, _Q, "string"), ("default_value", 2, _Q, "AttributeProto"),
                       ("key_tensor", 3, _Q, "TensorProto"), ("value_tensor", 4, _Q, "TensorProto"),
                       ("status_tensor", 5, _Q, "TensorProto")],
    "ParallelProto": [("layout", 1, _R, "LayoutProto")],
    "LayoutProto": [
        ("name", 1, _O, "string"), ("device_arrangement_int", 2, _R, "int64"), ("tensor_map_int", 3, _R, "int64"),
        ("slice_shape_int", 4, _R, "int64"), ("field_size", 5, _O, "int64"), ("uniform_split", 6, _O, "bool"),
        ("opt_shard_group", 7, _O, "string"), ("pipeline_shared", 8, _O, "bool"), ("is_send", 9, _O, "bool"),
        ("peer_rank", 10, _O, "int64"), ("sr_tag", 11, _O, "int64"),
        ("opt_shard_slice_shape_int", 12, _R, "int64")],
    "PrimitiveProto": [("name", 1, _O, "string"), ("op_type", 2, _O, "string"),
                       ("attribute", 3, _R, "AttributeProto"), ("instance_name", 4, _O, "string"),
                       ("prim_type", 5, _O, "PrimitiveProto.PrimType")],
    "ScalarNodeProto": [("scalar_op_type", 1, _O, "int64"), ("in_index", 2, _R, "int64"), ("value", 3, _R, "int64")],
    "ScalarGraphHolderProto": [("scalar_node", 1, _R, "ScalarNodeProto"), ("input_shape_index", 2, _R, "uint64")],
}

_MAP_ENTRIES = {"ModelProto.UserInfoEntry"}


class _Namespace:
    """The top-level message classes and enums of the schema, as attributes (`mind_ir.ModelProto`)."""


_classes = None


def _build(descriptor_pb2):
    field_type = descriptor_pb2.FieldDescriptorProto
    scalar = {"string": field_type.TYPE_STRING, "bytes": field_type.TYPE_BYTES, "bool": field_type.TYPE_BOOL,
              "float": field_type.TYPE_FLOAT, "double": field_type.TYPE_DOUBLE, "int32": field_type.TYPE_INT32,
              "int64": field_type.TYPE_INT64, "uint64": field_type.TYPE_UINT64}
    label = {_O: field_type.LABEL_OPTIONAL, _R: field_type.LABEL_REPEATED, _Q: field_type.LABEL_REQUIRED}
    proto = descriptor_pb2.FileDescriptorProto(name="mind_ir.proto", package="mind_ir")
    messages = {}
    for name in SCHEMA_MESSAGES:  # parents come before their nested messages in the table
        outer, _, inner = name.rpartition(".")
        messages[name] = (messages[outer].nested_type if outer else proto.message_type).add(name=inner)
        if name in _MAP_ENTRIES:
            messages[name].options.map_entry = True
    for name, values in SCHEMA_ENUMS.items():
        outer, _, inner = name.rpartition(".")
        enum = (messages[outer].enum_type if outer else proto.enum_type).add(name=inner)
        for value_name, number in values:
            enum.value.add(name=value_name, number=number)
    for name, fields in SCHEMA_MESSAGES.items():
        for field_name, number, field_label, kind in fields:
            field = messages[name].field.add(name=field_name, number=number, label=label[field_label])
            if kind in scalar:
                field.type = scalar[kind]
            else:
                field.type = field_type.TYPE_ENUM if kind in SCHEMA_ENUMS else field_type.TYPE_MESSAGE
                field.type_name = ".mind_ir." + kind
    return proto


def mind_ir():
    """The schema's classes (`mind_ir().ModelProto`, ...), built once; needs the protobuf package."""
    global _classes
    if _classes is None:
        try:
            from google.protobuf import descriptor_pb2, descriptor_pool, message_factory
        except ImportError as error:
            raise ImportError("MindIR files (export/load with file_format='MINDIR') need the protobuf package: "
                              "pip install minispore[ckpt]") from error
        pool = descriptor_pool.DescriptorPool()  # private: cannot clash with MindSpore's own mind_ir module
        pool.Add(_build(descriptor_pb2))
        namespace = _Namespace()
        for name in SCHEMA_MESSAGES:
            if "." not in name:
                setattr(namespace, name, message_factory.GetMessageClass(pool.FindMessageTypeByName("mind_ir." + name)))
        _classes = namespace
    return _classes
