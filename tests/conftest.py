"""The whole suite's own report: how long each tier took (unit, integration on both databases,
the web and command line end to end, the browser, the docs' examples), printed at the end, so
that a slower tier shows in every run. Times are what pytest measured for setup, call and
teardown of each test; nothing depends on them."""

from __future__ import annotations

from collections import defaultdict

import pytest

TIERS = {
    "unit": "unit",
    "integration": "integration (SQLite and PostgreSQL)",
    "e2e": "end to end (web, API, command line)",
    "browser": "browser (Chromium)",
    "docs": "docs' worked examples",
}
_seconds: defaultdict[str, float] = defaultdict(float)
_tests: defaultdict[str, int] = defaultdict(int)


def tier_of(nodeid: str) -> str:
    """The tier of a test by where it lives: ``tests/<tier>/…`` or ``docs/…``."""
    parts = nodeid.split("/")
    first = parts[1] if parts[0] == "tests" and len(parts) > 2 else parts[0]
    return first if first in TIERS else "other"


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    tier = tier_of(report.nodeid)
    _seconds[tier] += report.duration
    if report.when == "call" or (report.when == "setup" and report.skipped):
        _tests[tier] += 1


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if not _seconds:
        return
    terminalreporter.section("time per tier")
    for tier in [*TIERS, "other"]:
        if tier in _seconds:
            name = TIERS.get(tier, tier)
            line = f"{name:<40} {_tests[tier]:>6} tests {_seconds[tier]:>9.1f} s"
            terminalreporter.write_line(line)
    terminalreporter.write_line(
        f"{'all':<40} {sum(_tests.values()):>6} tests {sum(_seconds.values()):>9.1f} s"
    )
