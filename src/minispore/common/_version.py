"""Versions: how a reverse pass can tell that a Tensor was written in place after it was used.

Every in-place write takes the next number of one counter and stamps it on the Tensor it wrote
(`Tensor._version`, unset until the first write). A recorded node keeps the counter's value, so "was
this input overwritten after the node saw it" is one comparison.
"""
import threading

__all__ = ["bump_version", "current_epoch", "replace_data", "on_replace"]

_epoch = 0
_lock = threading.Lock()
# Called as listener(tensor, old_array, version) when replace_data rebinds a Tensor's array.
_listeners = []


def bump_version(tensor):
    """Mark `tensor` as written in place now; returns its new version."""
    global _epoch
    with _lock:
        _epoch += 1
        tensor._version = _epoch
    return _epoch


def current_epoch():
    """The number of the latest in-place write (0 before any)."""
    return _epoch


def replace_data(tensor, array):
    """Give `tensor` a new array (`Parameter.set_data`): a write, of which the listeners are told."""
    old = tensor._data
    tensor._data = array
    version = bump_version(tensor)
    for listener in _listeners:
        listener(tensor, old, version)


def on_replace(listener):
    """Call `listener(tensor, old_array, version)` after every `replace_data`."""
    _listeners.append(listener)
