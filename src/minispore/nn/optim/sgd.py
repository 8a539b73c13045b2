"""`nn.SGD`: stochastic gradient descent with optional momentum, dampening and Nesterov."""
from minispore.common import dtype as mstype
from minispore.common.parameter import Parameter
from minispore.common.tensor import Tensor
from minispore.nn.cell import Cell
from minispore.nn.optim.optimizer import Optimizer
from minispore.ops._prims import elementwise as E
from minispore.ops._prims.inplace import assign
from minispore.ops._prims.optim import apply_gradient_descent, scale_add

__all__ = ["SGD"]

_F32 = mstype.np_dtype(mstype.float32).type


def _as_float(value, name, cls_name):
    if isinstance(value, int) and not isinstance(value, bool):
        value = float(value)
    if not isinstance(value, float):
        raise TypeError(f"For '{cls_name}', the argument '{name}' must be float type, but got {type(value)}.")
    if value < 0.0:
        raise ValueError(f"For '{cls_name}', the argument '{name}' must be at least 0.0, but got {value}.")
    return value


class SGD(Optimizer):
    """w −= lr·v with v = g on the first step, then v = momentum·v + (1 − dampening)·g."""

    def __init__(self, params, learning_rate=0.1, momentum=0.0, dampening=0.0, weight_decay=0.0, nesterov=False,
                 loss_scale=1.0):
        params = list(params) if not isinstance(params, (Tensor, dict)) and hasattr(params, "__iter__") else params
        group_decays = [g.get("weight_decay") for g in params if isinstance(g, dict)] if isinstance(params, list) else []
        if isinstance(weight_decay, Cell) or any(isinstance(d, Cell) for d in group_decays):
            raise TypeError("For 'SGD', dynamic weight decay is currently not supported, the argument 'weight_decay' "
                            "or 'weight_decay' set in grouped 'params' must be float or int type.")
        super().__init__(learning_rate, params, weight_decay, loss_scale)
        momentum = _as_float(momentum, "momentum", "SGD")
        self.dampening = _as_float(dampening, "dampening", "SGD")
        if not isinstance(nesterov, bool):
            raise TypeError(f"For 'SGD', the 'nesterov' must be bool, but got {type(nesterov).__name__}.")
        if nesterov and (momentum <= 0.0 or self.dampening != 0.0):
            raise ValueError("For 'SGD', if 'nesterov' is true, 'momentum' must be > 0.0 and 'dampening' must "
                             f"equal to 0.0, but got 'momentum' {momentum}, 'dampening' {self.dampening}.")
        self.nesterov = nesterov
        self.momentum = Parameter(Tensor(momentum, mstype.float32), name="momentum")
        self.add_state("accum", "accum", "zeros")
        # stat is 1 until a parameter's first momentum step, which then takes the plain gradient.
        self.add_state("stat", "stat", "ones")
        self._keep = _F32(1.0) - _F32(self.dampening)

    def begin_step(self):
        self._momentum = self.momentum._data[()]

    def apply_single(self, gradient, parameter, state, lr):
        momentum = self._momentum
        if momentum == 0:
            apply_gradient_descent(parameter, lr, gradient)
            return
        accum, stat = state["accum"], state["stat"]
        if stat._data.reshape(-1)[0] > 0:
            assign(accum, gradient)
        else:
            scale_add(accum, gradient, momentum, self._keep)
        step = E.add(gradient, E.mul(accum, momentum)) if self.nesterov else accum
        assign(stat, 0)
        apply_gradient_descent(parameter, lr, step)
