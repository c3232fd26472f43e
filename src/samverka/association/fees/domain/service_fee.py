"""The members' service fee (serviceavgift): the board's rate in per mille of each member
municipality's tax and grant revenue (skatteintäkter och generella statsbidrag) of a stated
base year, up to the general assembly's cap.

Procedure (Storsthlm's operations plan and budget 2018: "the general assembly lets the board set
the yearly service fee up to 0.50 per mille of the municipalities' tax and grant revenues"; for
2018 the board kept 0.42 per mille, giving 45.5 mnkr):

1. The decision names the fee year, the rate and the cap (both per mille, default cap 0.50),
   the base year (not after the fee year), the decision date and who decided. A rate above the
   cap, a rate of zero or less, or a missing decider is refused, every problem named at once.
2. Each member municipality's fee = rate / 1000 × its revenue of the base year, rounded to
   whole kronor, half a krona upwards (``fee_apportionment.to_kronor``).
3. The year's total is the sum of the rounded fees (the decision sets a rate, not a total), so
   it differs from rate × the members' total revenue by at most half a krona per member.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Final

from samverka.association.fees.domain.fee_apportionment import to_kronor
from samverka.errors import RowError

DEFAULT_CAP_PER_MILLE: Final = Decimal("0.50")
PER_MILLE: Final = Decimal(1000)
SOURCE: Final = "service fee decision"
INSTALMENT_COUNTS: Final = frozenset({1, 2, 4, 12})  # yearly, half-yearly, quarterly, monthly


@dataclass(frozen=True, slots=True)
class ServiceFeeDecision:
    fee_year: int
    rate_per_mille: Decimal
    base_year: int
    decided_on: date
    decided_by: str  # e.g. "styrelsen 2017-12-08 § 12"
    cap_per_mille: Decimal = DEFAULT_CAP_PER_MILLE
    instalments: int = 4

    def problems(self) -> list[RowError]:
        """Everything wrong with the decision, each with its field and reason."""
        found: list[RowError] = []

        def bad(field: str, reason: str) -> None:
            found.append(RowError(SOURCE, 0, field, reason))

        if not self.cap_per_mille.is_finite() or self.cap_per_mille <= 0:
            bad("cap_per_mille", "the general assembly's cap must be above zero per mille")
        if not self.rate_per_mille.is_finite() or self.rate_per_mille <= 0:
            bad("rate_per_mille", "the rate must be above zero per mille")
        elif self.cap_per_mille.is_finite() and self.rate_per_mille > self.cap_per_mille:
            bad(
                "rate_per_mille",
                f"the rate {self.rate_per_mille} per mille exceeds the general assembly's cap "
                f"of {self.cap_per_mille} per mille",
            )
        if self.base_year > self.fee_year:
            bad("base_year", f"the base year {self.base_year} is after the fee year")
        if not self.decided_by.strip():
            bad("decided_by", "say who decided, e.g. 'styrelsen 2017-12-08 § 12'")
        if self.instalments not in INSTALMENT_COUNTS:
            bad("instalments", f"instalments must be one of {sorted(INSTALMENT_COUNTS)}")
        return found


@dataclass(frozen=True, slots=True)
class ServiceFee:
    municipality_code: str
    revenue: Decimal  # tax and grant revenue of the base year, SEK
    fee: Decimal  # whole kronor


def service_fee(rate_per_mille: Decimal, revenue: Decimal) -> Decimal:
    """One municipality's fee: rate ‰ of its revenue, rounded to whole kronor (half up)."""
    return to_kronor(rate_per_mille * revenue / PER_MILLE)


def service_fees(decision: ServiceFeeDecision, revenues: Mapping[str, Decimal]) -> list[ServiceFee]:
    """Every municipality's fee under ``decision`` from its revenue, in code order."""
    return [
        ServiceFee(code, revenues[code], service_fee(decision.rate_per_mille, revenues[code]))
        for code in sorted(revenues)
    ]
