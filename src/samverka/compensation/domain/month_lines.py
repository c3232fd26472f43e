"""The lines a monthly run books (a pupil-month: who pays whom how much, and why), the
lighter booked history a recheck reads, and the placed pupil-months a run does not pay, each
with its reason (``Unpaid``): an anomaly to resolve, or the pupil's own municipality's school.

Sources: issue 13 point 2 (a pupil-month with a placement and no registration, or any other
reason it cannot be paid, is an anomaly with its reason, never silently dropped); skollagen
(2010:800) 16 kap. 50 § (the home municipality pays the organiser); admissions-rules §7.3
(measurement day, one payee per pupil-month).

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

from samverka.compensation.domain.organiser import Organiser
from samverka.compensation.domain.period import Month
from samverka.compensation.domain.price_list import PriceSource

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


class UnpaidReason(StrEnum):
    """Why a pupil with a placement on the measurement date has no line for the month (or, for
    ``ADDITIONAL_GRANT_OTHER_HOME``, why a tilläggsbelopp beside the month's line is not paid)."""

    OWN_MUNICIPALITY = "own_municipality"  # nothing to pay: a school of the home municipality
    NO_REGISTRATION = "no_registration"  # not registered (folkbokförd) anywhere the register knows
    OVERLAPPING_PLACEMENTS = "overlapping_placements"  # two placements: the school resolves it
    OVERLAPPING_REGISTRATIONS = "overlapping_registrations"  # two home municipalities
    DUPLICATE_PUPIL = "duplicate_pupil"  # the pupil came twice from the source
    NO_PRICE = "no_price"  # the programme (orientation) has no price in the year's lists
    # money (issue 13, points 4, 5 and 7)
    NO_ADOPTED_PRICE_LIST = "no_adopted_price_list"  # the payer adopted no list, ever
    HOME_OUTSIDE_AREA_INDEPENDENT = "home_outside_area_independent"  # its home pays directly
    ADDITIONAL_GRANT_OTHER_HOME = "additional_grant_other_home"  # decided by a former home

    @property
    def anomaly(self) -> bool:
        """True when someone must act before the month can be paid (all but own school)."""
        return self is not UnpaidReason.OWN_MUNICIPALITY

    @property
    def accounts_for_month(self) -> bool:
        """True when the record stands for the pupil-month itself, instead of a line: all but
        a tilläggsbelopp not paid, which lies beside the month's programme line."""
        return self is not UnpaidReason.ADDITIONAL_GRANT_OTHER_HOME


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
class Unpaid:
    """A placed pupil-month without a line, and why (``reason``); ``detail`` in English.

    The placement (``school_unit``, ``programme``, ``orientation``) is given when there is
    exactly one on the measurement date, the home municipality (``payer``) when exactly one
    registration is in force then."""

    pupil_id: str
    service_month: Month
    reason: UnpaidReason
    detail: str
    measurement_date: date | None = None
    payer: str | None = None
    school_unit: str | None = None
    programme: str | None = None
    orientation: str | None = None

    @property
    def is_anomaly(self) -> bool:
        return self.reason.anomaly


def net_booked(lines: Iterable[PupilMonthLine]) -> dict[tuple[str, Month, LineKey], Decimal]:
    """The net amount per pupil, service month and line key, zero nets left out."""
    net: dict[tuple[str, Month, LineKey], Decimal] = {}
    for line in lines:
        key = (line.pupil_id, line.service_month, line.key)
        net[key] = net.get(key, _ZERO) + line.amount
    return {key: amount for key, amount in net.items() if amount}
