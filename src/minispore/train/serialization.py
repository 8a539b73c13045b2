"""save_checkpoint / load_checkpoint / load_param_into_net in MindSpore's file formats."""
import logging
import os

import numpy as np

from minispore.common.parameter import Parameter
from minispore.common.tensor import Tensor, from_numpy
from minispore.train import _checkpoint_format, _safetensors_format
from minispore.train._files import write_atomically as _write_atomically
from minispore.train._graph_export import export
from minispore.train._mindir_reader import load

__all__ = ["save_checkpoint", "load_checkpoint", "load_param_into_net", "export", "load"]

logger = logging.getLogger("minispore")
_FORMATS = {"ckpt": ".ckpt", "safetensors": ".safetensors"}


def _check_format(api, format):
    if format not in _FORMATS:
        raise ValueError(f"For '{api}', the argument 'format' should be 'ckpt' or 'safetensors', "
                         f"but got {format!r}.")


def _refuse_encryption(api, key_name, key):
    if key is not None:
        raise ValueError(f"For '{api}', minispore does not support encrypted checkpoints; "
                         f"'{key_name}' must be None.")


def _entries_of(save_obj, choice_func):
    """[(name, ndarray)] of a Cell, a list of Parameters, a list of {'name', 'data'} dicts or a dict
    name -> Parameter."""
    from minispore.nn.cell import Cell

    if isinstance(save_obj, Cell):
        pairs = [(param.name, param) for param in save_obj.get_parameters()]
    elif isinstance(save_obj, list) and save_obj and isinstance(save_obj[0], Parameter):
        for item in save_obj:
            if not isinstance(item, Parameter):
                raise TypeError("For save_checkpoint, when save_obj is made up by list of Parameter,the param should "
                                f"be parameter, but got {type(item)}")
        pairs = [(param.name, param) for param in save_obj]
    elif isinstance(save_obj, list):
        pairs = []
        for item in save_obj:
            if not (isinstance(item, dict) and isinstance(item.get("name"), str)
                    and isinstance(item.get("data"), Tensor)):
                raise TypeError("For 'save_checkpoint', each element of a list 'save_obj' should be a dict "
                                f"{{'name': str, 'data': Tensor}}, but got {item!r}.")
            pairs.append((item["name"], item["data"]))
    elif isinstance(save_obj, dict):
        for name, value in save_obj.items():
            if not isinstance(value, Parameter):
                raise TypeError("For 'save_checkpoint', a dict 'save_obj' should map names to Parameters, "
                                f"but {name!r} maps to {type(value).__name__}.")
        pairs = list(save_obj.items())
    else:
        raise TypeError(f"For 'save_checkpoint', the parameter 'save_obj' must be nn.Cell, list or dict, but got "
                        f"{type(save_obj)}.")
    if choice_func is not None:
        pairs = [(name, data) for name, data in pairs if choice_func(name)]
    return [(name, data.asnumpy()) for name, data in pairs]


def _appended_entries(append_dict):
    """append_dict values: bool -> Bool, int -> Int64, float -> Float32 (0-d), str kept, Tensor as is."""
    if append_dict is None:
        return []
    if not isinstance(append_dict, dict):
        raise TypeError("For 'save_checkpoint', the argument 'append_dict' should be a dict, "
                        f"but got {type(append_dict).__name__}.")
    out = []
    for name, value in append_dict.items():
        if isinstance(value, bool):
            out.append((name, np.asarray(value, np.bool_)))
        elif isinstance(value, int):
            out.append((name, np.asarray(value, np.int64)))
        elif isinstance(value, float):
            out.append((name, np.asarray(value, np.float32)))
        elif isinstance(value, str):
            out.append((name, value))
        elif isinstance(value, Tensor):
            out.append((name, value.asnumpy()))
        else:
            raise TypeError(f"For 'save_checkpoint', the value of append_dict[{name!r}] should be int, float, "
                            f"bool, str or Tensor, but got {type(value).__name__}.")
    return out


def save_checkpoint(save_obj, ckpt_file_name, integrated_save=True, async_save=False, append_dict=None,
                    enc_key=None, enc_mode="AES-GCM", choice_func=None, crc_check=False, format="ckpt",
                    **kwargs):
    """Save a Cell's Parameters (or a list/dict of named Tensors) to a checkpoint file."""
    _check_format("save_checkpoint", format)
    _refuse_encryption("save_checkpoint", "enc_key", enc_key)
    if not isinstance(ckpt_file_name, (str, os.PathLike)):
        raise TypeError("For 'save_checkpoint', the argument 'ckpt_file_name' should be a str, "
                        f"but got {type(ckpt_file_name).__name__}.")
    path = os.fspath(ckpt_file_name)
    if not path.endswith(_FORMATS[format]):
        path += _FORMATS[format]
    entries = _entries_of(save_obj, choice_func) + _appended_entries(append_dict)
    if format == "ckpt":
        data = _checkpoint_format.encode(entries, crc_check=crc_check)
    else:
        data = _safetensors_format.encode(entries)
    _write_atomically(path, data)


def _as_prefixes(api, name, prefix):
    if prefix is None:
        return ()
    prefixes = (prefix,) if isinstance(prefix, str) else tuple(prefix)
    if not prefixes or not all(isinstance(p, str) and p for p in prefixes):
        raise ValueError(f"For '{api}', the argument '{name}' should be a non-empty str or a list of them, "
                         f"but got {prefix!r}.")
    return prefixes


