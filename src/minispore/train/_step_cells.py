"""The training and evaluation Cells Model builds when nn's wrapper cells are not available."""
from minispore.nn.cell import Cell


class TrainStep(Cell):
    """One optimizer step: loss = loss_fn(network(*data), label) (or network(*inputs) without loss_fn)."""

    def __init__(self, network, loss_fn, optimizer):
        super().__init__(auto_prefix=False)
        self.network = network
        self.loss_fn = loss_fn
        self.optimizer = optimizer
        from minispore._autodiff.api import value_and_grad
        self._value_and_grad = value_and_grad(self._forward, None, weights=optimizer.parameters)

    def _forward(self, *inputs):
        if self.loss_fn is None:
            return self.network(*inputs)
        return self.loss_fn(self.network(*inputs[:-1]), inputs[-1])

    def construct(self, *inputs):
        loss, grads = self._value_and_grad(*inputs)
        self.optimizer(grads)
        return loss


class EvalStep(Cell):
    """(loss, outputs, label) for a batch, as MindSpore's WithEvalCell returns them."""

    def __init__(self, network, loss_fn):
        super().__init__(auto_prefix=False)
        self._network = network
        self._loss_fn = loss_fn

    def construct(self, *inputs):
        outputs = self._network(*inputs[:-1])
        label = inputs[-1]
        return self._loss_fn(outputs, label), outputs, label
