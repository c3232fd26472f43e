"""Statements, payment files and invoice files of the monthly compensation, as tables for
``write_table``.

* A statement lists the rows of one payer's (or payee's) statement for the lines booked in one
  month: counterparty, school unit, programme, orientation, month served, what the row pays
  for (``programme`` or a kind of tilläggsbelopp), kind, payment or invoice, number of
  pupil-months and the amounts: price (or tilläggsbelopp), structure supplement,
  administration share, VAT share (shown apart: skollagen 16 kap. 52–53 §§) and the total. No
  pupil is named. Its last row is the total.
* A payment file has one row per payee of one payer: what to pay for the month, the sum of the
  statement's rows for that payee (negative: money to get back), of which the VAT share, and
  the payee's name, organisation number, bankgiro and plusgiro from its payee record (empty
  when none is kept). Invoice lines are not in it: the organiser invoices those.
* An invoice file (for a municipality outside the area) lists the invoice lines booked in the
  month per invoicing organiser (with its name), school unit, programme, month served and
  purpose, and the total: the basis for the organisers' invoices.

Amounts are Decimal SEK with öre, written as such (CSV ``.`` decimal point).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Final

from samverka.compensation.domain.organiser import Organiser
from samverka.compensation.domain.statements import Statement, StatementRow
from samverka.compensation.ports import Payee
from samverka.platform.files.exports import write_table

STATEMENT_HEADER: Final = (
    "booked_in",
    "payer",
    "payee_kind",
    "payee",
    "school_unit",
    "programme",
    "orientation",
    "service_month",
    "purpose",
    "kind",
    "settled_by",
    "pupil_months",
    "price_amount",
    "supplement_amount",
    "admin_amount",
    "vat_amount",
    "amount",
)
PAYMENT_HEADER: Final = (
    "booked_in",
    "payer",
    "payee_kind",
    "payee",
    "payee_name",
    "organisation_number",
    "bankgiro",
    "plusgiro",
    "vat_amount",
    "amount",
)
INVOICE_HEADER: Final = (
    "booked_in",
    "municipality",
    "organiser_kind",
    "organiser",
    "organiser_name",
    "school_unit",
    "programme",
    "orientation",
    "service_month",
    "purpose",
    "kind",
    "pupil_months",
    "amount",
)
_ZERO = Decimal(0)


def _settled_by(row: StatementRow) -> str:
    return "invoice" if row.invoice else "payment"


def statement_table(statement: Statement) -> tuple[list[str], list[list[object]]]:
    rows: list[list[object]] = [
        [
            str(statement.booked_in),
            row.payer,
            row.payee.kind.value,
            row.payee.code,
            row.school_unit,
            row.programme,
            row.orientation,
            str(row.service_month),
            row.purpose.value,
            row.kind.value,
            _settled_by(row),
            row.lines,
            row.price_amount,
            row.supplement_amount,
            row.admin_amount,
            row.vat_amount,
            row.amount,
        ]
        for row in statement.rows
    ]
    price = sum((row.price_amount for row in statement.rows), _ZERO)
    supplement = sum((row.supplement_amount for row in statement.rows), _ZERO)
    lines = sum(row.lines for row in statement.rows)
    total: list[object] = [str(statement.booked_in), "total", *([None] * 9)]
    sums = [price, supplement, statement.admin_total, statement.vat_total, statement.total]
    rows.append([*total, lines, *sums])
    return list(STATEMENT_HEADER), rows


def payment_table(
    statement: Statement, payees: Mapping[Organiser, Payee] | None = None
) -> tuple[list[str], list[list[object]]]:
    """One row per payee of the payment lines (module docstring)."""
    known = payees or {}
    per_payee: dict[tuple[str, Organiser], list[Decimal]] = {}
    for row in statement.rows:
        if row.invoice:
            continue
        sums = per_payee.setdefault((row.payer, row.payee), [_ZERO, _ZERO])
        sums[0] += row.vat_amount
        sums[1] += row.amount
    rows: list[list[object]] = []
    for (payer, payee), (vat, amount) in sorted(per_payee.items()):
        if not amount:
            continue
        record = known.get(payee)
        rows.append(
            [
                str(statement.booked_in),
                payer,
                payee.kind.value,
                payee.code,
                None if record is None else record.name,
                None if record is None else record.organisation_number,
                None if record is None else record.bankgiro,
                None if record is None else record.plusgiro,
                vat,
                amount,
            ]
        )
    return list(PAYMENT_HEADER), rows


def invoice_table(
    statement: Statement, names: Mapping[Organiser, str] | None = None
) -> tuple[list[str], list[list[object]]]:
    """The invoice lines of one municipality outside the area (module docstring)."""
    known = names or {}
    invoiced = [row for row in statement.rows if row.invoice]
    rows: list[list[object]] = [
        [
            str(statement.booked_in),
            row.payer,
            row.payee.kind.value,
            row.payee.code,
            known.get(row.payee),
            row.school_unit,
            row.programme,
            row.orientation,
            str(row.service_month),
            row.purpose.value,
            row.kind.value,
            row.lines,
            row.amount,
        ]
        for row in invoiced
    ]
    total = sum((row.amount for row in invoiced), _ZERO)
    lines = sum(row.lines for row in invoiced)
    rows.append([str(statement.booked_in), "total", *([None] * 9), lines, total])
    return list(INVOICE_HEADER), rows


def write(path: Path, table: tuple[Sequence[str], Sequence[Sequence[object]]]) -> None:
    header, rows = table
    write_table(path, header, rows)
