"""nn.Cell semantics (spec §5.1-5.3, §1.12, §1.13) and containers against tests/golden/nn_structure.json."""
import json
import pathlib
from collections import OrderedDict

import numpy as np
import pytest

import minispore as ms
from minispore import nn, Parameter, Tensor

STRUCTURE = json.loads((pathlib.Path(__file__).resolve().parents[1] / "golden" / "nn_structure.json").read_text())


def table(cell):
    return [{"path": path, "name": p.name, "shape": list(p.shape), "dtype": str(p.dtype),
             "requires_grad": p.requires_grad} for path, p in cell.parameters_and_names()]


def _seq():
    return nn.SequentialCell([nn.Dense(3, 4), nn.ReLU(), nn.Dense(4, 2)])


CONTAINERS = {
    "SequentialCell([Dense(3, 4), ReLU(), Dense(4, 2)])": _seq,
    "SequentialCell(OrderedDict(fc1=Dense(3, 4), act=ReLU(), fc2=Dense(4, 2)))":
        lambda: nn.SequentialCell(OrderedDict(fc1=nn.Dense(3, 4), act=nn.ReLU(), fc2=nn.Dense(4, 2))),
    "SequentialCell(Dense(3, 4), ReLU()) then .append(Dense(4, 2))":
        lambda: _appended(nn.SequentialCell(nn.Dense(3, 4), nn.ReLU())),
    "SequentialCell([Dense(3, 4), ReLU(), Dense(4, 2)])[1:3]": lambda: _seq()[1:3],
    "CellList([Dense(3, 4), Dense(4, 2)])": lambda: nn.CellList([nn.Dense(3, 4), nn.Dense(4, 2)]),
    "CellDict({'a': Dense(3, 4), 'b': ReLU()})": lambda: nn.CellDict({"a": nn.Dense(3, 4), "b": nn.ReLU()}),
    "WithList: self.layers = CellList([Dense(3, 4), ReLU()]); .append(Dense(4, 2)); self.plain = [Dense(2, 2)]":
        lambda: WithList(),
    "WithDict: self.blocks = CellDict({'fc': Dense(3, 4), 'act': Tanh()})": lambda: WithDict(),
}


class WithList(nn.Cell):
    def __init__(self):
        super().__init__()
        self.layers = nn.CellList([nn.Dense(3, 4), nn.ReLU()])
        self.layers.append(nn.Dense(4, 2))
        self.plain = [nn.Dense(2, 2)]

    def construct(self, x):
        for layer in self.layers:
            x = layer(x)
        return x


class WithDict(nn.Cell):
    def __init__(self):
        super().__init__()
        self.blocks = nn.CellDict({"fc": nn.Dense(3, 4), "act": nn.Tanh()})

    def construct(self, x):
        return self.blocks["act"](self.blocks["fc"](x))


def _appended(seq):
    seq.append(nn.Dense(4, 2))
    return seq


@pytest.mark.parametrize("label", sorted(set(CONTAINERS) & set(STRUCTURE["containers"])))
def test_container_repr_params_and_cells(label):
    cell, expected = CONTAINERS[label](), STRUCTURE["containers"][label]
    assert repr(cell) == expected["repr"]
    assert table(cell) == expected["params"]
    assert [[path, type(c).__name__] for path, c in cell.cells_and_names()] == expected["cells_and_names"]


class Net(nn.Cell):
    def __init__(self):
        super().__init__()
        self.w = Parameter(Tensor(np.ones(2, np.float32)))
        self.v = Parameter(Tensor(np.ones(2, np.float32)), name="custom")
        self.fc = nn.Dense(2, 2)

    def construct(self, x):
        return self.fc(x * self.w)


class Outer(nn.Cell):
    def __init__(self):
        super().__init__()
        self.inner = Net()
        self.shared = self.inner.w

    def construct(self, x):
        return self.inner(x)


def test_parameter_naming_by_attribute_path():
    net = Net()
    assert [(path, p.name) for path, p in net.parameters_and_names()] == \
        [("w", "w"), ("v", "custom"), ("fc.weight", "fc.weight"), ("fc.bias", "fc.bias")]
    outer = Outer()
    assert [(path, p.name) for path, p in outer.parameters_and_names()] == \
        [("shared", "inner.w"), ("inner.v", "inner.v"), ("inner.fc.weight", "inner.fc.weight"),
         ("inner.fc.bias", "inner.fc.bias")]
    assert list(outer.parameters_dict()) == ["inner.w", "inner.v", "inner.fc.weight", "inner.fc.bias"]


