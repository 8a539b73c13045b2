"""Samples for the collectives: in a world of one process (init() in this process), every collective is
a function of its own input, so finite differences check the rules; tests/communication checks them
across two processes."""
import pytest

import minispore.ops._prims.comm  # noqa: F401  (registers the collectives in the primitive table)
from tests.ops.samples import Sample

WORLD = "mccl_world_group"


def _world_of_one():
    try:
        import mpi4py  # noqa: F401
    except ImportError:
        pytest.skip("mpi4py is not installed (pip install 'minispore[dist]')")
    from minispore.communication import init
    init()


def _send_then_receive(op, args, attrs):
    from minispore.ops._prims.comm import receive
    token = op(*args, **attrs)
    return receive(token, sr_tag=attrs["sr_tag"], src_rank=0, shape=args[0].shape, dtype=args[0]._data.dtype,
                   group=WORLD)


def _receive_from_send(op, args, attrs):
    from minispore.ops._prims.comm import send
    return op(send(args[0], sr_tag=attrs["sr_tag"], dest_rank=0, group=WORLD), **attrs)


def _comm(*inputs, **kw):
    return Sample(*inputs, setup=_world_of_one, **kw)


_REDUCTIONS = [dict(op=op, group=WORLD) for op in ("sum", "max", "min", "prod", "avg")]
SAMPLES = {
    "all_reduce": [_comm((3, 4), attrs=a, domain=(0.3, 2.0)) for a in _REDUCTIONS],
    "all_gather": [_comm((3, 4), attrs=dict(group=WORLD)), _comm((2,), attrs=dict(group=WORLD))],
    "reduce_scatter": [_comm((4, 3), attrs=a, domain=(0.3, 2.0)) for a in _REDUCTIONS],
    "broadcast": [_comm((3, 4), attrs=dict(root=0, group=WORLD)), _comm((), attrs=dict(root=0, group=WORLD))],
    "reduce": [_comm((3, 4), attrs=dict(op="sum", root=0, group=WORLD))],
    "all_to_all": [_comm((2, 3, 4), attrs=dict(split_count=1, split_dim=0, concat_dim=2, group=WORLD))],
    "send": [_comm((3, 4), attrs=dict(sr_tag=5, dest_rank=0, group=WORLD), call=_send_then_receive,
                   second_order=False)],
    "receive": [_comm((3, 4), attrs=dict(sr_tag=6, src_rank=0, shape=(3, 4), dtype="float64", group=WORLD),
                      call=_receive_from_send, second_order=False)],
}
