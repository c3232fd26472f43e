"""The admission service fee (antagningsavgift): what the admission agreement's services cost in
the fee year, charged to the parties of the admission area per registered young person of the
fee age, line by line.

Sources:

* Who pays: the members and the municipalities that buy the admission office and the youth
  register by an agreement without being members (Håbo, Gnesta: admissions-rules §7.4,
  "identical bilateral agreements … (plus Håbo, Gnesta) buy the admission office and UEDB
  services"; issue 12 point 9, ``admission.domain.area``). They pay the admission fee, never
  the members' service fee.
* What is charged: the operations plan and budget 2018 (seed 001, p. 29): the agreement-financed
  revenue of "Gymnasieantagningen Storsthlm, Ungdomselevdatabasen (UEDB) och ett nytt
  gymnasieantagningssystem" was 24.8 mnkr; the new system's initial costs of 13.2 mnkr "kommer
  att utdebiteras med 50 procent år 2018 och 50 procent år 2019", and 2018 also brought "en
  återbetalning för kostnader 2017 avseende nytt gymnasieantagningssystem". So a decision has
  one **charge** per service, each its own line on every invoice: the admission office
  (``ADMISSION_OFFICE``, the decision's ``budgeted_cost``), the youth register (``REGISTER``,
  UEDB), the year's share of the admission system (``ADMISSION_SYSTEM``) and the recovery of
  an earlier year's costs or deficit taken in the association's result (``RECOVERY``).
* Per whom: seed 001, p. 7: "Gymnasieantagningens verksamhet finansieras genom en avgift per
  [..]åring som är folkbokförd i kommunerna" (the age is lost in the transcript; 16 is the
  natural reading and the default, "per registrerad 16-åring").

Procedure:

1. The decision names the fee year, the charges (whole kronor, none negative, together above
   zero), the fee age (default 16), how the young people are counted, the reference date, the
   decision date and who decided.
2. The youth register counts, per party of the area, the persons registered there on the
   reference date who are of the fee age, by one of two readings of "16-åring":
   ``COHORT`` (the default): born in the year ``Y − fee age``, ``Y`` the reference date's
   year, i.e. those who turn the fee age during that year: a birth cohort, as SCB counts age
   at the end of the year ("ålder vid årets slut") and as municipalities plan a school year;
   ``EXACT_AGE``: aged exactly the fee age on the reference date (``population.age_on``),
   which on 1 September spans two birth cohorts.
3. Each charge is split over the parties by their counts, in whole kronor by the largest
   remainder (``fee_apportionment.largest_remainder``), so every line adds up to its cost
   exactly; a party's fee is the sum of its lines, and the fees add up to the total cost.
4. The price per young person is the total cost divided by all parties' count (shown to the
   öre). Without any young person of the fee age there is nothing to charge by.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from typing import Final

from samverka.association.fees.domain.fee_apportionment import is_whole_kronor, largest_remainder
from samverka.association.fees.domain.service_fee import INSTALMENT_COUNTS
from samverka.errors import RowError

DEFAULT_FEE_AGE: Final = 16
SOURCE: Final = "admission fee decision"
ZERO: Final = Decimal(0)


class CountBasis(StrEnum):
    COHORT = "cohort"  # born in the reference date's year minus the fee age (default)
    EXACT_AGE = "exact_age"  # the fee age on the reference date


class ChargeKind(StrEnum):
    ADMISSION_OFFICE = "admission_office"  # Gymnasieantagningen
    REGISTER = "register"  # Ungdoms- och elevdatabasen (UEDB)
    ADMISSION_SYSTEM = "admission_system"  # the year's share of the admission system's cost
    RECOVERY = "recovery"  # an earlier year's costs or deficit taken in the association's result


@dataclass(frozen=True, slots=True)
class Charge:
    """One service charged by the decision, as its own line on every invoice."""

    kind: ChargeKind
    cost: Decimal  # whole kronor
    text: str = ""  # e.g. "50 % av 13,2 mnkr", "2025 års underskott"


def cohort_year(reference_date: date, fee_age: int) -> int:
    """The birth year of those who turn ``fee_age`` in the reference date's year."""
    return reference_date.year - fee_age