def test_auto_prefix_false():
    class NP(nn.Cell):
        def __init__(self):
            super().__init__(auto_prefix=False)
            self.fc = nn.Dense(2, 2)

    assert NP().fc.weight.name == "weight"

    class Holder(nn.Cell):
        def __init__(self):
            super().__init__()
            self.net = NP()

    assert Holder().net.fc.weight.name == "net.fc.weight"


def test_cells_and_names_and_trainable():
    seq = _seq()
    assert [path for path, _ in seq.cells_and_names()] == ["", "0", "1", "2"]
    assert list(seq.name_cells()) == ["0", "1", "2"]
    seq[0].weight.requires_grad = False
    assert [p.name for p in seq.trainable_params()] == ["0.bias", "2.weight", "2.bias"]
    assert [p.name for p in seq.untrainable_params()] == ["0.weight"]
    assert nn.ReLU().trainable_params(recurse=False) == []
    assert isinstance(seq.trainable_params(), list)


def test_insert_param_to_cell_errors():
    cell = nn.Cell()
    cell.insert_param_to_cell("ins", Parameter(Tensor(np.ones(1, np.float32)), name="zzz"))
    assert cell.ins.name == "zzz"
    with pytest.raises(KeyError, match="should not contain"):
        cell.insert_param_to_cell("a.b", Parameter(Tensor(np.ones(1, np.float32))))
    with pytest.raises(TypeError, match="must be 'Parameter' if not None"):
        cell.insert_param_to_cell("t", Tensor(np.ones(1, np.float32)))
    cell.t = Tensor(np.ones(1, np.float32))
    with pytest.raises(KeyError, match="already exists in the network"):
        cell.insert_param_to_cell("t", Parameter(Tensor(np.ones(1, np.float32))))
    with pytest.raises(TypeError, match="must be 'Cell' if not None"):
        cell.insert_child_to_cell("c", 3)


def test_parameter_before_super_init():
    class Early(nn.Cell):
        def __init__(self):
            self.p = Parameter(Tensor(np.ones(1, np.float32)))
            super().__init__()

    with pytest.raises(AttributeError, match="please call Cell.__init__"):
        Early()


def test_attribute_assignment_rules():
    net = Net()
    param = net.w
    net.t = Tensor(np.zeros(2, np.float32))
    assert "t" not in dict(net.parameters_and_names())
    net.w = Tensor(np.full(2, 3.0, np.float32))
    assert net.w is param and param.asnumpy().tolist() == [3.0, 3.0]
    with pytest.raises(TypeError, match="Parameter 'w' already exists in network, can not assign this type"):
        net.w = 1.5
    net.t = Parameter(Tensor(np.zeros(2, np.float32)))
    assert net.t.name == "t" and "t" in dict(net.parameters_and_names())
    with pytest.raises(TypeError, match="Sub cell 'fc' already exists"):
        net.fc = Tensor(np.ones(1, np.float32))
    net.fc = None
    assert "(fc): None" in repr(net)
    net.w = None
    assert "w" not in dict(net.parameters_and_names())


def test_plain_lists_are_not_registered():
    class L(nn.Cell):
        def __init__(self):
            super().__init__()
            self.layers = [nn.Dense(2, 2)]

    assert list(L().parameters_and_names()) == [] and repr(L()) == "L()"


def test_set_train_and_repr_basics():
    seq = _seq()
    assert seq.training is False
    assert seq.set_train() is seq and all(c.training for _, c in seq.cells_and_names())
    seq.set_train(False)
    assert not any(c.training for _, c in seq.cells_and_names())
    assert repr(nn.Cell()) == "Cell()"

    class R(nn.Cell):
        def extend_repr(self):
            return "custom=1"

    assert str(R()) == "R(custom=1)"
    with pytest.raises(AttributeError, match="the method 'construct' is not defined"):
        nn.Cell()(Tensor([1.0]))


def test_to_float():
    seq = _seq()
    assert seq.to_float(ms.float16) is seq
    out = seq(Tensor(np.ones((2, 3), np.float32)))
    assert str(out.dtype) == STRUCTURE["to_float"]["sequential_to_float16_output_dtype"]
    assert [str(p.dtype) for p in seq.get_parameters()] == STRUCTURE["to_float"]["sequential_to_float16_param_dtypes"]
    with pytest.raises(ValueError, match="to_float"):
        seq.to_float(ms.int32)


