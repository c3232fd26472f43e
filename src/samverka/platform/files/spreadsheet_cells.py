"""Spreadsheet cells written so that no text ever becomes a formula, in CSV and in XLSX: the one
helper every CSV and Excel writer uses.

Source: issue 11 point 11 (exports neutralise spreadsheet formulas); OWASP, "CSV Injection":
Excel, LibreOffice Calc and Google Sheets take a cell whose text starts with ``=``, ``+``,
``-``, ``@``, tab or carriage return as a formula, so a pupil named ``=HYPERLINK(…)`` would run
on the officer's machine when the export is opened. Rules:

* **CSV** (``csv_cell``, ``csv_writer``, quoted as RFC 4180 says): a text starting with one of
  ``FORMULA_TRIGGERS`` is
  written with a ``'`` before it, as OWASP recommends; the spreadsheet shows the text and
  never evaluates it. A text that already starts with ``'`` and a trigger gets one more, so
  ``restore`` gives back exactly what was written (our own readers of our own files use it).
* **XLSX** (``append_row``): every text is a text cell (``t="inlineStr"``): openpyxl would
  otherwise store ``=…`` as a formula and ``#REF!`` as an error; a text starting with a trigger
  also gets Excel's own "quote prefix" mark, which is what Excel sets when a person types
  ``'=…``, so that editing the cell keeps it text. Characters XML cannot hold (control
  characters other than tab and line ends) are written as U+FFFD instead of failing the export.
* **Numbers stay numbers**: an ``int``, ``float`` or ``Decimal`` is written as a number, so a
  negative amount (``-1250.50``) is ``-1250.50`` in CSV and a number cell in XLSX. Dates are
  ISO 8601 in CSV and date cells in XLSX; ``None`` is an empty cell; truth values are
  ``true``/``false`` in CSV.
* **Swedish Excel CSV** (``csv_cell(..., swedish=True)``, ``csv_writer(..., swedish=True)``):
  the same rules with a decimal comma (``-1250,50``) and ``ja``/``nej`` for truth values, so
  that Excel with Swedish settings reads the numbers as numbers; the separator is then ``;``
  (``platform.files.exports``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any, Final, Protocol

from samverka.platform.domain.swedish_time import in_sweden

FORMULA_TRIGGERS: Final = ("=", "+", "-", "@", "\t", "\r")
QUOTE: Final = "'"
_STARTS: Final = (*FORMULA_TRIGGERS, QUOTE)
_NOT_IN_XML: Final = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def neutralise(text: str) -> str:
    """``text`` as a spreadsheet shows it and never evaluates it (see the module's docstring)."""
    if not text.startswith(_STARTS):
        return text
    if text.startswith(FORMULA_TRIGGERS) or (
        text.startswith(QUOTE) and text[1:].lstrip(QUOTE).startswith(FORMULA_TRIGGERS)
    ):
        return QUOTE + text
    return text


def restore(text: str) -> str:
    """What ``neutralise`` was given, from what it wrote."""
    if text.startswith(QUOTE) and text[1:].lstrip(QUOTE).startswith(FORMULA_TRIGGERS):
        return text[1:]
    return text


def csv_cell(value: object, *, swedish: bool = False) -> str:
    """A value as the text of a CSV cell: numbers as numbers, text neutralised; ``swedish``
    writes a decimal comma and ``ja``/``nej`` (the module's docstring)."""
    if type(value) is str:  # the most common cell first
        return neutralise(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        if swedish:
            return "ja" if value else "nej"
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float | Decimal):
        number = str(value) if isinstance(value, float) else f"{value:f}"
        return number.replace(".", ",") if swedish else str(value)
    if isinstance(value, datetime) and value.tzinfo is not None:
        return in_sweden(value).isoformat()  # what a person reads: Swedish time, its offset
    if isinstance(value, date | time):
        return value.isoformat()
    return neutralise(str(value))


class _TextFile(Protocol):
    def write(self, text: str, /) -> int: ...


class CsvWriter:
    """Rows of ``csv_cell`` texts, quoted as RFC 4180 says: a cell holding the separator, a
    quote, a carriage return or a line feed is put in quotes (Python 3.11's ``csv.writer``
    leaves a lone carriage return unquoted when the lines end in ``\\n``, which splits the
    row when the file is read)."""

    def __init__(
        self,
        handle: _TextFile,
        *,
        delimiter: str = ",",
        lineterminator: str = "\r\n",
        swedish: bool = False,
    ):
        self._handle = handle
        self._swedish = swedish
        self._delimiter = delimiter
        self._lineterminator = lineterminator
        self._special = re.compile("[" + re.escape(delimiter) + '"\r\n]')

    def writerow(self, row: Iterable[object]) -> None:
        cells = [self._quoted(csv_cell(value, swedish=self._swedish)) for value in row]
        if cells == [""]:
            cells = ['""']  # a row of one empty cell is not a blank line
        self._handle.write(self._delimiter.join(cells) + self._lineterminator)

    def writerows(self, rows: Iterable[Iterable[object]]) -> None:
        for row in rows:
            self.writerow(row)

    def _quoted(self, text: str) -> str:
        if self._special.search(text):
            return '"' + text.replace('"', '""') + '"'
        return text


def csv_writer(
    handle: _TextFile,
    *,
    delimiter: str = ",",
    lineterminator: str = "\r\n",
    swedish: bool = False,
) -> CsvWriter:
    """A CSV writer on ``handle`` that never writes a formula (``swedish``: decimal comma)."""
    return CsvWriter(handle, delimiter=delimiter, lineterminator=lineterminator, swedish=swedish)


def xlsx_value(value: object) -> object:
    """A value as openpyxl stores it: numbers as numbers (a ``Decimal`` as a float), dates as
    dates, a time with a time zone as ISO 8601 text (Excel has no time zones), text as text."""
    if value is None or isinstance(value, bool | int | float):
        return value
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, datetime) and value.tzinfo is not None:
        return in_sweden(value).isoformat()  # Swedish time, with its offset
    if isinstance(value, time) and value.tzinfo is not None:
        return value.isoformat()
    if isinstance(value, date | time):
        return value
    return _NOT_IN_XML.sub("\ufffd", str(value))


def append_row(sheet: Any, values: Sequence[object]) -> list[object]:
    """Append ``values`` to the openpyxl ``sheet`` as one row; every text is a text cell, never
    a formula or an error value. Returns the values as stored."""
    stored = [xlsx_value(value) for value in values]
    sheet.append(stored)
    for cell, value in zip(sheet[sheet.max_row], stored, strict=False):
        if isinstance(value, str):
            cell.data_type = "s"
            if value.startswith(FORMULA_TRIGGERS):
                cell.quotePrefix = True
    return stored
