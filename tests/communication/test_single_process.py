"""mindspore.communication in one process: a world of one after init(), clear errors before it."""
import json
import os
import subprocess
import sys

import numpy as np
import pytest

import minispore as ms
from minispore import Tensor, nn, ops
from minispore.communication import GlobalComm, comm_func, get_group_size, get_rank
from tests.communication.launch import environment, needs_mpi

GOLDEN = json.load(open(os.path.join(os.path.dirname(__file__), "..", "golden", "parallel.json")))


def _python(code, **env):
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
                          env=environment(**env))


def test_a_collective_before_init_is_a_clear_error():
    # MindSpore 2.10 crashes here (segmentation fault) or fails creating a kernel.
    run = _python("import numpy as np, minispore as ms\n"
                  "op = ms.ops.AllReduce()\nprint(op)\n"
                  "op(ms.Tensor(np.ones(3, np.float32)))")
    assert "Prim[AllReduce]<op=sum, group=hccl_world_group, fusion=0, index=0, no_eliminate=True>" in run.stdout
    assert "RuntimeError: For 'AllReduce', the communication service is not initialized: call " \
           "mindspore.communication.init() first" in run.stderr


def test_ranks_before_init_come_from_the_environment():
    run = _python("from minispore.communication import get_rank, get_group_size, get_local_rank, "
                  "get_local_rank_size, release\n"
                  "print(get_rank(), get_group_size(), get_local_rank(), get_local_rank_size())\n"
                  "release()", RANK_ID=3, RANK_SIZE=8, LOCAL_RANK=1, LOCAL_RANK_SIZE=4)
    assert run.stdout.split() == ["3", "8", "1", "4"]
    assert "RuntimeError: Distributed Communication has not been inited.You can't invoke this interface yet." \
        in run.stderr


def test_init_checks_the_backend_name():
    from minispore.communication import init
    with pytest.raises(TypeError, match="the argument 'backend_name' must be a string"):
        init(3)
    with pytest.raises(RuntimeError, match="should be 'mccl' to init 'CPU', but got 'hccl'"):
        init("hccl")
    with pytest.raises(RuntimeError, match="must be one of 'hccl', 'nccl' and 'mccl'"):
        init("gloo")


def test_without_mpi4py_init_names_the_extra():
    run = _python("import sys; sys.modules['mpi4py'] = None\n"
                  "from minispore.communication import init\ninit()")
    assert "pip install 'minispore[dist]'" in run.stderr


@pytest.fixture
def world():
    pytest.importorskip("mpi4py", reason="mpi4py is not installed (pip install 'minispore[dist]')")
    from minispore.communication import init
    init()
    return GlobalComm.WORLD_COMM_GROUP


@needs_mpi
def test_a_process_on_its_own_is_a_world_of_one(world):
    assert (GlobalComm.BACKEND, world, GlobalComm.INITED) == ("mccl", "mccl_world_group", True)
    assert get_rank() == 0 and get_group_size() == 1 and get_rank("hccl_world_group") == 0
    x = Tensor(np.arange(6, dtype=np.float32).reshape(2, 3))
    for op in ("sum", "max", "min", "prod", "avg"):
        np.testing.assert_array_equal(ops.AllReduce(op)(x).asnumpy(), x.asnumpy())
    np.testing.assert_array_equal(ops.AllGather()(x).asnumpy(), x.asnumpy())
    assert comm_func.all_reduce(x)[1] is None
    comm_func.barrier()


@needs_mpi
def test_primitive_reprs_and_argument_errors_are_mindspores(world):
    namespace = {"ops": ops, "ms": ms}
    for name, expected in GOLDEN["primitives"].items():
        code = expected["code"]
        if "value" in expected:  # the golden ran on 2 processes
            assert repr(eval(code, namespace)) == expected["value"].replace("rank_size=2", "rank_size=1"), name
        else:
            with pytest.raises(Exception) as info:
                eval(code, namespace)
            assert (type(info.value).__name__, str(info.value)) == (expected["error"], expected["message"]), name
    assert (ops.ReduceOp.SUM, ops.ReduceOp.MAX, ops.ReduceOp.MIN, ops.ReduceOp.PROD) == ("sum", "max", "min", "prod")


