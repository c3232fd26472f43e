"""Reading CSV tables for import: every problem is collected as a ``RowError``, none raised.

A reader gets the file, checks the header against the required and optional columns, and
hands out rows with their line numbers. Field parsers record a ``RowError`` and return
``None`` so that one pass reports every bad row of every file.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path

from samverka.errors import RowError

_TRUE = {"1", "yes", "ja", "true", "x"}
_FALSE = {"", "0", "no", "nej", "false"}


@dataclass(slots=True)
class ErrorLog:
    errors: list[RowError] = field(default_factory=list)

    def add(self, source: str, line: int, column: str, reason: str) -> None:
        self.errors.append(RowError(source, line, column, reason))


@dataclass(frozen=True, slots=True)
class Row:
    source: str
    line: int
    values: dict[str, str]

    def text(self, column: str) -> str:
        """The field's text without surrounding blanks ("" for an absent column)."""
        return self.values.get(column, "")


def read_table(
    path: Path, required: tuple[str, ...], optional: tuple[str, ...], log: ErrorLog
) -> list[Row]:
    """Rows of ``path`` (line numbers as in the file, header = line 1), or [] if unusable."""
    if not path.is_file():
        log.add(path.name, 0, "", "file is missing")
        return []
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        header = [name.strip() for name in reader.fieldnames or []]
        missing = [column for column in required if column not in header]
        if missing:
            log.add(path.name, 1, ",".join(missing), "required column missing from the header")
            return []
        reader.fieldnames = header
        return list(_rows(path.name, reader))


def _rows(source: str, reader: csv.DictReader[str]) -> Iterator[Row]:
    for raw in reader:
        values = {k: v.strip() for k, v in raw.items() if k is not None and isinstance(v, str)}
        if any(values.values()):
            yield Row(source, reader.line_num, values)


def parse_int(row: Row, column: str, log: ErrorLog, *, minimum: int | None = None) -> int | None:
    text = row.text(column)
    try:
        value = int(text)
    except ValueError:
        log.add(row.source, row.line, column, f"{text!r} is not a whole number")
        return None
    if minimum is not None and value < minimum:
        log.add(row.source, row.line, column, f"{value} is below the minimum {minimum}")
        return None
    return value


def parse_points(row: Row, column: str, log: ErrorLog) -> Decimal | None:
    """A non-negative decimal with at most two decimals (a merit value or test points)."""
    text = row.text(column).replace(",", ".")
    try:
        value = Decimal(text)
    except InvalidOperation:
        log.add(row.source, row.line, column, f"{text!r} is not a number")
        return None
    if not value.is_finite() or value < 0 or value != value.quantize(Decimal("0.01")):
        log.add(row.source, row.line, column, f"{text!r} must be ≥ 0 with at most two decimals")
        return None
    return value


def parse_date(row: Row, column: str, log: ErrorLog) -> date | None:
    """An ISO date (YYYY-MM-DD), or None for an empty field."""
    text = row.text(column)
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        log.add(row.source, row.line, column, f"{text!r} is not a date (YYYY-MM-DD)")
        return None


def is_flag_word(text: str) -> bool:
    """Whether ``text`` is one of the words of a yes/no field."""
    return text.strip().lower() in _TRUE | _FALSE


def parse_flag(row: Row, column: str, log: ErrorLog) -> bool:
    text = row.text(column).lower()
    if text in _TRUE:
        return True
    if text not in _FALSE:
        log.add(row.source, row.line, column, f"{text!r} is not yes/no")
    return False
