"""One clock: only ``samverka.platform.clock`` reads the system time, and nothing takes a date
from a UTC moment.

Source: issue 12 point 12 and architecture.md habit 11 ("one injectable clock; UTC only inside
storage; no date computed at import time"). ``datetime.now()``, ``datetime.today()``,
``datetime.utcnow()`` and ``date.today()`` anywhere else would be a second clock that a test
cannot freeze; ``<moment>.date()`` of ``now()`` is the UTC date, which is yesterday between
midnight and 02:00 in Sweden (use ``today()`` or ``swedish_today(now)``).
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CLOCK_MODULE = ROOT / "src" / "samverka" / "platform" / "clock.py"
SCANNED = ("src", "tests", "benchmarks", "docs")
CLOCK_READS = {
    ("datetime", "now"),
    ("datetime", "today"),
    ("datetime", "utcnow"),
    ("date", "today"),
}


def _python_files() -> list[Path]:
    files = [path for folder in SCANNED for path in (ROOT / folder).rglob("*.py")]
    return sorted(path for path in files if path != CLOCK_MODULE)


def _name(node: ast.expr) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return None


def second_clocks(source: str) -> list[int]:
    """Lines of ``source`` that read the system time or take the date of a ``now()``."""
    lines = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute):
            continue
        owner, method = _name(node.func.value), node.func.attr
        if (owner, method) in CLOCK_READS:
            lines.append(node.lineno)
        elif method == "date" and isinstance(node.func.value, ast.Call):
            called = node.func.value.func
            if _name(called) == "now":  # now().date(), datetime.now(UTC).date()
                lines.append(node.lineno)
    return lines


def test_the_check_finds_every_way_of_reading_a_second_clock() -> None:
    source = (
        "a = datetime.now(UTC)\nb = date.today()\nc = dt.datetime.utcnow()\n"
        "d = now().date()\ne = clock.now().date()\nf = swedish_today(now())\n"
    )
    assert second_clocks(source) == [1, 2, 3, 4, 5]


def test_no_module_but_the_clock_reads_the_system_time() -> None:
    files = _python_files()
    assert len(files) > 300
    offenders = {
        str(path.relative_to(ROOT)): lines
        for path in files
        if (lines := second_clocks(path.read_text(encoding="utf-8")))
    }
    assert offenders == {}
