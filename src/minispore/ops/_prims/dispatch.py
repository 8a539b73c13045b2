"""The one door every primitive call passes through, and the interpreters stacked at it.

`defprim(name, kernel, rule, n_out)` registers a primitive and returns its op. Calling the op is the
door. With no interpreter open in the calling thread (the common case) the op runs its kernel on the
inputs' arrays and wraps the result: that is the whole eager path. Transformations — autodiff
recording, jit tracing, vmap batching, autocast — are interpreters: objects with a `process(prim,
inputs, attrs)` method, pushed on a per-thread stack with `interpreting(...)`. The innermost one
receives each call; whatever ops it calls from `process` (the primitive itself, to run it, or others)
go to the interpreter below it, and below the last one they run eagerly.

A primitive declares:
- `kernel(xp, *arrays, **attrs)`: raw arrays in, array (or tuple of arrays) out; `xp` is the array
  module the inputs live in, so kernels import no array library.
- `rule(*inputs, out, dout, **attrs)`: one gradient per input (None where there is none), written
  with minispore ops so that it is differentiable itself; `rule=None` declares no gradient.
- `n_out`: 1 for one output; any other value for a tuple of outputs (0: of varying length).
- `inplace=True`: the kernel writes into its first input's array; the op returns that Tensor, whose
  version is bumped so that a reverse pass can tell its old value was overwritten.
- optionally, with `defbatch(op, rule)`: its batching rule for vmap (see `_autodiff/vmap.py`).

Inputs are Tensors or Python scalars; attrs are static keyword arguments.
"""
import dis
import threading

from minispore._backend import BackendError, backend_of, default_backend, on_backend_loaded
from minispore.common._version import bump_version, on_replace
from minispore.common.tensor import Tensor, on_read

__all__ = ["PRIMS", "Primitive", "defprim", "defbatch", "Interpreter", "interpreting", "interpreted",
           "needs_grad", "thread_state", "wrap_output"]

PRIMS = {}

_KERNEL_ERRORS = (ValueError, TypeError, IndexError, ArithmeticError, MemoryError)
_new = object.__new__


class Primitive:
    """A registry entry: name, kernel, backward rule, number of outputs, whether it writes in place.

    `reads` says which of the rule's tensors (the inputs, then `out`) its body reads the values of —
    found once from its code — so the reverse pass checks only those for overwrites and a tape keeps
    only those arrays; None means all, () none.
    `batch` is its batching rule for vmap (None: vmap loops over the batch for it).
    `makes_output`: its output is a new Tensor of its own (not a write, not a user bprop's record), which a
    reverse pass may let go of once the node has run.
    """

    __slots__ = ("name", "kernel", "rule", "n_out", "inplace", "_reads", "op", "batch", "makes_output")

    def __init__(self, name, kernel, rule, n_out=1, inplace=False):
        self.name, self.kernel, self.rule, self.n_out, self.inplace = name, kernel, rule, n_out, inplace
        self.makes_output = not inplace and kernel is not None
        self._reads = _UNREAD
        self.op = None
        self.batch = None

    @property
    def reads(self):
        # Read from the rule's code on first use (a tape recording large arrays, or a reverse pass after an
        # in-place write): the bytecode walk would cost every import ~8 ms for some 400 primitives.
        if self._reads is _UNREAD:
            self._reads = _rule_reads(self.rule) if self.rule is not None else ()
        return self._reads

    def __repr__(self):
        return f"Primitive({self.name})"


_LOADS = ("LOAD_FAST", "LOAD_DEREF", "LOAD_CLOSURE")
_UNREAD = object()
# What a rule may take from a tensor without its values: a hollow stand-in (same shape and dtype, no
# data) or an overwritten Tensor serves these as well as the real value.
_METADATA = frozenset({"shape", "dtype", "ndim", "size"})
_CALLS = ("PRECALL", "CALL")


