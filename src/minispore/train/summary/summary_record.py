"""`SummaryRecord`: write scalars, images, tensors, histograms and lineage to a summary directory.

The file is `<log_dir>/<file_prefix>.out.events.summary.<time>.<host><file_suffix>` as MindSpore names it,
but its content is JSON lines (one JSON object per recorded value: step, wall_time, plugin, tag, value),
readable with any JSON reader, not MindInsight's protobuf events. A scalar's value is a float; a tensor's
{dtype, shape, data}; an image's {dtype, shape, data} of the (N, C, H, W) batch; a histogram's {count, min,
max, bins: [[left, right, count], ...]}; lineage and graphs are JSON objects or text.
"""
import json
import os
import socket
import time

import numpy as np

from minispore.common.tensor import Tensor
from minispore.ops.operations.debug_ops import pop_summary_values

__all__ = ["SummaryRecord"]

_PLUGINS = ("scalar", "image", "tensor", "histogram", "graph", "train_lineage", "eval_lineage",
            "custom_lineage_data", "dataset_graph")
_HISTOGRAM_BINS = 30


def _array(value, plugin, name):
    if isinstance(value, Tensor):
        return value.asnumpy()
    if plugin == "scalar" and isinstance(value, (int, float)) and not isinstance(value, bool):
        return np.asarray(value)
    raise TypeError(f"For 'SummaryRecord.add_value', the value of {plugin} '{name}' must be a Tensor, but got "
                    f"{type(value).__name__}.")


def _encode(plugin, name, value):
    """The JSON value of one summary entry (validated)."""
    if plugin in ("graph", "dataset_graph"):
        return value if isinstance(value, str) else repr(value)
    if plugin in ("train_lineage", "eval_lineage", "custom_lineage_data"):
        if not isinstance(value, dict):
            raise TypeError(f"For 'SummaryRecord.add_value', {plugin} must be a dict, but got {type(value).__name__}.")
        return {str(k): (v.item() if isinstance(v, np.generic) else v) for k, v in value.items()}
    data = _array(value, plugin, name)
    if plugin == "scalar":
        if data.size != 1:
            raise ValueError(f"For 'SummaryRecord.add_value', the scalar '{name}' must have one element, but got "
                             f"shape {data.shape}.")
        return float(data.reshape(()))
    if plugin == "image" and data.ndim != 4:
        raise ValueError(f"For 'SummaryRecord.add_value', the image '{name}' must be 4-d (N, C, H, W), but got "
                         f"shape {data.shape}.")
    if plugin == "histogram":
        finite = data[np.isfinite(data)].astype(np.float64)
        counts, edges = np.histogram(finite, bins=_HISTOGRAM_BINS) if finite.size else (np.zeros(0), np.zeros(1))
        return {"count": int(data.size), "min": float(finite.min()) if finite.size else None,
                "max": float(finite.max()) if finite.size else None,
                "bins": [[float(edges[i]), float(edges[i + 1]), int(c)] for i, c in enumerate(counts)]}
    return {"dtype": str(value.dtype), "shape": list(data.shape), "data": data.astype(np.float64).tolist()
            if data.dtype.kind == "f" else data.tolist()}


