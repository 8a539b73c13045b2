"""`mindspore.jit`: accepted for compatibility; functions run eagerly with identical results."""
import functools

__all__ = ["jit"]


def jit(function=None, *, capture_mode="ast", jit_level="O0", dynamic=0, fullgraph=False, backend="",
        **options):
    """Decorator (with or without arguments) returning the function unchanged in behaviour."""
    def decorate(fn):
        @functools.wraps(fn)
        def run(*args, **kwargs):
            return fn(*args, **kwargs)
        return run
    return decorate(function) if function is not None else decorate
