"""`nn.RMSProp`: ms = decay·ms + (1−decay)·g²; mom = momentum·mom + lr·g/sqrt(ms + eps); w −= mom."""
from minispore.common import dtype as mstype
from minispore.nn.optim._checks import check_bool
from minispore.nn.optim.optimizer import Optimizer
from minispore.ops._prims import elementwise as E
from minispore.ops._prims.optim import assign_sub, scale_add

__all__ = ["RMSProp"]

_F32 = mstype.np_dtype(mstype.float32).type


class RMSProp(Optimizer):
    """RMSProp (centered: the denominator is sqrt(ms − mg² + eps) with mg the mean gradient)."""

    def __init__(self, params, learning_rate=0.1, decay=0.9, momentum=0.0, epsilon=1e-10, use_locking=False,
                 centered=False, loss_scale=1.0, weight_decay=0.0):
        super().__init__(learning_rate, params, weight_decay, loss_scale)
        for name, value in (("decay", decay), ("momentum", momentum), ("epsilon", epsilon)):
            if not isinstance(value, float):
                raise TypeError(f"For 'RMSProp', the type of '{name}' should be 'float', but got type "
                                f"'{type(value).__name__}'.")
        if decay < 0.0 or momentum < 0.0 or epsilon <= 0.0:
            raise ValueError("For 'RMSProp', 'decay' and 'momentum' must be >= 0.0 and 'epsilon' > 0.0, but got "
                             f"decay {decay}, momentum {momentum}, epsilon {epsilon}.")
        check_bool(use_locking, "use_locking", "RMSProp")
        check_bool(centered, "centered", "RMSProp")
        self.decay, self.momentum, self.epsilon = _F32(decay), _F32(momentum), _F32(epsilon)
        self.use_locking, self.centered = use_locking, centered
        if centered:
            self.add_state("mg", "mean_grad", "zeros")
        self.add_state("ms", "mean_square", "ones")
        self.add_state("moment", "moment", "zeros")

    def apply_single(self, gradient, parameter, state, lr):
        decay, keep = self.decay, _F32(1) - self.decay
        ms, moment = state["ms"], state["moment"]
        scale_add(ms, gradient, decay, keep, square=True)
        denominator = ms
        if self.centered:
            mg = state["mg"]
            scale_add(mg, gradient, decay, keep)
            denominator = E.sub(ms, E.mul(mg, mg))
        scale_add(moment, E.div(E.mul(gradient, lr), E.sqrt(E.add(denominator, self.epsilon))), self.momentum, 1)
        assign_sub(parameter, moment)
