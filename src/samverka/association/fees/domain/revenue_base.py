"""The members' tax and grant revenue (skatteintäkter och generella statsbidrag) of a base year,
the base of the service fee.

``parse_revenue_rows`` checks the rows of an import (each ``(line, municipality code, revenue
text)``) against the member municipalities and reports every bad row with its line and reason:
an unknown or non-member code, a code given twice, a revenue that is not an amount of kronor
with at most two decimals, or one that is negative. Nothing is to be stored unless all are good.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Final

from samverka.errors import N_, BadValue, RowError
from samverka.platform.domain.numbers import decimal_value, shown

MAXIMUM_REVENUE: Final = Decimal("1e13")  # 10 000 bn SEK: far above any municipality


@dataclass(frozen=True, slots=True)
class RevenueRow:
    line: int
    municipality_code: str
    revenue: str


@dataclass(frozen=True, slots=True)
class RevenueBase:
    municipality_code: str
    base_year: int
    revenue: Decimal


def parse_revenue(text: str) -> Decimal:
    """An amount of kronor: digits with at most two decimals (``.`` or ``,``), spaces allowed
    between thousands; ``BadValue`` (a ``ValueError``) naming the problem otherwise."""
    try:
        amount = decimal_value(text)  # no exponent, NaN or Infinity
    except ValueError:
        raise BadValue(N_("%(text)s är inget belopp i kronor."), text=shown(text)) from None
    if amount < 0:
        raise BadValue(N_("Intäkterna kan inte vara negativa."))
    if amount >= MAXIMUM_REVENUE:
        raise BadValue(N_("%(text)s är mer än någon kommuns intäkter."), text=shown(text))
    if amount != amount.quantize(Decimal("0.01")):
        raise BadValue(N_("Intäkterna har fler än två decimaler."))
    return amount.quantize(Decimal("0.01"))


def parse_revenue_rows(
    source: str, base_year: int, rows: Sequence[RevenueRow], members: Collection[str]
) -> tuple[list[RevenueBase], list[RowError]]:
    bases: list[RevenueBase] = []
    errors: list[RowError] = []
    seen: dict[str, int] = {}
    for row in rows:
        code = row.municipality_code.strip()
        if code not in members:
            reason = N_("%(code)s är inte en medlemskommuns kod.")
            errors.append(
                RowError(source, row.line, "municipality_code", reason, {"code": repr(code)})
            )
        elif code in seen:
            reason = N_("Kommunen %(code)s anges två gånger (även på rad %(first)s).")
            parameters = {"code": repr(code), "first": seen[code]}
            errors.append(RowError(source, row.line, "municipality_code", reason, parameters))
        else:
            seen[code] = row.line
        try:
            revenue = parse_revenue(row.revenue)
        except BadValue as error:
            errors.append(RowError(source, row.line, "revenue", error.text, error.parameters))
            continue
        bases.append(RevenueBase(code, base_year, revenue))
    if not rows:
        errors.append(RowError(source, 0, "", N_("Filen har inga rader.")))
    return bases, errors
