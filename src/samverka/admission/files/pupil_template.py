"""The empty pupil file a counsellor downloads: the header and one valid example row.

The columns are ``pupil_file.TEMPLATE_COLUMNS`` (documented in docs/pupil-import.md). The
example row passes ``read_pupil_file`` when its municipality and school unit codes are known;
the counsellor replaces it by their pupils. An ``.xlsx`` template formats the code and phone
columns as text, so Excel keeps their leading zeros; a ``.csv`` template is UTF-8 with a BOM
and ``;`` as delimiter, as Swedish Excel expects.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Final

import openpyxl
from openpyxl.styles import Font

from samverka.admission.files.pupil_file import (
    ARRIVAL_DATE,
    MUNICIPALITY,
    PERSONAL_ID,
    SCHOOL_UNIT,
    TEMPLATE_COLUMNS,
)
from samverka.platform.domain.personal_id import luhn_check_digit
from samverka.platform.files.spreadsheet_cells import append_row, csv_writer


def _example_personal_id() -> str:
    """A valid number for a pupil born 2010-01-01 with serial 238; the check digit computed."""
    digits = "100101238"
    return f"20{digits[:6]}-{digits[6:]}{luhn_check_digit(digits)}"


EXAMPLE_ROW: Final[Mapping[str, str]] = MappingProxyType(
    {
        PERSONAL_ID: _example_personal_id(),
        "namn": "Exempel Elevsson",
        MUNICIPALITY: "0180",
        SCHOOL_UNIT: "12345678",
        "skyddad_identitet": "nej",
        "engelska_dispens": "nej",
        "reducerad_timplan": "nej",
        "utlandska_betyg": "nej",
        "fullfoljt_nationellt_program": "nej",
        "vardnadshavare1_namn": "Exempel Vårdnadshavare",
        "vardnadshavare1_epost": "vardnadshavare@example.se",
        "vardnadshavare1_telefon": "070-123 45 67",
        "SV": "A",
        "EN": "B",
        "MA": "C",
        "BI": "D",
        "IDH": "E",
        "M2": "B",
        "provning": "MA",
    }
)
"""The template's example row; columns not named here are empty."""

_TEXT_COLUMNS: Final = (
    PERSONAL_ID,
    MUNICIPALITY,
    SCHOOL_UNIT,
    ARRIVAL_DATE,
    "vardnadshavare1_telefon",
    "vardnadshavare2_telefon",
)
_TEXT_FORMATTED_ROWS: Final = 500
"""Rows below the header whose code and phone cells are formatted as text in Excel."""


def write_template(path: Path) -> None:
    """Write the template to ``path``: an Excel workbook (``.xlsx``) or a CSV file (``.csv``)."""
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        _write_xlsx(path)
    elif suffix == ".csv":
        _write_csv(path)
    else:
        raise ValueError(f"unsupported template type {suffix!r}: use .xlsx or .csv")


def _example_cells() -> list[str]:
    return [EXAMPLE_ROW.get(column, "") for column in TEMPLATE_COLUMNS]


def _write_csv(path: Path) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv_writer(handle, delimiter=";")
        writer.writerow(TEMPLATE_COLUMNS)
        writer.writerow(_example_cells())


def _write_xlsx(path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Elever"
    append_row(sheet, list(TEMPLATE_COLUMNS))
    append_row(sheet, [cell or None for cell in _example_cells()])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for column_number, column in enumerate(TEMPLATE_COLUMNS, start=1):
        if column in _TEXT_COLUMNS:
            for row_number in range(2, _TEXT_FORMATTED_ROWS + 2):
                sheet.cell(row=row_number, column=column_number).number_format = "@"
    sheet.freeze_panes = "A2"
    workbook.save(path)
