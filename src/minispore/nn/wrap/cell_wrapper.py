"""`nn.WithLossCell`, `nn.WithEvalCell` and `nn.TrainOneStepCell`: a network joined to its loss and
optimizer for one training step."""
from minispore._autodiff.api import value_and_grad
from minispore.common import dtype as mstype
from minispore.nn.cell import Cell
from minispore.nn.layer.basic import Identity
from minispore.nn.wrap.grad_reducer import DistributedGradReducer, broadcast_parameters
from minispore.ops._prims import elementwise as E
from minispore.ops.function.math_func import cast
from minispore.parallel._auto_parallel_context import (_get_device_num, _get_gradients_mean, _get_parameter_broadcast,
                                                       _is_data_parallel)

__all__ = ["WithLossCell", "WithEvalCell", "TrainOneStepCell"]


def _check_cell(value, name, owner):
    if not isinstance(value, Cell):
        raise TypeError(f"For '{owner}', the '{name}' must be a Cell, but got {type(value).__name__}.")


class WithLossCell(Cell):
    """construct(data, label) = loss_fn(backbone(data), label)."""

    def __init__(self, backbone, loss_fn):
        super().__init__(auto_prefix=False)
        _check_cell(backbone, "backbone", "WithLossCell")
        _check_cell(loss_fn, "loss_fn", "WithLossCell")
        self._backbone = backbone
        self._loss_fn = loss_fn

    @property
    def backbone_network(self):
        """The wrapped backbone network."""
        return self._backbone

    def construct(self, data, label):
        return self._loss_fn(self._backbone(data), label)


class WithEvalCell(Cell):
    """construct(data, label) = (loss, outputs, label), outputs and label cast to float32 if asked."""

    def __init__(self, network, loss_fn, add_cast_fp32=False):
        super().__init__(auto_prefix=False)
        _check_cell(network, "network", "WithEvalCell")
        _check_cell(loss_fn, "loss_fn", "WithEvalCell")
        self._network = network
        self._loss_fn = loss_fn
        self.add_cast_fp32 = bool(add_cast_fp32)

    def construct(self, data, label):
        outputs = self._network(data)
        if self.add_cast_fp32:
            # MindSpore's mixed_precision_cast: floating labels only (class indices stay integers).
            if mstype.is_float(label._data.dtype):
                label = cast(label, mstype.float32)
            outputs = cast(outputs, mstype.float32)
        return self._loss_fn(outputs, label), outputs, label


class TrainOneStepCell(Cell):
    """One call: forward and backward w.r.t. `optimizer.parameters`, then the optimizer step; returns the
    loss computed before the update (with `return_grad`, also a dict of gradients by parameter name).
    Does not switch the network to training mode.

    Under DATA_PARALLEL (or HYBRID_PARALLEL) the gradients pass through a DistributedGradReducer, and with
    `parameter_broadcast` every rank starts from rank 0's parameters at the first call."""

    def __init__(self, network, optimizer, sens=None, return_grad=False):
        super().__init__(auto_prefix=False)
        _check_cell(network, "network", "TrainOneStepCell")
        if not isinstance(optimizer, Cell) or not hasattr(optimizer, "parameters"):
            raise TypeError("For 'TrainOneStepCell', the 'optimizer' must be an optimizer Cell, but got "
                            f"{type(optimizer).__name__}.")
        if sens is not None and (isinstance(sens, bool) or not isinstance(sens, (int, float))):
            raise TypeError(f"For 'TrainOneStepCell', the 'sens' must be a float or None, but got {sens!r}.")
        self.network = network
        self.network.set_grad()
        self.optimizer = optimizer
        self.weights = optimizer.parameters
        self.sens = sens
        self.return_grad = return_grad
        self.grad_reducer = Identity()
        self.reducer_flag = _is_data_parallel()
        if self.reducer_flag:
            self.mean = _get_gradients_mean()
            self.degree = _get_device_num()
            self.grad_reducer = DistributedGradReducer(self.weights, self.mean, self.degree)
        self._broadcast_pending = self.reducer_flag and _get_parameter_broadcast()
        self._grad_fn = value_and_grad(self.network, None, self.weights)

    def _loss_and_grads(self, inputs, sens):
        """The loss and the gradients of sens·loss w.r.t. the optimizer's parameters."""
        loss, grads = self._grad_fn(*inputs)
        if sens is not None and sens != 1.0:
            grads = tuple(E.mul(g, g._data.dtype.type(sens)) for g in grads)
        return loss, grads

    def _broadcast_once(self):
        """MindSpore broadcasts a data-parallel network's parameters when it first compiles it: at the first call."""
        self._broadcast_pending = False
        broadcast_parameters(self.get_parameters())

    def construct(self, *inputs):
        if self._broadcast_pending:
            self._broadcast_once()
        loss, grads = self._loss_and_grads(inputs, self.sens)
        grads = self.grad_reducer(grads)
        self.optimizer(grads)
        if self.return_grad:
            return loss, {param.name: grad for param, grad in zip(self.weights, grads)}
        return loss
