"""`CheckpointConfig` and `ModelCheckpoint`: save `{prefix}-{epoch}_{step}.ckpt` files while training."""
import os
import time

from minispore.train.callback.callback import Callback

__all__ = ["CheckpointConfig", "ModelCheckpoint"]


def _fresh_prefix(directory, prefix):
    """`prefix`, or `prefix_N` when checkpoints of an earlier run already use it, as MindSpore decides:
    a `.ckpt`/`.safetensors` file named `{prefix}-...` gives N = 1, one named `{prefix}_K-...` gives
    N = K + 1; the largest N wins. So a restarted run never overwrites (or deletes) an earlier run's files."""
    if not os.path.isdir(directory):
        return prefix
    suffix = 0
    for name in os.listdir(directory):
        if os.path.splitext(name)[1] not in (".ckpt", ".safetensors") or name.endswith("_breakpoint.ckpt"):
            continue
        if not name.startswith(prefix) or name[len(prefix)].isalpha():
            continue
        rest = name[len(prefix):]
        dash = rest.find("-")
        if dash == 0:
            suffix = max(suffix, 1)
        elif dash > 0 and rest[1:dash].isdigit():
            suffix = max(suffix, int(rest[1:dash]) + 1)
    return f"{prefix}_{suffix}" if suffix else prefix


def _non_negative_int(name, value):
    """None, or an int >= 0."""
    if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value < 0):
        raise ValueError(f"For 'CheckpointConfig', the argument '{name}' must be an int >= 0 or None, but got "
                         f"{value!r}.")
    return value


class CheckpointConfig:
    """When to save (every N steps, or else every N seconds), how many files to keep, and what to write.

    As in MindSpore, a positive save_checkpoint_steps makes save_checkpoint_seconds None, and a positive
    keep_checkpoint_max makes keep_checkpoint_per_n_minutes None.
    """

    def __init__(self, save_checkpoint_steps=1, save_checkpoint_seconds=0, keep_checkpoint_max=5,
                 keep_checkpoint_per_n_minutes=0, integrated_save=True, async_save=False, saved_network=None,
                 append_info=None, enc_key=None, enc_mode="AES-GCM", exception_save=False, crc_check=False,
                 remove_redundancy=False, format="ckpt", **kwargs):
        steps = _non_negative_int("save_checkpoint_steps", save_checkpoint_steps)
        seconds = _non_negative_int("save_checkpoint_seconds", save_checkpoint_seconds)
        keep_max = _non_negative_int("keep_checkpoint_max", keep_checkpoint_max)
        per_minutes = _non_negative_int("keep_checkpoint_per_n_minutes", keep_checkpoint_per_n_minutes)
        if not steps and not seconds and not keep_max and not per_minutes:
            raise ValueError("For 'CheckpointConfig', the input arguments 'save_checkpoint_steps', "
                             "'save_checkpoint_seconds', 'keep_checkpoint_max' and 'keep_checkpoint_per_n_minutes' "
                             "can't be all None or 0.")
        self.save_checkpoint_steps = steps
        self.save_checkpoint_seconds = None if steps else seconds
        self.keep_checkpoint_max = keep_max
        self.keep_checkpoint_per_n_minutes = None if keep_max else per_minutes
        if not keep_max and not per_minutes:
            self.keep_checkpoint_max = 1
        if append_info is not None and not isinstance(append_info, list):
            raise TypeError(f"For 'CheckpointConfig', 'append_info' should be a list, but got {append_info!r}.")
        if format not in ("ckpt", "safetensors"):
            raise ValueError(f"For 'CheckpointConfig', 'format' should be 'ckpt' or 'safetensors', but got {format!r}.")
        self.integrated_save = integrated_save
        self.async_save = async_save
        self.saved_network = saved_network
        self.append_info = append_info
        self.enc_key = enc_key
        self.enc_mode = enc_mode
        self.exception_save = exception_save
        self.crc_check = crc_check
        self.remove_redundancy = remove_redundancy
        self.format = format


