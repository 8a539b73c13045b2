"""`amp.auto_mixed_precision`, `amp.custom_mixed_precision` and `amp.build_train_network`.

Every level is an `Autocast` interpreter (ops/_prims/autocast.py) set on Cells, as `Cell.to_float`
does, plus MindSpore's output casts:
- O1: the white-listed Cells (Dense, Conv*, RNN cells) run in the low dtype with float32 results, and
  the white-listed operators (MatMul, Conv2D, ReLU, ...) anywhere in the network likewise;
- O2: the whole network in the low dtype except the black-listed Cells (BatchNorm, LayerNorm), which
  run in float32 with their results cast back to the low dtype; the network's output is float32;
- O3: the whole network in the low dtype, its output float32;
- "auto": operators by category (low-precision, float32, promote), for a Cell or a function.
"""
import functools
import warnings

from minispore.common import dtype as mstype
from minispore.common.tensor import Tensor
from minispore.nn.cell import Cell
from minispore.nn import layer as _layer  # noqa: F401  (the layer classes below)
from minispore.nn.layer.basic import Dense
from minispore.nn.layer.container import SequentialCell
from minispore.nn.layer.conv import Conv1d, Conv1dTranspose, Conv2d, Conv2dTranspose, Conv3d, Conv3dTranspose
from minispore.nn.layer.normalization import BatchNorm1d, BatchNorm2d, BatchNorm3d, LayerNorm
from minispore.nn.layer.rnns import GRUCell, LSTMCell, RNNCell
from minispore.nn.optim.optimizer import Optimizer
from minispore.nn.wrap.cell_wrapper import TrainOneStepCell, WithLossCell
from minispore.nn.wrap.loss_scale import TrainOneStepWithLossScaleCell
from minispore.ops import operations as P
from minispore.ops._prims.autocast import AUTO_BLACK_PRIMS, AUTO_PROMOTE_PRIMS, AUTO_WHITE_PRIMS, Autocast
from minispore.ops._prims.dispatch import interpreting
from minispore.ops._prims.elementwise import cast
from minispore.ops.primitive import Primitive
from minispore.amp.loss_scale_manager import DynamicLossScaleManager, LossScaleManager

__all__ = ["auto_mixed_precision", "custom_mixed_precision", "get_white_list", "get_black_list",
           "build_train_network"]

AMP_WHITE_LIST = [Conv1d, Conv2d, Conv3d, Conv1dTranspose, Conv2dTranspose, Conv3dTranspose, Dense, LSTMCell,
                  RNNCell, GRUCell, P.Conv2D, P.Conv3D, P.Conv2DTranspose, P.Conv3DTranspose,
                  P.Conv2DBackpropInput, P.MatMul, P.BatchMatMul, P.PReLU, P.ReLU, P.Ger]
AMP_BLACK_LIST = [BatchNorm1d, BatchNorm2d, BatchNorm3d, LayerNorm]

# The primitives each white-listable Primitive class runs (a white-listed Primitive class is cast
# wherever its operation runs, through the functional op as well).
_PRIMITIVE_PRIMS = {
    P.MatMul: ("matmul",), P.BatchMatMul: ("matmul",), P.Conv2D: ("conv2d",), P.Conv3D: ("conv3d",),
    P.Conv2DTranspose: ("conv2d_input_grad",), P.Conv2DBackpropInput: ("conv2d_input_grad",),
    P.Conv3DTranspose: ("conv3d_input_grad",), P.ReLU: ("relu",), P.PReLU: ("prelu",), P.Ger: ("matmul",),
}
_LOW_DTYPES = (mstype.float16, mstype.bfloat16)


def get_white_list():
    """A copy of the Cells and Primitives that amp_level "O1" runs in low precision."""
    return AMP_WHITE_LIST.copy()


def get_black_list():
    """A copy of the Cells that amp_level "O2" keeps in float32."""
    return AMP_BLACK_LIST.copy()


def _to_float32(value):
    """MindSpore's mixed_precision_cast: every floating Tensor in a (nested) output to float32."""
    if isinstance(value, Tensor):
        return cast(value, dtype=mstype.float32._np) if mstype.is_float(value._data.dtype) \
            and value._data.dtype != mstype.float32._np else value
    if isinstance(value, (tuple, list)):
        return type(value)(_to_float32(v) for v in value)
    return value


