"""Print the fuzz suite's counts at the end of a run that used it."""
from tests.fuzz import harness


def pytest_terminal_summary(terminalreporter):
    if harness.TALLY["calls"]:
        terminalreporter.write_line(harness.report())
