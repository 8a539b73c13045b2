"""`format='safetensors'` checkpoints through the `safetensors` package (optional extra)."""
import numpy as np

from minispore.common import dtype as mstype

# safetensors dtype code -> minispore dtype; MindSpore writes these (metadata {"format": "ms"}).
_TYPE_BY_CODE = {
    "F16": mstype.float16, "F32": mstype.float32, "F64": mstype.float64, "BF16": mstype.bfloat16,
    "I8": mstype.int8, "I16": mstype.int16, "I32": mstype.int32, "I64": mstype.int64,
    "U8": mstype.uint8, "U16": mstype.uint16, "U32": mstype.uint32, "U64": mstype.uint64,
    "BOOL": mstype.bool_, "C64": mstype.complex64,
}


def _safetensors():
    try:
        import safetensors
        import safetensors.numpy
    except ImportError as error:
        raise ImportError("format='safetensors' needs the safetensors package: "
                          "pip install minispore[safetensors]") from error
    return safetensors


def encode(entries):
    """safetensors bytes of [(name, ndarray)] (strings are not representable and are refused)."""
    safetensors = _safetensors()
    arrays = {}
    for name, data in entries:
        if isinstance(data, str):
            raise TypeError(f"For 'save_checkpoint', format='safetensors' cannot store the string entry {name!r}.")
        arrays[name] = np.ascontiguousarray(data)
    return safetensors.numpy.save(arrays, metadata={"format": "ms"})


def decode(data, file_name):
    """[(name, ndarray)] in the file's (sorted) order; a damaged file raises ValueError naming it."""
    safetensors = _safetensors()
    try:
        items = safetensors.deserialize(data)
    except Exception as error:  # SafetensorError for a bad header or sizes
        raise ValueError(f"Failed to read the safetensors file {file_name}. The file may be corrupted, and "
                         f"the content cannot be parsed ({error}).") from None
    out = []
    for name, info in sorted(items, key=lambda item: item[0]):  # MindSpore returns them by name
        dtype = _TYPE_BY_CODE.get(info["dtype"])
        if dtype is None or dtype._np is None:
            raise ValueError(f"For 'load_checkpoint', entry {name!r} of {file_name} has the data type "
                             f"{info['dtype']}, which minispore cannot read"
                             + (" without the ml_dtypes package" if dtype is not None else "") + ".")
        array = np.frombuffer(bytes(info["data"]), dtype=dtype._np.newbyteorder("<"))
        out.append((name, array.astype(dtype._np).reshape(info["shape"])))
    return out
