"""The whole suite: the tests mirror the source (``tests/admission/``, ``tests/register/``,
``tests/compensation/``, ``tests/association/<part>/``, ``tests/platform/``), with the whole-app
tables (authorisation matrix, bad input, fuzzing, the protected-identity scan) and their row
files in ``tests/app/``, and what tests share in ``tests/support/``.

The fixtures of the databases (every database test runs on SQLite and on PostgreSQL) and of the
browser are plugins in ``tests/support``. At the end the suite prints how long each tier took,
so that a slower tier shows in every run. A test's tier is what it uses: the browser, a database
fixture, the web application or the command line end to end, or none of them (a unit test).
Times are what pytest measured for setup, call and teardown; nothing depends on them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

import pytest

pytest_plugins = ["database_fixtures", "browser_fixtures"]

TIERS = {
    "unit": "unit",
    "integration": "integration (SQLite and PostgreSQL)",
    "e2e": "end to end (web, API, command line)",
    "browser": "browser (Chromium)",
    "docs": "docs' worked examples",
}
BROWSER_FIXTURES = frozenset({"browser", "page", "another_page", "server", "demo_server"})
DATABASE_FIXTURES = frozenset(
    {
        "database_url",
        "engine",
        "connection",
        "session_factory",
        "uow",
        "session",
        "empty_database_url",
        "postgresql_server",
        "sqlite_database_url",
        "postgresql_database_url",
    }
)
END_TO_END_MARKS = ("TestClient", "CliRunner", "subprocess")
_tier_of: dict[str, str] = {}
_seconds: defaultdict[str, float] = defaultdict(float)
_tests: defaultdict[str, int] = defaultdict(int)
_sources: dict[Path, str] = {}


def tier_of(path: Path, fixtures: Iterable[str]) -> str:
    """The tier of a test in ``path`` that uses ``fixtures``."""
    used = set(fixtures)
    if path.suffix == ".md":
        return "docs"
    if used & BROWSER_FIXTURES:
        return "browser"
    if used & DATABASE_FIXTURES:
        return "integration"
    if path not in _sources:
        _sources[path] = path.read_text(encoding="utf-8") if path.suffix == ".py" else ""
    if any(mark in _sources[path] for mark in END_TO_END_MARKS):
        return "e2e"
    return "unit"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        _tier_of[item.nodeid] = tier_of(Path(item.path), getattr(item, "fixturenames", ()))


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    tier = _tier_of.get(report.nodeid, "unit")
    _seconds[tier] += report.duration
    if report.when == "call" or (report.when == "setup" and report.skipped):
        _tests[tier] += 1


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if not _seconds:
        return
    terminalreporter.section("time per tier")
    for tier, name in TIERS.items():
        if tier in _seconds:
            line = f"{name:<40} {_tests[tier]:>6} tests {_seconds[tier]:>9.1f} s"
            terminalreporter.write_line(line)
    total = f"{'all':<40} {sum(_tests.values()):>6} tests {sum(_seconds.values()):>9.1f} s"
    terminalreporter.write_line(total)