class SummaryRecord:
    """Records values (`add_value`, and the summary ops inside a network) at training steps (`record`).

    `network`, if given, is saved once (its printed structure, as the graph). The file is written by this
    process (`num_process` sizes MindSpore's writer pool).
    """

    def __init__(self, log_dir, file_prefix="events", file_suffix="_MS", num_process=32, network=None,
                 max_file_size=None, raise_exception=False, export_options=None):
        for name, value in (("log_dir", log_dir), ("file_prefix", file_prefix), ("file_suffix", file_suffix)):
            if not isinstance(value, str):
                raise TypeError(f"For 'SummaryRecord', the '{name}' must be a str, but got {type(value).__name__}.")
        if isinstance(num_process, bool) or not isinstance(num_process, int) or num_process <= 0:
            raise ValueError(f"For 'SummaryRecord', the 'num_process' must be a positive int, but got {num_process!r}.")
        if max_file_size is not None and (not isinstance(max_file_size, int) or max_file_size <= 0):
            raise ValueError(f"For 'SummaryRecord', the 'max_file_size' must be a positive int, but got "
                             f"{max_file_size!r}.")
        export_options = export_options or {}
        unknown = set(export_options) - {"tensor_format"}
        if unknown or export_options.get("tensor_format") not in (None, "npy"):
            raise ValueError(f"For 'SummaryRecord', 'export_options' takes {{'tensor_format': 'npy'}}, but got "
                             f"{export_options!r}.")
        self._dir = os.path.realpath(log_dir)
        os.makedirs(self._dir, exist_ok=True)
        self._prefix, self._suffix = file_prefix, file_suffix
        self._num_process, self._network = num_process, network
        self._max_file_size, self._raise_exception = max_file_size, raise_exception
        self._export_npy = export_options.get("tensor_format") == "npy"
        self._pending = {}
        if network is not None:  # MindSpore saves the network's graph; here its printed structure
            self._pending[("graph", "network")] = (repr(network), None)
        self._mode = "train"
        self._closed = False
        self._path = None
        self._file = None
        self._open_file()

    def _open_file(self):
        stamp = int(time.time())
        name = f"{self._prefix}.out.events.summary.{stamp}.{socket.gethostname()}{self._suffix}"
        path, number = os.path.join(self._dir, name), 1
        while os.path.exists(path):  # a second record in the same second: a new file, not an append
            path = os.path.join(self._dir, f"{name}.{number}")
            number += 1
        self._path = path
        self._file = open(path, "w", encoding="utf-8")

    @property
    def log_dir(self):
        """The path of the summary file being written."""
        return self._path

    def set_mode(self, mode):
        """'train' or 'eval': in 'eval' mode recorded values carry mode 'eval'."""
        if mode not in ("train", "eval"):
            raise ValueError(f"For 'SummaryRecord.set_mode', the 'mode' must be 'train' or 'eval', but got {mode!r}.")
        self._mode = mode

    def add_value(self, plugin, name, value):
        """Queue a value for the next `record`: plugin 'scalar', 'image', 'tensor', 'histogram', 'graph',
        'dataset_graph', 'train_lineage', 'eval_lineage' or 'custom_lineage_data'."""
        if plugin not in _PLUGINS:
            raise ValueError(f"For 'SummaryRecord.add_value', the 'plugin' must be one of {list(_PLUGINS)}, but got "
                             f"{plugin!r}.")
        if not isinstance(name, str) or not name:
            raise ValueError(f"For 'SummaryRecord.add_value', the 'name' must be a non-empty str, but got {name!r}.")
        self._pending[(plugin, name)] = (_encode(plugin, name, value), value)

    def record(self, step, train_network=None, plugin_filter=None):
        """Write the queued values and those of the summary ops at `step`; returns True (False if closed)."""
        if isinstance(step, bool) or not isinstance(step, int):
            raise TypeError(f"For 'SummaryRecord.record', the 'step' must be an int, but got {type(step).__name__}.")
        if self._closed:
            return False
        entries = dict(self._pending)
        self._pending.clear()
        for (plugin, name), value in pop_summary_values().items():
            entries[(plugin, name)] = (_encode(plugin, name, value), value)
        try:
            wall_time = time.time()
            for (plugin, name), (encoded, original) in entries.items():
                if plugin_filter is not None and not plugin_filter(plugin):
                    continue
                line = json.dumps({"step": step, "wall_time": wall_time, "mode": self._mode, "plugin": plugin,
                                   "tag": name, "value": encoded})
                self._file.write(line + "\n")
                if self._export_npy and plugin == "tensor":
                    self._export(step, name, original)
            self._file.flush()
            if self._max_file_size is not None and os.path.getsize(self._path) >= self._max_file_size:
                self._file.close()
                self._open_file()
        except OSError as error:
            if self._raise_exception:
                raise
            print(f"SummaryRecord: could not write the summary at step {step}: {error}")
            return False
        return True

    def _export(self, step, name, value):
        folder = os.path.join(self._dir, "export", "tensor")
        os.makedirs(folder, exist_ok=True)
        safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in name)
        path = os.path.join(folder, f"{safe}_{step}.npy")
        temporary = path + ".tmp.npy"
        np.save(temporary, value.asnumpy())
        os.replace(temporary, path)

    def flush(self):
        """Write buffered data to disk."""
        if not self._closed:
            self._file.flush()

    def close(self):
        """Flush and close the file (later records return False)."""
        if not self._closed:
            self._file.close()
            self._closed = True

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