def _rule_reads(rule):
    """Which positional parameters before `dout` a rule's body reads the values of (tuple of bools), or None for all.

    A parameter used only for its shape, dtype, ndim or size (of the Tensor or its `_data`), or only passed to
    `needs_grad`, is not read.
    An `out` that the rule only unpacks gets a tuple: which of its elements are read.
    A rule whose values cannot be known (`*args`) may declare `rule.reads_no_values = True`: it reads none.
    """
    code = getattr(rule, "__code__", None)
    if getattr(rule, "reads_no_values", False):
        return ()
    if code is None or code.co_flags & 0x04:  # not plain Python, or takes *args: assume it reads all
        return None
    params = code.co_varnames[:code.co_argcount]
    loaded = set(code.co_cellvars)
    instructions = list(dis.get_instructions(code))
    for position, instruction in enumerate(instructions):
        if instruction.opname.startswith(_LOADS):
            value = instruction.argval
            if isinstance(value, tuple):
                # Python 3.13's LOAD_FAST_LOAD_FAST pushes two locals: only the second, on top, can be
                # the object of an attribute that follows.
                loaded.update(value[:-1])
                if not _metadata_only(instructions, position, fused=True):
                    loaded.add(value[-1])
            elif not _metadata_only(instructions, position):
                loaded.add(value)
    reads = [name in loaded for name in params[:-1]]
    if reads and reads[-1] and params[-2] not in code.co_cellvars:
        reads[-1] = _elements_read(instructions, params[-2], loaded) or True
    return tuple(reads)


def _elements_read(instructions, name, loaded):
    """For an `out` only ever unpacked (`_, mean, var = out`): which of its elements are read, else None."""
    elements = None
    for position, instruction in enumerate(instructions):
        if not instruction.opname.startswith(_LOADS):
            continue
        value = instruction.argval
        if value != name:
            if isinstance(value, tuple) and name in value:
                return None  # loaded beside another local (Python 3.13's LOAD_FAST_LOAD_FAST): used whole
            continue
        unpack = instructions[position + 1] if position + 1 < len(instructions) else None
        if unpack is None or unpack.opname != "UNPACK_SEQUENCE":
            return None
        stored = []  # the names the elements go to, first element first
        for store in instructions[position + 2:]:
            if len(stored) >= unpack.arg:
                break
            if store.opname == "STORE_FAST":
                stored.append(store.argval)
            elif store.opname == "STORE_FAST_STORE_FAST":  # Python 3.13: two stores in one
                stored.extend(store.argval)
            else:
                return None
        if len(stored) != unpack.arg:
            return None
        found = [each in loaded for each in stored]
        if elements is not None and len(elements) != len(found):
            return None
        elements = found if elements is None else [a or b for a, b in zip(elements, found)]
    return tuple(elements) if elements is not None else None


def _metadata_only(instructions, position, fused=False):
    """Whether the load at `position` feeds only `.shape`-like attributes or a `needs_grad(x)` call
    (`fused`: the top one of a two-local load, which no one-argument call takes alone)."""
    following = instructions[position + 1] if position + 1 < len(instructions) else None
    if following is not None and following.opname == "LOAD_ATTR":
        if following.argval == "_data" and position + 2 < len(instructions):  # x._data.dtype
            following = instructions[position + 2]
        if following.opname == "LOAD_ATTR" and following.argval in _METADATA:
            return True
    if fused:
        return False
    before = instructions[position - 1] if position else None
    return (before is not None and before.argval == "needs_grad" and following is not None
            and following.opname in _CALLS and following.arg == 1)


