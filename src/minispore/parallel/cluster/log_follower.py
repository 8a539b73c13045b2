"""Copy what workers append to their log files onto msrun's stdout (--join, --tail_worker_log)."""
import sys

__all__ = ["LogFollower"]


class LogFollower:
    """Reads each file from where it last stopped and writes whole new lines to stdout."""

    def __init__(self, paths):
        self._handles = {}
        self._partial = {}
        for path in paths:
            try:
                self._handles[path] = open(path, "r", encoding="utf-8", errors="replace")
            except OSError:
                continue
            self._partial[path] = ""

    def pump(self, final=False):
        """Write the lines appended since the last call (with `final`, also an unterminated last line)."""
        for path, handle in self._handles.items():
            *complete, rest = (self._partial[path] + handle.read()).split("\n")
            for line in complete:
                sys.stdout.write(line + "\n")
            if final and rest:
                sys.stdout.write(rest + "\n")
                rest = ""
            self._partial[path] = rest
        sys.stdout.flush()

    def close(self):
        self.pump(final=True)
        for handle in self._handles.values():
            handle.close()