def load_checkpoint(ckpt_file_name, net=None, strict_load=False, filter_prefix=None, dec_key=None,
                    dec_mode="AES-GCM", specify_prefix=None, choice_func=None, crc_check=False,
                    remove_redundancy=False, format="ckpt"):
    """Read a checkpoint file into a dict name -> Parameter (a 'str' entry loads as a Python str)."""
    _check_format("load_checkpoint", format)
    _refuse_encryption("load_checkpoint", "dec_key", dec_key)
    if not isinstance(ckpt_file_name, (str, os.PathLike)):
        raise TypeError("For 'load_checkpoint', the argument 'ckpt_file_name' should be a str, "
                        f"but got {type(ckpt_file_name).__name__}.")
    path = os.fspath(ckpt_file_name)
    if not os.path.isfile(path):
        raise ValueError(f"For 'load_checkpoint', the checkpoint file: {path} does not exist, please check "
                         "whether the 'ckpt_file_name' is correct.")
    specify = _as_prefixes("load_checkpoint", "specify_prefix", specify_prefix)
    excluded = _as_prefixes("load_checkpoint", "filter_prefix", filter_prefix)
    if excluded:
        logger.warning("'filter_prefix' will be deprecated in a future version; use 'choice_func' instead.")
    with open(path, "rb") as stream:
        data = stream.read()
    if format == "ckpt":
        entries = _checkpoint_format.decode(data, path, crc_check=crc_check)
    else:
        entries = _safetensors_format.decode(data, path)
    entries = [(name, value) for name, value in entries
               if (not specify or name.startswith(specify)) and not (excluded and name.startswith(excluded))
               and (choice_func is None or choice_func(name))]
    if not entries:
        raise ValueError("The loaded parameter dict is empty after filter or specify, please check whether "
                         "'filter_prefix' or 'specify_prefix' are set correctly.")
    # MindSpore names safetensors-loaded Parameters automatically (Parameter#<n>), .ckpt ones by tag.
    result = {name: value if isinstance(value, str)
              else Parameter(from_numpy(value), name=name if format == "ckpt" else None)
              for name, value in entries}
    if net is not None:
        load_param_into_net(net, result, strict_load=strict_load)
    return result


def _match(net_params, parameter_dict):
    """{net param name: dict key}; keys carrying an extra leading path (e.g. '_backbone.') also match."""
    matched = {name: name for name in net_params if name in parameter_dict}
    for key in parameter_dict:
        if key in net_params or "." not in key:
            continue
        prefix, stripped = key.split(".", 1)
        if stripped in net_params and stripped not in matched:
            logger.warning("remove parameter prefix name: %s., continue to load.", prefix)
            matched[stripped] = key
    return matched


def load_param_into_net(net, parameter_dict, strict_load=False, remove_redundancy=False):
    """Copy Parameters (matched by name) into `net`; returns (param_not_load, ckpt_not_load)."""
    from minispore.nn.cell import Cell

    if not isinstance(net, Cell):
        raise TypeError("For 'load_param_into_net', the argument 'net' should be a Cell, "
                        f"but got {type(net).__name__}.")
    if not isinstance(parameter_dict, dict):
        raise TypeError("For 'load_param_into_net', the argument 'parameter_dict' should be a dict, "
                        f"but got {type(parameter_dict).__name__}.")
    for key, value in parameter_dict.items():
        if not isinstance(key, str) or not isinstance(value, (Parameter, str)):
            raise TypeError("For 'parameter_dict', the element in the argument 'parameter_dict' should be a "
                            f"'str' and 'Parameter' , but got {type(key)} and {type(value)}.")
    net_params = {param.name: param for param in net.get_parameters()}
    tensors = {key: value for key, value in parameter_dict.items() if isinstance(value, Parameter)}
    matched = _match(net_params, tensors)
    mismatched = [(name, key) for name, key in matched.items()
                  if tuple(net_params[name].shape) != tuple(tensors[key].shape)]
    if mismatched:
        raise RuntimeError("\n".join(
            f"For 'load_param_into_net', {name} in the argument 'net' should have the same shape as {key} in "
            f"the argument 'parameter_dict'. But got its shape {tuple(net_params[name].shape)} in the argument "
            f"'net' and shape {tuple(tensors[key].shape)} in the argument 'parameter_dict'."
            for name, key in mismatched)
            + "\nMay you need to check whether the checkpoint you loaded is correct or the batch size and so on "
              "in the 'net' and 'parameter_dict' are same.")
    for name, key in matched.items():
        target, source = net_params[name], tensors[key]
        if target.dtype != source.dtype:
            logger.warning("The data type of %s in the checkpoint is %s but %s in the network; it is converted.",
                           name, source.dtype, target.dtype)
        target.set_data(Tensor(source._data.copy()))  # a copy: later changes to the dict do not propagate
    param_not_load = [name for name in net_params if name not in matched]
    used = set(matched.values())
    ckpt_not_load = [key for key in parameter_dict if key not in used]
    if param_not_load:
        logger.warning("For 'load_param_into_net', %d parameters in the 'net' are not loaded, because they are "
                       "not in the 'parameter_dict', please check whether the network structure is consistent "
                       "when training and loading checkpoint.", len(param_not_load))
        logger.warning("%s are not loaded.", ", ".join(param_not_load))
    return param_not_load, ckpt_not_load
