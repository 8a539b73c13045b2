"""`map`: run transforms on some columns of every row, optionally in parallel workers.

Built-in transforms run in threads (NumPy and Pillow release the GIL); with
`python_multiprocessing=True` and a Python callable among the operations, workers are processes.
Rows come out in input order. A failing transform is reported with the row and the transform
named; `config.set_error_samples_mode` can make map skip or replace such rows instead.
"""
import warnings

from minispore.dataset import config
from minispore.dataset.engine.columns import as_row
from minispore.dataset.engine.datasets import Dataset
from minispore.dataset.engine.nodes import check_columns_exist
from minispore.dataset.engine.workers import ordered_map

__all__ = ["MapDataset", "bind_operation", "operation_name"]


def operation_name(operation):
    """How an operation is named in messages: its class, or the function's name."""
    name = getattr(operation, "__name__", None)
    return name if isinstance(name, str) else type(operation).__name__


def bind_operation(operation, seed):
    """The operation as one map worker uses it: random transforms get their own generator from `seed`."""
    bind = getattr(operation, "_bind", None)
    return bind(seed) if bind is not None else operation


def _layout(names, input_columns, output_columns):
    """MindSpore's column order after map: same count -> replaced in place, else outputs first."""
    if len(input_columns) == len(output_columns):
        renamed = dict(zip(input_columns, output_columns))
        return [renamed.get(name, name) for name in names], [names.index(name) for name in input_columns]
    rest = [name for name in names if name not in input_columns]
    return list(output_columns) + rest, None


class _Failure:
    """A transform failure, carried from a worker to the consumer (plain text: always picklable)."""

    def __init__(self, operation, error):
        self.operation = operation
        self.summary = f"{type(error).__name__}: {error}"
        self.error = error

    def __getstate__(self):
        return {"operation": self.operation, "summary": self.summary, "error": None}


class _Apply:
    """One worker's map function: the bound operations applied to a row's input columns."""

    def __init__(self, operations, indices, output_columns, seed):
        self.seed = seed
        self.operations = [bind_operation(operation, seed) for operation in operations]
        self.indices = indices
        self.output_columns = output_columns

    def __call__(self, number, row):
        values = tuple(row[i] for i in self.indices)
        for operation in self.operations:
            try:
                values = operation(*values)
            except Exception as error:
                return _Failure(operation_name(operation), error)
            if not isinstance(values, tuple):
                values = (values,)
        try:
            return as_row(values, self.output_columns, number, "map")
        except RuntimeError as error:
            return _Failure(operation_name(self.operations[-1]), error)


