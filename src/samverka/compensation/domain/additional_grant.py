"""Tilläggsbelopp: an extra amount the home municipality decides for one pupil and a period.

Rules (skollagen 16 kap. 54 §, 17 kap. 36 §; admissions-rules.md §6 and §7.3; rules-audit
2026-12 §4, "Tilläggsbelopp"):

* The **home municipality** decides, for one pupil, an amount for mother-tongue tuition
  (modersmål), a national sports programme (NIU), extraordinary support (extraordinära
  stödinsatser) or another purpose it names; per year or per month, for a period of months
  (``first`` to ``last``, both included; ``last`` None = until further notice), with the
  decision's date and reference (its diary number).
* The monthly run pays it **with the ordinary lines**, as a line of its own (its purpose on
  the line and on the statements), to the organiser of the pupil's placement on the month's
  measurement day, and only while the deciding municipality is the pupil's home municipality
  on that day: a decision binds the municipality that made it, so after a move it is not paid
  and the run reports it, for the new home municipality to decide.
* A yearly amount is paid a twelfth a month, rounded as the run rounds every twelfth (öre,
  half up); a monthly amount is paid as it is.
* For an independent organiser the line gets VAT compensation as the grundbelopp does
  (``organiser_shares``); at another municipality's school it is paid as that municipality's
  extra compensation under the agreement (skollagen 16 kap. 50 §) [I]; at the home
  municipality's own school no line is made, as for the grundbelopp.
* Corrections follow the other lines: a decision recorded, changed or ended for earlier
  months is corrected retroactively by the next run (``monthly_compensation``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

from samverka.compensation.domain.period import Month
from samverka.platform.domain.numbers import decimal_places

MAXIMUM_YEARLY = Decimal(2_000_000)  # SEK a pupil and year: far above any real decision


class AdditionalKind(StrEnum):
    """What a tilläggsbelopp is for (also a line's purpose, beside ``programme``)."""

    MOTHER_TONGUE = "mother_tongue"  # modersmålsundervisning
    NIU = "niu"  # nationellt godkänd idrottsutbildning
    EXTRAORDINARY_SUPPORT = "extraordinary_support"  # extraordinära stödinsatser
    OTHER = "other"


class AmountPeriod(StrEnum):
    YEAR = "year"
    MONTH = "month"


@dataclass(frozen=True, slots=True)
class AdditionalGrant:
    """What the run needs of one decision (``decision_id``: the stored decision's id)."""

    decision_id: int
    municipality: str
    kind: AdditionalKind
    amount: Decimal
    per: AmountPeriod
    first: Month
    last: Month | None = None

    def covers(self, month: Month) -> bool:
        return self.first <= month and (self.last is None or month <= self.last)


@dataclass(frozen=True, slots=True)
class AdditionalGrantDecision:
    """A recorded decision: the run's part and who it is for, when and why."""

    pupil_id: str
    grant: AdditionalGrant
    decided_on: date
    reference: str


def decision_problems(
    kind: str, amount: Decimal, per: str, first: Month, last: Month | None
) -> list[tuple[str, str]]:
    """Every problem of a decision's values, as (field, reason); empty when it is valid."""
    problems: list[tuple[str, str]] = []
    if kind not in {k.value for k in AdditionalKind}:
        kinds = ", ".join(k.value for k in AdditionalKind)
        problems.append(("kind", f"{kind!r} is not one of {kinds}"))
    if per not in {p.value for p in AmountPeriod}:
        problems.append(("per", f"{per!r} is not year or month"))
    yearly = amount * 12 if per == AmountPeriod.MONTH.value else amount
    if not amount.is_finite() or amount <= 0 or decimal_places(amount) > 2:
        problems.append(("amount", f"{amount} is not a positive amount in SEK with öre"))
    elif yearly > MAXIMUM_YEARLY:
        problems.append(("amount", f"{amount} is above {MAXIMUM_YEARLY} SEK a year"))
    if last is not None and last < first:
        problems.append(("last", f"the last month {last} is before the first {first}"))
    return problems
