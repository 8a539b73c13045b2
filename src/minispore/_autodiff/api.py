"""MindSpore's functional autodiff: grad, value_and_grad, GradOperation, vjp, jvp, jacfwd/jacrev."""
import warnings

from minispore._autodiff.backward import backward, zeros_like
from minispore._autodiff.tape import Tape
from minispore._backend import backend_of
from minispore.common import parameter as _parameter
from minispore.common.tensor import Tensor, wrap
from minispore.ops._prims.elementwise import identity, stop_gradient as _stop
from minispore.ops._prims.shape import stack
from minispore._autodiff.vmap import vmap

__all__ = ["grad", "value_and_grad", "GradOperation", "vjp", "jvp", "jacfwd", "jacrev",
           "stop_gradient", "vmap"]


def stop_gradient(value):
    """Identity forward, zero gradient; a tuple or list is handled element by element."""
    if isinstance(value, (tuple, list)):
        return type(value)(stop_gradient(v) for v in value)
    if isinstance(value, Tensor):
        return _stop(value)
    return value


def _check_positions(grad_position):
    if grad_position is None:
        return None
    if isinstance(grad_position, int):
        if grad_position < 0:
            raise ValueError("grad_position must be >= 0.")
        return (int(grad_position),)
    if isinstance(grad_position, tuple):
        for p in grad_position:
            if not isinstance(p, int):
                raise TypeError(f"For 'F.grad', every entry of 'grad_position' must be int, but got {p!r}.")
            if p < 0:
                raise ValueError("grad_position must be >= 0.")
        if len(set(grad_position)) != len(grad_position):
            raise ValueError("There are duplicate positions in `grad_position`, please check it")
        return tuple(int(p) for p in grad_position)
    raise TypeError(f"For 'F.grad', the 'grad_position' must be int or tuple, but got "
                    f"{type(grad_position).__name__}.")


def _check_weights(weights):
    """Returns (list of weights, whether a single Parameter was given)."""
    if weights is None:
        return None, False
    if isinstance(weights, Tensor):
        return [weights], True
    if isinstance(weights, (list, tuple)):
        for w in weights:
            if not isinstance(w, Tensor):
                raise TypeError("The weights you provided is expected to be a Parameter, or a list or tuple "
                                f"of Parameters, but one element is a {type(w).__name__}.")
        return list(weights), False
    raise TypeError("The weights you provided is expected to be a Parameter, or a list or tuple of "
                    f"Parameters, but got {type(weights).__name__}. Use net.trainable_params().")


def _flat_tensors(value, found):
    if isinstance(value, Tensor):
        found.append(value)
    elif isinstance(value, (tuple, list)):
        for v in value:
            _flat_tensors(v, found)
    elif isinstance(value, dict):
        for v in value.values():
            _flat_tensors(v, found)
    return found


def _ones_like(t):
    data = t._data
    xp = backend_of(data).xp
    # A loss is a 0-d Tensor: array() makes its seed several times faster than ones().
    return wrap(xp.array(1, dtype=data.dtype) if data.ndim == 0 else xp.ones(data.shape, dtype=data.dtype))


def _require_float(t, what):
    if t._data.dtype.kind not in "fc" and t._data.dtype.name != "bfloat16":
        article = "an" if str(t.dtype)[0] in "IU" else "a"
        raise TypeError(f"grad: {what} is {article} {t.dtype} Tensor; gradients are defined for floating-point "
                        "inputs only. Cast it with .astype(mindspore.float32), or leave it out.")


