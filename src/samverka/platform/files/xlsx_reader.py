"""The one Excel reader every importer uses: a workbook checked as a zip archive before it is
opened, then read within limits, or refused.

Source: issue 11 point 6 (an .xlsx is checked before it is opened, so that a 1 MB zip bomb is
refused in milliseconds); Apache POI's ``ZipSecureFile`` (a member past 100 KB may inflate at
most 100-fold) and OWASP's XML External Entity Prevention Cheat Sheet (no DTDs, no entities:
openpyxl parses with ``defusedxml``, a declared dependency). Procedure:

1. ``check_xlsx_archive`` reads only the zip's central directory, nothing is inflated: the file's
   size, the number of members, their declared uncompressed size in all, and each member's
   inflation (uncompressed / compressed size). Python's ``zipfile``, which openpyxl reads
   through, never inflates a member past its declared size (it stops with a CRC error), so the
   declared sizes bound the work even when a hostile archive lies about them.
2. It then inflates at most the first 64 KB of every worksheet to read the sheet's declared
   size (``<dimension ref="A1:C10"/>``) and refuses more rows or columns than the limits.
3. Only then does openpyxl open the workbook (read-only, values not formulas), and every sheet
   is read row by row: more rows or columns than the limits (a sheet may declare no size, or a
   false one) stop the reading at once; a cell longer than the limit is reported.
4. Whatever openpyxl fails on in a malformed workbook (a bad CRC, XML that is not well formed,
   an entity, a missing part) is one row error: "not a readable Excel workbook".

A cell is read as text: a text cell as written, a whole number without ``.0``, true/false as
``ja``/``nej``, an empty cell as ``""``. Empty cells at the end of a row are dropped.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterable
from datetime import datetime
from typing import Any, Final

import openpyxl

from samverka.errors import N_, InvalidInput, RowError
from samverka.platform.files.limits import FileLimits, size_text, too_large
from samverka.platform.files.table import Table, TableRow

DIMENSION_PEEK_BYTES: Final = 64 * 1024
_DIMENSION: Final = re.compile(rb"<(?:\w+:)?dimension\s+ref=\"([A-Za-z0-9:$]+)\"")
_CELL: Final = re.compile(r"\$?([A-Za-z]{1,3})\$?([0-9]{1,7})")


def read_xlsx(source: str, content: bytes, limits: FileLimits) -> list[Table]:
    """Every sheet of the workbook ``content`` (the file ``source``) as a table, in order."""
    check_xlsx_archive(source, content, limits)
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as error:  # openpyxl's failures on malformed input are many, see 4.
        raise _unreadable(source, error) from None
    try:
        return [_sheet(source, sheet, limits) for sheet in workbook.worksheets]
    except InvalidInput:
        raise
    except Exception as error:  # a bad CRC or bad XML found while reading the rows
        raise _unreadable(source, error) from None
    finally:
        workbook.close()


def check_xlsx_archive(source: str, content: bytes, limits: FileLimits) -> None:
    """Refuse a workbook beyond the limits from its zip directory and declared sheet sizes."""
    if len(content) > limits.maximum_bytes:
        raise too_large(source, limits)
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as error:
        raise _unreadable(source, error) from None
    with archive:
        members = archive.infolist()
        _check_directory(source, members, limits)
        for member in members:
            if "worksheets/" in member.filename and member.filename.endswith(".xml"):
                _check_dimension(source, archive, member, limits)


def _check_directory(source: str, members: list[zipfile.ZipInfo], limits: FileLimits) -> None:
    if len(members) > limits.maximum_members:
        reason = N_("Arbetsboken har %(parts)s delar; högst %(most)s läses.")
        counts = {"parts": len(members), "most": limits.maximum_members}
        raise InvalidInput([RowError(source, 0, "", reason, counts)])
    for member in members:
        inflation = member.file_size / max(member.compress_size, 1)
        if member.file_size > limits.inflation_grace_bytes and inflation > limits.maximum_inflation:
            reason = N_(
                "Delen %(part)s packas upp %(fold)s gånger (%(packed)s till %(unpacked)s); "
                "högst %(most)s gånger läses (en zip-bomb?)."
            )
            sizes = {
                "part": member.filename,
                "fold": f"{inflation:.0f}",
                "packed": size_text(member.compress_size),
                "unpacked": size_text(member.file_size),
                "most": limits.maximum_inflation,
            }
            raise InvalidInput([RowError(source, 0, "", reason, sizes)])
    unpacked = sum(member.file_size for member in members)
    if unpacked > limits.maximum_uncompressed_bytes:
        reason = N_("Arbetsboken packas upp till %(size)s; högst %(most)s läses.")
        sizes = {"size": size_text(unpacked), "most": size_text(limits.maximum_uncompressed_bytes)}
        raise InvalidInput([RowError(source, 0, "", reason, sizes)])


def _check_dimension(
    source: str, archive: zipfile.ZipFile, member: zipfile.ZipInfo, limits: FileLimits
) -> None:
    try:
        with archive.open(member) as stream:
            start = stream.read(DIMENSION_PEEK_BYTES)
    except Exception as error:  # encrypted, an unknown compression, a bad stream
        raise _unreadable(source, error) from None
    found = _DIMENSION.search(start)
    if found is None:
        return
    last = _CELL.fullmatch(found.group(1).decode("ascii").split(":")[-1])
    if last is None:
        return
    columns, rows = _column_number(last.group(1)), int(last.group(2))
    if rows > limits.maximum_rows or columns > limits.maximum_columns:
        reason = N_(
            "Bladet %(sheet)s anger %(rows)s rader och %(columns)s kolumner; högst "
            "%(most_rows)s rader och %(most_columns)s kolumner läses."
        )
        counts = {
            "sheet": member.filename,
            "rows": rows,
            "columns": columns,
            "most_rows": limits.maximum_rows,
            "most_columns": limits.maximum_columns,
        }
        raise InvalidInput([RowError(source, 0, "", reason, counts)])


def _column_number(letters: str) -> int:
    number = 0
    for letter in letters.upper():
        number = number * 26 + ord(letter) - ord("A") + 1
    return number


def _sheet(source: str, sheet: Any, limits: FileLimits) -> Table:
    sheet.reset_dimensions()  # a stale size in the file must not hide rows
    title = str(sheet.title)
    rows: list[TableRow] = []
    problems: list[RowError] = []
    values: Iterable[tuple[object, ...]] = sheet.iter_rows(values_only=True)
    for number, row in enumerate(values, start=1):
        if number > limits.maximum_rows:
            reason = N_("Bladet %(sheet)s har fler än %(rows)s rader, det mesta som läses.")
            most = {"sheet": repr(title), "rows": limits.maximum_rows}
            raise InvalidInput([RowError(source, number, "", reason, most)])
        cells = [cell_text(value) for value in row]
        while cells and not cells[-1]:
            cells.pop()
        if len(cells) > limits.maximum_columns:
            reason = N_("Raden har %(cells)s celler; högst %(most)s läses.")
            counts = {"cells": len(cells), "most": limits.maximum_columns}
            raise InvalidInput([RowError(source, number, "", reason, counts)])
        for position, cell in enumerate(cells):
            if len(cell) > limits.maximum_cell_characters:
                reason = N_("Cell %(cell)s har %(characters)s tecken; högst %(most)s läses.")
                counts = {
                    "cell": position + 1,
                    "characters": len(cell),
                    "most": limits.maximum_cell_characters,
                }
                column = _header_name(rows, position)
                problems.append(RowError(source, number, column, reason, counts))
        rows.append(TableRow(number, tuple(cells)))
    if problems:
        raise InvalidInput(problems)
    return Table(source, tuple(rows), title)


def _header_name(rows: list[TableRow], position: int) -> str:
    return rows[0].cell(position) if rows else ""


def cell_text(value: object) -> str:
    """A cell's value as text: see the module's docstring."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nej"
    if isinstance(value, datetime):  # a date cell, e.g. a pupil's arrival date
        return value.date().isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _unreadable(source: str, error: BaseException) -> InvalidInput:
    detail = str(error) or type(error).__name__
    reason = N_("Filen går inte att läsa som en Excel-arbetsbok (%(error)s).")
    return InvalidInput([RowError(source, 0, "", reason, {"error": detail[:200]})])
