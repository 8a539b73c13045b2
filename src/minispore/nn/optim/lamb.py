"""`nn.Lamb`: layer-wise adaptive Adam (MindSpore 2.10 has no CPU kernel for it; math per its docs)."""
import numpy as np

from minispore.nn.optim._checks import check_betas_eps
from minispore.nn.optim.optimizer import Optimizer

__all__ = ["Lamb"]

_F32 = np.float32


class Lamb(Optimizer):
    """r = m̂/(sqrt(v̂)+eps) + wd·w; w −= lr·(‖w‖/‖r‖)·r (trust ratio 1 where a norm is zero)."""

    _l2_decay = False

    def __init__(self, params, learning_rate, beta1=0.9, beta2=0.999, eps=1e-6, weight_decay=0.0):
        super().__init__(learning_rate, params, weight_decay)
        check_betas_eps(beta1, beta2, eps, "Lamb")
        self.beta1, self.beta2, self.eps = _F32(beta1), _F32(beta2), _F32(eps)
        self.moments1 = self.parameters.clone(prefix="lamb_m", init="zeros")
        self.moments2 = self.parameters.clone(prefix="lamb_v", init="zeros")
        for state in (*self.moments1, *self.moments2):
            self._params[state.name] = state

    def _apply(self, lrs, grads):
        step = _F32(self.global_step._data[0])
        beta1, beta2 = self.beta1, self.beta2
        bias1, bias2 = _F32(1) - beta1 ** step, _F32(1) - beta2 ** step
        for index, (param, lr, grad) in enumerate(zip(self.parameters, lrs, grads)):
            m, v = self.moments1[index]._data, self.moments2[index]._data
            m *= beta1
            m += (_F32(1) - beta1) * grad
            v *= beta2
            v += (_F32(1) - beta2) * np.square(grad)
            update = (m / bias1) / (np.sqrt(v / bias2) + self.eps)
            decay = self._decays[index]
            if decay is not None:
                update += decay * param._data
            w_norm = np.sqrt(np.sum(np.square(param._data)))
            r_norm = np.sqrt(np.sum(np.square(update)))
            trust = w_norm / r_norm if w_norm > 0 and r_norm > 0 else _F32(1)
            np.subtract(param._data, (lr * trust) * update, out=param._data)
