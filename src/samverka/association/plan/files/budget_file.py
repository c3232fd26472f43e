"""A budget file: the association's budget lines as ``.xlsx`` (every sheet with the header) or
``.csv`` (UTF-8, ``;`` or ``,``), and the template the finance officer downloads.

One row per line: ``enhet`` (the budget unit's name), ``år``, ``typ`` (``budget`` or
``utfall``), ``rad`` (intäkter, övriga kostnader, personalkostnader, avskrivningar, finansiella
poster, fördelade kostnader, årsarbetare — or the English codes of
``association.plan.domain.budget.LineType``) and ``belopp`` (tkr; for årsarbetare the number of
full-time equivalents). The English column names ``unit``, ``year``, ``kind``, ``line_type`` and
``amount`` are accepted too. Reading only checks the shape (a header with every column, none
twice under either name), through the one CSV and Excel readers within ``UPLOAD_LIMITS``
(docs/security.md, "Files and limits"); the rows are checked by
``association.plan.services.budget.import_budget_lines``, which reports every bad row with its sheet
and line (the header is line 1). The template writes its cells as text, never as formulas.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Final

import openpyxl
from openpyxl.styles import Font

from samverka.association.plan.domain.budget import ALIASES
from samverka.association.plan.services.budget import BudgetLineText
from samverka.errors import N_, InvalidInput, RowError
from samverka.platform.files.csv_reader import read_csv
from samverka.platform.files.limits import UPLOAD_LIMITS
from samverka.platform.files.spreadsheet_cells import append_row
from samverka.platform.files.table import Table, repeated_columns
from samverka.platform.files.xlsx_reader import read_xlsx

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
        reason = N_("Filtypen %(suffix)s går inte att läsa: använd .xlsx eller .csv.")
        raise InvalidInput([RowError(name, 0, "", reason, {"suffix": repr(suffix)})])
    if suffix == ".csv":
        tables = [read_csv(name, content, UPLOAD_LIMITS)]
    else:
        tables = read_xlsx(name, content, UPLOAD_LIMITS)
    errors: list[RowError] = []
    rows: list[BudgetLineText] = []
    read_any = False
    for table in tables:
        source = name if table.sheet is None else f"{name}/{table.sheet}"
        header = [_column(cell) for cell in table.header.cells]
        missing = [column for column in COLUMNS if column not in header]
        if len(missing) == len(COLUMNS):
            continue  # not a budget sheet (e.g. the instructions)
        read_any = True
        repeated = repeated_columns(source, table.header, _column)
        errors += repeated.values()
        if missing:
            reason = N_("Rubrikraden saknar kolumnerna %(columns)s.")
            columns = {"columns": ", ".join(missing)}
            errors.append(RowError(source, table.header.line, missing[0], reason, columns))
        if not (missing or repeated):
            rows += _lines(source, table, header)
    if not read_any and not errors:
        reason = N_("Inget blad har rubrikraden %(columns)s.")
        errors.append(RowError(name, 0, "", reason, {"columns": ", ".join(COLUMNS)}))
    if errors:
        raise InvalidInput(errors)
    return rows


def _column(cell: str) -> str:
    name = cell.strip().lower()
    return ENGLISH.get(name, name)


def _lines(source: str, table: Table, header: list[str]) -> list[BudgetLineText]:
    at = {column: header.index(column) for column in COLUMNS}
    return [
        BudgetLineText(source, row.line, *(row.cell(at[column]) for column in COLUMNS))
        for row in table.body
        if not row.blank
    ]


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
    append_row(sheet, list(COLUMNS))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for unit, line_type, amount in EXAMPLE_ROWS:
        append_row(sheet, [unit, year, "budget", line_type, float(amount)])
    for column, width in zip("ABCDE", (44, 8, 10, 22, 14), strict=True):
        sheet.column_dimensions[column].width = width
    help_sheet = workbook.create_sheet("Anvisningar")
    append_row(
        help_sheet, ["En rad per enhet, år, typ och rad. Belopp i tkr; årsarbetare i antal."]
    )
    append_row(help_sheet, ["typ: budget eller utfall"])
    append_row(help_sheet, ["rad: " + ", ".join(ALIASES)])
    append_row(help_sheet, ["Nettokostnad räknas fram och ska inte anges."])
    append_row(help_sheet, ["Enheter:"])
    for unit in units:
        append_row(help_sheet, [unit])  # a unit's name is the staff's text: never a formula
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
