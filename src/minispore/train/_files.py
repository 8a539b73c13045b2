"""Writing files the way every minispore file format does: atomically, left read-only as MindSpore leaves them.

A process killed mid-write leaves its temporary file behind (a rename never happened); the next write into that
folder removes the temporary files of writers that no longer run."""
import os
import re
import tempfile

__all__ = ["write_atomically"]

_READ_ONLY = 0o400  # MindSpore leaves finished checkpoint and model files readable by their owner only
# ".<file name>.<writer pid>.<8 random characters from mkstemp>.tmp"
_TEMP_NAME = re.compile(r"^\.(?P<name>.+)\.(?P<pid>\d+)\.[A-Za-z0-9_]{8}\.tmp$")


def _process_gone(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except OSError:  # it exists, owned by someone else
        return False
    return False


def _remove_abandoned_temp_files(directory):
    """Delete the temporary files of writes whose process died before renaming them (a killed run)."""
    for name in os.listdir(directory):
        match = _TEMP_NAME.match(name)
        if match and int(match["pid"]) != os.getpid() and _process_gone(int(match["pid"])):
            try:
                os.remove(os.path.join(directory, name))
            except OSError:  # another process cleaned it first, or it is not ours to remove
                pass


def write_atomically(path, data):
    """Write to a temporary file in the same folder, then rename it over `path` in one step."""
    directory = os.path.dirname(os.path.abspath(path))
    os.makedirs(directory, exist_ok=True)
    _remove_abandoned_temp_files(directory)
    handle, temp_path = tempfile.mkstemp(dir=directory, prefix=f".{os.path.basename(path)}.{os.getpid()}.",
                                         suffix=".tmp")
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