class _OutputTo16(Cell):
    """Runs a float32 Cell inside a low-precision network: its output cast to `dtype`."""

    def __init__(self, backbone, dtype=mstype.float16):
        super().__init__(auto_prefix=False)
        self._backbone = backbone
        self.dtype = dtype
        _copy_amp_level(backbone, self)

    def construct(self, *args, **kwargs):
        return cast(self._backbone(*args, **kwargs), dtype=mstype.np_dtype(self.dtype))


class _OutputTo32(Cell):
    """Wraps a low-precision network: its floating outputs cast to float32."""

    def __init__(self, backbone):
        super().__init__(auto_prefix=False)
        self._backbone = backbone
        _copy_amp_level(backbone, self)

    def construct(self, *args, **kwargs):
        return _to_float32(self._backbone(*args, **kwargs))


class _AmpWithLossCell(Cell):
    """build_train_network's loss Cell for a low-precision network: output and label cast to float32."""

    def __init__(self, backbone, loss_fn):
        super().__init__(auto_prefix=False)
        self._backbone = backbone
        self._loss_fn = loss_fn
        _copy_amp_level(backbone, self)

    def construct(self, data, label):
        out = self._backbone(data)
        return self._loss_fn(_to_float32(out), _to_float32(label))


def _copy_amp_level(source, target):
    level = getattr(source, "_amp_level", None)
    if level is not None:
        target._amp_level = level


def _check_dtype(dtype):
    if dtype not in _LOW_DTYPES:
        raise ValueError(f"The dtype should be one of (mstype.float16, mstype.bfloat16), but got {dtype}.")


def _replace_child(parent, name, child):
    parent._cells[name] = child
    parent.__dict__[name] = child


def _auto_black_list(network, black_list, dtype):
    """The network in `dtype`, its black-listed sub-Cells in float32 with outputs cast back to `dtype`."""
    network.to_float(dtype)
    black = tuple(black_list)
    for name, subcell in list(network.name_cells().items()):
        if subcell is network:
            continue
        if isinstance(subcell, black):
            _replace_child(network, name, _OutputTo16(subcell.to_float(mstype.float32), dtype))
        else:
            _auto_black_list(subcell, black_list, dtype)
    return network


def _user_precision(cell):
    """Whether the user chose this Cell's precision (to_float) before amp ran."""
    return cell._autocast is not None


def _white_list_precision(network, white_list, dtype):
    """O1 and custom white lists: white-listed Cells wholly in `dtype`, white-listed Primitives' ops in
    `dtype` anywhere; their results float32."""
    cells = tuple(c for c in white_list if isinstance(c, type) and issubclass(c, Cell))
    prims = set()
    for item in white_list:
        if isinstance(item, type) and issubclass(item, Primitive):
            if item not in _PRIMITIVE_PRIMS:
                raise ValueError(f"For mixed precision, the Primitive {item.__name__} in the white list is not "
                                 "supported by minispore: its operation cannot be told apart at run time. "
                                 f"Supported Primitives: {sorted(c.__name__ for c in _PRIMITIVE_PRIMS)}.")
            prims.update(_PRIMITIVE_PRIMS[item])
    for _, cell in network.cells_and_names():
        if cell is not network and isinstance(cell, cells) and not _user_precision(cell):
            cell.set_autocast(Autocast(dtype, restore=mstype.float32))
    if isinstance(network, cells) and not _user_precision(network):
        network.set_autocast(Autocast(dtype, restore=mstype.float32))
    elif prims:
        network.set_autocast(Autocast(dtype, lower=frozenset(prims), restore=mstype.float32), recurse=False)
    return network


def _auto_level(network, dtype):
    """amp_level "auto": operators by category, for a Cell or a function."""
    autocast = Autocast(dtype, lower=AUTO_WHITE_PRIMS, upper=AUTO_BLACK_PRIMS, promote=AUTO_PROMOTE_PRIMS)
    if isinstance(network, Cell):
        network.set_autocast(autocast, recurse=False)
        network.amp_strategy = autocast
        return network

    @functools.wraps(network)
    def wrapper(*args, **kwargs):
        with interpreting(autocast):
            return network(*args, **kwargs)
    return wrapper