@needs_mpi
def test_bad_collective_input_is_refused_before_any_communication(world):
    with pytest.raises(TypeError, match="AllReduce cannot reduce a bool tensor"):
        ops.AllReduce()(Tensor(np.array([True, False])))
    with pytest.raises(ValueError, match="supports the reductions"):
        ops.AllReduce("mean")(Tensor(np.ones(2, np.float32)))
    with pytest.raises(ValueError, match="group 'nope' does not exist"):
        ops.AllReduce(group="nope")(Tensor(np.ones(2, np.float32)))
    with pytest.raises(ValueError, match="split_count must equal the group size 1"):
        ops.AlltoAll(2, 0, 0)(Tensor(np.ones((2, 2), np.float32)))
    with pytest.raises(ValueError, match="needs a tensor of at least one dimension"):
        ops.AllGather()(Tensor(np.float32(1)))
    with pytest.raises(TypeError, match="must be a tuple of Tensors"):
        ops.Broadcast(0)(Tensor(np.ones(2, np.float32)))
    with pytest.raises(ValueError, match="'root_rank' must be a rank of group"):
        ops.Broadcast(3)((Tensor(np.ones(2, np.float32)),))
    with pytest.raises(ValueError, match="has duplicate data"):
        from minispore.communication import create_group
        create_group("g", [0, 0])


@needs_mpi
def test_a_receive_that_never_gets_its_send_times_out_naming_the_peer():
    run = _python("import numpy as np, minispore as ms\nfrom minispore.communication import init\ninit()\n"
                  "ms.ops.Receive(4, 0, [2], ms.float32)()", MINISPORE_COMM_TIMEOUT=0.5)
    assert "Receive in group 'mccl_world_group'" in run.stderr
    assert "timed out after 0.5 s waiting for rank 0 to Send with sr_tag=4" in run.stderr


@needs_mpi
def test_a_mismatched_receive_names_both_ranks_and_the_shapes(world):
    ops.Send(9, 0)(Tensor(np.ones((4,), np.float32)))
    with pytest.raises(ValueError, match=r"Receive\(sr_tag=9\) on rank 0 expects float32 \(2, 2\) from rank 0, "
                                         r"but that rank sent float32 \(4,\)"):
        ops.Receive(9, 0, [2, 2], ms.float32)()


@needs_mpi
def test_grad_reducer_averages_in_buckets_and_keeps_dtypes(world):
    from minispore.nn.wrap.grad_reducer import _plan_buckets
    params = [ms.Parameter(Tensor(np.zeros(s, np.float32)), name=f"p{i}") for i, s in enumerate([(3,), (2, 2), (5,)])]
    params[1].layerwise_parallel = True
    reducer = nn.DistributedGradReducer(params, mean=True, degree=4)
    assert reducer.buckets == [[0, 2]]  # one bucket; the layerwise_parallel gradient is left alone
    grads = (Tensor(np.ones(3, np.float64)), Tensor(np.full((2, 2), 7, np.float32)), Tensor(np.ones(5, np.float32)))
    out = reducer(grads)
    np.testing.assert_allclose(out[0].asnumpy(), 0.25)
    np.testing.assert_array_equal(out[1].asnumpy(), 7)
    assert out[0].dtype == ms.float64 and out[2].shape == (5,)
    np.testing.assert_allclose(nn.DistributedGradReducer(params, mean=False)(grads)[2].asnumpy(), 1.0)
    with pytest.raises(ValueError, match="degree"):
        nn.DistributedGradReducer(params, degree=0)
    with pytest.raises(ValueError, match="expected 3 gradients"):
        reducer(grads[:2])
    assert _plan_buckets([10, 10, 10], ("none", None)) == [[0], [1], [2]]
    assert _plan_buckets([10, 10, 10, 10], ("index", [1])) == [[0, 1], [2, 3]]  # MindSpore's split indices
    assert _plan_buckets([2 ** 18 - 10, 10, 5], ("size", 1)) == [[0, 1], [2]]  # 1 MB = 2 ** 18 float32


@needs_mpi
def test_train_one_step_cell_reduces_only_under_data_parallel(world):
    net = nn.Dense(3, 2)
    opt = nn.SGD(net.trainable_params(), 0.1)
    assert type(nn.TrainOneStepCell(nn.WithLossCell(net, nn.MSELoss()), opt).grad_reducer).__name__ == "Identity"
    try:
        ms.set_auto_parallel_context(parallel_mode=ms.ParallelMode.DATA_PARALLEL, gradients_mean=True,
                                     parameter_broadcast=True)
        step = nn.TrainOneStepCell(nn.WithLossCell(net, nn.MSELoss()), opt)
        assert isinstance(step.grad_reducer, nn.DistributedGradReducer) and step.grad_reducer.mean
        before = net.weight.asnumpy().copy()
        step(Tensor(np.ones((4, 3), np.float32)), Tensor(np.zeros((4, 2), np.float32)))
        assert not np.array_equal(before, net.weight.asnumpy())
    finally:
        ms.reset_auto_parallel_context()
