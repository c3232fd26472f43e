"""Invoices of the member fees: one per municipality, fee year and fee (the service fee and the
admission service fee are decided apart, so each has its invoice), split into instalments.

Rules:

* The invoice number is ``{prefix}-{fee year}-{municipality code}-{decision version}``, prefix
  ``SA`` for the service fee (serviceavgift) and ``AA`` for the admission service fee
  (antagningsavgift): unique, and a re-decided year gets new numbers.
* The amount (whole kronor) is split into 1, 2, 4 or 12 equal instalments by the largest
  remainder (``fee_apportionment``): the parts are whole kronor, differ by at most one krona,
  the earlier ones take the odd kronor, and they add up to the amount exactly.
* An invoice has one line per charge (the service fee one; the admission service fee one per
  service charged: the admission office, the youth register, the admission system's share,
  the recovery of an earlier year's costs: ``admission_fee``), and its amount is the sum of
  its lines. A line's ``kind`` names the charge; its ``text`` is the decision's own words.
* Instalment *i* of *n* falls due on the last day of the first month of its period of the fee
  year (quarterly: 31 January, 30 April, 31 July, 31 October), but never less than 30 days
  after the invoice date (the decision date), so a late decision gives the members time to pay.
"""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum
from typing import Final

from samverka.association.fees.domain.fee_apportionment import largest_remainder

PAYMENT_TERMS: Final = timedelta(days=30)


class FeeKind(StrEnum):
    SERVICE = "service"
    ADMISSION = "admission"

    @property
    def prefix(self) -> str:
        return "SA" if self is FeeKind.SERVICE else "AA"


@dataclass(frozen=True, slots=True)
class Instalment:
    number: int  # 1..n
    due_on: date
    amount: Decimal


@dataclass(frozen=True, slots=True)
class InvoiceLine:
    number: int  # 1..n
    kind: str  # "service", or the admission fee's charge kind
    text: str
    amount: Decimal


@dataclass(frozen=True, slots=True)
class Invoice:
    invoice_number: str
    kind: FeeKind
    fee_year: int
    municipality_code: str
    issued_on: date
    amount: Decimal
    instalments: tuple[Instalment, ...]
    lines: tuple[InvoiceLine, ...] = ()


def invoice_number(kind: FeeKind, fee_year: int, municipality_code: str, version: int) -> str:
    return f"{kind.prefix}-{fee_year}-{municipality_code}-{version}"


def due_dates(fee_year: int, count: int, issued_on: date) -> list[date]:
    """The due dates of ``count`` instalments (12 must be divisible by it)."""
    if count <= 0 or 12 % count:
        raise ValueError(f"a year is not split into {count} equal periods")
    step = 12 // count
    earliest = issued_on + PAYMENT_TERMS
    dates = []
    for index in range(count):
        month = 1 + index * step
        last = date(fee_year, month, calendar.monthrange(fee_year, month)[1])
        dates.append(max(last, earliest))
    return dates


def split(amount: Decimal, count: int) -> list[Decimal]:
    """``amount`` in ``count`` whole-krona parts that add up to it, earlier ones larger."""
    keys = [f"{index:02d}" for index in range(count)]
    parts = largest_remainder(amount, dict.fromkeys(keys, 1))
    return [parts[key] for key in keys]


def make_invoice(
    kind: FeeKind,
    fee_year: int,
    municipality_code: str,
    version: int,
    amount: Decimal,
    issued_on: date,
    instalments: int,
    lines: Sequence[tuple[str, str, Decimal]] = (),
) -> Invoice:
    """The invoice of ``amount`` in ``instalments``; ``lines`` (kind, text, amount) must add up
    to ``amount`` (none given: one line of the fee's own kind)."""
    given = list(lines) or [(kind.value, "", amount)]
    if sum((line[2] for line in given), Decimal(0)) != amount:
        raise ValueError("an invoice's lines must add up to its amount")
    parts = split(amount, instalments)
    dues = due_dates(fee_year, instalments, issued_on)
    return Invoice(
        invoice_number(kind, fee_year, municipality_code, version),
        kind,
        fee_year,
        municipality_code,
        issued_on,
        amount,
        tuple(
            Instalment(n + 1, due, part)
            for n, (due, part) in enumerate(zip(dues, parts, strict=True))
        ),
        tuple(InvoiceLine(n, k, text, value) for n, (k, text, value) in enumerate(given, 1)),
    )
