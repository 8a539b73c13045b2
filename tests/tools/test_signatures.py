"""Every public callable's signature equals MindSpore 2.10's (tests/golden/signatures.json), or the difference
is listed in docs/differences.md; and the issue's examples take MindSpore's keywords."""
import os
import sys

import numpy as np

import minispore as ms
from minispore import Tensor, nn, ops

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "tools", "signatures"))
from check import compare  # noqa: E402


def test_no_unlisted_or_stale_differences():
    report = compare()
    assert not report["unlisted"], "\n".join(f"{n}: MindSpore {t} / minispore {m}" for n, t, m in report["unlisted"])
    assert not report["stale"], report["stale"]
    assert len(report["equal"]) > 1500


def test_the_issue_examples_take_mindspore_keywords():
    x = Tensor(np.arange(6, dtype=np.float32).reshape(2, 3))
    assert ops.unsqueeze(input=x, dim=0).shape == (1, 2, 3)
    assert ops.transpose(x, dims=(1, 0)).shape == (3, 2)
    assert ops.sqrt(x=x).dtype == ms.float32 and ops.abs(input=x).shape == (2, 3) and ops.isnan(input=x).dtype == ms.bool_
    np.testing.assert_allclose(ops.mean(x=x, axis=1, keep_dims=True).asnumpy(), [[1.0], [4.0]])
    assert ops.bmm(input_x=x.reshape(1, 2, 3), mat2=x.reshape(1, 3, 2)).shape == (1, 2, 2)
    np.testing.assert_allclose(ops.round(Tensor([1.26, -2.34]), decimals=1).asnumpy(), [1.3, -2.3], rtol=1e-6)
    np.testing.assert_allclose(x.softmax(axis=1, dtype=ms.float32).asnumpy().sum(1), [1.0, 1.0], rtol=1e-6)
    assert float(x.norm(dim=None, dtype=ms.float32).asnumpy()) > 0
    net = nn.SequentialCell(nn.Dense(2, 2))
    assert [name for name, _ in net.cells_and_names(cells=None, name_prefix="net")] == ["net", "net.0"]
    seen = {net}
    assert list(net.cells_and_names(cells=seen)) == []  # every Cell already visited
    summed = ops.ReduceSum(keep_dims=False, skip_mode=True)
    assert summed(x, ()) is x and float(ops.ReduceSum(skip_mode=False)(x, ()).asnumpy()) == 15.0


def test_forward_hooks_take_prepend_kwargs_and_always_call():
    class Twice(nn.Cell):
        def construct(self, x, scale=1.0):
            return x * 2 * scale

    net, calls = Twice(), []
    net.register_forward_hook(lambda cell, args, out: calls.append("first"))
    net.register_forward_hook(lambda cell, args, out: calls.append("prepended"), prepend=True)
    net.register_forward_hook(lambda cell, args, kwargs, out: calls.append(("kwargs", kwargs)), with_kwargs=True)
    net.register_forward_pre_hook(lambda cell, args, kwargs: (args, {"scale": 3.0}), with_kwargs=True)
    out = net(Tensor([1.0]), scale=1.0)
    assert out.asnumpy().tolist() == [6.0]
    assert calls == ["prepended", "first", ("kwargs", {"scale": 3.0})]

    class Broken(nn.Cell):
        def construct(self, x):
            raise ValueError("broken")

    broken, seen = Broken(), []
    broken.register_forward_hook(lambda cell, args, out: seen.append("plain"))
    broken.register_forward_hook(lambda cell, args, out: seen.append(out), always_call=True)
    try:
        broken(Tensor([1.0]))
    except ValueError:
        pass
    assert seen == [None]


def test_generator_dataset_batch_sampler_and_collate_fn():
    from minispore import dataset as ds

    class Source:
        def __getitem__(self, i):
            return np.array([i, i]), np.array(i * 10)

        def __len__(self):
            return 5

    batches = ds.GeneratorDataset(Source(), ["a", "b"], batch_sampler=[[0, 1], [2, 3, 4]])
    rows = [[t.asnumpy() for t in row] for row in batches.create_tuple_iterator(do_copy=True)]
    np.testing.assert_array_equal(rows[1][0], [[2, 2], [3, 3], [4, 4]])
    np.testing.assert_array_equal(rows[0][1], [0, 10])
    merged = ds.GeneratorDataset(Source(), ["a", "b"], batch_sampler=[[0, 1], [2, 3, 4]],
                                 collate_fn=lambda a, b: (np.concatenate(a), np.array(b).sum()))
    assert merged.get_dataset_size() == 2
    rows = [[t.asnumpy() for t in row] for row in merged.create_tuple_iterator()]
    np.testing.assert_array_equal(rows[1][0], [2, 2, 3, 3, 4, 4])
    assert int(rows[1][1]) == 90
    for bad in (dict(collate_fn=lambda *a: a), dict(batch_sampler=[[0]], shuffle=True)):
        try:
            ds.GeneratorDataset(Source(), ["a", "b"], **bad)
        except ValueError as error:
            assert "batch_sampler" in str(error)
        else:
            raise AssertionError(f"{bad} was accepted")