def auto_mixed_precision(network, amp_level="O0", dtype=mstype.float16):
    """The network with mixed precision at `amp_level` ("O0", "O1", "O2", "O3" or "auto") in `dtype`
    (float16 or bfloat16). A Cell is changed in place (O2/O3 wrap it in a Cell casting its output)."""
    if not isinstance(network, Cell):
        if amp_level == "auto":
            if not callable(network):
                raise TypeError("For amp_level 'auto', the network type should be Cell or function.")
        else:
            raise TypeError(f"For amp_level '{amp_level}', the network type should be Cell.")
    _check_dtype(dtype)
    if amp_level == "O0":
        return network
    previous = getattr(network, "_amp_level", None)
    if previous in ("O1", "O2", "O3", "auto"):
        warnings.warn(f"The network's auto mixed-precision level is adjusted from {previous} to {amp_level}, and "
                      "repeated calls to mixed-precision interfaces can cause performance degradation.")
    if amp_level == "O1":
        network = _white_list_precision(network, AMP_WHITE_LIST, dtype)
    elif amp_level == "O2":
        network = _OutputTo32(_auto_black_list(network, AMP_BLACK_LIST, dtype))
    elif amp_level == "O3":
        network = _OutputTo32(network.to_float(dtype))
    elif amp_level == "auto":
        network = _auto_level(network, dtype)
    else:
        raise ValueError(f"The amp level {amp_level} is not supported")
    network._amp_level = amp_level
    return network


def _list_check(custom_list, list_name):
    if not isinstance(custom_list, list):
        raise TypeError(f"The type of {list_name} should be list, but got {type(custom_list)}")
    for elem in custom_list:
        if not isinstance(elem, type):
            raise TypeError(f"The element in {list_name} should be a class, but got {elem}")
        if list_name == "white_list" and not issubclass(elem, (Cell, Primitive)):
            raise TypeError(f"The subclass of element in {list_name} should be one of 'Cell' and 'Primitive', "
                            f"but got {elem}")
        if list_name == "black_list" and not issubclass(elem, Cell):
            raise TypeError(f"The subclass of element in {list_name} should be one of 'Cell', but got {elem}")
    if list_name == "black_list":
        for elem in AMP_BLACK_LIST:
            if elem not in custom_list:
                warnings.warn(f"{elem} is removed from internal black list.")


def custom_mixed_precision(network, *, white_list=None, black_list=None, dtype=mstype.float16):
    """Mixed precision from a white list (Cells and Primitives cast to `dtype`) or a black list (Cells kept in
    float32, the rest cast); exactly one of the two."""
    if not isinstance(network, Cell):
        raise TypeError("The network type should be Cell.")
    if white_list is None and black_list is None:
        raise ValueError("For custom_mixed_precision, one of white_list and black_list must be provided.")
    if white_list is not None and black_list is not None:
        raise ValueError("For custom_mixed_precision, the white_list or black_list cannot be provided "
                         "at the same time, please provide one or the other.")
    _check_dtype(dtype)
    if white_list is not None:
        _list_check(white_list, "white_list")
        return _white_list_precision(network, white_list, dtype)
    _list_check(black_list, "black_list")
    return _OutputTo32(_auto_black_list(network, black_list, dtype))


_CONFIG_LEVEL = {
    "O0": {"keep_batchnorm_fp32": False, "cast_model_type": mstype.float32, "loss_scale_manager": None},
    "O1": {"keep_batchnorm_fp32": False, "cast_model_type": mstype.float32, "loss_scale_manager": None},
    "O2": {"keep_batchnorm_fp32": True, "cast_model_type": mstype.float16, "loss_scale_manager": "dynamic"},
    "O3": {"keep_batchnorm_fp32": False, "cast_model_type": mstype.float16, "loss_scale_manager": None},
    "auto": {"keep_batchnorm_fp32": False, "cast_model_type": mstype.float32, "loss_scale_manager": None},
}


def _check_level(level, boost_level):
    if not isinstance(level, str):
        raise TypeError(f"The argument `level` must be a string in ['O0', 'O1', 'O2', 'O3', 'auto'],"
                        f"but got type {type(level)}.")
    if level not in _CONFIG_LEVEL:
        raise ValueError(f"The `level` must be in ['O0', 'O1', 'O2', 'O3', 'auto'], but got {level!r}.")
    if boost_level not in ("O0", "O1", "O2"):
        raise ValueError(f"The `boost_level` must be in ['O0', 'O1', 'O2'], but got {boost_level!r}.")
    if boost_level != "O0":
        raise NotImplementedError(
            f"boost_level={boost_level!r}: MindSpore's boost algorithms (LessBN, gradient freezing, AdaSum) are "
            "not implemented in minispore; use boost_level='O0'.")