class ModelCheckpoint(Callback):
    """Save the training network (weights and optimizer state) per CheckpointConfig."""

    def __init__(self, prefix="CKP", directory=None, config=None):
        super().__init__()
        if not isinstance(prefix, str) or not prefix or "/" in prefix:
            raise ValueError(f"For 'ModelCheckpoint', the argument 'prefix' should be a file name prefix, "
                             f"but got {prefix!r}.")
        if config is not None and not isinstance(config, CheckpointConfig):
            raise TypeError(f"For 'ModelCheckpoint', 'config' should be a CheckpointConfig, but got {config!r}.")
        self._directory = os.path.abspath(directory if directory is not None else os.getcwd())
        self._prefix = _fresh_prefix(self._directory, prefix)
        self._config = config if config is not None else CheckpointConfig()
        self._saved = []
        self._last_saved_step = 0
        self._last_saved_time = time.time()
        self._last_kept_time = time.time()
        self._latest_ckpt_file_name = ""

    @property
    def latest_ckpt_file_name(self):
        """Path of the newest checkpoint written."""
        return self._latest_ckpt_file_name

    def on_train_begin(self, run_context):
        self._last_saved_step = 0
        self._last_saved_time = time.time()

    def on_train_step_end(self, run_context):
        """Save when `save_checkpoint_steps` steps (or `save_checkpoint_seconds`) have passed."""
        params = run_context.original_args()
        steps, seconds = self._config.save_checkpoint_steps, self._config.save_checkpoint_seconds
        if steps:
            due = params.cur_step_num % steps == 0
        else:
            due = bool(seconds) and time.time() - self._last_saved_time >= seconds
        if due:
            self._save(params)

    def on_train_end(self, run_context):
        """Save the last step if it was not saved yet."""
        params = run_context.original_args()
        if params.cur_step_num != self._last_saved_step:
            self._save(params)

    def _append_dict(self, params):
        extra = {}
        for item in self._config.append_info or []:
            if isinstance(item, dict):
                extra.update(item)
            elif item == "epoch_num":
                extra["epoch_num"] = params.cur_epoch_num
            elif item == "step_num":
                extra["step_num"] = params.cur_step_num
        return extra or None

    def _save(self, params):
        from minispore.train.serialization import save_checkpoint

        step_in_epoch = (params.cur_step_num - 1) % params.batch_num + 1
        suffix = ".ckpt" if self._config.format == "ckpt" else ".safetensors"
        path = os.path.join(self._directory, f"{self._prefix}-{params.cur_epoch_num}_{step_in_epoch}{suffix}")
        network = self._config.saved_network if self._config.saved_network is not None else params.train_network
        save_checkpoint(network, path, append_dict=self._append_dict(params), enc_key=self._config.enc_key,
                        crc_check=self._config.crc_check, format=self._config.format)
        self._last_saved_step = params.cur_step_num
        self._last_saved_time = time.time()
        self._latest_ckpt_file_name = path
        if path in self._saved:
            self._saved.remove(path)
        self._saved.append(path)
        self._remove_old_files()
        params.latest_ckpt_file = path
        params.last_save_ckpt_step = params.cur_step_num

    def _remove_old_files(self):
        """Keep at most keep_checkpoint_max files, plus one per keep_checkpoint_per_n_minutes."""
        limit = self._config.keep_checkpoint_max
        minutes = self._config.keep_checkpoint_per_n_minutes
        if minutes and time.time() - self._last_kept_time >= minutes * 60:
            self._last_kept_time = time.time()
            self._saved.pop()  # this file is kept for good: no longer counted against the limit
            return
        while limit and len(self._saved) > limit:
            oldest = self._saved.pop(0)
            try:
                os.remove(oldest)
            except FileNotFoundError:
                pass  # another data-parallel rank saving to the same folder removed it first
