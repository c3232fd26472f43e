"""Reading a budget file: every sheet with the header, as .xlsx or .csv; the template is such a
file."""

from __future__ import annotations

import io

import openpyxl
import pytest
from in_english import in_english

from samverka.association.plan.files.budget_file import COLUMNS, budget_template, read_budget_file
from samverka.errors import InvalidInput


def workbook(*sheets: tuple[str, list[list[object]]]) -> bytes:
    book = openpyxl.Workbook()
    book.remove(book.worksheets[0])
    for title, rows in sheets:
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_the_template_reads_back_as_its_example_rows_on_the_budget_sheet() -> None:
    rows = read_budget_file("mall.xlsx", budget_template(2026, ["UEDB", "Välfärdsutveckling"]))

    assert [(r.source, r.line, r.unit, r.year, r.kind) for r in rows[:1]] == [
        ("mall.xlsx/Budget", 2, "Välfärdsutveckling", "2026", "budget")
    ]
    assert [r.line_type for r in rows] == [
        "intäkter",
        "övriga kostnader",
        "personalkostnader",
        "årsarbetare",
    ]
    assert rows[-1].amount == "9.9"


def test_every_sheet_with_the_header_is_read_and_others_are_skipped() -> None:
    content = workbook(
        ("Anvisningar", [["Fyll i bladen nedan"]]),
        ("2025", [list(COLUMNS), ["UEDB", 2025, "utfall", "intäkter", 2500]]),
        ("2026", [list(COLUMNS), [], ["UEDB", 2026, "budget", "intäkter", 2619.5]]),
    )

    rows = read_budget_file("budget.xlsx", content)

    assert [(r.source, r.line, r.amount) for r in rows] == [
        ("budget.xlsx/2025", 2, "2500"),
        ("budget.xlsx/2026", 3, "2619.5"),
    ]


def test_english_column_names_are_accepted_in_a_csv_file() -> None:
    content = b"unit;year;kind;line_type;amount\nUEDB;2026;budget;revenue;1 200,5\n"

    rows = read_budget_file("budget.csv", content)

    assert [(r.unit, r.line_type, r.amount) for r in rows] == [("UEDB", "revenue", "1 200,5")]


def test_a_sheet_lacking_a_column_is_reported_with_the_columns_missing() -> None:
    content = workbook(("Budget", [["enhet", "år", "typ"], ["UEDB", 2026, "budget"]]))

    with pytest.raises(InvalidInput) as raised:
        read_budget_file("budget.xlsx", content)

    assert [str(e) for e in raised.value.errors] == [
        "budget.xlsx/Budget:1 [rad]: Rubrikraden saknar kolumnerna rad, belopp."
    ]


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("budget.pdf", b"%PDF", "unsupported file type '.pdf'"),
        ("budget.xlsx", b"not a zip", "not a readable Excel workbook"),
        ("budget.csv", b"a;b\n1;2\n", "no sheet has the header"),
        ("budget.csv", "enhet;år\n".encode("utf-16"), "not UTF-8"),
    ],
)
def test_a_file_that_cannot_be_read_says_why(name: str, content: bytes, reason: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        read_budget_file(name, content)
    assert any(reason in in_english(problem) for problem in refused.value.errors)
