"""`SummaryCollector`: a callback recording the loss, metrics, parameter histograms, input images, the network's
structure and the training lineage into a summary directory (SummaryRecord's JSON lines)."""
import re

from minispore.common.tensor import Tensor
from minispore.train.callback.callback import Callback
from minispore.train.callback.loss_monitor import loss_value
from minispore.train.summary.summary_record import SummaryRecord

__all__ = ["SummaryCollector"]

_DEFAULTS = {"collect_metric": True, "collect_graph": True, "collect_train_lineage": True,
             "collect_eval_lineage": True, "collect_input_data": True, "collect_dataset_graph": True,
             "histogram_regular": None}


def _check_int(name, value, minimum=1):
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise ValueError(f"For 'SummaryCollector', the '{name}' must be an int >= {minimum}, but got {value!r}.")


class SummaryCollector(Callback):
    """Collect training data into `summary_dir` every `collect_freq` steps.

    collect_specified_data keys: collect_metric (loss), collect_graph (the network's structure),
    collect_train_lineage / collect_eval_lineage (hyper-parameters, results), collect_input_data (the first
    image of a batch), collect_dataset_graph (the dataset pipeline), histogram_regular (a regular expression
    of parameter names to record histograms of; None: the first five parameters). collect_landscape (loss
    landscapes) is not supported.
    """

    def __init__(self, summary_dir, collect_freq=10, num_process=32, collect_specified_data=None,
                 keep_default_action=True, custom_lineage_data=None, collect_tensor_freq=None, max_file_size=None,
                 export_options=None):
        super().__init__()
        if not isinstance(summary_dir, str) or not summary_dir:
            raise ValueError(f"For 'SummaryCollector', the 'summary_dir' must be a non-empty str, but got "
                             f"{summary_dir!r}.")
        _check_int("collect_freq", collect_freq)
        if collect_tensor_freq is not None:
            _check_int("collect_tensor_freq", collect_tensor_freq)
        if not isinstance(keep_default_action, bool):
            raise TypeError("For 'SummaryCollector', the 'keep_default_action' must be a bool.")
        specified = dict(collect_specified_data or {})
        if "collect_landscape" in specified:
            raise ValueError("For 'SummaryCollector', 'collect_landscape' (loss landscapes) is not supported by "
                             "minispore.")
        unknown = set(specified) - set(_DEFAULTS)
        if unknown:
            raise ValueError(f"For 'SummaryCollector', unknown keys {sorted(unknown)} in 'collect_specified_data'; "
                             f"known: {sorted(_DEFAULTS)}.")
        if custom_lineage_data is not None and not isinstance(custom_lineage_data, dict):
            raise TypeError("For 'SummaryCollector', the 'custom_lineage_data' must be a dict.")
        base = dict(_DEFAULTS) if keep_default_action else {key: False for key in _DEFAULTS}
        if not keep_default_action:
            base["histogram_regular"] = None
        base.update(specified)
        self._collect = base
        self._histogram_pattern = re.compile(base["histogram_regular"]) if base["histogram_regular"] else None
        self._default_histograms = keep_default_action and specified.get("histogram_regular") is None
        self._summary_dir, self._freq = summary_dir, collect_freq
        self._tensor_freq = collect_tensor_freq or collect_freq
        self._options = dict(num_process=num_process, max_file_size=max_file_size, export_options=export_options)
        self._custom_lineage = custom_lineage_data or {}
        self._record = None

    def on_train_begin(self, run_context):
        params = run_context.original_args()
        self._record = SummaryRecord(self._summary_dir, **self._options)
        if self._collect["collect_graph"]:
            self._record.add_value("graph", "train_network", repr(params.train_network))
        if self._collect["collect_dataset_graph"] and params.get("train_dataset") is not None:
            self._record.add_value("dataset_graph", "train_dataset", repr(params.train_dataset))
        if self._custom_lineage:
            self._record.add_value("custom_lineage_data", "custom_lineage_data", self._custom_lineage)
        self._record.record(0)

    def on_train_step_end(self, run_context):
        params = run_context.original_args()
        step = params.cur_step_num
        if step % self._freq and step != 1:
            return
        record = self._record
        if self._collect["collect_metric"] and params.net_outputs is not None:
            record.add_value("scalar", "loss", Tensor(loss_value(params.net_outputs)))
        if self._collect["collect_input_data"]:
            batch = params.get("train_dataset_element")
            image = batch[0] if batch else None
            if isinstance(image, Tensor) and image.ndim == 4:
                record.add_value("image", "input_data/auto", image[:1])
        if step % self._tensor_freq == 0 or step == 1:
            for name, param in self._histogram_parameters(params.network):
                record.add_value("histogram", name + "/auto", param)
        record.record(step)

    def _histogram_parameters(self, network):
        if network is None:
            return []
        named = list(network.parameters_and_names())
        if self._histogram_pattern is not None:
            return [(name, p) for name, p in named if self._histogram_pattern.match(name)]
        return named[:5] if self._default_histograms else []

    def on_eval_end(self, run_context):
        params = run_context.original_args()
        if self._record is None or not self._collect["collect_eval_lineage"]:
            return
        metrics = params.get("metrics") or {}
        for name, value in metrics.items():
            if isinstance(value, (int, float)):
                self._record.add_value("scalar", f"eval/{name}", Tensor(float(value)))
        self._record.add_value("eval_lineage", "eval_lineage", {"metrics": {k: float(v) for k, v in metrics.items()
                                                                           if isinstance(v, (int, float))}})
        self._record.record(params.get("cur_step_num", 0))

    def on_train_end(self, run_context):
        params = run_context.original_args()
        if self._collect["collect_train_lineage"]:
            optimizer = params.get("optimizer")
            lineage = {"epoch": params.epoch_num, "cur_step_num": params.cur_step_num,
                       "batch_num": params.batch_num, "parallel_mode": params.parallel_mode,
                       "device_num": params.device_number,
                       "loss_function": type(params.loss_fn).__name__ if params.get("loss_fn") else None,
                       "optimizer": type(optimizer).__name__ if optimizer is not None else None,
                       "loss": loss_value(params.net_outputs) if params.net_outputs is not None else None}
            learning_rate = getattr(optimizer, "learning_rate", None)
            if isinstance(learning_rate, Tensor) and learning_rate.size == 1:
                lineage["learning_rate"] = float(learning_rate.asnumpy().reshape(()))
            self._record.add_value("train_lineage", "train_lineage", lineage)
        self._record.record(params.cur_step_num)
        self._record.close()
