"""The lines a monthly run books (a pupil-month: who pays whom how much, and why), the
lighter booked history a recheck reads, and the anomalies a run reports instead of a line.

A line pays for one ``purpose``: the programme (``programme``: the programme price, the
interkommunal ersättning or the independent organiser's grundbelopp, with the structure
supplement), or a tilläggsbelopp decided by the home municipality (skollagen 16 kap. 54 §; its
kind, and the decision in ``decision_id``). Its amount is the sum of its parts: price (or
tilläggsbelopp), supplement, administration share and VAT share (``organiser_shares``). An
``invoice`` line is one the organiser invoices a home municipality outside the area for
(admissions-rules.md §6, "invoices for pupils from other counties"); the others are paid by
the home municipality directly."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import NamedTuple

from samverka.domain.compensation.organiser import Organiser
from samverka.domain.compensation.period import Month
from samverka.domain.compensation.price_list import PriceSource

_ZERO = Decimal(0)


class LineKind(StrEnum):
    REGULAR = "regular"  # the month's payment, booked in that month's run
    RETROACTIVE = "retroactive"  # a payment for an earlier month, booked in a later run
    REVERSAL = "reversal"  # cancels the net of earlier payments (negative amounts)


class LinePurpose(StrEnum):
    """What a line pays for: the programme, or a kind of tilläggsbelopp (``AdditionalKind``)."""

    PROGRAMME = "programme"
    MOTHER_TONGUE = "mother_tongue"
    NIU = "niu"
    EXTRAORDINARY_SUPPORT = "extraordinary_support"
    OTHER = "other"


class AnomalyKind(StrEnum):
    OVERLAPPING_PLACEMENTS = "overlapping_placements"
    OVERLAPPING_REGISTRATIONS = "overlapping_registrations"
    DUPLICATE_PUPIL = "duplicate_pupil"
    # money (issue 13, points 4, 5 and 7)
    NO_ADOPTED_PRICE_LIST = "no_adopted_price_list"  # the payer adopted no list, ever
    HOME_OUTSIDE_AREA_INDEPENDENT = "home_outside_area_independent"  # its home pays directly
    ADDITIONAL_GRANT_OTHER_HOME = "additional_grant_other_home"  # decided by a former home


# (payer, payee, school unit, programme, orientation, purpose, tilläggsbelopp decision)
LineKey = tuple[str, Organiser, str, str, str | None, LinePurpose, int | None]
PROGRAMME = LinePurpose.PROGRAMME


@dataclass(frozen=True, slots=True)
class PupilMonthLine:
    """One booked line: ``payer`` pays ``payee`` ``amount`` for ``pupil_id`` in ``service_month``.

    ``amount`` is always ``price_amount + supplement_amount + admin_amount + vat_amount``
    (checked); reversals are negative.
    """

    pupil_id: str
    service_month: Month
    booked_in: Month
    kind: LineKind
    payer: str
    payee: Organiser
    school_unit: str
    programme: str
    orientation: str | None
    price_amount: Decimal
    supplement_amount: Decimal
    amount: Decimal
    measurement_date: date
    price_source: PriceSource
    admin_amount: Decimal = _ZERO
    vat_amount: Decimal = _ZERO
    purpose: LinePurpose = PROGRAMME
    decision_id: int | None = None
    invoice: bool = False

    def __post_init__(self) -> None:
        parts = self.price_amount + self.supplement_amount + self.admin_amount + self.vat_amount
        if self.amount != parts:
            raise ValueError(
                f"{self.pupil_id} {self.service_month}: amount {self.amount} is not"
                f" {self.price_amount} + {self.supplement_amount} + {self.admin_amount}"
                f" + {self.vat_amount}"
            )

    @property
    def key(self) -> LineKey:
        """What a payment is for, amounts aside: the unit a correction compares."""
        return (
            self.payer,
            self.payee,
            self.school_unit,
            self.programme,
            self.orientation,
            self.purpose,
            self.decision_id,
        )


class BookedLine(NamedTuple):
    """What a correction needs of one line booked before: a light, read-only record.

    A year's recompute compares against about a million booked lines; reading them as named
    tuples with shared ``key`` tuples is several times faster than as ``PupilMonthLine``s.
    ``PupilMonthLine`` has the same attributes, so either may be given as history.
    """

    pupil_id: str
    service_month: Month
    key: LineKey
    price_amount: Decimal
    supplement_amount: Decimal
    measurement_date: date
    price_source: PriceSource
    admin_amount: Decimal
    vat_amount: Decimal
    invoice: bool

    @property
    def payer(self) -> str:
        return self.key[0]

    @property
    def payee(self) -> Organiser:
        return self.key[1]

    @property
    def school_unit(self) -> str:
        return self.key[2]

    @property
    def programme(self) -> str:
        return self.key[3]

    @property
    def orientation(self) -> str | None:
        return self.key[4]

    @property
    def purpose(self) -> LinePurpose:
        return self.key[5]

    @property
    def decision_id(self) -> int | None:
        return self.key[6]


Booked = PupilMonthLine | BookedLine


@dataclass(frozen=True, slots=True)
class Anomaly:
    pupil_id: str
    service_month: Month
    kind: AnomalyKind
    detail: str


def net_booked(lines: Iterable[PupilMonthLine]) -> dict[tuple[str, Month, LineKey], Decimal]:
    """The net amount per pupil, service month and line key, zero nets left out."""
    net: dict[tuple[str, Month, LineKey], Decimal] = {}
    for line in lines:
        key = (line.pupil_id, line.service_month, line.key)
        net[key] = net.get(key, _ZERO) + line.amount
    return {key: amount for key, amount in net.items() if amount}
