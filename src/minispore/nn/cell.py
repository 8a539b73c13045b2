"""`nn.Cell`: the base of every network. Parameters and sub-Cells are registered by assignment."""
import warnings
from collections import OrderedDict

from minispore import _jit
from minispore._autodiff.backward import register_hook
from minispore._autodiff.tape import enter_cell, exit_cell, paused, record_custom
from minispore.common import dtype as mstype
from minispore.common.parameter import DEFAULT_NAME_PREFIX, Parameter, ParameterTuple
from minispore.common.tensor import Tensor
from minispore.context import GRAPH_MODE, get_context
from minispore.nn._dynamic_inputs import check_declared_inputs
from minispore.ops._prims import dispatch as _door
from minispore.ops._prims.autocast import Autocast
from minispore.ops._prims.dispatch import Primitive, interpreting
from minispore.ops._prims.elementwise import identity_n

__all__ = ["Cell"]


class _HookHandle:
    """Returned by the Cell hook registrations; `remove()` unregisters the hook."""

    def __init__(self, hooks, key):
        self._hooks, self._key = hooks, key

    def remove(self):
        self._hooks.pop(self._key, None)


class Cell:
    """Base class of networks: define `construct`; call the Cell to run it."""

    def __init__(self, auto_prefix=True, flags=None):
        state = self.__dict__
        state["_params"] = OrderedDict()
        state["_cells"] = OrderedDict()
        state["_auto_prefix"] = auto_prefix
        state["_scope"] = ""
        state["training"] = False
        state["_autocast"] = None  # the Autocast interpreter its construct runs under (to_float, amp)
        state["_forward_pre_hooks"] = OrderedDict()
        state["_forward_hooks"] = OrderedDict()
        state["_hook_options"] = {}  # hook key -> (with_kwargs, always_call)
        state["_backward_hooks"] = OrderedDict()
        state["_hook_count"] = 0
        # Plain Cells (no hooks, no to_float, no bprop) take the short path in __call__.
        state["_special"] = hasattr(type(self), "bprop")
        if flags:
            state.update(flags)

    # --- registration -------------------------------------------------------------------------
    def __setattr__(self, name, value):
        state = self.__dict__
        params, cells = state.get("_params"), state.get("_cells")
        if isinstance(value, Parameter):
            if params is None:
                raise AttributeError("For 'insert_param_to_cell', please call Cell.__init__() firstly.")
            if name in cells:
                raise TypeError(f"Sub cell '{name}' already exists in network, can not assign a Parameter to it.")
            if value.name.startswith(DEFAULT_NAME_PREFIX):
                value.name = state["_scope"] + name
            params[name] = value
            state[name] = value
        elif isinstance(value, Cell):
            if cells is None:
                raise AttributeError("For 'insert_child_to_cell', please call Cell.__init__() firstly.")
            if name in params:
                raise TypeError(f"Parameter '{name}' already exists in network, can not assign a Cell to it.")
            self._adopt(name, value)
            cells[name] = value
            state[name] = value
        elif params is not None and name in params:
            if isinstance(value, Tensor):
                params[name].set_data(value)
            elif value is None:
                del params[name]
                state[name] = None
            else:
                raise TypeError(f"Parameter '{name}' already exists in network, can not assign this type: "
                                f"'{type(value)}' as a parameter.")
        elif isinstance(value, ParameterTuple) and params is not None:
            self._register_tuple(value)
            object.__setattr__(self, name, value)
        elif cells is not None and name in cells:
            if value is not None:
                raise TypeError(f"Sub cell '{name}' already exists in network, can not assign this type: "
                                f"'{type(value)}' as a cell.")
            cells[name] = None
            state[name] = None
        else:
            object.__setattr__(self, name, value)

    def _register_tuple(self, values):
        """Register a ParameterTuple's Parameters under their names; unnamed ones become Parameter$1, $2, ...
        (numbered per Cell, as MindSpore does)."""
        state, seen, names = self.__dict__, set(), set()
        for param in values:
            if id(param) in seen:
                continue
            seen.add(id(param))
            if param.name.startswith(DEFAULT_NAME_PREFIX):
                number = state.get("_tuple_param_id", 1)
                state["_tuple_param_id"] = number + 1
                param.name = f"Parameter${number}"
            if param.name in names:
                raise ValueError(f"The value {values} , its name '{param.name}' already exists. Please set a unique "
                                 "name for the parameter.")
            names.add(param.name)
            state["_params"][param.name] = param

    def __delattr__(self, name):
        self.__dict__.get("_params", {}).pop(name, None)
        self.__dict__.get("_cells", {}).pop(name, None)
        object.__delattr__(self, name)

    def _adopt(self, name, child):
        """Name the child's parameters by their path below this Cell (MindSpore's auto_prefix)."""
        if self._auto_prefix:
            prefix = self._scope + name + "."
            for path, param in child.parameters_and_names():
                param.name = prefix + path
            for path, cell in child.cells_and_names():
                cell.__dict__["_scope"] = prefix + (path + "." if path else "")

    def insert_param_to_cell(self, param_name, param, check_name_contain_dot=True):
        """Register `param` under `param_name`, keeping the Parameter's own name."""
        if "_params" not in self.__dict__:
            raise AttributeError("For 'insert_param_to_cell', please call Cell.__init__() firstly.")
        if check_name_contain_dot and "." in param_name:
            raise KeyError(f"For 'insert_param_to_cell', the argument 'param_name' should not contain'.', "
                           f"but got {param_name}.")
        if param is not None and not isinstance(param, Parameter):
            raise TypeError("For 'insert_param_to_cell', the argument 'param' must be 'Parameter' if not None, "
                            f"but got {type(param)}.")
        if param_name in self.__dict__ and param_name not in self._params:
            raise KeyError(f"For 'insert_param_to_cell', the {param_name} parameter already exists in the "
                           "network.Cannot insert another parameter with the same name.")
        self._params[param_name] = param
        self.__dict__[param_name] = param

    def insert_child_to_cell(self, child_name, child_cell):
        """Register `child_cell` under `child_name`."""
        if not isinstance(child_name, str) or "." in child_name:
            raise KeyError(f"For 'insert_child_to_cell', the child name must be a str without '.', "
                           f"but got {child_name!r}.")
        if child_cell is not None and not isinstance(child_cell, Cell):
            raise TypeError("For 'insert_child_to_cell', the argument 'child_cell' must be 'Cell' if not None, "
                            f"but got type {type(child_cell)}.")
        if child_cell is not None:
            self._adopt(child_name, child_cell)
        self._cells[child_name] = child_cell
        self.__dict__[child_name] = child_cell

    # --- traversal ----------------------------------------------------------------------------
    def parameters_and_names(self, name_prefix="", expand=True):
        """(path, Parameter) pairs: own Parameters first, then children depth-first; each once."""
        seen = set()
        for path, cell in (self.cells_and_names(name_prefix=name_prefix) if expand else [(name_prefix, self)]):
            for name, param in cell._params.items():
                if param is None or id(param) in seen:
                    continue
                seen.add(id(param))
                yield (path + "." + name if path else name), param

    def cells_and_names(self, cells=None, name_prefix=""):
        """(path, Cell) pairs, starting with (name_prefix, self), depth-first; each Cell once, and none of
        those already in the set `cells` (which collects the Cells visited)."""
        seen = cells if cells is not None else set()
        stack = [(name_prefix, self)]
        while stack:
            path, cell = stack.pop()
            if cell in seen:
                continue
            seen.add(cell)
            yield path, cell
            children = [(path + "." + name if path else name, child)
                        for name, child in cell._cells.items() if child is not None]
            stack.extend(reversed(children))

    def get_parameters(self, expand=True):
        for _, param in self.parameters_and_names(expand=expand):
            yield param

    def trainable_params(self, recurse=True):
        return [p for p in self.get_parameters(expand=recurse) if p.requires_grad]

    def untrainable_params(self, recurse=True):
        return [p for p in self.get_parameters(expand=recurse) if not p.requires_grad]

    def parameters_dict(self, recurse=True):
        return OrderedDict((p.name, p) for p in self.get_parameters(expand=recurse))

    def name_cells(self):
        return OrderedDict((name, cell) for name, cell in self._cells.items() if cell is not None)

    def cells(self):
        return self.name_cells().values()

    def update_parameters_name(self, prefix="", recurse=True):
        """Prepend `prefix` to the names of this Cell's Parameters."""
        for param in self.get_parameters(expand=recurse):
            param.name = prefix + param.name

    def apply(self, fn):
        for _, cell in self.cells_and_names():
            fn(cell)
        return self

    # --- modes --------------------------------------------------------------------------------
    def set_train(self, mode=True):
        """Switch this Cell and every sub-Cell to training (or, with False, evaluation) mode."""
        for _, cell in self.cells_and_names():
            cell.__dict__["training"] = bool(mode)
        return self

    @property
    def phase(self):
        return "train" if self.training else "predict"

    def set_grad(self, requires_grad=True):
        return self

    def to_float(self, dst_type):
        """Run every op inside this Cell (and its sub-Cells) with floating inputs cast to `dst_type`:
        data, Parameters and constants alike, as MindSpore does."""
        if dst_type not in (mstype.float16, mstype.float32, mstype.bfloat16):
            raise ValueError("For 'to_float', the argument 'dst_type' must be mstype.float32, mstype.float16 or "
                             f"mstype.bfloat16, but got type: {type(dst_type)} and value: {dst_type}.")
        self.set_autocast(Autocast(dst_type))
        return self

    def set_autocast(self, autocast, recurse=True):
        """Run this Cell's construct (and, with `recurse`, its sub-Cells') under `autocast` (None: off)."""
        for _, cell in (self.cells_and_names() if recurse else [("", self)]):
            cell.__dict__["_autocast"] = autocast
            cell.__dict__["_special"] = True
        return self

    def set_inputs(self, *inputs, **kwargs):
        """Declare construct's inputs (Tensors, dynamic ones as Tensor(shape=[None, ...], dtype=...));
        in GRAPH_MODE every call is checked against them."""
        self.__dict__["_declared_inputs"] = inputs
        self.__dict__["_declared_kwargs"] = kwargs
        self.__dict__["_special"] = True

    def get_inputs(self):
        """The inputs declared by set_inputs (None if none were)."""
        return self.__dict__.get("_declared_inputs")

    @property
    def cls_name(self):
        return type(self).__name__

    # --- compilation settings -----------------------------------------------------------------
    def set_jit_config(self, jit_config):
        """Set this Cell's compile settings (a `JitConfig`); as in MindSpore, only the first setting counts."""
        if self.__dict__.get("_jit_config_dict"):
            warnings.warn("For Cell, jit config can only be set once, ignore this setting.", stacklevel=2)
        else:
            self.__dict__["_jit_config_dict"] = jit_config.jit_config_dict

    @property
    def jit_config_dict(self):
        """The settings given to `set_jit_config` ({} before)."""
        return self.__dict__.get("_jit_config_dict", {})

    # --- calling ------------------------------------------------------------------------------
    def construct(self, *args, **kwargs):
        raise AttributeError("For 'Cell', the method 'construct' is not defined.")

    def __call__(self, *args, **kwargs):
        if _door._open:
            state = _door._local.state
            if state.cell_watchers:
                return state.cell_watchers[-1].cell_call(self, args, kwargs)
            tapes = state.tapes
            if tapes:
                return self._call_recorded(tapes, args, kwargs)
        elif _jit.graph_mode:
            return _jit.call_cell(self, args, kwargs)
        return self._call_eagerly(args, kwargs)

    def _call_watched(self, args, kwargs):
        """__call__ as it runs when no Cell watcher intervenes (what a tracer calls for a traced Cell)."""
        tapes = _door._local.state.tapes
        if tapes:
            return self._call_recorded(tapes, args, kwargs)
        return self._call_eagerly(args, kwargs)

    def _call_eagerly(self, args, kwargs):
        """__call__ without GRAPH_MODE's compilation (what a compiled call traces)."""
        try:
            if not self._special:
                return self.construct(*args, **kwargs)
            return self._run_special(args, kwargs, False)
        except Exception as error:
            _note_cell(error, self)
            raise

    def _call_recorded(self, tapes, args, kwargs):
        """__call__ inside a gradient scope: the nodes recorded are marked as this Cell's."""
        enter_cell(tapes, self)
        try:
            if not self._special:
                return self.construct(*args, **kwargs)
            return self._run_special(args, kwargs, True)
        except Exception as error:
            _note_cell(error, self)
            raise
        finally:
            exit_cell(tapes)

    def _run_special(self, args, kwargs, recorded):
        """construct under the Cell's Autocast (to_float), with hooks and a user bprop."""
        declared = self.__dict__.get("_declared_inputs")
        if declared is not None and get_context("mode") == GRAPH_MODE:
            check_declared_inputs(declared, args)
        autocast = self._autocast
        if autocast is not None and not _door.interpreted()[-1:] == (autocast,):
            with interpreting(autocast):
                return self._run_hooked(args, kwargs, recorded)
        return self._run_hooked(args, kwargs, recorded)

    def _run_hooked(self, args, kwargs, recorded):
        options = self._hook_options
        if self._forward_pre_hooks:
            for key, hook in list(self._forward_pre_hooks.items()):
                if options.get(key, (False,))[0]:
                    result = hook(self, args, kwargs)
                    if result is not None:
                        if not (isinstance(result, tuple) and len(result) == 2):
                            raise RuntimeError("forward pre hook with kwargs must return None or a tuple of "
                                               f"(new_args, new_kwargs), but got {result}")
                        args, kwargs = result
                else:
                    result = hook(self, args)
                    if result is not None:
                        args = result if isinstance(result, tuple) else (result,)
        grad_output = None
        if self._backward_hooks and recorded:
            args, grad_output = self._hook_inputs(args)
        called = set()
        try:
            if recorded and hasattr(type(self), "bprop"):
                output = self._call_with_bprop(args, kwargs)
            else:
                output = self.construct(*args, **kwargs)
            if self._forward_hooks:
                output = self._run_forward_hooks(list(self._forward_hooks.items()), args, kwargs, output, called)
        except Exception:
            # hooks registered with always_call run even when construct (or an earlier hook) raised
            always = [(key, hook) for key, hook in self._forward_hooks.items()
                      if options.get(key, (False, False))[1] and key not in called]
            for key, hook in always:
                try:
                    self._run_forward_hooks([(key, hook)], args, kwargs, None, called)
                except Exception as error:  # the first error is the one to raise
                    warnings.warn("cell forward hook with ``always_call=True`` raised an exception that was "
                                  f"silenced because another error was already raised in forward: {error}")
            raise
        if grad_output is not None and isinstance(output, Tensor):
            register_hook(output, lambda grad: grad_output.append(grad))
        return output

    def _run_forward_hooks(self, hooks, args, kwargs, output, called):
        for key, hook in hooks:
            called.add(key)
            with_kwargs = self._hook_options.get(key, (False,))[0]
            result = hook(self, args, kwargs, output) if with_kwargs else hook(self, args, output)
            if result is not None:
                output = result
        return output

    def _call_with_bprop(self, args, kwargs):
        """Run construct unrecorded, then record one node whose rule is the user's bprop."""
        with paused():
            output = self.construct(*args, **kwargs)
        prim = self.__dict__.get("_bprop_prim")
        if prim is None:
            bprop = self.bprop
            prim = Primitive(self.cls_name, None, lambda *inputs_out_dout: bprop(*inputs_out_dout))
            self.__dict__["_bprop_prim"] = prim
        record_custom(prim, args, output)
        return output

    # --- hooks --------------------------------------------------------------------------------
    def _add_hook(self, hooks, hook, prepend=False, with_kwargs=False, always_call=False):
        if not callable(hook):
            raise TypeError(f"Expected a callable hook function, but got {type(hook).__name__}.")
        key = self._hook_count
        self.__dict__["_hook_count"] = key + 1
        self.__dict__["_special"] = True
        hooks[key] = hook
        if prepend:
            hooks.move_to_end(key, last=False)
        if with_kwargs or always_call:
            self._hook_options[key] = (with_kwargs, always_call)
        return _HookHandle(hooks, key)

    def register_forward_pre_hook(self, hook_fn, *, prepend=False, with_kwargs=False):
        """hook_fn(cell, args) runs before construct; a returned value replaces the inputs. With with_kwargs,
        hook_fn(cell, args, kwargs) may return (args, kwargs). prepend runs it before the hooks already there."""
        return self._add_hook(self._forward_pre_hooks, hook_fn, prepend, with_kwargs)

    def register_forward_hook(self, hook_fn, *, prepend=False, with_kwargs=False, always_call=False):
        """hook_fn(cell, args, output) (with with_kwargs: (cell, args, kwargs, output)) runs after construct; a
        returned value replaces the output. always_call runs it even when construct raised."""
        return self._add_hook(self._forward_hooks, hook_fn, prepend, with_kwargs, always_call)

    def register_backward_hook(self, hook_fn):
        """hook_fn(cell, grad_input, grad_output) runs when the gradients of this Cell's inputs are known;
        a returned tuple replaces grad_input."""
        return self._add_hook(self._backward_hooks, hook_fn)

    def _hook_inputs(self, args):
        """The Tensor inputs through one node whose backward runs the backward hooks; and a list that
        will receive the output's gradient."""
        positions = [i for i, a in enumerate(args) if isinstance(a, Tensor)]
        if not positions:
            return args, None
        grad_output = []

        def on_grad(grad_inputs):
            for hook in list(self._backward_hooks.values()):
                result = hook(self, grad_inputs, tuple(grad_output))
                if result is not None:
                    result = tuple(result) if isinstance(result, (tuple, list)) else (result,)
                    if len(result) != len(grad_inputs):
                        raise ValueError(f"The backward hook of {self.cls_name} returned {len(result)} "
                                         f"gradient(s) for {len(grad_inputs)} input(s).")
                    grad_inputs = result
            return grad_inputs

        hooked = identity_n(*[args[i] for i in positions], on_grad=on_grad)
        args = list(args)
        for i, tensor in zip(positions, hooked):
            args[i] = tensor
        return tuple(args), grad_output

    # --- printing -----------------------------------------------------------------------------
    def extend_repr(self):
        return ""

    def __repr__(self):
        extra = self.extend_repr()
        children = [(name, cell) for name, cell in self._cells.items()]
        if not children:
            return f"{self.cls_name}({extra})"
        lines = [f"{self.cls_name}("]
        if extra:
            lines.append("  " + extra)
        for name, cell in children:
            text = repr(cell).replace("\n", "\n  ")
            lines.append(f"  ({name}): {text}")
        return "\n".join(lines) + "\n)"

    __str__ = __repr__


def _note_cell(error, cell):
    """Add to an error raised inside construct a note naming where in the network it happened.

    The innermost Cell adds "[in SequentialCell.0 (Dense)]"; the top Cell (empty scope) rewrites it
    to run from its own class name: "[in Network.dense_relu_sequential.0 (Dense)]". The error object
    and its traceback are the user's own.
    """
    inner = getattr(error, "_minispore_cell", None)
    if inner is None:
        error._minispore_cell = inner = cell
    elif cell._scope or getattr(error, "_minispore_rooted", False):
        return
    rooted = not cell._scope
    path = inner._scope[:-1]
    if rooted and inner is not cell:
        place = f"{cell.cls_name}.{path}" if path else cell.cls_name
    else:
        place = path or inner.cls_name
    note = f"[in {place} ({inner.cls_name})]" if place != inner.cls_name else f"[in {inner.cls_name}]"
    notes = error.__dict__.setdefault("__notes__", [])
    if getattr(error, "_minispore_note", None) in notes:
        notes[notes.index(error._minispore_note)] = note
    else:
        notes.append(note)
    error._minispore_note = note
    error._minispore_rooted = rooted
