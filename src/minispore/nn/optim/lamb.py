"""`nn.Lamb`: layer-wise adaptive Adam (MindSpore 2.10 has no CPU kernel for it; math per its docs)."""
from minispore.common import dtype as mstype
from minispore.nn.optim._checks import check_betas_eps
from minispore.nn.optim.optimizer import Optimizer
from minispore.ops._prims import elementwise as E, reduce as R
from minispore.ops._prims.optim import assign_sub, scale_add

__all__ = ["Lamb"]

_F32 = mstype.np_dtype(mstype.float32).type


class Lamb(Optimizer):
    """r = m̂/(sqrt(v̂)+eps) + wd·w; w −= lr·(‖w‖/‖r‖)·r (trust ratio 1 where a norm is zero)."""

    _l2_decay = False

    def __init__(self, params, learning_rate, beta1=0.9, beta2=0.999, eps=1e-6, weight_decay=0.0):
        super().__init__(learning_rate, params, weight_decay)
        check_betas_eps(beta1, beta2, eps, "Lamb")
        self.beta1, self.beta2, self.eps = _F32(beta1), _F32(beta2), _F32(eps)
        self.add_state("moments1", "lamb_m", "zeros")
        self.add_state("moments2", "lamb_v", "zeros")

    def begin_step(self):
        step = _F32(self.global_step._data.reshape(-1)[0].item())
        self._bias1, self._bias2 = _F32(1) - self.beta1 ** step, _F32(1) - self.beta2 ** step

    def apply_single(self, gradient, parameter, state, lr):
        beta1, beta2 = self.beta1, self.beta2
        m, v = state["moments1"], state["moments2"]
        scale_add(m, gradient, beta1, _F32(1) - beta1)
        scale_add(v, gradient, beta2, _F32(1) - beta2, square=True)
        update = E.div(E.div(m, self._bias1), E.add(E.sqrt(E.div(v, self._bias2)), self.eps))
        decay = state["weight_decay"]
        if decay is not None:
            update = E.add(update, E.mul(parameter, decay))
        w_norm = E.sqrt(R.sum(E.mul(parameter, parameter), axis=None, keepdims=False))
        r_norm = E.sqrt(R.sum(E.mul(update, update), axis=None, keepdims=False))
        # The trust ratio ‖w‖/‖r‖, or 1 where either norm is zero.
        trust = E.div(w_norm, r_norm) if float(w_norm) > 0 and float(r_norm) > 0 else _F32(1)
        assign_sub(parameter, E.mul(update, E.mul(trust, lr)))
