"""The allocator policy: freed array memory is reused, not faulted back in every step."""
import os
import platform
import resource
import subprocess
import sys

import numpy as np
import pytest

import minispore  # noqa: F401  (importing minispore applies the policy)
from minispore._backend.allocator import tune_allocator

GLIBC = sys.platform.startswith("linux") and platform.libc_ver()[0] == "glibc"


@pytest.mark.skipif(not GLIBC, reason="the policy applies to glibc only")
def test_reallocating_a_freed_block_does_not_fault_it_back_in():
    # 3 MiB is above glibc's default mmap threshold (128 KiB): untuned, every round maps fresh
    # zero-filled pages (~770 faults a round).
    np.ones(3 << 18, np.float32)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
    for _ in range(20):
        np.ones(3 << 18, np.float32)
    assert resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before < 200


@pytest.mark.skipif(not GLIBC, reason="the policy applies to glibc only")
def test_the_environment_variable_turns_it_off():
    code = "from minispore._backend.allocator import tune_allocator; print(tune_allocator())"
    env = dict(os.environ, MINISPORE_MALLOC_TUNING="0")
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
    assert tune_allocator() is True