# --- per-thread interpreter state -----------------------------------------------------------------
class ThreadState:
    """What the door keeps per thread; reached in one thread-local lookup as `_local.state`."""

    __slots__ = ("stack", "top", "observers", "backward", "tapes", "cell_watchers")

    def __init__(self):
        self.stack = []      # the open interpreters, innermost last
        self.top = -1        # index of the interpreter that receives the next call; -1: run eagerly
        # observers[level]: the interpreters at 0..level when all of them only observe, else None
        self.observers = []
        self.backward = []   # the tracked sets of the reverse passes running in this thread
        self.tapes = []      # the open gradient tapes (kept by _autodiff.tape, for Cell marks)
        # interpreters that decide how a Cell call runs (jit's tracer: `cell_call(cell, args, kwargs)`)
        self.cell_watchers = []

    def push(self, interpreter):
        """Open `interpreter` innermost; returns what `pop` needs to restore."""
        below = self.observers[-1] if self.observers else ()
        self.observers.append(below + (interpreter,) if below is not None and interpreter.observes_only
                              else None)
        self.stack.append(interpreter)
        saved_top, self.top = self.top, len(self.stack) - 1
        _open.add(self)
        return saved_top

    def pop(self, interpreter, saved_top):
        """Close `interpreter` (normally the innermost one)."""
        if self.stack[-1] is interpreter:
            self.stack.pop()
            self.observers.pop()
        else:
            self.stack.remove(interpreter)
            self.observers = []
            for each in self.stack:
                below = self.observers[-1] if self.observers else ()
                self.observers.append(below + (each,) if below is not None and each.observes_only else None)
        self.top = saved_top
        if not self.stack:
            _open.discard(self)


class _Local(threading.local):
    def __init__(self):
        self.state = ThreadState()


_local = _Local()
# The ThreadStates that have interpreters open, in all threads: while it is empty, the door does not
# even look at the thread's own state. Set operations are atomic, so no lock is needed.
_open = set()


def thread_state():
    """This thread's ThreadState."""
    return _local.state


class Interpreter:
    """A transformation at the door. `process` receives each primitive call made while it is innermost.

    An interpreter with `observes_only` (autodiff's tape) does not change calls, it only watches them
    run: `observe(prim, inputs, out, attrs)` is called after each one that is not in place. While
    only such interpreters are open, calls skip `process` and run eagerly, then are observed.
    """

    __slots__ = ()
    observes_only = False

    def process(self, prim, inputs, attrs):
        raise NotImplementedError

    def observe(self, prim, inputs, out, attrs):
        raise NotImplementedError

    def replaced(self, tensor, old_array, version):
        """`tensor`'s data was rebound outside the door (`set_data`); `old_array` was its value."""

    def read(self, tensor, how):
        """`tensor`'s values are about to be read into Python (`float(t)`, `t.asnumpy()`, printing).

        `how` is "scalar", "array" or ("item", *index) (see `common.tensor.on_read`). A tracer makes
        what it records depend on the value; a batching interpreter cannot give one value for a batch.
        """


class interpreting:
    """Context manager: primitive calls in the block go to `interpreter` first (this thread only)."""

    __slots__ = ("interpreter", "_saved_top")

    def __init__(self, interpreter):
        self.interpreter = interpreter

    def __enter__(self):
        self._saved_top = _local.state.push(self.interpreter)
        return self.interpreter

    def __exit__(self, *exc):
        _local.state.pop(self.interpreter, self._saved_top)


def interpreted():
    """The interpreters open in this thread, innermost last (empty in plain eager code)."""
    return tuple(_local.state.stack) if _open else ()


def _interpret(state, prim, inputs, attrs):
    """Hand a call to the interpreter at the top; what it calls goes to the one below."""
    level = state.top
    state.top = level - 1
    try:
        return state.stack[level].process(prim, inputs, attrs)
    finally:
        state.top = level


def needs_grad(x):
    """Inside a backward rule: whether the running reverse pass wants a gradient for input `x`.

    Rules may skip work for inputs that need none (labels, masks); returning None is always safe.
    """
    backward = _local.state.backward
    return id(x) in backward[-1] if backward else True


def _tell_interpreters(tensor, old_array, version):
    if _open:
        for interpreter in _local.state.stack:
            interpreter.replaced(tensor, old_array, version)


on_replace(_tell_interpreters)


def _tell_reads(tensor, how):
    if _open:
        for interpreter in reversed(_local.state.stack):
            interpreter.read(tensor, how)


on_read(_tell_reads)


# --- the eager path -------------------------------------------------------------------------------
_default = default_backend()
_fast_type = _default.array_type
_fast_xp = _default.xp
_STRICT = _default.name == "checking"
# While NumPy is the only backend loaded, every array is NumPy's: no per-call check of the inputs.
_one_backend = not _STRICT


