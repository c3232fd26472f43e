"""Statements, payment files and invoice files of the monthly compensation, as named sheets for
``platform.files.exports`` (issue 15 point 1; docs/formats.md, "Exports" and "Payment file").

* A statement ("Specifikation") lists the rows of one payer's (or payee's) statement for the
  lines booked in one month: payer and payee with their names, school unit (code and name),
  programme (code and name), orientation, month served, what the row pays for (programme price
  or a kind of tilläggsbelopp), kind (ordinarie, retroaktiv, återföring), payment or invoice,
  number of pupil-months and the amounts: price (or tilläggsbelopp), structure supplement,
  administration share, VAT share (shown apart: skollagen 16 kap. 52–53 §§) and the total. No
  pupil is named. The totals are not a row among the data (summing the column would count
  them twice): in XLSX they are a second sheet, "Summa"; CSV holds the rows only.
* A payment file ("Betalningar") is what the finance system imports to pay: one row per payee
  of one payer for the month, the sum of the statement's payment rows for that payee
  (negative: money to get back, not paid), with the payee's name, organisation number,
  bankgiro and plusgiro from its payee record (empty when none is kept), the amount in SEK
  with two decimals, the currency, the due date and a reference that names the month and the
  runs whose lines are booked in it (a message, not an OCR number). Invoice lines are not in
  it: the organiser invoices those.
* An invoice file ("Fakturaunderlag", for a municipality outside the area) lists the invoice
  lines booked in the month per invoicing organiser (with its name), school unit, programme,
  month served and purpose; the total is the "Summa" sheet.

Amounts are Decimal SEK with öre; columns and values are Swedish. The payment file's columns
and rows are the platform's (``platform.files.payment_file``), shared with the state grants.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Final

from samverka.admission.domain.programme_names import programme_name
from samverka.compensation.domain.month_lines import LineKind, LinePurpose
from samverka.compensation.domain.organiser import Organiser, OrganiserKind
from samverka.compensation.domain.period import Month
from samverka.compensation.domain.statements import Statement, StatementRow
from samverka.compensation.ports import Payee
from samverka.platform.files.exports import FileFormat, Sheet, write_table
from samverka.platform.files.payment_file import Payment, payment_table

STATEMENT_SHEET: Final = "Specifikation"
INVOICE_SHEET: Final = "Fakturaunderlag"
TOTALS_SHEET: Final = "Summa"

STATEMENT_HEADER: Final = (
    "Bokförd månad",
    "Betalande kommunkod",
    "Betalande kommun",
    "Mottagartyp",
    "Mottagarkod",
    "Mottagare",
    "Skolenhetskod",
    "Skolenhet",
    "Program",
    "Programnamn",
    "Inriktning",
    "Avser månad",
    "Avser",
    "Radtyp",
    "Regleras med",
    "Elevmånader",
    "Pris",
    "Strukturtillägg",
    "Administration",
    "Moms",
    "Belopp",
)
INVOICE_HEADER: Final = (
    "Bokförd månad",
    "Kommunkod",
    "Kommun",
    "Huvudmannatyp",
    "Huvudmannakod",
    "Huvudman",
    "Skolenhetskod",
    "Skolenhet",
    "Program",
    "Programnamn",
    "Inriktning",
    "Avser månad",
    "Avser",
    "Radtyp",
    "Elevmånader",
    "Belopp",
)
TOTALS_HEADER: Final = ("Post", "Värde")
PAYEE_KINDS: Final = {
    OrganiserKind.MUNICIPALITY: "Kommun",
    OrganiserKind.REGION: "Region",
    OrganiserKind.INDEPENDENT: "Enskild huvudman",
}
PURPOSES: Final = {
    LinePurpose.PROGRAMME: "Programpris",
    LinePurpose.MOTHER_TONGUE: "Tilläggsbelopp modersmål",
    LinePurpose.NIU: "Tilläggsbelopp NIU",
    LinePurpose.EXTRAORDINARY_SUPPORT: "Tilläggsbelopp extraordinärt stöd",
    LinePurpose.OTHER: "Tilläggsbelopp övrigt",
}
LINE_KINDS: Final = {
    LineKind.REGULAR: "Ordinarie",
    LineKind.RETROACTIVE: "Retroaktiv",
    LineKind.REVERSAL: "Återföring",
}
_ZERO = Decimal(0)


@dataclass(frozen=True, slots=True)
class Names:
    """The names the files put beside the codes (no personal data)."""

    municipalities: Mapping[str, str] = field(default_factory=dict)
    organisers: Mapping[Organiser, str] = field(default_factory=dict)
    school_units: Mapping[str, str] = field(default_factory=dict)

    def payee(self, organiser: Organiser) -> str | None:
        found = self.organisers.get(organiser)
        if found is None and organiser.kind is OrganiserKind.MUNICIPALITY:
            return self.municipalities.get(organiser.code)
        return found


@dataclass(frozen=True, slots=True)
class PaymentTerms:
    """When the payments of a payment file fall due and the message that goes with them."""

    due: date
    reference: str

    @classmethod
    def of(cls, booked_in: Month, runs: Sequence[int], due: date | None = None) -> PaymentTerms:
        """By default due on the last day of the month booked; the reference names the month
        and the runs ("Interkommunal ersättning 2026-09 körning 12")."""
        ran = ",".join(str(run) for run in sorted(runs)) or "-"
        word = "körning" if len(runs) <= 1 else "körningar"
        reference = f"Interkommunal ersättning {booked_in} {word} {ran}"
        return cls(due or booked_in.last_day, reference)


def _place(row: StatementRow, names: Names) -> list[object]:
    return [
        row.school_unit,
        names.school_units.get(row.school_unit),
        row.programme,
        programme_name(row.programme) or None,
        row.orientation or None,
        str(row.service_month),
        PURPOSES[row.purpose],
        LINE_KINDS[row.kind],
    ]


def statement_sheets(statement: Statement, names: Names | None = None) -> tuple[Sheet, Sheet]:
    """The statement's rows and its totals (module docstring)."""
    known = names or Names()
    booked = str(statement.booked_in)

    def rows() -> Iterator[list[object]]:
        for row in statement.rows:
            yield [
                booked,
                row.payer,
                known.municipalities.get(row.payer),
                PAYEE_KINDS[row.payee.kind],
                row.payee.code,
                known.payee(row.payee),
                *_place(row, known),
                "Faktura" if row.invoice else "Betalning",
                row.lines,
                row.price_amount,
                row.supplement_amount,
                row.admin_amount,
                row.vat_amount,
                row.amount,
            ]

    price = sum((row.price_amount for row in statement.rows), _ZERO)
    supplement = sum((row.supplement_amount for row in statement.rows), _ZERO)
    totals: list[list[object]] = [
        ["Bokförd månad", booked],
        ["Rader", len(statement.rows)],
        ["Elevmånader", sum(row.lines for row in statement.rows)],
        ["Pris", price],
        ["Strukturtillägg", supplement],
        ["Administration", statement.admin_total],
        ["Moms", statement.vat_total],
        ["Belopp", statement.total],
    ]
    return (
        Sheet(STATEMENT_SHEET, STATEMENT_HEADER, rows()),
        Sheet(TOTALS_SHEET, TOTALS_HEADER, totals),
    )