@dataclass(frozen=True, slots=True)
class AdmissionFeeDecision:
    fee_year: int
    budgeted_cost: Decimal  # the admission office's own cost for the year, whole kronor
    reference_date: date
    decided_on: date
    decided_by: str
    fee_age: int = DEFAULT_FEE_AGE
    instalments: int = 4
    count_basis: CountBasis = CountBasis.COHORT
    other_charges: tuple[Charge, ...] = ()  # UEDB, the admission system, recovery

    @property
    def charges(self) -> tuple[Charge, ...]:
        """Every charge above zero, the admission office's first."""
        office = Charge(ChargeKind.ADMISSION_OFFICE, self.budgeted_cost)
        return tuple(c for c in (office, *self.other_charges) if c.cost.is_finite() and c.cost > 0)

    @property
    def total_cost(self) -> Decimal:
        return sum((charge.cost for charge in self.charges), ZERO)

    def problems(self) -> list[RowError]:
        found: list[RowError] = []

        def bad(field: str, reason: str) -> None:
            found.append(RowError(SOURCE, 0, field, reason))

        for field, cost in (
            ("budgeted_cost", self.budgeted_cost),
            *((f"{charge.kind.value}_cost", charge.cost) for charge in self.other_charges),
        ):
            if not cost.is_finite() or cost < 0:
                bad(field, "a cost cannot be negative")
            elif not is_whole_kronor(cost):
                bad(field, "a cost must be whole kronor")
        kinds = [charge.kind for charge in self.other_charges]
        if ChargeKind.ADMISSION_OFFICE in kinds or len(set(kinds)) != len(kinds):
            bad("charges", "each service is charged once; the admission office's is its cost")
        if not found and self.total_cost <= 0:
            bad("budgeted_cost", "the costs charged must together be above zero kronor")
        if any(len(charge.text) > 200 for charge in self.other_charges):
            bad("charges", "a charge's text is at most 200 characters")
        if not 13 <= self.fee_age <= 25:
            bad("fee_age", f"the fee age must be 13–25 years, not {self.fee_age}")
        if not self.decided_by.strip():
            bad("decided_by", "say who decided, e.g. 'styrelsen 2025-12-05 § 7'")
        if self.instalments not in INSTALMENT_COUNTS:
            bad("instalments", f"instalments must be one of {sorted(INSTALMENT_COUNTS)}")
        return found


@dataclass(frozen=True, slots=True)
class ChargePart:
    kind: ChargeKind
    text: str
    amount: Decimal  # whole kronor


@dataclass(frozen=True, slots=True)
class AdmissionFee:
    municipality_code: str
    young_people: int
    fee: Decimal  # whole kronor: the sum of its parts
    parts: tuple[ChargePart, ...] = ()


@dataclass(frozen=True, slots=True)
class AdmissionFees:
    price_per_young_person: Decimal  # total cost / all counted, to the öre (for display)
    fees: tuple[AdmissionFee, ...]

    @property
    def total(self) -> Decimal:
        return sum((fee.fee for fee in self.fees), ZERO)

    @property
    def young_people(self) -> int:
        return sum(fee.young_people for fee in self.fees)


def admission_fees(charges: Sequence[Charge], counts: Mapping[str, int]) -> AdmissionFees:
    """The fees per municipality of ``counts`` (every party, zero included), each charge split
    by the counts on its own."""
    counted = sum(counts.values())
    if counted <= 0:
        raise ValueError("no young person of the fee age is registered on the reference date")
    split = [(charge, largest_remainder(charge.cost, counts)) for charge in charges]
    total = sum((charge.cost for charge in charges), ZERO)
    price = (total / counted).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    fees = []
    for code in sorted(counts):
        parts = tuple(
            ChargePart(charge.kind, charge.text, amounts[code]) for charge, amounts in split
        )
        fees.append(AdmissionFee(code, counts[code], sum((p.amount for p in parts), ZERO), parts))
    return AdmissionFees(price, tuple(fees))
