"""`Model`: the high-level train / eval / predict / fit loop with callbacks and metrics."""
import warnings

from minispore.common.dtype import HostFloat
from minispore.common.tensor import Tensor
from minispore.nn.cell import Cell
from minispore.parallel._auto_parallel_context import _get_device_num, _get_parallel_mode
from minispore.train.callback.callback import CallbackList, CallbackParams, RunContext
from minispore.train.metrics import Loss, Metric, get_metric_fn

__all__ = ["Model"]


def _positive_int(api, name, value, minimum=1):
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise ValueError(f"For 'Model.{api}', the argument '{name}' must be an int >= {minimum}, but got {value!r}.")


def _build_metrics(metrics):
    """{name: Metric} from a set/list of names or a dict name -> Metric; names keep a stable order."""
    if metrics is None:
        return {}
    if isinstance(metrics, dict):
        for name, metric in metrics.items():
            if not isinstance(metric, Metric):
                raise TypeError(f"For 'Model', metrics[{name!r}] should be a Metric, but got {type(metric).__name__}.")
        return dict(metrics)
    if isinstance(metrics, (set, list, tuple)):
        # A set has no fixed order; sorting gives the order MindSpore shows for {'accuracy', 'loss'}.
        names = sorted(metrics) if isinstance(metrics, set) else list(metrics)
        return {name: get_metric_fn(name) for name in names}
    raise TypeError(f"For 'Model', the argument 'metrics' should be a set, list or dict, but got {type(metrics).__name__}.")


def _batches(dataset):
    """One epoch of batches from a Dataset (create_tuple_iterator) or any iterable of tuples."""
    iterator = dataset.create_tuple_iterator() if hasattr(dataset, "create_tuple_iterator") else dataset
    for item in iterator:
        if isinstance(item, dict):
            item = tuple(item.values())
        elif not isinstance(item, (tuple, list)):
            item = (item,)
        yield tuple(x if isinstance(x, Tensor) else Tensor(x) for x in item)


def _dataset_size(dataset, api):
    """The number of batches an epoch of `dataset` has (> 0), without consuming a one-shot iterator."""
    if hasattr(dataset, "get_dataset_size"):
        size = dataset.get_dataset_size()
    elif hasattr(dataset, "__len__"):
        size = len(dataset)
    elif not hasattr(dataset, "__iter__"):
        raise TypeError(f"For 'Model.{api}', the dataset must be a mindspore.dataset Dataset or an iterable of "
                        f"batches, but got {type(dataset).__name__}.")
    elif iter(dataset) is dataset:
        # Counting would use up a generator, and a second epoch would find it empty.
        raise TypeError(f"For 'Model.{api}', the dataset is a one-shot iterator ({type(dataset).__name__}), "
                        "which cannot be read once per epoch; wrap its source in "
                        "mindspore.dataset.GeneratorDataset(source, column_names) or pass a list.")
    else:
        size = sum(1 for _ in _batches(dataset))
    if not size:
        raise ValueError(f"For 'Model.{api}', the dataset is empty (0 batches): there is nothing to "
                         f"{'train on' if api in ('train', 'fit') else 'evaluate'}.")
    return size