def payment_sheet(
    statement: Statement,
    payees: Mapping[Organiser, Payee] | None,
    terms: PaymentTerms,
    names: Names | None = None,
) -> Sheet:
    """One row per payee of the payment lines (module docstring)."""
    known, details = names or Names(), payees or {}
    per_payee: dict[tuple[str, Organiser], list[Decimal]] = {}
    for row in statement.rows:
        if row.invoice:
            continue
        sums = per_payee.setdefault((row.payer, row.payee), [_ZERO, _ZERO])
        sums[0] += row.vat_amount
        sums[1] += row.amount
    payments: list[Payment] = []
    for (payer, payee), (vat, amount) in sorted(per_payee.items()):
        if not amount:
            continue
        record = details.get(payee)
        payments.append(
            Payment(
                payer,
                known.municipalities.get(payer),
                payee.code,
                record.name if record is not None else known.payee(payee),
                None if record is None else record.organisation_number,
                None if record is None else record.bankgiro,
                None if record is None else record.plusgiro,
                amount,
                vat,
                terms.due,
                terms.reference,
            )
        )
    return payment_table(payments)


def invoice_sheets(statement: Statement, names: Names | None = None) -> tuple[Sheet, Sheet]:
    """The invoice lines of one municipality outside the area and their total (module
    docstring)."""
    known = names or Names()
    invoiced = [row for row in statement.rows if row.invoice]
    booked = str(statement.booked_in)
    rows: list[list[object]] = [
        [
            booked,
            row.payer,
            known.municipalities.get(row.payer),
            PAYEE_KINDS[row.payee.kind],
            row.payee.code,
            known.payee(row.payee),
            *_place(row, known),
            row.lines,
            row.amount,
        ]
        for row in invoiced
    ]
    totals: list[list[object]] = [
        ["Bokförd månad", booked],
        ["Rader", len(invoiced)],
        ["Elevmånader", sum(row.lines for row in invoiced)],
        ["Belopp", sum((row.amount for row in invoiced), _ZERO)],
    ]
    return (
        Sheet(INVOICE_SHEET, INVOICE_HEADER, rows),
        Sheet(TOTALS_SHEET, TOTALS_HEADER, totals),
    )


def write(path: Path, sheets: Iterable[Sheet], file_format: FileFormat | None = None) -> None:
    """The sheets to ``path`` (CSV: the first only); the format from the suffix if not given."""
    first, *more = sheets
    write_table(
        path, first.header, first.rows, file_format=file_format, sheet=first.name, more=more
    )
