"""Writing a table (a header and rows) to a ``.csv`` or ``.xlsx`` file, chosen by the suffix.

Every cell goes through ``platform.files.spreadsheet_cells``, so that no text is ever a formula
(issue 11 point 11; docs/security.md, "Files and limits"): numbers stay numbers (a negative
amount too), and a text starting with ``=``, ``+``, ``-``, ``@``, tab or CR is written as text.

CSV: plain UTF-8 without a byte-order mark, ``,`` between fields, ``.`` as decimal point,
``\\n`` line ends, quoted by the ``csv`` module where needed; empty for ``None``, ``true`` /
``false`` for booleans, ISO 8601 for dates and times (a moment in Swedish time, with its
offset), a ``'`` before a text that starts like a
formula. This is the machine-readable form; Excel with Swedish settings opens it best through
Data → From Text/CSV (or use ``.xlsx``).

XLSX: one sheet with a bold, frozen header row; numbers are number cells (a ``Decimal`` becomes
a float cell), every text a text cell (never a formula or an error value; one that starts like
a formula carries Excel's quote prefix), dates are date cells, times with a time zone are
written as ISO 8601 text (Excel has no time zones). Columns are widened to their content, up
to a limit.

A file is written to a temporary name beside it and moved into place when complete, so a
failure never leaves half a table behind. Every row must have as many values as the header.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Final

import openpyxl
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from samverka.platform.files.spreadsheet_cells import append_row, csv_writer

SUFFIXES: Final = (".csv", ".xlsx")


class FileFormat(StrEnum):
    """The formats a table is exported in; the value is the file's suffix without its dot and
    the value of the ``format`` parameter of every export on the pages and the API."""

    CSV = "csv"
    XLSX = "xlsx"

    @property
    def suffix(self) -> str:
        return f".{self.value}"

    @property
    def media_type(self) -> str:
        if self is FileFormat.CSV:
            return "text/csv; charset=utf-8"
        return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


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
        writer = csv_writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


# -- XLSX -----------------------------------------------------------------------------------
def _write_xlsx(path: Path, header: Sequence[str], rows: Iterable[Sequence[object]]) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    append_row(sheet, list(header))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    widths = [len(name) for name in header]
    for row in rows:
        values = append_row(sheet, row)
        for column, value in enumerate(values):
            widths[column] = max(widths[column], len(str(value)) if value is not None else 0)
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = min(width + 2, _MAX_WIDTH)
    workbook.save(path)