def _check_kwargs(kwargs):
    for arg in kwargs:
        if arg not in ("cast_model_type", "keep_batchnorm_fp32", "loss_scale_manager"):
            raise ValueError(f"Unsupported arg '{arg}'")
    if "cast_model_type" in kwargs and kwargs["cast_model_type"] not in (mstype.float16, mstype.float32):
        raise TypeError("For 'build_train_network', the 'cast_model_type' must be mindspore.float16 or "
                        f"mindspore.float32, but got {kwargs['cast_model_type']}.")
    if "keep_batchnorm_fp32" in kwargs and not isinstance(kwargs["keep_batchnorm_fp32"], bool):
        raise TypeError("For 'build_train_network', the 'keep_batchnorm_fp32' must be bool, but got "
                        f"{type(kwargs['keep_batchnorm_fp32']).__name__}.")
    manager = kwargs.get("loss_scale_manager")
    if manager is not None and not isinstance(manager, LossScaleManager):
        raise TypeError("For 'build_train_network', the 'loss_scale_manager' must be a LossScaleManager, but got "
                        f"{type(manager).__name__}.")


def _keep_batchnorm_fp32(network):
    """The black-listed Cells of a float16 network back in float32, their outputs cast to float16."""
    for name, subcell in list(network.name_cells().items()):
        if subcell is network:
            continue
        if isinstance(subcell, tuple(AMP_BLACK_LIST)):
            _replace_child(network, name, _OutputTo16(subcell.to_float(mstype.float32)))
        else:
            _keep_batchnorm_fp32(subcell)


def _mixed_precision_process(network, config, level):
    if config["cast_model_type"] == mstype.float16:
        network.to_float(mstype.float16)
        if config["keep_batchnorm_fp32"]:
            _keep_batchnorm_fp32(network)
    elif not config["keep_batchnorm_fp32"] and level == "O2":
        network.to_float(mstype.float16)
    elif config["cast_model_type"] == mstype.float32 and level in ("O2", "O3"):
        pass
    else:
        network = auto_mixed_precision(network, level)
    return network


def build_train_network(network, optimizer, loss_fn=None, level="O0", boost_level="O0", **kwargs):
    """The training Cell for `network`, `optimizer` and `loss_fn` with mixed precision at `level` and the
    loss scale of `loss_scale_manager` (kwargs: cast_model_type, keep_batchnorm_fp32, loss_scale_manager)."""
    if not isinstance(optimizer, Optimizer):
        raise TypeError(f"For 'build_train_network', the 'optimizer' must be an nn.Optimizer, but got "
                        f"{type(optimizer).__name__}.")
    if not isinstance(network, Cell):
        raise TypeError(f"For 'build_train_network', the 'network' must be a Cell, but got {type(network).__name__}.")
    _check_level(level, boost_level)
    _check_kwargs(kwargs)
    config = dict(_CONFIG_LEVEL[level], **kwargs)
    if config["loss_scale_manager"] == "dynamic":
        config["loss_scale_manager"] = DynamicLossScaleManager()
    network = _mixed_precision_process(network, config, level)
    if loss_fn:
        if not isinstance(loss_fn, Cell):
            raise TypeError(f"For 'build_train_network', the 'loss_fn' must be a Cell, but got "
                            f"{type(loss_fn).__name__}.")
        if config["cast_model_type"] in _LOW_DTYPES or getattr(network, "_amp_level", None) in ("O2", "O3", "auto"):
            network = _AmpWithLossCell(network, loss_fn)
        else:
            network = WithLossCell(network, loss_fn)
    loss_scale = None
    manager = config["loss_scale_manager"]
    if manager is not None:
        loss_scale = manager.get_loss_scale()
        update_cell = manager.get_update_cell()
        if update_cell is not None:
            return TrainOneStepWithLossScaleCell(network, optimizer, scale_sense=update_cell).set_train()
    return TrainOneStepCell(network, optimizer, loss_scale).set_train()