def _backend_loaded(backend):
    global _one_backend
    _one_backend = False


on_backend_loaded(_backend_loaded)


def _xp_for(name, arrays):
    """The array module of an op's inputs; a clear error where they live on different backends."""
    backend = None
    for position, array in enumerate(arrays):
        if hasattr(array, "shape") and hasattr(array, "dtype"):
            found = backend_of(array)
            if _STRICT and found is not _default and getattr(array, "ndim", 0):
                raise BackendError(f"For '{name}', input {position} is a {type(array).__name__} that was not made "
                                   f"through the backend seam (checking backend).")
            if backend is None:
                backend = found
            elif found is not backend:
                raise BackendError(f"For '{name}', the inputs live on different backends: {backend.name} "
                                   f"({backend.device}) and {found.name} ({found.device}) at input {position}. "
                                   "Move them to one device first (Tensor.move_to).")
    return (backend or _default).xp


def wrap_output(array, xp=_fast_xp):
    """A kernel's output array as a new Tensor (NumPy scalars from reductions become 0-d arrays)."""
    t = _new(Tensor)
    t._data = array if type(array) is _fast_type else xp.asarray(array)
    return t


def _describe(inputs):
    parts = []
    for x in inputs:
        if isinstance(x, Tensor):
            parts.append(f"Tensor(shape={x.shape}, dtype={x.dtype})")
        else:
            parts.append(repr(x))
    return ", ".join(parts)


def _failure(name, inputs, error):
    """The kernel's error as a builtin exception named after the op, with its inputs described.

    NumPy raises its own subclasses (AxisError, _UFuncNoLoopError, ...) whose constructors take other
    arguments; the user gets the builtin class they derive from (ValueError first: an AxisError is both).
    Arithmetic errors (an int that overflows a dtype, a float error under np.errstate) become ValueErrors.
    The eager path looks only at the first input's array type; inputs from two backends make the
    kernel fail, and the error says so here, at no cost to calls that succeed.
    """
    if not _one_backend:
        try:
            _xp_for(name, [x._data if isinstance(x, Tensor) else x for x in inputs])
        except BackendError as mixed:
            return mixed
    message = f"For '{name}', {error} (inputs: {_describe(inputs)})."
    for kind in (MemoryError, ValueError, IndexError, TypeError):
        if isinstance(error, kind):
            return kind(message)
    return ValueError(message)