def test_sequential_indexing_del_and_errors():
    seq = _seq()
    assert len(seq) == 3 and isinstance(seq[-1], nn.Dense)
    with pytest.raises(TypeError, match="the type of 'index' must be int, but got str"):
        seq["0"]
    del seq[1]
    assert len(seq) == 2
    with pytest.raises(TypeError, match="must be 'Cell' if not None"):
        nn.SequentialCell([nn.ReLU(), 3])
    x = Tensor(np.ones((1, 3), np.float32))
    assert nn.SequentialCell()(x) is x and repr(nn.SequentialCell()) == "SequentialCell()"


def test_celllist_and_celldict():
    layers = nn.CellList([nn.Dense(3, 4)])
    layers.append(nn.Dense(4, 2))
    layers.insert(1, nn.ReLU())
    assert len(layers) == 3 and isinstance(layers[1:], nn.CellList)
    with pytest.raises(NotImplementedError):
        layers(Tensor(np.ones((1, 3), np.float32)))
    d = nn.CellDict({"a": nn.Dense(2, 2)})
    d["c"] = nn.ReLU()
    assert list(d.keys()) == ["a", "c"] and len(d) == 2
    assert [path for path, _ in d.parameters_and_names()] == ["a.weight", "a.bias"]
    with pytest.raises(KeyError, match="key can not contain"):
        d["a.b"] = nn.ReLU()
    d.pop("c")
    assert len(d) == 1


def test_user_bprop():
    class MyMul(nn.Cell):
        def construct(self, a, b):
            return a * b

        def bprop(self, a, b, out, dout):
            return dout * 100, dout * 1000

    x, y = Tensor([1.0, 2.0]), Tensor([3.0, 4.0])
    ga, gb = ms.grad(lambda a, b: MyMul()(a, b).sum(), (0, 1))(x, y)
    assert ga.asnumpy().tolist() == [100, 100] and gb.asnumpy().tolist() == [1000, 1000]


def test_forward_and_backward_hooks():
    dense = nn.Dense(2, 1)
    calls = []
    pre = dense.register_forward_pre_hook(lambda cell, inputs: calls.append(("pre", len(inputs))))
    dense.register_forward_hook(lambda cell, inputs, output: calls.append(("fwd", output.shape)))
    dense.register_backward_hook(lambda cell, gin, gout: calls.append(
        ("bwd", [g.shape for g in gin], [g.shape for g in gout])))
    ms.grad(lambda x: dense(x).sum())(Tensor(np.ones((3, 2), np.float32)))
    assert calls == [("pre", 1), ("fwd", (3, 1)), ("bwd", [(3, 2)], [(3, 1)])]
    pre.remove()
    calls.clear()
    dense(Tensor(np.ones((3, 2), np.float32)))
    assert calls == [("fwd", (3, 1))]
    with pytest.raises(TypeError, match="Expected a callable hook function, but got int"):
        dense.register_forward_hook(3)


def test_error_inside_construct_names_the_cell():
    seq = nn.SequentialCell([nn.Dense(3, 4)])
    with pytest.raises(ValueError) as info:
        seq(Tensor(np.ones((1, 5), np.float32)))
    assert info.value.__notes__ == ["[in SequentialCell.0 (Dense)]"]


def test_error_path_runs_from_the_top_cell():
    class Network(nn.Cell):
        def __init__(self):
            super().__init__()
            self.flatten = nn.Flatten()
            self.dense_relu_sequential = nn.SequentialCell(nn.Dense(28 * 28, 512), nn.ReLU())

        def construct(self, x):
            return self.dense_relu_sequential(self.flatten(x))

    with pytest.raises(ValueError) as info:
        Network()(Tensor(np.ones((1, 28, 29), np.float32)))
    assert str(info.value) == ("Dense(in_channels=784) got input of shape (1, 812); its last dimension must be "
                               "784 (or use in_channels=812)")
    assert info.value.__notes__ == ["[in Network.dense_relu_sequential.0 (Dense)]"]


def test_an_error_inside_construct_is_the_users_own_object_with_a_note():
    class Broken(Exception):
        pass

    raised = []

    class Inner(nn.Cell):
        def construct(self, x):
            error = Broken("boom")
            raised.append(error)
            raise error

    class Outer(nn.Cell):
        def __init__(self):
            super().__init__()
            self.inner = Inner()

        def construct(self, x):
            return self.inner(x)

    with pytest.raises(Broken) as info:
        Outer()(Tensor([1.0]))
    assert info.value is raised[0]
    assert info.value.__notes__ == ["[in Outer.inner (Inner)]"]
    assert info.traceback[-1].name == "construct"  # the frame that raised, not a re-raise in Cell
