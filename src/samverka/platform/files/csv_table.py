"""Reading CSV tables for import: every problem is collected as a ``RowError``, none raised.

A reader gets the file through the one CSV reader (``platform.files.csv_reader``: within the
limits, no lone carriage returns, no unreadable quoting), checks the header against the
required and optional columns (none named twice) and hands out rows with their line numbers.
Field parsers record a ``RowError`` (its reason a Swedish msgid with parameters) and return
``None`` so that one pass reports every bad row of every file; every number has a range
(``admission.domain.input_ranges``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path

from samverka.errors import N_, BadValue, InvalidInput, RowError
from samverka.platform.domain.numbers import (
    decimal_places,
    decimal_value,
    parse_whole_number,
    shown,
)
from samverka.platform.files.csv_reader import read_csv
from samverka.platform.files.limits import INTERCHANGE_LIMITS, FileLimits, read_file
from samverka.platform.files.table import refuse_extra_cells, repeated_columns

_TRUE = {"1", "yes", "ja", "true", "x"}
_FALSE = {"", "0", "no", "nej", "false"}


@dataclass(slots=True)
class ErrorLog:
    errors: list[RowError] = field(default_factory=list)

    def add(
        self, source: str, line: int, column: str, reason: str, /, **parameters: object
    ) -> None:
        """Log a bad row: ``reason`` is a Swedish text marked with ``N_``, with ``parameters``."""
        self.errors.append(RowError(source, line, column, reason, parameters))


@dataclass(frozen=True, slots=True)
class Row:
    source: str
    line: int
    values: dict[str, str]

    def text(self, column: str) -> str:
        """The field's text without surrounding blanks ("" for an absent column)."""
        return self.values.get(column, "")


def read_table(
    path: Path,
    required: tuple[str, ...],
    optional: tuple[str, ...],
    log: ErrorLog,
    limits: FileLimits = INTERCHANGE_LIMITS,
) -> list[Row]:
    """Rows of ``path`` (line numbers as in the file, header = line 1), or [] if unusable."""
    try:
        table = read_csv(path.name, read_file(path, limits), limits, delimiter=",")
    except InvalidInput as refused:
        log.errors.extend(refused.errors)
        return []
    header = [name.strip() for name in table.header.cells]
    repeated = repeated_columns(path.name, table.header)
    log.errors.extend(repeated.values())
    missing = [column for column in required if column not in header]
    if missing:
        log.add(
            path.name,
            1,
            ",".join(missing),
            N_("Rubrikraden saknar kolumnerna %(columns)s."),
            columns=", ".join(missing),
        )
    if missing or repeated:
        return []
    body = [row for row in table.body if not row.blank]
    log.errors.extend(refuse_extra_cells(path.name, body, len(header)))
    return [
        Row(path.name, row.line, _values(header, row.cells))
        for row in body
        if any(row.cells[: len(header)])
    ]


def _values(header: list[str], cells: tuple[str, ...]) -> dict[str, str]:
    """The row's cells by column; a short row lacks its last columns."""
    return {name: cell for name, cell in zip(header, cells, strict=False) if name}


def parse_int(row: Row, column: str, log: ErrorLog, *, minimum: int, maximum: int) -> int | None:
    """A whole number from ``minimum`` to ``maximum``."""
    try:
        return parse_whole_number(row.text(column), minimum=minimum, maximum=maximum)
    except BadValue as error:
        log.add(row.source, row.line, column, error.text, **error.parameters)
        return None


def parse_points(row: Row, column: str, log: ErrorLog, *, maximum: Decimal) -> Decimal | None:
    """A non-negative decimal with at most two decimals, at most ``maximum`` (a merit value,
    a score, test points or a multiplier)."""
    text = row.text(column)
    try:
        value = decimal_value(text)
    except BadValue as error:
        log.add(row.source, row.line, column, error.text, **error.parameters)
        return None
    if value < 0 or decimal_places(value) > 2:
        log.add(
            row.source,
            row.line,
            column,
            N_("%(text)s ska vara minst 0 och ha högst två decimaler."),
            text=shown(text),
        )
        return None
    if value > maximum:
        log.add(
            row.source,
            row.line,
            column,
            N_("%(text)s är över det högsta tillåtna, %(maximum)s."),
            text=shown(text),
            maximum=maximum,
        )
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
        log.add(
            row.source,
            row.line,
            column,
            N_("%(text)s är inte ett datum (ÅÅÅÅ-MM-DD)."),
            text=repr(text),
        )
        return None


def is_flag_word(text: str) -> bool:
    """Whether ``text`` is one of the words of a yes/no field."""
    return text.strip().lower() in _TRUE | _FALSE


def parse_flag(row: Row, column: str, log: ErrorLog) -> bool:
    text = row.text(column).lower()
    if text in _TRUE:
        return True
    if text not in _FALSE:
        log.add(row.source, row.line, column, N_("%(text)s är inte ja eller nej."), text=repr(text))
    return False
