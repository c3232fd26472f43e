"""Writing a table (a header and rows) to a ``.csv`` or ``.xlsx`` file, chosen by the suffix.

CSV: plain UTF-8 without a byte-order mark, ``,`` between fields, ``.`` as decimal point,
``\\n`` line ends, quoted by the ``csv`` module where needed; empty for ``None``, ``true`` /
``false`` for booleans, ISO 8601 for dates and times. This is the machine-readable form; Excel
with Swedish settings opens it best through Data → From Text/CSV (or use ``.xlsx``).

XLSX: one sheet with a bold, frozen header row; numbers are number cells (a ``Decimal`` becomes
a float cell), text stays text (a value starting with ``=`` is never turned into a formula),
dates are date cells, times with a time zone are written as ISO 8601 text (Excel has no time
zones). Columns are widened to their content, up to a limit.

A file is written to a temporary name beside it and moved into place when complete, so a
failure never leaves half a table behind. Every row must have as many values as the header.
"""

from __future__ import annotations

import csv
import os
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path
from typing import Final

import openpyxl
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from samverka.domain.common.swedish_time import in_sweden

SUFFIXES: Final = (".csv", ".xlsx")
_MAX_WIDTH: Final = 60


def write_table(path: Path, header: Sequence[str], rows: Iterable[Sequence[object]]) -> None:
    """Write ``header`` and ``rows`` to ``path`` as CSV or XLSX; ``ValueError`` otherwise."""
    writers: dict[str, Callable[[Path, Sequence[str], Iterable[Sequence[object]]], None]] = {
        ".csv": _write_csv,
        ".xlsx": _write_xlsx,
    }
    writer = writers.get(path.suffix.lower())
    if writer is None:
        raise ValueError(
            f"cannot write {path.name}: the suffix must be one of {', '.join(SUFFIXES)}"
        )
    with _replaced_when_done(path) as staged:
        writer(staged, header, _checked(header, rows))


def _checked(header: Sequence[str], rows: Iterable[Sequence[object]]) -> Iterator[Sequence[object]]:
    for number, row in enumerate(rows, start=1):
        if len(row) != len(header):
            raise ValueError(f"row {number} has {len(row)} values, the header {len(header)}")
        yield row


@contextmanager
def _replaced_when_done(path: Path) -> Iterator[Path]:
    """A temporary path beside ``path``, moved onto it when the block succeeds."""
    path.parent.mkdir(parents=True, exist_ok=True)
    staged = path.with_name(f".{path.stem}.{uuid.uuid4().hex[:12]}.part{path.suffix}")
    try:
        yield staged
        os.replace(staged, path)
    finally:
        staged.unlink(missing_ok=True)


# -- CSV ------------------------------------------------------------------------------------
def _write_csv(path: Path, header: Sequence[str], rows: Iterable[Sequence[object]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows([_csv_text(value) for value in row] for row in rows)


def _csv_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime) and value.tzinfo is not None:
        return in_sweden(value).isoformat()  # what a person reads: Swedish time, with its offset
    if isinstance(value, date | time):
        return value.isoformat()
    return str(value)


# -- XLSX -----------------------------------------------------------------------------------
def _write_xlsx(path: Path, header: Sequence[str], rows: Iterable[Sequence[object]]) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(list(header))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    widths = [len(name) for name in header]
    for row in rows:
        values = [_xlsx_value(value) for value in row]
        sheet.append(values)
        for column, value in enumerate(values):
            widths[column] = max(widths[column], len(str(value)) if value is not None else 0)
        _keep_text(sheet[sheet.max_row], values)
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = min(width + 2, _MAX_WIDTH)
    workbook.save(path)


def _xlsx_value(value: object) -> object:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, datetime) and value.tzinfo is not None:
        return in_sweden(value).isoformat()
    if isinstance(value, time) and value.tzinfo is not None:
        return value.isoformat()
    if isinstance(value, date | time):
        return value
    return str(value)


def _keep_text(cells: Sequence[openpyxl.cell.cell.Cell], values: Sequence[object]) -> None:
    """Text that openpyxl would read as a formula (``=…``) is stored as text."""
    for cell, value in zip(cells, values, strict=True):
        if isinstance(value, str) and value.startswith("="):
            cell.data_type = "s"
