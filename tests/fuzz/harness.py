"""Run one generated call and say what it did: a correct result, a minispore error, or a failure.

A call's outcome is one of
- `correct`: it returned, and the result equals the reference (NumPy, golden MindSpore, finite
  differences) where the case has one;
- `unchecked`: it returned and the case has no reference for it (robustness-only cases);
- `error`: it raised a minispore error: TypeError/ValueError/IndexError (RuntimeError and KeyError
  where MindSpore raises those; MemoryError for a size the machine cannot hold) of Python's own
  class, raised by minispore's code, whose message names the op (or Python's own signature error
  naming the function);
- `leaked`: any other exception (AttributeError, ZeroDivisionError, KeyError, a NumPy exception
  class or a NumPy message without the op's name, a MemoryError ...);
- `hang`: it ran past the time limit (interrupted, or finished too late);
- `wrong`: it returned where the inputs are invalid (a silent reinterpretation), or its result
  differs from the reference;
- `refused`: it raised a minispore error for a valid call that has a reference result.

Every call goes into the `TALLY`; `report()` prints the counts.
"""
import collections
import os
import re
import resource
import signal
import time
import traceback

import numpy as np

import minispore

__all__ = ["Case", "Outcome", "TALLY", "FAILURES", "run_case", "report", "MUST_RAISE", "ANY"]

_PACKAGE_DIR = os.path.dirname(minispore.__file__)
KINDS = ("correct", "unchecked", "error", "leaked", "hang", "wrong", "refused")
TALLY = collections.Counter()
FAILURES = []
TIME_LIMIT = float(os.environ.get("MINISPORE_FUZZ_TIME_LIMIT", "2.0"))
# Address space a single call may add (calls that would allocate more fail with MemoryError).
MEMORY_LIMIT = int(os.environ.get("MINISPORE_FUZZ_MEMORY_MB", "1024")) << 20
MUST_RAISE = "must raise"
ANY = "any"
_ERROR_TYPES = (TypeError, ValueError, IndexError, MemoryError, RuntimeError, KeyError)
_SIGNATURE_ERROR = re.compile(r"^([\w.<>]+)\(\) (?:got an unexpected keyword|got multiple values|missing \d+ "
                              r"required|takes (?:from )?\d+|takes no)")


class Hang(BaseException):
    """Raised in the call by the timer (a BaseException so that no `except Exception` swallows it)."""


class Case:
    """One generated call.

    `call`: a function of no arguments that makes the minispore call. `names`: the names an error
    message may use for the op (any one suffices). `expect`: `MUST_RAISE` (invalid inputs), `ANY`
    (no reference) or a function of no arguments giving the reference result; `check(result,
    reference)` raises AssertionError when they differ (default: `assert_same`). `allow`: extra
    exception types counted as minispore errors. `label`: how the call reads, for failure reports.
    """

    __slots__ = ("op", "label", "call", "names", "expect", "check", "allow")

    def __init__(self, op, label, call, names=(), expect=ANY, check=None, allow=()):
        self.op, self.label, self.call, self.expect = op, label, call, expect
        self.names = tuple(names) or (op,)
        self.check = check or assert_same
        self.allow = tuple(allow)


class Outcome:
    __slots__ = ("kind", "detail", "seconds")

    def __init__(self, kind, detail="", seconds=0.0):
        self.kind, self.detail, self.seconds = kind, detail, seconds

    @property
    def ok(self):
        return self.kind in ("correct", "unchecked", "error")


def _normalise(text):
    return re.sub(r"[^a-z0-9]", "", text.lower())


def _raised_by_minispore(error):
    """Whether the innermost frame of the traceback is minispore's code (not NumPy's, not the test's)."""
    frames = traceback.extract_tb(error.__traceback__)
    return bool(frames) and frames[-1].filename.startswith(_PACKAGE_DIR)


def classify_error(error, names, allow=()):
    """'error' for a minispore error naming one of `names`, else 'leaked' (with the reason)."""
    kind = type(error)
    if kind.__module__ != "builtins" or not issubclass(kind, _ERROR_TYPES + tuple(allow)):
        return "leaked", f"{kind.__module__}.{kind.__name__}: {error}"
    message = str(error)
    signature = _SIGNATURE_ERROR.match(message)
    if signature and kind is TypeError:
        parts = {_normalise(part) for part in signature.group(1).split(".") if part != "__init__"}
        if "<lambda>" in signature.group(1) or not parts & set(map(_normalise, names)):
            return "leaked", f"signature error not naming the op: {message}"
        return "error", message
    if not _raised_by_minispore(error):
        return "leaked", f"raised outside minispore: {kind.__name__}: {message}"
    text = _normalise(message)
    if not any(_normalise(name) in text for name in names):
        return "leaked", f"message does not name {names}: {kind.__name__}: {message}"
    return "error", message


def _on_alarm(signum, frame):
    raise Hang()