def _differentiate(fn, args, kwargs, positions, weights, has_aux, sens):
    """Run fn under a new tape and differentiate it. Returns (out, input_grads, weight_grads, aux).

    Gradients belong to Tensor objects, as in MindSpore: the same Tensor passed twice, or inside a
    tuple, or also listed in `weights`, gets the whole gradient that flows into it.
    """
    inputs = list(args) + list(kwargs.values())
    if positions is not None and inputs:
        for p in positions:
            if p >= len(inputs):
                raise RuntimeError(f"grad: grad_position {p} is out of range: the function was called "
                                   f"with {len(inputs)} input(s).")
    tape = Tape()
    tracked = tape.tracked
    for p in positions or ():
        if p < len(inputs) and isinstance(inputs[p], Tensor):
            if inputs[p]._data.dtype.kind not in "fc":
                _require_float(inputs[p], f"the input at grad_position {p}")
            tracked[id(inputs[p])] = inputs[p]
    parameter_type = _parameter.Parameter
    for w in weights or ():
        if isinstance(w, parameter_type) and w.requires_grad:
            if w._data.dtype.kind not in "fc":
                _require_float(w, f"weight {w.name}")
            tracked[id(w)] = w
    with tape:
        out = fn(*args, **kwargs)
    aux = None
    if has_aux:
        if not isinstance(out, tuple) or len(out) < 2:
            raise ValueError("When has_aux is True, origin fn requires more than one outputs "
                             f"(a tuple (loss, aux...)), but it returned {type(out).__name__}.")
        targets = _flat_tensors(out[0], [])
        aux = tuple(stop_gradient(o) for o in out[1:])
    else:
        targets = [out] if type(out) is Tensor else _flat_tensors(out, [])
    if not targets:
        raise TypeError(f"grad: the function {getattr(fn, '__name__', fn)!r} returned "
                        f"{type(out).__name__}, which holds no Tensor to differentiate.")
    if sens is None:
        seeds = [_ones_like(t) for t in targets]
    else:
        seeds = _flat_tensors(sens, [])
        if len(seeds) != len(targets):
            raise ValueError(f"grad: sens holds {len(seeds)} Tensor(s) but the function returned "
                             f"{len(targets)} output Tensor(s).")
    grads = backward(tape, targets, seeds)
    input_grads = []
    for p in positions or ():
        if p < len(inputs) and isinstance(inputs[p], Tensor):
            g = grads.get(id(inputs[p]))
            input_grads.append(g if g is not None else zeros_like(inputs[p]))
    weight_grads = []
    for w in weights or ():
        g = grads.get(id(w)) if isinstance(w, parameter_type) and w.requires_grad else None
        weight_grads.append(g if g is not None else zeros_like(w))
    return out, input_grads, weight_grads, aux


def _structure(positions, weights, single_weight, input_grads, weight_grads, return_ids):
    """MindSpore's return structure (spec §1.2): 1-element input grads collapse to a bare Tensor."""
    if return_ids:
        tensor_positions = [p for p in positions or ()]
        input_grads = [(p, g) for p, g in zip(tensor_positions, input_grads)]
        weight_grads = [(w.name, g) for w, g in zip(weights or (), weight_grads)]
    inputs_part = input_grads[0] if len(input_grads) == 1 else tuple(input_grads)
    if weights is None:
        return inputs_part
    weights_part = weight_grads[0] if single_weight else tuple(weight_grads)
    if positions is None:
        return weights_part
    return inputs_part, weights_part


def _make(fn, grad_position, weights, has_aux, return_ids, sens_param, with_value):
    positions = _check_positions(grad_position)
    if positions is None and weights is None:
        raise ValueError("`grad_position` and `weight` can not be None at the same time.")
    if not callable(fn):
        raise TypeError(f"The fn should be callable, but got {type(fn).__name__}")
    weight_list, single = _check_weights(weights)
    if positions == ():
        raise RuntimeError("grad_position should not be empty when grad by position!")

    def grad_fn(*args, **kwargs):
        sens = None
        if sens_param:
            args, sens = args[:-1], args[-1]
        out, input_grads, weight_grads, aux = _differentiate(
            fn, args, kwargs, positions, weight_list, has_aux, sens)
        if positions is not None:
            inputs = list(args) + list(kwargs.values())
            kept = [p for p in positions if p < len(inputs) and isinstance(inputs[p], Tensor)]
        else:
            kept = None
        grads = _structure(kept, weight_list, single, input_grads, weight_grads, return_ids)
        if with_value:
            return out, grads
        return (grads, aux) if has_aux else grads

    grad_fn.__name__ = f"grad_of_{getattr(fn, '__name__', 'fn')}"
    return grad_fn


def grad(fn, grad_position=0, weights=None, has_aux=False, return_ids=False, sens_param=False):
    """A function computing the gradients of `fn` w.r.t. the inputs at `grad_position` and `weights`."""
    return _make(fn, grad_position, weights, has_aux, return_ids, sens_param, with_value=False)


def value_and_grad(fn, grad_position=0, weights=None, has_aux=False, return_ids=False, sens_param=False):
    """Like `grad`, but the function returns `(fn's whole output, gradients)`."""
    return _make(fn, grad_position, weights, has_aux, return_ids, sens_param, with_value=True)


class GradOperation:
    """`ops.GradOperation(get_all, get_by_list, sens_param)(fn[, weights])` -> gradient function."""

    def __init__(self, get_all=False, get_by_list=False, sens_param=False):
        self.get_all, self.get_by_list, self.sens_param = get_all, get_by_list, sens_param

    def __call__(self, fn, weights=None):
        if self.get_by_list and weights is None:
            raise ValueError("GradOperation(get_by_list=True) needs the weights: call it as "
                             "GradOperation(get_by_list=True)(fn, weights).")
        weight_list = _check_weights(weights)[0] if self.get_by_list else None
        get_all, get_by_list, sens_param = self.get_all, self.get_by_list, self.sens_param

        def grad_fn(*args, **kwargs):
            sens = None
            if sens_param:
                args, sens = args[:-1], args[-1]
            positions = tuple(range(len(args))) if get_all else (0,)
            _, input_grads, weight_grads, _ = _differentiate(
                fn, args, kwargs, positions if (get_all or not get_by_list) else None,
                weight_list or [], False, sens)
            if get_by_list and not get_all:
                return tuple(weight_grads)
            inputs_part = tuple(input_grads) if get_all else input_grads[0]
            return (inputs_part, tuple(weight_grads)) if get_by_list else inputs_part

        return grad_fn


