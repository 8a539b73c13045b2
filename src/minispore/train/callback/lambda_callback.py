"""`LambdaCallback`: a Callback made of plain functions, one per event."""
from minispore.train.callback.callback import Callback, _EVENTS

__all__ = ["LambdaCallback"]


class LambdaCallback(Callback):
    """Call the given function `fn(run_context)` for each event it names."""

    def __init__(self, on_train_epoch_begin=None, on_train_epoch_end=None, on_train_step_begin=None,
                 on_train_step_end=None, on_train_begin=None, on_train_end=None, on_eval_epoch_begin=None,
                 on_eval_epoch_end=None, on_eval_step_begin=None, on_eval_step_end=None, on_eval_begin=None,
                 on_eval_end=None):
        super().__init__()
        given = locals()
        for event in _EVENTS:
            function = given[event]
            if function is not None:
                if not callable(function):
                    raise TypeError(f"For 'LambdaCallback', '{event}' should be callable, but got {function!r}.")
                setattr(self, event, function)
