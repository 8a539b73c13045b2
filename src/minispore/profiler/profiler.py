"""`mindspore.profiler.Profiler`: a per-op time table of everything that runs through the dispatch door.

The profiler is an interpreter at the door: while it is started (in the thread that started it), every
primitive call — forward, backward rules, optimizer updates — is timed around its kernel, with its input
shapes and dtypes. `analyse()` writes the tables MindSpore's CPU profiler writes, in its directory layout
(`<output_path>/<host>_<pid>_<time>_ascend_ms/FRAMEWORK/cpu_op_type_info_0.csv`, `cpu_op_detail_info_0.csv`,
`cpu_op_execute_timestamp_0.txt` and `ASCEND_PROFILER_OUTPUT/trace_view.json`, a Chrome trace); `table()`
returns the per-op table as text.
"""
import csv
import enum
import io
import json
import os
import socket
import tempfile
import time
import warnings

from minispore.common.tensor import Tensor
from minispore.ops._prims.dispatch import Interpreter, thread_state

__all__ = ["Profiler", "ProfilerLevel", "ProfilerActivity", "schedule", "tensorboard_trace_handler"]


class ProfilerLevel(enum.Enum):
    """How much an Ascend profile collects; on the CPU every level gives the op table."""

    LevelNone = "LevelNone"
    Level0 = "Level0"
    Level1 = "Level1"
    Level2 = "Level2"


class ProfilerActivity(enum.Enum):
    """Which devices to profile: CPU (the host ops minispore runs), NPU, GPU."""

    CPU = "CPU"
    NPU = "NPU"
    GPU = "GPU"


class _Action(enum.Enum):
    NONE = 0
    WARM_UP = 1
    RECORD = 2
    RECORD_AND_SAVE = 3


class schedule:  # noqa: N801 - MindSpore's name
    """Which steps to record: skip `skip_first`, then cycles of `wait` idle, `warmup`, `active` recorded steps,
    `repeat` times (0: forever); the last active step of a cycle hands the trace to `on_trace_ready`."""

    def __init__(self, *, wait, active, warmup=0, repeat=0, skip_first=0):
        for name, value in (("wait", wait), ("active", active), ("warmup", warmup), ("repeat", repeat),
                            ("skip_first", skip_first)):
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise ValueError(f"For 'schedule', the '{name}' must be a non-negative int, but got {value!r}.")
        if active < 1:
            raise ValueError(f"For 'schedule', the 'active' must be at least 1, but got {active}.")
        self.wait, self.active, self.warmup, self.repeat, self.skip_first = wait, active, warmup, repeat, skip_first

    def __call__(self, step):
        if step < self.skip_first:
            return _Action.NONE
        step -= self.skip_first
        cycle = self.wait + self.warmup + self.active
        if self.repeat and step >= cycle * self.repeat:
            return _Action.NONE
        position = step % cycle
        if position < self.wait:
            return _Action.NONE
        if position < self.wait + self.warmup:
            return _Action.WARM_UP
        return _Action.RECORD_AND_SAVE if position == cycle - 1 else _Action.RECORD


def tensorboard_trace_handler(dir_name=None, worker_name=None, analyse_flag=True, async_mode=False):
    """An `on_trace_ready` handler writing each recorded cycle's tables under `dir_name` (default ./data)."""
    def handler(profiler):
        if analyse_flag:
            profiler._write(dir_name or "./data", None, False)
    return handler


class _Timing(Interpreter):
    """Times every primitive call made while it is open."""

    __slots__ = ("records", "step", "output_bytes")

    def __init__(self):
        self.records = []  # (name, start ns, duration ns, step, input shapes, input dtypes)
        self.output_bytes = None  # {op name: [calls, bytes of outputs]} when memory is profiled
        self.step = 0

    def process(self, prim, inputs, attrs):
        start = time.perf_counter_ns()
        out = prim.op(*inputs, **attrs)
        duration = time.perf_counter_ns() - start
        self.records.append((prim.name, start, duration, self.step,
                             [list(x.shape) if isinstance(x, Tensor) else None for x in inputs],
                             [str(x.dtype) if isinstance(x, Tensor) else type(x).__name__ for x in inputs]))
        if self.output_bytes is not None:
            entry = self.output_bytes.setdefault(prim.name, [0, 0])
            entry[0] += 1
            entry[1] += sum(o._data.nbytes for o in (out if type(out) is tuple else (out,)) if isinstance(o, Tensor))
        return out


# MindSpore's Profiler keyword arguments that only configure Ascend or GPU collection.
_DEVICE_ONLY = ("aic_metrics", "l2_cache", "hbm_ddr", "pcie", "sync_enable", "mstx", "data_process",
                "parallel_strategy", "data_simplification", "export_type", "with_stack", "profile_framework",
                "host_sys", "sys_io", "sys_interconnection", "mstx_domain_include", "mstx_domain_exclude",
                "record_shapes", "profile_communication", "op_time", "timeline_limit", "hbm_ddr")