def _timed(fn):
    """Run fn() under the time and memory limits: ('returned', value) or ('raised', error), seconds."""
    previous = signal.signal(signal.SIGALRM, _on_alarm)
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = _address_space() + MEMORY_LIMIT
    if hard == resource.RLIM_INFINITY or limit < hard:
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    start = time.perf_counter()
    signal.setitimer(signal.ITIMER_REAL, TIME_LIMIT)
    try:
        try:
            result = ("returned", fn())
        except Hang:
            result = ("hang", None)
        except Exception as error:  # noqa: BLE001 - classifying every exception is the point
            result = ("raised", error)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))
        signal.signal(signal.SIGALRM, previous)
    return result, time.perf_counter() - start


def _address_space():
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[0]) * resource.getpagesize()


def run_case(case):
    """Run a Case, record its Outcome in TALLY (and FAILURES) and return it."""
    (how, value), seconds = _timed(case.call)
    if how == "hang" or seconds > TIME_LIMIT:
        outcome = Outcome("hang", f"ran {seconds:.1f} s (limit {TIME_LIMIT} s)", seconds)
    elif how == "raised":
        kind, detail = classify_error(value, case.names, case.allow)
        if kind == "error" and callable(case.expect) and case.expect is not ANY:
            kind, detail = _refused_or_agreed(case, value)
        outcome = Outcome(kind, detail, seconds)
    elif case.expect == MUST_RAISE:
        outcome = Outcome("wrong", f"returned {_brief(value)} for invalid inputs", seconds)
    elif case.expect == ANY:
        outcome = Outcome("unchecked", "", seconds)
    else:
        outcome = _compare(case, value, seconds)
    TALLY[outcome.kind] += 1
    TALLY["calls"] += 1
    if not outcome.ok:
        FAILURES.append((case.op, case.label, outcome.kind, outcome.detail))
    return outcome


class ReferenceRaises(Exception):
    """A reference function raises this when the reference itself has no result (MindSpore raises)."""


def _refused_or_agreed(case, error):
    """A valid-looking call raised: fine if the reference raises too, else a refusal."""
    try:
        case.expect()
    except ReferenceRaises:
        return "error", str(error)
    return "refused", f"{type(error).__name__}: {error}"


def _compare(case, value, seconds):
    try:
        reference = case.expect()
    except ReferenceRaises as reason:
        return Outcome("wrong", f"returned {_brief(value)} where the reference raises ({reason})", seconds)
    try:
        case.check(value, reference)
    except AssertionError as error:
        return Outcome("wrong", str(error)[:500], seconds)
    return Outcome("correct", "", seconds)


def _brief(value):
    if isinstance(value, (tuple, list)):
        return "(" + ", ".join(_brief(v) for v in value) + ")"
    if isinstance(value, minispore.Tensor):
        return f"Tensor(shape={value.shape}, dtype={value.dtype})"
    return repr(value)[:80]


def _as_host(value):
    if isinstance(value, minispore.Tensor):
        return value.asnumpy()
    return value


def assert_same(result, reference, rtol=None, atol=None):
    """Equal structure; Tensors equal to the reference arrays in shape, dtype and value (NaN equal)."""
    if isinstance(reference, tuple):
        assert isinstance(result, tuple) and len(result) == len(reference), \
            f"expected a tuple of {len(reference)}, got {_brief(result)}"
        for r, ref in zip(result, reference):
            assert_same(r, ref, rtol, atol)
        return
    if isinstance(reference, np.ndarray):
        assert isinstance(result, minispore.Tensor), f"expected a Tensor, got {_brief(result)}"
        got = result.asnumpy()
        assert got.shape == reference.shape, f"shape {got.shape}, expected {reference.shape}"
        assert got.dtype == reference.dtype, f"dtype {got.dtype}, expected {reference.dtype}"
        if got.dtype.kind in "fc":
            tol = {2: 2e-3, 4: 2e-5, 8: 1e-9, 16: 2e-5}.get(got.dtype.itemsize, 1e-5)
            np.testing.assert_allclose(got, reference, rtol=rtol or tol, atol=atol or tol, equal_nan=True)
        else:
            np.testing.assert_array_equal(got, reference)
        return
    assert _as_host(result) == reference or (result != result and reference != reference), \
        f"got {_brief(result)}, expected {reference!r}"


def reset():
    TALLY.clear()
    FAILURES.clear()


def report(title="fuzz"):
    """The counts as one line (and the first failures), for the test log and the issue note."""
    counts = ", ".join(f"{kind} {TALLY[kind]}" for kind in KINDS)
    lines = [f"{title}: calls {TALLY['calls']}: {counts}"]
    seen = set()
    for op, label, kind, detail in FAILURES:
        key = (op, kind, detail[:60])
        if key in seen:
            continue
        seen.add(key)
        lines.append(f"  {kind:8} {label[:110]}\n           {detail[:300]}")
    return "\n".join(lines)