class Model:
    """Wraps a network (+ loss and optimizer) with train, eval, predict and fit loops.

    `amp_level` and the kwargs `loss_scale_manager` / `keep_batchnorm_fp32` build the training Cell with
    `amp.build_train_network`, as MindSpore does: with a loss scale the gradients are unscaled, and steps
    whose gradients overflow skip the optimizer.
    """

    def __init__(self, network, loss_fn=None, optimizer=None, metrics=None, eval_network=None, eval_indexes=None,
                 amp_level="O0", boost_level="O0", **kwargs):
        if not isinstance(network, Cell):
            raise TypeError(f"For 'Model', the argument 'network' should be a Cell, but got {type(network).__name__}.")
        for arg in kwargs:
            if arg not in ("loss_scale_manager", "keep_batchnorm_fp32", "boost_config_dict", "acc_level"):
                raise ValueError("The argument in 'kwargs' should be 'loss_scale_manager' or 'keep_batchnorm_fp32' or "
                                 f"'boost_config_dict' or 'acc_level', but got '{arg}'.")
        if optimizer is None and amp_level != "O0":
            raise ValueError("Auto mixed precision will not work because 'optimizer' is None.Please set amp_level='O0' "
                             "to disable auto mixed precision or set 'optimizer' not be None to use auto mixed "
                             "precision.")
        if eval_indexes is not None and (not isinstance(eval_indexes, list) or len(eval_indexes) != 3):
            raise ValueError("For 'Model', 'eval_indexes' should be a list of 3 ints [loss, predict, label], "
                             f"but got {eval_indexes!r}.")
        self._network = network
        self._loss_fn = loss_fn
        self._optimizer = optimizer
        self._amp_level = amp_level
        self._boost_level = kwargs.get("acc_level", boost_level)
        self._loss_scale_manager = kwargs.get("loss_scale_manager")
        self._loss_scale_manager_set = "loss_scale_manager" in kwargs
        self._keep_bn_fp32 = kwargs.get("keep_batchnorm_fp32")
        if self._loss_scale_manager is not None and optimizer is None:
            raise ValueError("The argument 'optimizer' can not be None when set 'loss_scale_manager'.")
        self._metric_fns = _build_metrics(metrics)
        self._check_boost(eval_network)
        self._train_network = self._build_train_network()
        self._eval_network, self._eval_indexes = self._build_eval_network(eval_network, eval_indexes)
        self._predict_network = network

    def _check_boost(self, eval_network):
        """MindSpore's boost algorithms run when boost_level is O1/O2 with an optimizer and an evaluation."""
        if self._boost_level not in ("O1", "O2"):
            return
        if self._optimizer is None:
            warnings.warn("In boost mode, the optimizer must be defined.")
        elif eval_network is None and not self._metric_fns:
            warnings.warn("In boost mode, the eval_network and metrics cannot be undefined at the same time.")
        else:
            raise NotImplementedError(
                f"For 'Model', boost_level={self._boost_level!r}: MindSpore's boost algorithms (LessBN, gradient "
                "freezing, AdaSum) are not implemented in minispore; use boost_level='O0'.")

    def _build_train_network(self):
        if self._optimizer is not None:
            from minispore.amp import build_train_network
            amp_config = {}
            if self._loss_scale_manager_set:
                amp_config["loss_scale_manager"] = self._loss_scale_manager
            if self._keep_bn_fp32 is not None:
                amp_config["keep_batchnorm_fp32"] = self._keep_bn_fp32
            boost = self._boost_level if self._boost_level in ("O1", "O2") else "O0"
            return build_train_network(self._network, self._optimizer, self._loss_fn, level=self._amp_level,
                                       boost_level=boost, **amp_config)
        if self._loss_fn is not None:
            from minispore.nn.wrap.cell_wrapper import WithLossCell
            return WithLossCell(self._network, self._loss_fn)
        return self._network

    def _build_eval_network(self, eval_network, eval_indexes):
        if eval_network is not None:
            return eval_network, eval_indexes
        if self._loss_fn is None:
            return None, None
        from minispore.nn.wrap.cell_wrapper import WithEvalCell
        return WithEvalCell(self._network, self._loss_fn, self._amp_level in ("O2", "O3", "auto")), [0, 1, 2]

    @property
    def train_network(self):
        """The Cell one training step calls."""
        return self._train_network

    @property
    def eval_network(self):
        """The Cell evaluation calls."""
        return self._eval_network

    @property
    def predict_network(self):
        """The Cell `predict` calls (the network itself)."""
        return self._predict_network

    def _params(self, mode, dataset, epoch, callbacks, sink):
        return CallbackParams(
            network=self._network, train_network=self._train_network,
            loss_fn=self._loss_fn, optimizer=self._optimizer, mode=mode, epoch_num=epoch,
            batch_num=_dataset_size(dataset, "train" if mode == "train" else "eval"), cur_epoch_num=0,
            cur_step_num=0, dataset_sink_mode=sink, net_outputs=None, list_callback=callbacks.callbacks,
            parallel_mode=_get_parallel_mode(), device_number=_get_device_num(),
            initial_step=0, last_save_ckpt_step=None, latest_ckpt_file=None,
            loss_scale_mananger=self._loss_scale_manager,
            **{f"{mode}_dataset": dataset, f"{mode}_dataset_element": None})

    def train(self, epoch, train_dataset, callbacks=None, dataset_sink_mode=False, sink_size=-1, initial_epoch=0):
        """Train for epochs initial_epoch+1 .. epoch, calling the callbacks around every step and epoch."""
        self._run_training(epoch, train_dataset, callbacks, dataset_sink_mode, initial_epoch, None, 1)

    def fit(self, epoch, train_dataset, valid_dataset=None, valid_frequency=1, callbacks=None,
            dataset_sink_mode=False, valid_dataset_sink_mode=False, sink_size=-1, initial_epoch=0):
        """Train, evaluating on valid_dataset every `valid_frequency` epochs (and after the last one)."""
        if valid_dataset is not None and not self._metric_fns:
            raise ValueError("For 'Model.fit', 'metrics' must be set to evaluate on 'valid_dataset'.")
        _positive_int("fit", "valid_frequency", valid_frequency)
        self._run_training(epoch, train_dataset, callbacks, dataset_sink_mode, initial_epoch, valid_dataset,
                           valid_frequency)

    def _run_training(self, epoch, dataset, callbacks, sink, initial_epoch, valid_dataset, valid_frequency):
        _positive_int("train", "epoch", epoch)
        _positive_int("train", "initial_epoch", initial_epoch, minimum=0)
        if initial_epoch >= epoch:
            raise ValueError(f"For 'Model.train', 'initial_epoch' ({initial_epoch}) must be less than 'epoch' ({epoch}).")
        callback_list = CallbackList(callbacks)
        params = self._params("train", dataset, epoch, callback_list, sink)
        params.cur_step_num = params.initial_step = initial_epoch * params.batch_num
        run_context = RunContext(params)
        self._train_network.set_train(True)
        callback_list.on_train_begin(run_context)
        for epoch_index in range(initial_epoch, epoch):
            params.cur_epoch_num = epoch_index + 1
            params.pop("metrics", None)
            callback_list.on_train_epoch_begin(run_context)
            for batch in _batches(dataset):
                params.cur_step_num += 1
                params.train_dataset_element = batch
                callback_list.on_train_step_begin(run_context)
                outputs = self._train_network(*batch)
                params.net_outputs = outputs
                manager = self._loss_scale_manager
                if manager is not None and manager.get_drop_overflow_update():
                    manager.update_loss_scale(bool(outputs[1].asnumpy().all()))
                callback_list.on_train_step_end(run_context)
                if run_context.get_stop_requested():
                    break
            last = epoch_index + 1 == epoch
            if valid_dataset is not None and ((epoch_index + 1) % valid_frequency == 0 or last):
                results = self._evaluate(valid_dataset, callback_list)
                params.metrics = params.eval_results = results
                self._train_network.set_train(True)
            callback_list.on_train_epoch_end(run_context)
            if run_context.get_stop_requested():
                break
        callback_list.on_train_end(run_context)

    def eval(self, valid_dataset, callbacks=None, dataset_sink_mode=False):
        """Run the metrics over valid_dataset; returns {metric name: value}."""
        if not self._metric_fns:
            raise ValueError("For 'Model.eval', the model argument 'metrics' can not be None or empty, you should "
                             "set the argument 'metrics' for model.")
        return self._evaluate(valid_dataset, CallbackList(callbacks))

    def _evaluate(self, dataset, callback_list):
        if self._eval_network is None:
            raise ValueError("For 'Model', 'loss_fn' or 'eval_network' must be set to evaluate with 'metrics'.")
        params = self._params("valid", dataset, 1, callback_list, False)
        params.mode = "eval"
        params.cur_epoch_num = 1
        run_context = RunContext(params)
        for metric in self._metric_fns.values():
            metric.clear()
        self._eval_network.set_train(False)
        callback_list.on_eval_begin(run_context)
        callback_list.on_eval_epoch_begin(run_context)
        for batch in _batches(dataset):
            params.cur_step_num += 1
            params.valid_dataset_element = batch
            callback_list.on_eval_step_begin(run_context)
            outputs = self._eval_network(*batch)
            params.net_outputs = outputs
            self._update_metrics(outputs)
            callback_list.on_eval_step_end(run_context)
            if run_context.get_stop_requested():
                break
        callback_list.on_eval_epoch_end(run_context)
        # NumPy 2 prints a float64 as np.float64(0.97); a Python float prints as MindSpore's output does.
        results = {name: float(value) if isinstance(value, HostFloat) else value
                   for name, value in ((name, metric.eval()) for name, metric in self._metric_fns.items())}
        params.metrics = results
        callback_list.on_eval_end(run_context)
        return results

    def _update_metrics(self, outputs):
        outputs = outputs if isinstance(outputs, (tuple, list)) else (outputs,)
        for metric in self._metric_fns.values():
            if metric.indexes is not None:
                metric.update(*outputs)  # the metric's update picks its inputs (@rearrange_inputs), as in MindSpore
            elif self._eval_indexes is not None:
                loss_index, predict_index, label_index = self._eval_indexes
                if isinstance(metric, Loss):
                    metric.update(outputs[loss_index])
                else:
                    metric.update(outputs[predict_index], outputs[label_index])
            else:
                metric.update(*outputs)

    def predict(self, *predict_data, backend=None, config=None):
        """The network's output for the inputs (evaluation mode)."""
        self._predict_network.set_train(False)
        return self._predict_network(*predict_data)
