"""Statements and payment files of the monthly compensation, as tables for ``write_table``.

* A statement lists the rows of one payer's (or payee's) statement for the lines booked in one
  month: counterparty, school unit, programme, orientation, month served, kind, number of
  pupil-months and the amounts; no pupil is named. Its last row is the total.
* A payment file has one row per payee of one payer: what to pay for the month, the sum of the
  statement's rows for that payee (negative: money to get back).

Amounts are Decimal SEK with öre, written as such (CSV ``.`` decimal point).
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Final

from samverka.adapters.exports.tables import write_table
from samverka.domain.compensation.statements import Statement

STATEMENT_HEADER: Final = (
    "booked_in",
    "payer",
    "payee_kind",
    "payee",
    "school_unit",
    "programme",
    "orientation",
    "service_month",
    "kind",
    "pupil_months",
    "price_amount",
    "supplement_amount",
    "amount",
)
PAYMENT_HEADER: Final = ("booked_in", "payer", "payee_kind", "payee", "amount")


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
            row.kind.value,
            row.lines,
            row.price_amount,
            row.supplement_amount,
            row.amount,
        ]
        for row in statement.rows
    ]
    price = sum((row.price_amount for row in statement.rows), Decimal(0))
    supplement = sum((row.supplement_amount for row in statement.rows), Decimal(0))
    lines = sum(row.lines for row in statement.rows)
    total: list[object] = [str(statement.booked_in), "total", None, None, None, None, None, None]
    rows.append([*total, None, lines, price, supplement, statement.total])
    return list(STATEMENT_HEADER), rows


def payment_table(statement: Statement) -> tuple[list[str], list[list[object]]]:
    per_payee: dict[tuple[str, str, str], Decimal] = {}
    for row in statement.rows:
        key = (row.payer, row.payee.kind.value, row.payee.code)
        per_payee[key] = per_payee.get(key, Decimal(0)) + row.amount
    rows: list[list[object]] = [
        [str(statement.booked_in), payer, kind, code, amount]
        for (payer, kind, code), amount in sorted(per_payee.items())
        if amount
    ]
    return list(PAYMENT_HEADER), rows


def write(path: Path, table: tuple[Sequence[str], Sequence[Sequence[object]]]) -> None:
    header, rows = table
    write_table(path, header, rows)
