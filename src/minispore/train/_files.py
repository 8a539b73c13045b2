"""Writing files the way every minispore file format does: atomically, left read-only as MindSpore leaves them."""
import os
import tempfile

__all__ = ["write_atomically"]

_READ_ONLY = 0o400  # MindSpore leaves finished checkpoint and model files readable by their owner only


def write_atomically(path, data):
    """Write to a temporary file in the same folder, then rename it over `path` in one step."""
    directory = os.path.dirname(os.path.abspath(path))
    os.makedirs(directory, exist_ok=True)
    handle, temp_path = tempfile.mkstemp(dir=directory, prefix="." + os.path.basename(path), suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temp_path, _READ_ONLY)
        os.replace(temp_path, path)
    except BaseException:
        if os.path.exists(temp_path):
            os.remove(temp_path)
        raise
