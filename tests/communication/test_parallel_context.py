"""set/get/reset_auto_parallel_context and ParallelMode against MindSpore 2.10 (tests/golden/parallel.json)."""
import json
import os

import pytest

import minispore as ms
from minispore.parallel._auto_parallel_context import _fusion_plan, _get_device_num, _get_global_rank

GOLDEN = json.load(open(os.path.join(os.path.dirname(__file__), "..", "golden", "parallel.json")))["context"]


@pytest.fixture(autouse=True)
def fresh_context():
    ms.reset_auto_parallel_context()
    yield
    ms.reset_auto_parallel_context()


def test_defaults_are_mindspores():
    for key, value in GOLDEN["defaults"].items():
        assert ms.get_auto_parallel_context(key) == value, key


@pytest.mark.parametrize("case", GOLDEN["cases"], ids=[str(c["kwargs"]) for c in GOLDEN["cases"]])
def test_settings_and_errors_are_mindspores(case):
    kwargs = {k: tuple(v) if k in case["tuple"] else v for k, v in case["kwargs"].items()}
    if "error" in case:
        with pytest.raises(Exception) as info:
            ms.set_auto_parallel_context(**kwargs)
        assert type(info.value).__name__ == case["error"]
        assert str(info.value) == case["message"]
    else:
        ms.set_auto_parallel_context(**kwargs)
        assert {k: ms.get_auto_parallel_context(k) for k in case["value"]} == case["value"]


def test_unknown_key_on_get():
    with pytest.raises(ValueError, match="Get context keyword foo is not recognized!"):
        ms.get_auto_parallel_context("foo")


def test_parallel_mode_everywhere_mindspore_has_it():
    import minispore.context as context
    for name, value in GOLDEN["parallel_modes"].items():
        assert getattr(ms.ParallelMode, name) == value
    assert context.ParallelMode is ms.ParallelMode is ms.parallel.ParallelMode
    assert context.set_auto_parallel_context is ms.set_auto_parallel_context


def test_reset_restores_defaults_and_a_failed_call_changes_nothing():
    ms.set_auto_parallel_context(parallel_mode=ms.ParallelMode.DATA_PARALLEL, gradients_mean=True, device_num=4)
    with pytest.raises(TypeError):
        ms.set_auto_parallel_context(global_rank=3, gradients_mean=1)
    assert ms.get_auto_parallel_context("global_rank") == 0
    ms.reset_auto_parallel_context()
    assert ms.get_auto_parallel_context("parallel_mode") == "stand_alone"
    assert ms.get_auto_parallel_context("gradients_mean") is False


def test_modes_needing_sharding_strategies_are_refused_with_the_reason():
    for mode in (ms.ParallelMode.SEMI_AUTO_PARALLEL, ms.ParallelMode.AUTO_PARALLEL):
        with pytest.raises(ValueError, match="sharding strategies"):
            ms.set_auto_parallel_context(parallel_mode=mode)
    with pytest.raises(ValueError, match="parallel optimizer"):
        ms.set_auto_parallel_context(enable_parallel_optimizer=True)
    with pytest.raises(ValueError, match="pipeline_stages must be 1"):
        ms.set_auto_parallel_context(pipeline_stages=2)
    ms.set_auto_parallel_context(parallel_mode=ms.ParallelMode.HYBRID_PARALLEL)


def test_device_num_and_global_rank_follow_the_world_unless_set():
    assert _get_device_num() == 1 and _get_global_rank() == 0
    ms.set_auto_parallel_context(parallel_mode="data_parallel")
    assert _get_device_num() == 1  # a world of one (RANK_SIZE unset)
    ms.set_auto_parallel_context(device_num=4, global_rank=3)
    assert _get_device_num() == 4 and _get_global_rank() == 3


def test_fusion_settings_choose_the_gradient_buckets():
    assert _fusion_plan() == ("auto", None)
    ms.set_auto_parallel_context(comm_fusion={"allreduce": {"mode": "size", "config": 32}})
    assert _fusion_plan() == ("size", 32)
    assert ms.get_auto_parallel_context("comm_fusion")["allgather"] == {"mode": "auto", "config": None}
    ms.set_auto_parallel_context(all_reduce_fusion_config=[2, 5])
    assert _fusion_plan() == ("index", [2, 5])
    ms.reset_auto_parallel_context()
    ms.set_auto_parallel_context(comm_fusion={"openstate": False})
    assert _fusion_plan() == ("none", None)
    with pytest.raises(KeyError):
        ms.set_auto_parallel_context(comm_fusion={"bogus": {}})


def test_model_zoo_import_paths():
    from minispore.parallel._utils import _get_device_num as from_utils, _get_gradients_mean, _get_parallel_mode
    ms.set_auto_parallel_context(parallel_mode="data_parallel", gradients_mean=True, device_num=2)
    assert (from_utils(), _get_gradients_mean(), _get_parallel_mode()) == (2, True, "data_parallel")
