"""`jit_syntax_level` and `mindspore.STRICT` / `COMPATIBLE` / `LAX` as MindSpore 2.10 has them."""
import pytest

import minispore as ms


def test_levels_and_default():
    assert (ms.STRICT, ms.COMPATIBLE, ms.LAX) == (0, 1, 2)
    assert ms.get_context("jit_syntax_level") == ms.LAX
    try:
        ms.set_context(jit_syntax_level=ms.STRICT)
        assert ms.get_context("jit_syntax_level") == ms.STRICT
    finally:
        ms.set_context(jit_syntax_level=ms.LAX)


def test_bad_levels_are_refused():
    with pytest.raises(ValueError, match="context.STRICT or context.LAX, but got 5"):
        ms.set_context(jit_syntax_level=5)
    with pytest.raises(TypeError, match="must be <class 'int'>"):
        ms.set_context(jit_syntax_level="STRICT")
    assert ms.get_context("jit_syntax_level") == ms.LAX
