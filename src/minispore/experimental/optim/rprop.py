"""`experimental.optim.Rprop`: resilient backpropagation over parameter groups — each element's step size grows
by etas[1] while the gradient keeps its sign and shrinks by etas[0] when it flips (within step_sizes; the
gradient is then taken as 0), and w −= sign(g)·step. Step sizes start at lr."""
from minispore import ops
from minispore.common import dtype as mstype
from minispore.common.parameter import Parameter
from minispore.common.tensor import Tensor
from minispore.experimental.optim.optimizer import Optimizer, check_float_range, check_not_less_than_without_equal
from minispore.ops._prims import elementwise as E
from minispore.ops._prims.inplace import assign

__all__ = ["Rprop"]


class Rprop(Optimizer):
    """Rprop over parameter groups; `optimizer(gradients)` updates the parameters and returns True."""

    def __init__(self, params, lr=1e-2, etas=(0.5, 1.2), step_sizes=(1e-6, 50), *, maximize=False):
        check_not_less_than_without_equal(lr, "lr", self.cls_name)
        check_not_less_than_without_equal(etas[1], "etas[1]", self.cls_name, 1.0)
        if not isinstance(etas[0], float) or isinstance(etas[0], bool):
            raise TypeError(f"For 'Rprop', the 'etas[0]' must be 'float',  but got '{type(etas[0]).__name__}'.")
        if not 0.0 < etas[0] < 1.0:
            raise ValueError(f"For 'Rprop', the 'etas[0]' must be in range of (0.0, 1.0), but got {etas[0]} with "
                             "type 'float'.")
        defaults = {"lr": lr, "etas": etas, "step_sizes": step_sizes, "maximize": maximize}
        super().__init__(params, defaults)
        self._new_state("prev", "prev")
        self._new_state("step_size", "step_size")
        self.step_t = Parameter(Tensor(0, mstype.int32), "step_t")

    def construct(self, gradients):
        self._check_gradients(gradients)
        self._increment(self.step_t)
        first = int(self.step_t) == 1
        for group_id, group in enumerate(self.param_groups):
            lr = self._group_lr(group_id)
            etaminus, etaplus = (Tensor(eta, mstype.float32) for eta in group["etas"])
            step_size_min, step_size_max = group["step_sizes"]
            grads = self._group_grads(gradients, group_id, group.get("maximize"))
            states = (self._group_slice(s, group_id) for s in (self.parameters, self.prev, self.step_size))
            for grad, param, prev, step_size in zip(grads, *states):
                size = ops.ones_like(step_size) * lr if first else step_size
                sign = E.sign(grad * prev)
                factor = E.where(E.greater(sign, 0.0), etaplus, E.where(E.less(sign, 0.0), etaminus,
                                                                         Tensor(1.0, mstype.float32)))
                clipped = ops.clamp(size * factor, step_size_min, step_size_max)
                assign(step_size, clipped)
                update = E.where(E.equal(factor, etaminus), ops.zeros_like(grad), grad)
                assign(prev, update)
                assign(param, param - E.sign(update) * clipped)
        return True