def defprim(name, kernel, rule, n_out=1, inplace=False):
    """Register a primitive and return its op: `op(*inputs, **attrs) -> Tensor or tuple`."""
    if name in PRIMS:
        raise ValueError(f"defprim: a primitive named {name!r} is already registered.")
    prim = Primitive(name, kernel, rule, n_out, inplace)
    PRIMS[name] = prim
    code = kernel.__code__
    arity = None if code.co_flags & 0x04 else code.co_argcount - 1  # 0x04: takes *args
    if inplace:
        op = _inplace_op(prim)
    elif n_out == 1 and arity == 1:
        # Ops of one to three inputs are most calls: no argument list is built for them. The
        # observers (gradient tapes) are told of the call after it ran, without another frame.
        def op(x, **attrs):
            observers = None
            if _open:
                state = _local.state
                if state.top >= 0:
                    observers = state.observers[state.top]
                    if observers is None:
                        return _interpret(state, prim, (x,), attrs)
            a = x._data if isinstance(x, Tensor) else x
            xp = _fast_xp if _one_backend or type(a) is _fast_type else _xp_for(name, (a,))
            try:
                array = kernel(xp, a, **attrs)
            except _KERNEL_ERRORS as error:
                raise _failure(name, (x,), error) from None
            out = _new(Tensor)
            out._data = array if type(array) is _fast_type else xp.asarray(array)
            if observers:
                for observer in observers:
                    observer.observe(prim, (x,), out, attrs)
            return out
    elif n_out == 1 and arity == 2:
        def op(x, y, **attrs):
            observers = None
            if _open:
                state = _local.state
                if state.top >= 0:
                    observers = state.observers[state.top]
                    if observers is None:
                        return _interpret(state, prim, (x, y), attrs)
            a = x._data if isinstance(x, Tensor) else x
            b = y._data if isinstance(y, Tensor) else y
            xp = _fast_xp if _one_backend or type(a) is _fast_type else _xp_for(name, (a, b))
            try:
                array = kernel(xp, a, b, **attrs)
            except _KERNEL_ERRORS as error:
                raise _failure(name, (x, y), error) from None
            out = _new(Tensor)
            out._data = array if type(array) is _fast_type else xp.asarray(array)
            if observers:
                for observer in observers:
                    observer.observe(prim, (x, y), out, attrs)
            return out
    elif n_out == 1 and arity == 3:
        def op(x, y, z, **attrs):
            observers = None
            if _open:
                state = _local.state
                if state.top >= 0:
                    observers = state.observers[state.top]
                    if observers is None:
                        return _interpret(state, prim, (x, y, z), attrs)
            a = x._data if isinstance(x, Tensor) else x
            b = y._data if isinstance(y, Tensor) else y
            c = z._data if isinstance(z, Tensor) else z
            xp = _fast_xp if _one_backend or type(a) is _fast_type else _xp_for(name, (a, b, c))
            try:
                array = kernel(xp, a, b, c, **attrs)
            except _KERNEL_ERRORS as error:
                raise _failure(name, (x, y, z), error) from None
            out = _new(Tensor)
            out._data = array if type(array) is _fast_type else xp.asarray(array)
            if observers:
                for observer in observers:
                    observer.observe(prim, (x, y, z), out, attrs)
            return out
    else:
        def op(*inputs, **attrs):
            observers = None
            if _open:
                state = _local.state
                if state.top >= 0:
                    observers = state.observers[state.top]
                    if observers is None:
                        return _interpret(state, prim, inputs, attrs)
            arrays = [x._data if isinstance(x, Tensor) else x for x in inputs]
            xp = _fast_xp if _one_backend or (arrays and type(arrays[0]) is _fast_type) else _xp_for(name, arrays)
            try:
                result = kernel(xp, *arrays, **attrs)
            except _KERNEL_ERRORS as error:
                raise _failure(name, inputs, error) from None
            if n_out == 1:
                out = _new(Tensor)
                out._data = result if type(result) is _fast_type else xp.asarray(result)
            else:
                out = tuple(wrap_output(r, xp) for r in result)
            if observers:
                for observer in observers:
                    observer.observe(prim, inputs, out, attrs)
            return out

    op.__name__ = op.__qualname__ = name
    op.__doc__ = f"The `{name}` primitive."
    prim.op = op
    return op


def defbatch(op, rule):
    """Declare the batching rule of the primitive behind `op` (or named `op`).

    `rule(inputs, axes, **attrs)` gets the call's inputs, where a batched input is a Tensor holding
    the whole batch, and `axes`, one batch axis per input (None: not batched); it computes the batched
    result with ops and returns `(out, out_axes)` (a tuple of axes for several outputs).
    """
    PRIMS[op if isinstance(op, str) else op.__name__].batch = rule
    return rule


def _inplace_op(prim):
    """The op of an in-place primitive: the kernel writes into input 0's array; returns that Tensor."""
    name, kernel = prim.name, prim.kernel

    def op(target, *inputs, **attrs):
        # Writes always go through the interpreters' process: a tape keeps the old value first.
        if _open and (state := _local.state).top >= 0:
            return _interpret(state, prim, (target,) + inputs, attrs)
        if not isinstance(target, Tensor):
            raise TypeError(f"For '{name}', the Tensor to write into must be a Tensor, but got "
                            f"{type(target).__name__}.")
        arrays = [x._data if isinstance(x, Tensor) else x for x in inputs]
        data = target._data
        xp = _fast_xp if _one_backend or type(data) is _fast_type else _xp_for(name, [data] + arrays)
        try:
            kernel(xp, data, *arrays, **attrs)
        except _KERNEL_ERRORS as error:
            raise _failure(name, (target,) + inputs, error) from None
        bump_version(target)
        return target

    return op
