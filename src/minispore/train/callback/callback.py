"""`Callback`, `RunContext` and the list that fans each training/evaluation event out to callbacks."""

__all__ = ["Callback", "RunContext", "CallbackParams", "CallbackList"]


class CallbackParams(dict):
    """The run's state (`cur_epoch_num`, `cur_step_num`, `net_outputs`, ...) as a dict with attribute access."""

    def __getattr__(self, name):
        try:
            return self[name]
        except KeyError:
            raise AttributeError(f"'CallbackParams' has no attribute '{name}'") from None

    def __setattr__(self, name, value):
        self[name] = value


class RunContext:
    """What a callback sees: `original_args()` (the CallbackParams) and a way to stop the run."""

    def __init__(self, original_args):
        if not isinstance(original_args, dict):
            raise TypeError(f"For 'RunContext', the argument 'original_args' should be a dict, "
                            f"but got {type(original_args).__name__}.")
        self._original_args = original_args
        self._stop_requested = False

    def original_args(self):
        """The CallbackParams of the run."""
        return self._original_args

    def request_stop(self):
        """Ask Model to stop after the current step."""
        self._stop_requested = True

    def get_stop_requested(self):
        """Whether a callback asked to stop."""
        return self._stop_requested


class Callback:
    """Base class: override `on_train_*` / `on_eval_*` (or the older `begin`, `step_end`, ... names)."""

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return None

    # MindSpore 1.x names; the on_train_*/on_eval_* hooks call these by default.
    def begin(self, run_context):
        """Called once before the run."""

    def epoch_begin(self, run_context):
        """Called before each epoch."""

    def epoch_end(self, run_context):
        """Called after each epoch."""

    def step_begin(self, run_context):
        """Called before each step."""

    def step_end(self, run_context):
        """Called after each step."""

    def end(self, run_context):
        """Called once after the run."""

    def on_train_begin(self, run_context):
        self.begin(run_context)

    def on_train_epoch_begin(self, run_context):
        self.epoch_begin(run_context)

    def on_train_epoch_end(self, run_context):
        self.epoch_end(run_context)

    def on_train_step_begin(self, run_context):
        self.step_begin(run_context)

    def on_train_step_end(self, run_context):
        self.step_end(run_context)

    def on_train_end(self, run_context):
        self.end(run_context)

    def on_eval_begin(self, run_context):
        self.begin(run_context)

    def on_eval_epoch_begin(self, run_context):
        self.epoch_begin(run_context)

    def on_eval_epoch_end(self, run_context):
        self.epoch_end(run_context)

    def on_eval_step_begin(self, run_context):
        self.step_begin(run_context)

    def on_eval_step_end(self, run_context):
        self.step_end(run_context)

    def on_eval_end(self, run_context):
        self.end(run_context)


_EVENTS = ("on_train_begin", "on_train_epoch_begin", "on_train_epoch_end", "on_train_step_begin",
           "on_train_step_end", "on_train_end", "on_eval_begin", "on_eval_epoch_begin", "on_eval_epoch_end",
           "on_eval_step_begin", "on_eval_step_end", "on_eval_end")


class CallbackList(Callback):
    """Several callbacks called in order for every event."""

    def __init__(self, callbacks):
        if callbacks is None:
            callbacks = []
        elif isinstance(callbacks, Callback):
            callbacks = [callbacks]
        elif not isinstance(callbacks, (list, tuple)):
            raise TypeError("The 'callbacks' should be a Callback or a list of Callbacks, "
                            f"but got {type(callbacks).__name__}.")
        for callback in callbacks:
            if not isinstance(callback, Callback):
                raise TypeError(f"Each element of 'callbacks' should be a Callback, but got {type(callback).__name__}.")
        self.callbacks = list(callbacks)


def _fan_out(event):
    def call_all(self, run_context):
        for callback in self.callbacks:
            getattr(callback, event)(run_context)
    call_all.__name__ = event
    call_all.__doc__ = f"Call {event} of every callback."
    return call_all


for _event in _EVENTS:
    setattr(CallbackList, _event, _fan_out(_event))