def vjp(fn, *inputs, weights=None, has_aux=False):
    """`(out, vjp_fn)`: `vjp_fn(v)` gives the input gradients (a tuple) for the output cotangent v."""
    weight_list, single = _check_weights(weights)
    tape = Tape()
    leaves = []
    for x in inputs:
        leaf = identity(x)
        tape.track(leaf)
        leaves.append(leaf)
    for w in weight_list or ():
        tape.track(w)
    with tape:
        out = fn(*leaves)
    aux = None
    if has_aux:
        out, aux = out[0], stop_gradient(out[1])
    targets = _flat_tensors(out, [])
    calls = [0]

    def vjp_fn(*v):
        calls[0] += 1
        if calls[0] == 2:
            warnings.warn("vjp_fn has been called multiple times; minispore reuses the recorded tape.",
                          RuntimeWarning, stacklevel=2)
        seeds = _flat_tensors(v, [])
        for s, t in zip(seeds, targets):
            if s.shape != t.shape:
                raise ValueError(f"vjp_fn: the cotangent has shape {s.shape} but the output has shape {t.shape}.")
        grads = backward(tape, targets, seeds, retain=True)
        input_grads = tuple(grads.get(id(leaf)) if grads.get(id(leaf)) is not None else zeros_like(leaf)
                            for leaf in leaves)
        if weight_list is None:
            return input_grads
        weight_grads = [grads.get(id(w)) if grads.get(id(w)) is not None else zeros_like(w)
                        for w in weight_list]
        return input_grads, (weight_grads[0] if single else tuple(weight_grads))

    return (out, vjp_fn, aux) if has_aux else (out, vjp_fn)


def _as_tuple(value):
    if isinstance(value, (tuple, list)):
        return tuple(value)
    return (value,)


def jvp(fn, inputs, v, has_aux=False):
    """`(out, J·v)`: forward-mode derivative, computed as the transpose of the (linear) vjp."""
    if not isinstance(v, (Tensor, tuple, list)):
        raise TypeError("The inputs type must be a Tensor, tuple or list of Tensors.")
    inputs_t, v_t = _as_tuple(inputs), _as_tuple(v)
    result = vjp(fn, *inputs_t, has_aux=has_aux)
    out, vjp_fn = result[0], result[1]
    outs = _as_tuple(out)
    cotangents = [zeros_like(o) for o in outs]

    def pullback(*u):
        return vjp_fn(*u)

    tangent_fn = grad(pullback, tuple(range(len(cotangents))), sens_param=True)
    tangents = tangent_fn(*cotangents, v_t if len(v_t) > 1 else v_t[0])
    tangents = _as_tuple(tangents)
    jv = tangents if isinstance(out, tuple) else tangents[0]
    return (out, jv, result[2]) if has_aux else (out, jv)


def _jacobian(fn, grad_position, has_aux):
    positions = _check_positions(grad_position)

    def jac_fn(*args):
        out_full = fn(*args)
        out = out_full[0] if has_aux else out_full
        outs = _as_tuple(out)
        per_output = []
        for k, o in enumerate(outs):
            per_input = []
            for p in positions:
                rows = []
                for i in range(o.size):
                    seed = backend_of(o._data).xp.zeros(o.size, dtype=o._data.dtype)
                    seed[i] = 1

                    def component(*xs, k=k):
                        result = fn(*xs)
                        result = result[0] if has_aux else result
                        return _as_tuple(result)[k]
                    g = grad(component, p, sens_param=True)(*args, wrap(seed.reshape(o.shape)))
                    rows.append(g)
                jac = stack(*rows, axis=0).reshape(o.shape + args[p].shape)
                per_input.append(jac)
            per_output.append(per_input[0] if len(per_input) == 1 else tuple(per_input))
        result = per_output[0] if not isinstance(out, tuple) else tuple(per_output)
        return (result, out_full[1]) if has_aux else result

    return jac_fn


def jacrev(fn, grad_position=0, has_aux=False):
    """The Jacobian of fn, row by row with reverse mode."""
    return _jacobian(fn, grad_position, has_aux)


def jacfwd(fn, grad_position=0, has_aux=False):
    """The Jacobian of fn (computed row by row, like jacrev; the values are identical)."""
    return _jacobian(fn, grad_position, has_aux)