class MapDataset(Dataset):
    """Runs operations on some columns of each row."""

    def __init__(self, child, operations, input_columns, output_columns, num_parallel_workers,
                 python_multiprocessing):
        super().__init__([child])
        if operations is None:
            raise ValueError("For 'map', 'operations' must be given: a callable or a list of callables.")
        self.operations = list(operations) if isinstance(operations, (list, tuple)) else [operations]
        if not self.operations:
            raise ValueError("For 'map', 'operations' must not be an empty list.")
        for operation in self.operations:
            if not callable(operation):
                raise TypeError(f"For 'map', every operation must be callable, but got {operation!r}.")
        self._names = child.get_col_names()
        self.input_columns = input_columns or self._names[:1]
        check_columns_exist(self.input_columns, self._names, "map")
        self.output_columns = output_columns or list(self.input_columns)
        self._new_names, self._positions = _layout(self._names, self.input_columns, self.output_columns)
        if len(set(self._new_names)) != len(self._new_names):
            raise ValueError(f"For 'map', the resulting columns {self._new_names} repeat a name.")
        if num_parallel_workers is not None and (isinstance(num_parallel_workers, bool) or not isinstance(
                num_parallel_workers, int) or num_parallel_workers < 1):
            raise ValueError(f"For 'map', 'num_parallel_workers' must be an int >= 1, but got "
                             f"{num_parallel_workers!r}.")
        self.num_parallel_workers = num_parallel_workers
        self.python_multiprocessing = bool(python_multiprocessing)

    def get_col_names(self):
        return list(self._new_names)

    def _workers(self):
        """(logical workers, whether to run them in parallel).

        Like MindSpore, map has `num_parallel_workers` workers (the config default when not given),
        row k going to worker k mod n (an end of pass takes a turn too), each with its own random
        generators seeded seed + worker. They run in threads/processes when the count was chosen
        (here or by set_num_parallel_workers), else one after another in the calling thread —
        the same rows and the same random draws either way.
        """
        if self.num_parallel_workers is not None:
            count = self.num_parallel_workers
        else:
            count = config.get_num_parallel_workers()
        chosen = self.num_parallel_workers is not None or config.default_workers() > 1
        return count, chosen and count > 1 and not config.get_debug_mode()

    def _use_processes(self):
        return self.python_multiprocessing and any(
            not getattr(operation, "_builtin_transform", False) for operation in self.operations)

    def _place(self, row, outputs):
        if self._positions is not None:
            new_row = list(row)
            for position, value in zip(self._positions, outputs):
                new_row[position] = value
            return tuple(new_row)
        kept = tuple(value for name, value in zip(self._names, row) if name not in self.input_columns)
        return tuple(outputs) + kept

    def _raise(self, number, failure):
        message = (f"map: operation '{failure.operation}' failed on row {number} (input column(s) "
                   f"{self.input_columns}): {failure.summary}")
        raise RuntimeError(message) from failure.error

    def _run_state(self, run):
        def make():
            count, _ = self._workers()
            base = config.engine_seed()
            indices = [self._names.index(name) for name in self.input_columns]
            return {"appliers": [_Apply(self.operations, indices, self.output_columns, (base + w) & 0xFFFFFFFF)
                                 for w in range(count)], "next": 0}
        return run.state(self, make)

    def _rows(self, run):
        state = self._run_state(run)
        appliers, first = state["appliers"], state["next"]
        count, parallel = len(appliers), self._workers()[1]
        rows = enumerate(self.children[0]._rows(run))
        if parallel:
            results = self._parallel(rows, appliers, first)
        else:
            results = ((number, row, appliers[(first + number) % count](number, row)) for number, row in rows)
        mode = config.get_error_samples_mode()
        last_good = None
        passed = 0
        for number, row, outputs in results:
            passed = number + 1
            if isinstance(outputs, _Failure):
                if mode == config.ErrorSamplesMode.RETURN:
                    self._raise(number, outputs)
                replace = mode == config.ErrorSamplesMode.REPLACE and last_good is not None
                warnings.warn(f"map: row {number} {'replaced by an earlier row' if replace else 'skipped'}: "
                              f"operation '{outputs.operation}' failed: {outputs.summary}", RuntimeWarning)
                if replace:
                    yield last_good
                continue
            last_good = self._place(row, outputs)
            yield last_good
        state["next"] = (first + passed + 1) % count  # the end of the pass takes a worker's turn

    def _parallel(self, rows, appliers, first):
        """(number, row, outputs) from the workers; only the input columns travel to them."""
        indices = [self._names.index(name) for name in self.input_columns]
        kept = {}

        def items():
            for number, row in rows:
                kept[number] = row
                yield number, tuple(value if k in indices else None for k, value in enumerate(row))

        processes = self._use_processes()
        factory = (lambda w: appliers[w]) if not processes else \
            (lambda w, ops=self.operations, cols=self.output_columns, seeds=[a.seed for a in appliers]:
             _Apply(ops, indices, cols, seeds[w]))
        outputs = ordered_map(factory, items(), len(appliers), processes, first=first,
                              describe=lambda number, summary: f"map: row {number} (input column(s) "
                                                               f"{self.input_columns}): {summary}")
        for number, result in enumerate(outputs):
            yield number, kept.pop(number), result
