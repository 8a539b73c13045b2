"""`nn.Optimizer`: the base of the optimizers — parameters, groups, learning rates, weight decay,
loss scale, the optimizer state, and the `optimizer(grads)` call that updates the Parameters in place.

A subclass declares its state with `add_state` and writes only its update rule, `apply_single`, with
the in-place primitives of `ops/_prims/optim.py` (so updates pass the dispatch door and bump versions).
"""
from collections.abc import Iterable

from minispore._backend import backend_of
from minispore.common import dtype as mstype
from minispore.common.parameter import Parameter, ParameterTuple
from minispore.common.tensor import Tensor, wrap
from minispore.nn.cell import Cell
from minispore.nn.layer.container import CellList
from minispore.nn.learning_rate_schedule import LearningRateSchedule
from minispore.ops._prims import elementwise as E
from minispore.ops._prims.optim import scale_add

__all__ = ["Optimizer"]

_FLOAT32 = mstype.np_dtype(mstype.float32)
_F32 = _FLOAT32.type
_GROUP_KEYS = ("params", "lr", "weight_decay", "grad_centralization")


def is_row_sparse(gradient):
    """Whether a gradient is row-sparse (a RowTensor: `indices`, `values`, `dense_shape`)."""
    return not isinstance(gradient, Tensor) and all(hasattr(gradient, name) for name in ("indices", "values",
                                                                                         "dense_shape"))


class _IteratorLearningRate(LearningRateSchedule):
    """A per-step list of rates held in a Parameter; after the list ends the last rate is kept
    (MindSpore fails with a Gather index error one step after the end)."""

    def __init__(self, learning_rate, name):
        super().__init__()
        self.learning_rate = Parameter(Tensor(learning_rate), name=name)

    def construct(self, global_step):
        rates = self.learning_rate._data
        index = min(int(global_step._data.reshape(-1)[0]), rates.shape[0] - 1)
        return wrap(rates[index:index + 1].reshape(()).copy())


class _ConvertToCell(LearningRateSchedule):
    """A fixed group rate beside dynamic ones; MindSpore computes it as `lr + 1.0 - 1.0` in float32."""

    def __init__(self, learning_rate):
        super().__init__()
        self.learning_rate = learning_rate

    def construct(self, global_step):
        return E.sub(E.add(self.learning_rate, _F32(1.0)), _F32(1.0))


class _ScaledWeightDecay(Cell):
    """A weight-decay schedule Cell times the loss scale (applied to still-scaled gradients)."""

    def __init__(self, schedule, loss_scale):
        super().__init__()
        self.weight_decay = schedule
        self.loss_scale = _F32(loss_scale)

    def construct(self, global_step):
        value = self.weight_decay(global_step)
        return value * self.loss_scale if self.loss_scale != 1 else value


def _new_cell_list(cells):
    """A CellList that keeps its items' Parameter names (no auto prefix), like MindSpore's."""
    cell_list = CellList.__new__(CellList)
    Cell.__init__(cell_list, auto_prefix=False)
    for index, cell in enumerate(cells):
        cell_list.insert_child_to_cell(str(index), cell)
    return cell_list


