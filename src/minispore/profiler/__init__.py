"""`mindspore.profiler`: `Profiler`, a per-op time table of what runs through the dispatch door."""
from minispore.profiler.profiler import Profiler, ProfilerActivity, ProfilerLevel, schedule, tensorboard_trace_handler

__all__ = ["Profiler", "ProfilerActivity", "ProfilerLevel", "schedule", "tensorboard_trace_handler"]
