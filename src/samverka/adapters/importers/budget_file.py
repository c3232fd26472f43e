"""A budget file: the association's budget lines as ``.xlsx`` (every sheet with the header) or
``.csv`` (UTF-8, ``;`` or ``,``), and the template the finance officer downloads.

One row per line: ``enhet`` (the budget unit's name), ``år``, ``typ`` (``budget`` or
``utfall``), ``rad`` (intäkter, övriga kostnader, personalkostnader, avskrivningar, finansiella
poster, fördelade kostnader, årsarbetare — or the English codes of
``domain.association.budget.LineType``) and ``belopp`` (tkr; for årsarbetare the number of
full-time equivalents). The English column names ``unit``, ``year``, ``kind``, ``line_type`` and
``amount`` are accepted too. Reading only checks the shape (a header with every column); the
rows are checked by ``services.budget.import_budget_lines``, which reports every bad row with
its sheet and line (the header is line 1).
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Final
from zipfile import BadZipFile

import openpyxl
from openpyxl.styles import Font
from openpyxl.utils.exceptions import InvalidFileException

from samverka.domain.association.budget import ALIASES
from samverka.errors import InvalidInput, RowError
from samverka.services.budget import BudgetLineText

COLUMNS: Final = ("enhet", "år", "typ", "rad", "belopp")
ENGLISH: Final = {
    "unit": "enhet",
    "year": "år",
    "kind": "typ",
    "line_type": "rad",
    "amount": "belopp",
}
SHEET: Final = "Budget"


def read_budget_file(name: str, content: bytes) -> list[BudgetLineText]:
    """The non-empty rows of every sheet with the header; ``InvalidInput`` when the file cannot
    be read or no sheet has the header."""
    suffix = Path(name).suffix.lower()
    if suffix not in (".xlsx", ".csv"):
        reason = f"unsupported file type {suffix!r}: use .xlsx or .csv"
        raise InvalidInput([RowError(name, 0, "", reason)])
    sheets = _csv_sheets(name, content) if suffix == ".csv" else _xlsx_sheets(name, content)
    errors: list[RowError] = []
    rows: list[BudgetLineText] = []
    read_any = False
    for source, table in sheets:
        if not table:
            continue
        header = [ENGLISH.get(cell.strip().lower(), cell.strip().lower()) for cell in table[0]]
        missing = [column for column in COLUMNS if column not in header]
        if len(missing) == len(COLUMNS):
            continue  # not a budget sheet (e.g. the instructions)
        read_any = True
        if missing:
            reason = f"the header lacks the column(s) {', '.join(missing)}"
            errors.append(RowError(source, 1, missing[0], reason))
            continue
        at = {column: header.index(column) for column in COLUMNS}
        for number, cells in enumerate(table[1:], start=2):
            if not any(cell.strip() for cell in cells):
                continue
            values = [cells[at[c]] if at[c] < len(cells) else "" for c in COLUMNS]
            rows.append(BudgetLineText(source, number, *values))
    if not read_any and not errors:
        reason = f"no sheet has the header {', '.join(COLUMNS)}"
        errors.append(RowError(name, 0, "", reason))
    if errors:
        raise InvalidInput(errors)
    return rows


def _csv_sheets(name: str, content: bytes) -> list[tuple[str, list[list[str]]]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        reason = "the file is not UTF-8: save it in Excel as 'CSV UTF-8'"
        raise InvalidInput([RowError(name, 0, "", reason)]) from None
    lines = text.splitlines(keepends=True)
    header = next((line for line in lines if line.strip()), "")
    delimiter = ";" if header.count(";") > header.count(",") else ","
    try:
        table = [[cell.strip() for cell in row] for row in csv.reader(lines, delimiter=delimiter)]
    except csv.Error as error:
        raise InvalidInput([RowError(name, 0, "", f"not a readable CSV file ({error})")]) from None
    return [(name, table)]


def _xlsx_sheets(name: str, content: bytes) -> list[tuple[str, list[list[str]]]]:
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (BadZipFile, InvalidFileException, KeyError, ValueError, OSError) as error:
        reason = f"the file is not a readable Excel workbook ({error})"
        raise InvalidInput([RowError(name, 0, "", reason)]) from None
    try:
        sheets = []
        for sheet in workbook.worksheets:
            sheet.reset_dimensions()
            table = [[_text(value) for value in row] for row in sheet.iter_rows(values_only=True)]
            sheets.append((f"{name}/{sheet.title}", table))
        return sheets
    finally:
        workbook.close()


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


EXAMPLE_ROWS: Final = (
    ("Välfärdsutveckling", "intäkter", "1200"),
    ("Välfärdsutveckling", "övriga kostnader", "2500"),
    ("Välfärdsutveckling", "personalkostnader", "9800"),
    ("Välfärdsutveckling", "årsarbetare", "9.9"),
)


def budget_template(year: int, units: list[str]) -> bytes:
    """An ``.xlsx`` with the ``Budget`` sheet (header and example rows for ``year``) and an
    ``Anvisningar`` sheet naming the line types, kinds and known units."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = SHEET
    sheet.append(list(COLUMNS))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for unit, line_type, amount in EXAMPLE_ROWS:
        sheet.append([unit, year, "budget", line_type, float(amount)])
    for column, width in zip("ABCDE", (44, 8, 10, 22, 14), strict=True):
        sheet.column_dimensions[column].width = width
    help_sheet = workbook.create_sheet("Anvisningar")
    help_sheet.append(["En rad per enhet, år, typ och rad. Belopp i tkr; årsarbetare i antal."])
    help_sheet.append(["typ: budget eller utfall"])
    help_sheet.append(["rad: " + ", ".join(ALIASES)])
    help_sheet.append(["Nettokostnad räknas fram och ska inte anges."])
    help_sheet.append(["Enheter:"])
    for unit in units:
        help_sheet.append([unit])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