class Optimizer(Cell):
    """Base class of optimizers. It owns the parameter loop and the state; a subclass creates its state
    with `add_state` and implements `apply_single(gradient, parameter, state, lr)` (and, for step-wide
    values such as Adam's bias correction, `begin_step()`)."""

    # L2 weight decay added to the gradient; decoupled-decay optimizers (AdamWeightDecay, Lamb) opt out.
    _l2_decay = True

    def __init__(self, learning_rate, parameters, weight_decay=0.0, loss_scale=1.0):
        super().__init__(auto_prefix=False)
        parameters = self._parameters_list(parameters)
        if isinstance(loss_scale, int) and not isinstance(loss_scale, bool):
            loss_scale = float(loss_scale)
        if not isinstance(loss_scale, float) or loss_scale <= 0:
            raise ValueError(f"For '{self.cls_name}', the 'loss_scale' must be a positive float, but got "
                             f"{loss_scale!r}.")
        self.loss_scale = loss_scale
        self.need_scale = loss_scale != 1.0
        self.dynamic_lr = False
        self.dynamic_weight_decay = False
        self._decay_schedules = ()
        self.is_group = False
        self.is_group_lr = False
        self.is_group_params_ordered = False
        self.global_step = Parameter(Tensor([0], mstype.int32), name="global_step")
        learning_rate = self._preprocess_lr(learning_rate)
        if isinstance(parameters[0], dict):
            self.is_group = True
            self._init_groups(parameters, learning_rate, weight_decay)
        else:
            self._init_single(parameters, learning_rate, weight_decay)
        for param in self.parameters:
            self._params[param.name] = param
        self.param_length = len(self.parameters)
        # One dict per parameter: its state Parameters by attribute name, and its decoupled weight decay.
        self._states = [{"weight_decay": decay} for decay in self._decays]
        self._sparse_rows = {}  # id(parameter) -> rows of the row-sparse gradients of the current step

    def add_state(self, attribute, prefix, init="zeros"):
        """One state Parameter per parameter, like it and named `<prefix>.<parameter name>` as MindSpore names
        them, initialised by `init`; kept as the ParameterTuple `self.<attribute>`, registered with this
        Cell, and found as `state[attribute]` in `apply_single`. Returns the ParameterTuple."""
        states = self.parameters.clone(prefix=prefix, init=init)
        setattr(self, attribute, states)
        for row, state in zip(self._states, states):
            row[attribute] = state
            self._params[state.name] = state
        return states

    # --- construction -------------------------------------------------------------------------
    def _parameters_list(self, parameters):
        if isinstance(parameters, (Parameter, Tensor)) or not isinstance(parameters, Iterable):
            raise TypeError(f"For '{self.cls_name}', the argument 'params' must be a list of Parameters or of "
                            f"group dicts, but got {type(parameters).__name__}.")
        parameters = list(parameters)
        if not parameters:
            raise ValueError("For 'Optimizer', the argument parameters must not be empty.")
        if not all(isinstance(p, Parameter) for p in parameters) and \
                not all(isinstance(p, dict) for p in parameters):
            raise TypeError("For 'Optimizer', all elements of the argument 'parameters' must be 'Parameter' or "
                            "'dict', please check the 'parameters'.")
        return parameters

    def _preprocess_lr(self, learning_rate):
        """A float, a float32 Tensor (0-d or 1-d) or a LearningRateSchedule; marks dynamic rates."""
        if isinstance(learning_rate, bool):
            raise TypeError(f"For '{self.cls_name}', the 'learning_rate' must be float, list, Tensor or "
                            "LearningRateSchedule, but got bool.")
        if isinstance(learning_rate, (int, float)):
            learning_rate = float(learning_rate)
            if learning_rate < 0:
                raise ValueError(f"For '{self.cls_name}', the 'learning rate' must be float and must >= 0, but got "
                                 f"'{learning_rate}' with type 'float'.")
            return learning_rate
        if isinstance(learning_rate, (list, tuple)):
            learning_rate = Tensor(learning_rate, mstype.float32)
        if isinstance(learning_rate, Tensor):
            array = learning_rate._data
            if array.ndim > 1 or array.dtype.kind != "f":
                raise ValueError(f"For '{self.cls_name}', a Tensor 'learning_rate' must be a 0-d or 1-d float "
                                 f"Tensor, but got shape {array.shape} and dtype {learning_rate.dtype}.")
            if array.ndim == 1:
                if array.shape[0] == 0:
                    raise ValueError(f"For '{self.cls_name}', the 'learning_rate' schedule must not be empty.")
                self.dynamic_lr = True
                return wrap(array.astype(_FLOAT32))
            return float(array)
        if isinstance(learning_rate, LearningRateSchedule):
            self.dynamic_lr = True
            return learning_rate
        raise TypeError(f"For '{self.cls_name}', the 'learning_rate' must be float, list, Tensor or "
                        f"LearningRateSchedule, but got {type(learning_rate).__name__}.")

    def _build_lr(self, learning_rate, name):
        """A fixed rate becomes a float32 Parameter (a cell when any rate is dynamic); lists an iterator."""
        if isinstance(learning_rate, float):
            param = Parameter(Tensor(learning_rate, mstype.float32), name=name)
            return _ConvertToCell(param) if self.dynamic_lr else param
        if isinstance(learning_rate, Tensor):
            return _IteratorLearningRate(learning_rate, name)
        return learning_rate

    def _preprocess_weight_decay(self, weight_decay):
        """A float times the loss scale (the gradients it is added to are still scaled), or a schedule Cell
        (a dynamic weight decay, evaluated at each step and scaled likewise)."""
        if isinstance(weight_decay, Cell):
            self.dynamic_weight_decay = True
            return _ScaledWeightDecay(weight_decay, self.loss_scale)
        if isinstance(weight_decay, bool) or not isinstance(weight_decay, (int, float)):
            raise TypeError(f"For '{self.cls_name}', the argument 'weight_decay' must be int, float or Cell, but got "
                            f"{type(weight_decay).__name__}.")
        if weight_decay < 0:
            raise ValueError(f"For '{self.cls_name}', the argument 'weight_decay' must be a non-negative float, but "
                             f"got {weight_decay!r}.")
        return float(weight_decay) * self.loss_scale

    def _init_single(self, parameters, learning_rate, weight_decay):
        weight_decay = self._preprocess_weight_decay(weight_decay)
        self.learning_rate = self._build_lr(learning_rate, "learning_rate")
        self.parameters = ParameterTuple(parameters)
        # MindSpore keeps BatchNorm/LayerNorm scale and shift ('gamma', 'beta') out of the decay.
        self.decay_flags = tuple("beta" not in p.name and "gamma" not in p.name for p in self.parameters)
        if isinstance(weight_decay, Cell):
            self.weight_decay = weight_decay
            self._decay_schedules = [weight_decay if flag else None for flag in self.decay_flags]
            self._decays = [None] * len(self.decay_flags)
            self.exec_weight_decay = True
            return
        self.weight_decay = Tensor(weight_decay, mstype.float32)
        # No decay term at all when weight_decay is 0: adding 0·w would cost two passes per step.
        self._decays = [_F32(weight_decay) if flag and weight_decay > 0 else None for flag in self.decay_flags]
        self.exec_weight_decay = weight_decay > 0

    def _init_groups(self, groups, learning_rate, weight_decay):
        ordered = None
        for group in groups:
            if "order_params" in group:
                if len(group) > 1:
                    raise ValueError("For 'Optimizer', the order params dict in group parameters should only "
                                     f"include the 'order_params' key, but got {group.keys()}.")
                ordered = list(group["order_params"])
                self.is_group_params_ordered = True
                continue
            unknown = [key for key in group if key not in _GROUP_KEYS]
            if unknown:
                raise TypeError(f"For '{self.cls_name}', unknown keys {unknown} in a parameter group; the keys "
                                f"must be in {list(_GROUP_KEYS) + ['order_params']}.")
            if "lr" in group:
                self.is_group_lr = True
                self._preprocess_lr(group["lr"])
        default_lr = self._build_lr(learning_rate, "learning_rate")
        params, lrs, decays, seen = [], [], [], set()
        for number, group in enumerate(groups):
            if "order_params" in group:
                continue
            members = self._parameters_list(group["params"])
            lr = default_lr
            if "lr" in group:
                lr = self._build_lr(self._preprocess_lr(group["lr"]), f"learning_rate_group_{number}")
            decay = self._preprocess_weight_decay(group.get("weight_decay", weight_decay))
            for param in members:
                if not isinstance(param, Parameter):
                    raise TypeError(f"For '{self.cls_name}', the elements of a group's 'params' must be "
                                    f"Parameters, but got {type(param).__name__}.")
                if param.name in seen:
                    raise RuntimeError(f"For 'Optimizer', the {param.name} parameter already exists, it does not "
                                       "support repeated setting. Please check whether the optimizer parameter "
                                       "has been set multiple times.")
                seen.add(param.name)
                params.append(param)
                lrs.append(lr)
                decays.append(decay)
        if ordered:
            if len(ordered) != len(params):
                raise ValueError("For 'Optimizer',the length of order parameters must be the same as the length "
                                 f"of group parameters, but got order parameters' length {len(ordered)}, group "
                                 f"parameters' length {len(params)}.")
            position = {p.name: i for i, p in enumerate(params)}
            order = [position[p.name] for p in ordered]
            params, lrs, decays = ([items[i] for i in order] for items in (params, lrs, decays))
        if self.is_group_lr:
            if self.dynamic_lr:
                self.learning_rate = _new_cell_list(lrs)
            else:
                self._group_lr_params = ParameterTuple(dict((id(p), p) for p in lrs).values())
                for param in self._group_lr_params:
                    self._params[param.name] = param
                self.__dict__["learning_rate"] = tuple(lrs)
        else:
            self.learning_rate = default_lr
        self.parameters = ParameterTuple(params)
        # Inside groups there is no gamma/beta filter: a positive (or scheduled) group weight decay applies to all.
        dynamic = [isinstance(decay, Cell) for decay in decays]
        self.decay_flags = tuple(flag or decay > 0 for decay, flag in zip(decays, dynamic))
        self.weight_decay = tuple(decay if flag else Tensor(decay, mstype.float32)
                                  for decay, flag in zip(decays, dynamic))
        self._decays = [None if flag else _F32(decay) if decay > 0 else None for decay, flag in zip(decays, dynamic)]
        if any(dynamic):
            self._decay_schedules = [decay if flag else None for decay, flag in zip(decays, dynamic)]
        self.exec_weight_decay = any(self.decay_flags)

    # --- per-step helpers ---------------------------------------------------------------------
    def get_lr(self):
        """The learning rate of the current step (a tuple, one per parameter, for group rates)."""
        if not self.dynamic_lr:
            return self.learning_rate
        step = self.global_step
        if self.is_group_lr:
            return tuple(cell(step).reshape(()) for cell in self.learning_rate)
        return self.learning_rate(step).reshape(())

    def get_weight_decay(self):
        """The weight decay of the current step (a tuple for groups; schedules evaluated at global_step)."""
        if not self.dynamic_weight_decay:
            return self.weight_decay
        if isinstance(self.weight_decay, tuple):
            return tuple(decay(self.global_step) if isinstance(decay, Cell) else decay for decay in self.weight_decay)
        return self.weight_decay(self.global_step)

    def _step_decays(self):
        """This step's weight decay per parameter (float32, or None for none), schedules evaluated now."""
        decays = list(self._decays)
        for index, schedule in enumerate(self._decay_schedules):
            if schedule is not None:
                decays[index] = _F32(float(schedule(self.global_step).reshape(())))
        return decays

    def _current_lrs(self):
        """One float32 rate per parameter for this step (a host scalar on the CPU, a 0-d array on a GPU)."""
        lr = self.get_lr()
        if isinstance(lr, tuple):
            return [item._data[()] for item in lr]
        return [lr._data[()]] * self.param_length

    def _prepare_grads(self, gradients):
        """Checked gradients (in the parameters' dtypes) with L2 weight decay added and the loss scale
        divided out (new Tensors: the caller's gradients are left alone)."""
        n = self.param_length
        if not isinstance(gradients, tuple):
            raise TypeError(f"For '{self.cls_name}', the gradients must be a tuple of {n} Tensors in the order "
                            f"of 'optimizer.parameters', but got {type(gradients).__name__}.")
        if len(gradients) != n:
            raise ValueError(f"For '{self.cls_name}', the gradients must be a tuple of {n} Tensors (one per "
                             f"parameter), but got {len(gradients)}.")
        grads = []
        self._sparse_rows = {}
        for index, (grad, param) in enumerate(zip(gradients, self.parameters)):
            if is_row_sparse(grad):
                g, rows = self._dense_from_rows(grad, param, index)
                self._sparse_rows[id(param)] = rows
                grads.append(g * _F32(1.0 / self.loss_scale) if self.need_scale else g)
                continue
            if not isinstance(grad, Tensor):
                raise TypeError(f"For '{self.cls_name}', gradients[{index}] must be a Tensor, but got "
                                f"{type(grad).__name__}.")
            g, p = grad._data, param._data
            if g.shape != p.shape:
                raise ValueError(f"For '{self.cls_name}', gradients[{index}] must have the shape of parameter "
                                 f"'{param.name}' {param.shape}, but got {grad.shape}.")
            if g.dtype != p.dtype:
                grad = E.cast(grad, dtype=p.dtype)
            decay = self._decays[index]
            if decay is not None and self._l2_decay:
                grad = E.add(grad, E.mul(param, decay))
            if self.need_scale:
                grad = E.mul(grad, _F32(1.0 / self.loss_scale))
            grads.append(grad)
        return grads

    def _dense_from_rows(self, grad, param, index):
        """A row-sparse gradient (RowTensor: indices, values, dense_shape) as a dense Tensor with the weight
        decay added at its rows only (as MindSpore decays a RowTensor), and its distinct rows (an array)."""
        rows = grad.indices._data if isinstance(grad.indices, Tensor) else grad.indices
        values = grad.values._data if isinstance(grad.values, Tensor) else grad.values
        xp = backend_of(param._data).xp
        rows, values = xp.asarray(rows).reshape(-1), xp.asarray(values).astype(param._data.dtype, copy=False)
        if tuple(grad.dense_shape) != param.shape or values.shape != rows.shape + param.shape[1:]:
            raise ValueError(f"For '{self.cls_name}', gradients[{index}] is a row-sparse gradient of dense shape "
                             f"{tuple(grad.dense_shape)} with values {values.shape} for parameter '{param.name}' "
                             f"{param.shape}: they must match.")
        dense = xp.zeros(param.shape, dtype=param._data.dtype)
        xp.add.at(dense, rows, values)
        distinct = xp.unique(rows)
        decay = self._decays[index]
        if decay is not None and self._l2_decay:
            dense[distinct] += decay * param._data[distinct]
        return wrap(dense), distinct

    def construct(self, gradients):
        if self.dynamic_weight_decay:
            self._decays = self._step_decays()
            for row, decay in zip(self._states, self._decays):
                row["weight_decay"] = decay
        grads = self._prepare_grads(gradients)
        lrs = self._current_lrs()
        scale_add(self.global_step, 1, 1, 1)
        self.begin_step()
        apply_single = self.apply_single
        for param, grad, lr, state in zip(self.parameters, grads, lrs, self._states):
            apply_single(grad, param, state, lr)
        return (True,) * self.param_length

    def begin_step(self):
        """Step-wide work before the parameter loop (global_step has advanced): none by default."""

    def apply_single(self, gradient, parameter, state, lr):
        """Update `parameter` in place from its prepared `gradient`, its `state` dict and its float32 rate."""
        raise NotImplementedError(f"For '{self.cls_name}', the method 'apply_single' is not defined.")
