"""`nn.Adagrad`: accum += g²; w −= lr·g/sqrt(accum)."""
from minispore.nn.optim._checks import check_bool
from minispore.nn.optim.optimizer import Optimizer
from minispore.ops._prims import elementwise as E
from minispore.ops._prims.optim import assign_sub, scale_add

__all__ = ["Adagrad"]


class Adagrad(Optimizer):
    """Adagrad with the accumulator initialised to `accum`; update_slots=False freezes it."""

    def __init__(self, params, accum=0.1, learning_rate=0.001, update_slots=True, loss_scale=1.0,
                 weight_decay=0.0):
        super().__init__(learning_rate, params, weight_decay, loss_scale)
        if isinstance(accum, bool) or not isinstance(accum, (int, float)) or accum < 0:
            raise ValueError(f"For 'Adagrad', the 'accum' must be a non-negative float, but got {accum!r}.")
        check_bool(update_slots, "update_slots", "Adagrad")
        self.update_slots = update_slots
        self.add_state("accum", "accum", float(accum))

    def apply_single(self, gradient, parameter, state, lr):
        accum = state["accum"]
        if self.update_slots:
            scale_add(accum, gradient, 1, 1, square=True)
        assign_sub(parameter, E.div(E.mul(gradient, lr), E.sqrt(accum)))
