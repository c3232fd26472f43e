"""Issue 15 point 1: the compensation files add up once, name what they code, and the payment
file carries what a finance system needs (docs/formats.md, "Payment file")."""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal
from pathlib import Path

import openpyxl

from samverka.compensation.domain.month_lines import LineKind, LinePurpose
from samverka.compensation.domain.organiser import Organiser
from samverka.compensation.domain.period import Month
from samverka.compensation.domain.statements import Statement, StatementRow
from samverka.compensation.files.compensation_files import (
    Names,
    PaymentTerms,
    payment_sheet,
    statement_sheets,
    write,
)
from samverka.compensation.ports import Payee
from samverka.platform.files.exports import FileFormat

SEPTEMBER = Month(2026, 9)
FRISKOLAN = Organiser.independent("5560001111")
NACKA = Organiser.municipality("0182")
NAMES = Names(
    municipalities={"0180": "Stockholm", "0182": "Nacka"},
    organisers={FRISKOLAN: "Friskolan AB"},
    school_units={"11111111": "Norra gymnasiet"},
)


def _row(
    payee: Organiser,
    amount: str,
    *,
    kind: LineKind = LineKind.REGULAR,
    vat: str = "0",
    purpose: LinePurpose = LinePurpose.PROGRAMME,
    invoice: bool = False,
) -> StatementRow:
    value = Decimal(amount)
    return StatementRow(
        payer="0180",
        payee=payee,
        school_unit="11111111",
        programme="NA",
        orientation=None,
        service_month=SEPTEMBER,
        kind=kind,
        lines=1,
        price_amount=value,
        supplement_amount=Decimal(0),
        amount=value,
        vat_amount=Decimal(vat),
        purpose=purpose,
        invoice=invoice,
    )


STATEMENT = Statement(
    "0180",
    SEPTEMBER,
    (
        _row(FRISKOLAN, "10918.00", vat="618.00"),
        _row(NACKA, "9500.50"),
        _row(NACKA, "-9500.50", kind=LineKind.REVERSAL),
        _row(NACKA, "4000.25", purpose=LinePurpose.NIU),
        _row(Organiser.municipality("0186"), "777.00", invoice=True),
    ),
)


def test_a_statement_summed_gives_its_total_once_in_csv_and_xlsx(tmp_path: Path) -> None:
    write(tmp_path / "s.csv", statement_sheets(STATEMENT, NAMES), FileFormat.CSV)
    text = (tmp_path / "s.csv").read_bytes().decode("utf-8-sig")
    header, *rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
    amounts = [Decimal(row[header.index("Belopp")].replace(",", ".")) for row in rows]
    assert len(rows) == len(STATEMENT.rows)  # no total among the rows
    assert sum(amounts) == STATEMENT.total == Decimal("15695.25")

    write(tmp_path / "s.xlsx", statement_sheets(STATEMENT, NAMES), FileFormat.XLSX)
    workbook = openpyxl.load_workbook(tmp_path / "s.xlsx")
    assert workbook.sheetnames == ["Specifikation", "Summa"]
    data = list(workbook["Specifikation"].iter_rows(min_row=2, values_only=True))
    totals = dict(workbook["Summa"].iter_rows(min_row=2, values_only=True))
    assert round(sum(row[-1] for row in data), 2) == totals["Belopp"] == 15695.25
    assert totals["Moms"] == 618


def test_a_statement_names_its_codes_and_speaks_swedish() -> None:
    sheet, _ = statement_sheets(STATEMENT, NAMES)
    first, *_, niu, invoiced = list(sheet.rows)
    columns = dict(zip(sheet.header, first, strict=True))
    assert columns["Betalande kommun"] == "Stockholm"
    assert (columns["Mottagartyp"], columns["Mottagare"]) == ("Enskild huvudman", "Friskolan AB")
    assert (columns["Skolenhet"], columns["Programnamn"]) == (
        "Norra gymnasiet",
        "Naturvetenskapsprogrammet",
    )
    assert (columns["Avser"], columns["Radtyp"], columns["Regleras med"]) == (
        "Programpris",
        "Ordinarie",
        "Betalning",
    )
    assert dict(zip(sheet.header, niu, strict=True))["Avser"] == "Tilläggsbelopp NIU"
    assert dict(zip(sheet.header, invoiced, strict=True))["Regleras med"] == "Faktura"


def test_the_payment_file_has_one_row_per_payee_with_its_payment_details() -> None:
    payees = {FRISKOLAN: Payee(FRISKOLAN, "Friskolan AB", "556000-1111", "5050-1055")}
    terms = PaymentTerms.of(SEPTEMBER, [12, 9])
    sheet = payment_sheet(STATEMENT, payees, terms, NAMES)
    rows = [dict(zip(sheet.header, row, strict=True)) for row in sheet.rows]
    assert [(r["Mottagarkod"], r["Belopp"]) for r in rows] == [
        ("5560001111", Decimal("10918.00")),
        ("0182", Decimal("4000.25")),  # the reversal nets out; the invoice line is not paid
    ]
    friskolan = rows[0]
    assert (friskolan["Organisationsnummer"], friskolan["Bankgiro"]) == ("556000-1111", "5050-1055")
    assert (friskolan["Varav moms"], friskolan["Valuta"]) == (Decimal("618.00"), "SEK")
    assert friskolan["Förfallodag"] == date(2026, 9, 30)  # the month's last day by default
    assert friskolan["Referens"] == "Interkommunal ersättning 2026-09 körningar 9,12"
    assert rows[1]["Mottagare"] == "Nacka"  # no payee record: the municipality's name


def test_a_due_date_may_be_given() -> None:
    terms = PaymentTerms.of(SEPTEMBER, [3], date(2026, 10, 25))
    assert terms == PaymentTerms(date(2026, 10, 25), "Interkommunal ersättning 2026-09 körning 3")
