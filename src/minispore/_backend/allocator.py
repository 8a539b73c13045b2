"""Keep freed array memory in the process for reuse, as the allocators of deep-learning frameworks do.

glibc hands large freed blocks back to the kernel (munmap, or trimming the top of the heap) and
faults them in again, zero-filled, on the next allocation. A training step frees and reallocates
the same few megabytes of activations and gradients every iteration, so without this a LeNet-5
step on a 2-core VM spent a third of its time in page faults (1,380 faults and 4.3 ms of 13 ms of
system time per step). Fixed thresholds keep that memory mapped instead; the cost is that a process
keeps up to TRIM_THRESHOLD of freed memory resident after its peak.

Linux with glibc only; elsewhere, or with MINISPORE_MALLOC_TUNING=0 in the environment, nothing
changes.
"""
import ctypes
import os
import sys

__all__ = ["tune_allocator", "MMAP_THRESHOLD", "TRIM_THRESHOLD"]

# glibc's mallopt parameters (malloc.h).
_M_TRIM_THRESHOLD = -1
_M_MMAP_THRESHOLD = -3
# Blocks up to this size come from the heap, not their own mapping (32 MiB is glibc's maximum).
MMAP_THRESHOLD = 32 << 20
# Freed memory at the top of the heap is returned to the kernel only above this much.
TRIM_THRESHOLD = 512 << 20


def tune_allocator():
    """Set glibc's mmap and trim thresholds; returns whether they were set."""
    if not sys.platform.startswith("linux") or os.environ.get("MINISPORE_MALLOC_TUNING", "1") == "0":
        return False
    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):
        return False
    mallopt.argtypes = (ctypes.c_int, ctypes.c_int)
    mallopt.restype = ctypes.c_int
    # Both are set: setting either one alone turns off glibc's dynamic adjustment of the other.
    return bool(mallopt(_M_MMAP_THRESHOLD, MMAP_THRESHOLD)) and bool(mallopt(_M_TRIM_THRESHOLD, TRIM_THRESHOLD))
