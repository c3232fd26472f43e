"""The one CSV reader every importer uses: a user's file read within limits, or refused.

Source: issue 11 point 6 (files are read within limits; CR-only line ends refused with a row
error); RFC 4180 for the format, with the ``;`` separator Swedish Excel writes. What is refused,
each with one ``RowError`` naming the file, the line and the limit, before anything is used:

1. a file larger than ``limits.maximum_bytes``;
2. bytes that are not UTF-8 (a byte-order mark is accepted), or a NUL byte (not a text file);
3. a line ending in a lone carriage return (CR), as old Mac files do: readers disagree on
   where such lines end, so line numbers and cells could differ from what the user sees (a CR
   inside a quoted cell is the cell's text);
4. a quote that is never closed, or stray text after a closing quote (the ``csv`` module's
   strict mode), instead of swallowing the rest of the file into one cell;
5. more than ``limits.maximum_rows`` records, or a record with more than
   ``limits.maximum_columns`` cells (empty cells at the end of a record do not count);
6. a cell longer than ``limits.maximum_cell_characters``, or one holding a control character
   other than tab and line ends (every such cell is reported).

The separator is ``,`` or ``;``, whichever the first non-blank line has more of, unless the
caller names it. Each record keeps the line it starts on (a quoted cell may span lines), and
each cell loses its surrounding blanks.
"""

from __future__ import annotations

import csv
import io
import re
from typing import Final

from samverka.errors import N_, InvalidInput, RowError
from samverka.platform.files.limits import FileLimits, too_large
from samverka.platform.files.table import Table, TableRow

_LONE_CR: Final = re.compile(r"\r(?!\n)")
_CONTROL: Final = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_MOST_CELL_ERRORS: Final = 100


def read_csv(
    source: str, content: bytes, limits: FileLimits, *, delimiter: str | None = None
) -> Table:
    """The records of ``content`` (the file ``source``); ``InvalidInput`` beyond any limit."""
    if len(content) > limits.maximum_bytes:
        raise too_large(source, limits)
    text = _text(source, content)
    chosen = delimiter or sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=chosen, strict=True)
    rows: list[TableRow] = []
    problems: list[RowError] = []
    line = 1
    try:
        for cells in reader:
            if len(rows) == limits.maximum_rows:
                reason = N_("Filen har fler än %(rows)s rader, det mesta som läses.")
                most = {"rows": limits.maximum_rows}
                raise InvalidInput([RowError(source, line, "", reason, most)])
            row = TableRow(line, tuple(cell.strip() for cell in cells))
            header = rows[0].cells if rows else ()
            problems += _cell_problems(source, row, header, limits)
            if len(problems) >= _MOST_CELL_ERRORS:
                break
            rows.append(row)
            line = reader.line_num + 1
    except csv.Error as error:
        reason = N_("Filen går inte att läsa som CSV (%(error)s).")
        problem = RowError(source, reader.line_num or 1, "", reason, {"error": str(error)})
        raise InvalidInput([problem]) from None
    if problems:
        raise InvalidInput(problems)
    return Table(source, tuple(rows))


def sniff_delimiter(text: str) -> str:
    """``;`` if the first non-blank line has more of them than of ``,``; else ``,``."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    return ";" if first.count(";") > first.count(",") else ","


def _text(source: str, content: bytes) -> str:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        reason = N_("Filen är inte UTF-8. Spara den i Excel som ”CSV UTF-8”.")
        raise InvalidInput([RowError(source, 0, "", reason)]) from None
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        reason = N_("Filen innehåller ett NUL-tecken och är inte en textfil.")
        raise InvalidInput([RowError(source, line, "", reason)])
    lone = _lone_line_end(text)
    if lone is not None:
        line = text.count("\n", 0, lone) + 1
        reason = N_(
            "Raderna slutar med bara vagnretur (CR), som i gamla Mac-filer. Spara filen som "
            "”CSV UTF-8” med vanliga radslut."
        )
        raise InvalidInput([RowError(source, line, "", reason)])
    return text


def _lone_line_end(text: str) -> int | None:
    """Where the first line ends in a lone carriage return, outside quotes (inside a quoted
    cell, as RFC 4180 allows and our own writers write, it is the cell's text)."""
    quotes, counted = 0, 0
    for found in _LONE_CR.finditer(text):
        quotes += text.count('"', counted, found.start())
        counted = found.start()
        if quotes % 2 == 0:
            return found.start()
    return None


def _cell_problems(
    source: str, row: TableRow, header: tuple[str, ...], limits: FileLimits
) -> list[RowError]:
    """Cells too long or holding control characters; ``InvalidInput`` for too many cells."""
    width = len(row.cells)
    while width and not row.cells[width - 1]:
        width -= 1
    if width > limits.maximum_columns:
        reason = N_("Raden har %(cells)s celler; högst %(most)s läses.")
        counts = {"cells": width, "most": limits.maximum_columns}
        raise InvalidInput([RowError(source, row.line, "", reason, counts)])
    problems = []
    for position, cell in enumerate(row.cells):
        if len(cell) > limits.maximum_cell_characters:
            reason = N_("Cell %(cell)s har %(characters)s tecken; högst %(most)s läses.")
            counts = {
                "cell": position + 1,
                "characters": len(cell),
                "most": limits.maximum_cell_characters,
            }
            problems.append(RowError(source, row.line, _name(header, position), reason, counts))
        elif _CONTROL.search(cell):
            reason = N_("Cell %(cell)s innehåller ett styrtecken.")
            cell_number = {"cell": position + 1}
            problems.append(
                RowError(source, row.line, _name(header, position), reason, cell_number)
            )
    return problems


def _name(header: tuple[str, ...], position: int) -> str:
    return header[position] if position < len(header) else ""
