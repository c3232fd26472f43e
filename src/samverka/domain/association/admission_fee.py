"""The admission service fee (antagningsavgift): the admission office's budgeted cost for the
year, charged to the parties of the admission area per registered young person of the fee age.

The parties are the members and the municipalities that buy the admission office by an
agreement without being members (Håbo, Gnesta: admissions-rules §7.4, "identical bilateral
agreements … plus Håbo, Gnesta"; issue 12 point 9, ``domain.admission.area``). They pay the
admission fee, never the members' service fee.

Procedure (operations plan 2018: "Gymnasieantagningen is financed by a fee per young person of
a given age registered in the member municipalities"; the age is lost in the source, 16 is the
natural reading and the default):

1. The decision names the fee year, the budgeted cost (whole kronor, above zero), the fee age
   (default 16), the reference date, the decision date and who decided.
2. The youth register counts, per party of the area, the persons registered there on the
   reference date whose age on that date equals the fee age (``population.age_on``).
3. The price per young person is the cost divided by all parties' count (shown to the öre).
4. Each municipality's fee is its share of the cost by its count, in whole kronor by the largest
   remainder (``fee_apportionment.largest_remainder``), so the fees add up to the budgeted
   cost exactly. Without any young person of the fee age there is nothing to charge by.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Final

from samverka.domain.association.fee_apportionment import is_whole_kronor, largest_remainder
from samverka.domain.association.service_fee import INSTALMENT_COUNTS
from samverka.errors import RowError

DEFAULT_FEE_AGE: Final = 16
SOURCE: Final = "admission fee decision"


@dataclass(frozen=True, slots=True)
class AdmissionFeeDecision:
    fee_year: int
    budgeted_cost: Decimal  # the admission office's cost for the year, whole kronor
    reference_date: date
    decided_on: date
    decided_by: str
    fee_age: int = DEFAULT_FEE_AGE
    instalments: int = 4

    def problems(self) -> list[RowError]:
        found: list[RowError] = []

        def bad(field: str, reason: str) -> None:
            found.append(RowError(SOURCE, 0, field, reason))

        if not self.budgeted_cost.is_finite() or self.budgeted_cost <= 0:
            bad("budgeted_cost", "the budgeted cost must be above zero kronor")
        elif not is_whole_kronor(self.budgeted_cost):
            bad("budgeted_cost", "the budgeted cost must be whole kronor")
        if not 13 <= self.fee_age <= 25:
            bad("fee_age", f"the fee age must be 13–25 years, not {self.fee_age}")
        if not self.decided_by.strip():
            bad("decided_by", "say who decided, e.g. 'styrelsen 2025-12-05 § 7'")
        if self.instalments not in INSTALMENT_COUNTS:
            bad("instalments", f"instalments must be one of {sorted(INSTALMENT_COUNTS)}")
        return found


@dataclass(frozen=True, slots=True)
class AdmissionFee:
    municipality_code: str
    young_people: int
    fee: Decimal  # whole kronor


@dataclass(frozen=True, slots=True)
class AdmissionFees:
    price_per_young_person: Decimal  # cost / all counted, to the öre (for display)
    fees: tuple[AdmissionFee, ...]

    @property
    def total(self) -> Decimal:
        return sum((fee.fee for fee in self.fees), Decimal(0))

    @property
    def young_people(self) -> int:
        return sum(fee.young_people for fee in self.fees)


def admission_fees(budgeted_cost: Decimal, counts: Mapping[str, int]) -> AdmissionFees:
    """The fees per municipality of ``counts`` (every member, zero included)."""
    counted = sum(counts.values())
    if counted <= 0:
        raise ValueError("no young person of the fee age is registered on the reference date")
    parts = largest_remainder(budgeted_cost, counts)
    price = (budgeted_cost / counted).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    fees = tuple(AdmissionFee(code, counts[code], parts[code]) for code in sorted(counts))
    return AdmissionFees(price, fees)