_KNOWN = ("output_path", "profiler_level", "activities", "schedule", "on_trace_ready", "profile_memory",
          "start_profile") + _DEVICE_ONLY


class Profiler:
    """Times every op run while started (from construction unless start_profile=False; until stop()).

    Keyword arguments: output_path ('./data'), start_profile (True), activities ([CPU]), schedule and
    on_trace_ready (record only some steps, counted by `step()`), profile_memory (also record the bytes
    each op outputs), profiler_level. Ascend- and GPU-only options are accepted with a warning, as on
    MindSpore's CPU build.
    """

    def __init__(self, **kwargs):
        unknown = sorted(set(kwargs) - set(_KNOWN))
        if unknown:
            raise TypeError(f"For 'Profiler', unknown keyword argument(s) {unknown}; known: {sorted(_KNOWN)}.")
        device_only = sorted(k for k in kwargs if k in _DEVICE_ONLY)
        if device_only:
            warnings.warn(f"Profiler: {device_only} configure Ascend/GPU profiling and have no effect on the CPU.")
        activities = kwargs.get("activities", [ProfilerActivity.CPU])
        if ProfilerActivity.CPU not in activities:
            raise ValueError("For 'Profiler', minispore profiles the CPU: 'activities' must include "
                             "ProfilerActivity.CPU.")
        self._output_path = os.path.abspath(kwargs.get("output_path", "./data"))
        self._level = kwargs.get("profiler_level", ProfilerLevel.Level0)
        if not isinstance(self._level, ProfilerLevel):
            raise TypeError(f"For 'Profiler', the 'profiler_level' must be a ProfilerLevel, but got {self._level!r}.")
        self._schedule = kwargs.get("schedule")
        self._on_trace_ready = kwargs.get("on_trace_ready")
        self._profile_memory = bool(kwargs.get("profile_memory", False))
        self._timing = _Timing()
        if self._profile_memory:
            self._timing.output_bytes = {}
        self._metadata = {}
        self._opened = None  # (thread state, saved top) while started
        self._step = 0
        self._start_ns = time.time_ns() - time.perf_counter_ns()  # perf_counter -> wall clock
        if kwargs.get("start_profile", True):
            self.start()

    # --- collecting ---------------------------------------------------------------------------
    def start(self):
        """Start timing the ops of this thread."""
        if self._opened is not None:
            return
        if self._schedule is not None and self._schedule(self._step) in (_Action.NONE, _Action.WARM_UP):
            self._opened = ()  # started, but this step is not recorded
            return
        state = thread_state()
        self._opened = (state, state.push(self._timing))

    def _close(self):
        if self._opened:
            state, saved_top = self._opened
            state.pop(self._timing, saved_top)
        self._opened = None

    def stop(self):
        """Stop timing."""
        self._close()

    def step(self):
        """Mark the end of a training step (for `schedule`: the next step may be recorded or not)."""
        if self._schedule is None:
            self._step += 1
            self._timing.step = self._step
            return
        action = self._schedule(self._step)
        running = self._opened is not None
        self._close()
        if action is _Action.RECORD_AND_SAVE and self._on_trace_ready is not None:
            self._on_trace_ready(self)
            self._timing.records.clear()
        self._step += 1
        self._timing.step = self._step
        if running:
            self.start()

    # --- reporting ----------------------------------------------------------------------------
    def _by_op(self):
        table = {}
        for name, _, duration, _, _, _ in self._timing.records:
            count, total, low, high = table.get(name, (0, 0, None, 0))
            table[name] = (count + 1, total + duration, duration if low is None else min(low, duration),
                           max(high, duration))
        return sorted(table.items(), key=lambda item: -item[1][1])

    def table(self):
        """The per-op time table as text: calls, total, average, min, max (ms) and share of the total."""
        rows = self._by_op()
        grand = sum(total for _, (_, total, _, _) in rows) or 1
        lines = [f"{'op':<34}{'calls':>8}{'total ms':>12}{'avg ms':>11}{'min ms':>11}{'max ms':>11}{'share':>8}"]
        for name, (count, total, low, high) in rows:
            lines.append(f"{name:<34}{count:>8}{total / 1e6:>12.4f}{total / count / 1e6:>11.4f}{low / 1e6:>11.4f}"
                         f"{high / 1e6:>11.4f}{100 * total / grand:>7.2f}%")
        lines.append(f"{'total':<34}{len(self._timing.records):>8}{grand / 1e6:>12.4f}")
        return "\n".join(lines)

    def analyse(self, offline_path=None, pretty=False, step_list=None, mode="sync"):
        """Write the op tables and the trace under output_path (MindSpore's CPU profiler layout); returns the
        run's directory."""
        if mode not in ("sync", "async"):
            raise ValueError(f"For 'Profiler.analyse', the 'mode' must be 'sync' or 'async', but got {mode!r}.")
        return self._write(offline_path or self._output_path, step_list, pretty)

    def _write(self, output_path, step_list, pretty):
        records = [r for r in self._timing.records if step_list is None or r[3] in step_list]
        stamp = time.strftime("%Y%m%d%H%M%S") + f"{int(time.time() * 1000) % 1000:03d}"
        run = os.path.join(os.path.abspath(output_path), f"{socket.gethostname()}_{os.getpid()}_{stamp}_ascend_ms")
        framework = os.path.join(run, "FRAMEWORK")
        os.makedirs(framework, exist_ok=True)
        os.makedirs(os.path.join(run, "ASCEND_PROFILER_OUTPUT"), exist_ok=True)
        steps = max(len({r[3] for r in records}), 1)
        by_op = {}
        for name, start, duration, _, shapes, dtypes in records:
            by_op.setdefault(name, []).append((start, duration, shapes, dtypes))
        grand = sum(d for _, _, d, _, _, _ in records) or 1
        rows = sorted(by_op.items(), key=lambda item: -sum(d for _, d, _, _ in item[1]))
        _write(os.path.join(framework, "cpu_op_type_info_0.csv"), _csv(
            ["op_type", "type_occurrences", "execution_frequency(per-step)", "total_compute_time", "avg_time(ms)",
             "percent"],
            [[name, len(calls), len(calls) // steps, _ms(sum(d for _, d, _, _ in calls)),
              _ms(sum(d for _, d, _, _ in calls) / len(calls)), round(sum(d for _, d, _, _ in calls) / grand, 6)]
             for name, calls in rows]))
        _write(os.path.join(framework, "cpu_op_detail_info_0.csv"), _csv(
            ["op_side", "op_type", "op_name", "full_op_name", "op_occurrences", "op_total_time(ms)",
             "op_avg_time(ms)", "total_proportion", "subgraph", "pid"],
            [["Host", name, name, name, len(calls), _ms(sum(d for _, d, _, _ in calls)),
              _ms(sum(d for _, d, _, _ in calls) / len(calls)), round(sum(d for _, d, _, _ in calls) / grand, 6),
              "Default", os.getpid()] for name, calls in rows]))
        _write(os.path.join(framework, "cpu_op_execute_timestamp_0.txt"), "".join(
            f"{name};HostCpuOps;" + " ".join(f"{self._start_ns + s},{_ms(d)},0" for s, d, _, _ in calls) + " \n"
            for name, calls in rows))
        events = [{"ph": "M", "name": "process_name", "pid": 2, "tid": 0, "args": {"name": "CPU OP"}}]
        for name, start, duration, step, shapes, dtypes in records:
            events.append({"ph": "X", "name": name, "pid": 2, "tid": 0, "ts": f"{(self._start_ns + start) / 1e3:.3f}",
                           "dur": f"{duration / 1e3:.3f}", "cat": "",
                           "args": {"type": "HostCpuOps", "step": step, "input shapes": shapes,
                                    "input dtypes": dtypes}})
        _write(os.path.join(run, "ASCEND_PROFILER_OUTPUT", "trace_view.json"),
               json.dumps(events, indent=1 if pretty else None))
        _write(os.path.join(run, "ASCEND_PROFILER_OUTPUT", "op_statistic.txt"), self.table() + "\n")
        if self._timing.output_bytes is not None:
            _write(os.path.join(framework, "cpu_op_memory_0.csv"), _csv(
                ["op_type", "occurrences", "output_bytes", "avg_output_bytes"],
                [[name, calls, total, total // calls] for name, (calls, total) in self._timing.output_bytes.items()]))
        if self._metadata:
            _write(os.path.join(run, "profiler_metadata.json"), json.dumps(self._metadata, indent=1))
        return run

    def op_analyse(self, op_name, device_id=None):
        """A JSON text with every recorded call of `op_name` (or of each name in a list): duration (ms),
        step, input shapes and dtypes."""
        names = [op_name] if isinstance(op_name, str) else list(op_name)
        found = {name: [{"duration(ms)": _ms(d), "step": step, "input_shapes": shapes, "input_dtypes": dtypes}
                        for recorded, _, d, step, shapes, dtypes in self._timing.records if recorded == name]
                 for name in names}
        return json.dumps(found)

    def add_metadata(self, key, value):
        """A key and value written to profiler_metadata.json by `analyse`."""
        if not isinstance(key, str) or not isinstance(value, str):
            raise TypeError("For 'Profiler.add_metadata', 'key' and 'value' must be str.")
        self._metadata[key] = value

    def add_metadata_json(self, key, value):
        """A key and a JSON text value written to profiler_metadata.json by `analyse`."""
        if not isinstance(key, str) or not isinstance(value, str):
            raise TypeError("For 'Profiler.add_metadata_json', 'key' and 'value' must be str.")
        self._metadata[key] = json.loads(value)

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc):
        self.stop()


def _ms(nanoseconds):
    return round(nanoseconds / 1e6, 6)


def _csv(header, rows):
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def _write(path, text):
    """Write a file atomically (a temporary file in the same folder, then a rename)."""
    handle, temporary = tempfile.mkstemp(dir=os.path.dirname(path), prefix=".tmp-")
    with os.fdopen(handle, "w") as file:
        file.write(text)
    os.replace(temporary, path)
