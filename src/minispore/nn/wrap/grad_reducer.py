"""`nn.DistributedGradReducer`: data-parallel gradient averaging in large flat buckets, and the
parameter broadcast that starts data-parallel training from rank 0's weights.

Gradients are copied into a few contiguous float32 buffers and each buffer is reduced with one
AllReduce (as PyTorch's DDP does), instead of one collective per parameter: each collective costs a
header exchange and a latency, so a network of 60 parameters pays it a handful of times, not 60.
"""
import math

from minispore._backend import backend_of
from minispore.common.parameter import Parameter
from minispore.common.tensor import Tensor, wrap
from minispore.communication.management import GlobalComm, _get_group, get_group_size
from minispore.nn.cell import Cell
from minispore.ops._prims.comm import all_reduce, broadcast

__all__ = ["DistributedGradReducer", "broadcast_parameters"]

# Bucket size when comm_fusion's allreduce mode is 'auto'.
_AUTO_BUCKET_MB = 64


def _plan_buckets(sizes, plan):
    """Lists of gradient indices, one list per all-reduce, from the auto-parallel fusion setting."""
    mode, config = plan
    indices = list(range(len(sizes)))
    if not indices:
        return []
    if mode == "none":
        return [[i] for i in indices]
    if mode == "index":
        # MindSpore's split indices: gradient i joins the next bucket once i passes a split index.
        buckets, current, splits = [], [], list(config)
        for i in indices:
            current.append(i)
            if splits and i >= splits[0]:
                buckets.append(current)
                current = []
                splits.pop(0)
        return buckets + ([current] if current else [])
    cap = (config if mode == "size" else _AUTO_BUCKET_MB) * 1024 * 1024 // 4
    buckets, current, filled = [], [], 0
    for i in indices:
        if current and filled + sizes[i] > cap:
            buckets.append(current)
            current, filled = [], 0
        current.append(i)
        filled += sizes[i]
    return buckets + [current]


class DistributedGradReducer(Cell):
    """All-reduce (and average, when `mean`) the gradients of `parameters` over the group, bucketed.

    Args:
        parameters (list): the parameters the gradients belong to, in the same order.
        mean (bool): divide by `degree` after the sum; None reads `gradients_mean` from the parallel context.
        degree (int): the divisor; None means the group's size.
        fusion_type (int): accepted for MindSpore's signature; buckets come from `comm_fusion` /
            `all_reduce_fusion_config` in the parallel context (64 MB buckets by default).
        group (str): the communication group.
    """

    def __init__(self, parameters, mean=None, degree=None, fusion_type=1, group=GlobalComm.WORLD_COMM_GROUP):
        super().__init__(auto_prefix=False)
        from minispore.parallel._auto_parallel_context import _fusion_plan, _get_gradients_mean
        self.mean = _get_gradients_mean() if mean is None else mean
        if degree is None:
            degree = get_group_size(group)
        elif isinstance(degree, bool) or not isinstance(degree, int) or degree <= 0:
            raise ValueError("For 'DistributedGradReducer', parameter 'degree' in DistributedGradReducer should "
                             f"large than 0 and be int, degree: {degree}.")
        self.degree = degree
        self.group = group
        if isinstance(parameters, Tensor) or not hasattr(parameters, "__iter__"):
            raise TypeError(f"For 'DistributedGradReducer', the 'parameters' must be an iterable of Parameters, "
                            f"but got {type(parameters).__name__}.")
        parameters = list(parameters)
        for position, param in enumerate(parameters):
            if not isinstance(param, Parameter):
                raise TypeError(f"For 'DistributedGradReducer', every element of 'parameters' must be a Parameter, "
                                f"but element {position} is {type(param).__name__}.")
        self._shapes = [tuple(p.shape) for p in parameters]
        self.allreduce_filter = tuple(not p.layerwise_parallel for p in parameters)
        reduced = [i for i, keep in enumerate(self.allreduce_filter) if keep]
        sizes = [math.prod(self._shapes[i]) for i in reduced]
        self._buckets = [[reduced[j] for j in bucket] for bucket in _plan_buckets(sizes, _fusion_plan())]

    @property
    def buckets(self):
        """The gradient indices reduced together, one list per all-reduce."""
        return [list(b) for b in self._buckets]

    def construct(self, grads):
        """The reduced gradients, in the order and dtypes given (reduced in float32, as MindSpore does)."""
        single = isinstance(grads, Tensor)
        grads = (grads,) if single else tuple(grads)
        if len(grads) != len(self._shapes):
            raise ValueError(f"For 'DistributedGradReducer', expected {len(self._shapes)} gradients (one per "
                             f"parameter), but got {len(grads)}.")
        out = list(grads)
        group = _get_group(self.group)
        if get_group_size(group) == 1 and self._buckets:
            # A world of one: the sum is the gradient itself; only the mean's scaling remains.
            if self.mean:
                for i in (i for bucket in self._buckets for i in bucket):
                    array = grads[i]._data
                    xp = backend_of(array).xp
                    scaled = array.astype(xp.float32) * xp.float32(1.0 / self.degree)
                    out[i] = wrap(scaled if scaled.dtype == array.dtype else scaled.astype(array.dtype))
            return out[0] if single else tuple(out)
        for bucket in self._buckets:
            arrays = [grads[i]._data for i in bucket]
            xp = backend_of(arrays[0]).xp
            flat = xp.empty(sum(a.size for a in arrays), xp.float32)
            offset = 0
            for i, array in zip(bucket, arrays):
                if array.shape != self._shapes[i]:
                    raise ValueError(f"For 'DistributedGradReducer', gradient {i} has shape {array.shape}, but its "
                                     f"parameter has shape {self._shapes[i]}.")
                flat[offset:offset + array.size] = array.reshape(-1)
                offset += array.size
            total = all_reduce(wrap(flat), op="sum", group=group)._data
            if self.mean:
                total *= xp.float32(1.0 / self.degree)
            offset = 0
            for i, array in zip(bucket, arrays):
                piece = total[offset:offset + array.size].reshape(array.shape)
                out[i] = wrap(piece if piece.dtype == array.dtype else piece.astype(array.dtype))
                offset += array.size
        return out[0] if single else tuple(out)


def broadcast_parameters(parameters, root=0, group=GlobalComm.WORLD_COMM_GROUP):
    """Overwrite `parameters` (except layerwise_parallel ones) with rank `root`'s values, one Broadcast per dtype."""
    by_dtype = {}
    for param in parameters:
        if not param.layerwise_parallel:
            by_dtype.setdefault(param._data.dtype, []).append(param)
    group = _get_group(group)
    for params in by_dtype.values():
        flat = backend_of(params[0]._data).xp.concatenate([p._data.reshape(-1) for p in params])
        flat = broadcast(wrap(flat), root=root, group=group)._data
        offset = 0
        for param in params:
            size = param._data.size
            param.set_data(wrap(flat[offset:offset + size].reshape(param._data.shape).copy()))
            offset += size
