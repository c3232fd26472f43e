"""The placed pupil-months a run does not pay: why, in words, and the accounting that proves
that every placed pupil-month is either paid or listed with its reason.

Sources: issue 13 point 2 ("a pupil-month with a placement and no registration, or any other
reason it cannot be paid, is an anomaly shown on the run and the officer's page with its
reason, never silently dropped; the reconciliation check proves placements, lines and anomalies
add up"); skollagen (2010:800) 16 kap. 50 § (the home municipality pays the organiser, so a
pupil-month needs exactly one placement and one home municipality on the measurement date);
admissions-rules.md §7.3 (measurement day) and §6 (UEDB: "dubbla elever" resolved by schools).

* Reasons (``UnpaidReason``), in the order they are tried: two placements in force on the
  measurement date; two registrations; no registration; the pupil's own municipality's school
  (nothing to pay: not an anomaly); a home municipality outside the area (without compensation
  terms, issue 12 point 9) at an independent school; a payer that adopted no list; no price. A
  pupil repeated in the source is an anomaly too, and so is a tilläggsbelopp decided by another
  municipality than the home one (beside the month's line: it does not account for the month).
  Each reason has a Swedish and an English text (``REASON_TEXTS``).
* The accounting of a service month (``MonthAccount``, ``pupil_month_problem``): for every
  pupil with a placement in force on the measurement date, the net number of lines booked for
  the month (payments and retroactive payments count +1, reversals −1) plus the number of
  unpaid records is exactly one, the net is 0 or 1, and no pupil without a placement has a net
  line or an unpaid record. Then placed = paid + not charged + anomalies, pupil by pupil.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from samverka.compensation.domain.month_lines import Unpaid, UnpaidReason
from samverka.compensation.domain.period import Month
from samverka.compensation.domain.pupil_record import Placement, Registration


@dataclass(frozen=True, slots=True)
class ReasonText:
    sv: str
    en: str


REASON_TEXTS: dict[UnpaidReason, ReasonText] = {
    UnpaidReason.OWN_MUNICIPALITY: ReasonText(
        "Egen kommuns skola: ingen ersättning mellan kommuner",
        "A school of the home municipality: no compensation between municipalities",
    ),
    UnpaidReason.NO_REGISTRATION: ReasonText(
        "Ingen folkbokföring på mätdagen: hemkommunen som ska betala är okänd",
        "No registration on the measurement date: the paying home municipality is unknown",
    ),
    UnpaidReason.OVERLAPPING_PLACEMENTS: ReasonText(
        "Två placeringar på mätdagen (dubbla elever): skolorna ska reda ut dem",
        "Two placements on the measurement date (duplicate pupils): the schools must resolve them",
    ),
    UnpaidReason.OVERLAPPING_REGISTRATIONS: ReasonText(
        "Två folkbokföringar på mätdagen: hemkommunen är oklar",
        "Two registrations on the measurement date: the home municipality is unclear",
    ),
    UnpaidReason.DUPLICATE_PUPIL: ReasonText(
        "Eleven finns två gånger i underlaget",
        "The pupil appears twice in the source",
    ),
    UnpaidReason.NO_PRICE: ReasonText(
        "Inget pris för programmet i årets prislistor",
        "No price for the programme in the year's price lists",
    ),
    UnpaidReason.NO_ADOPTED_PRICE_LIST: ReasonText(
        "Hemkommunen har inte antagit någon prislista",
        "The home municipality has adopted no price list",
    ),
    UnpaidReason.HOME_OUTSIDE_AREA_INDEPENDENT: ReasonText(
        "Hemkommun utanför området och fristående skola: hemkommunen betalar direkt",
        "Home municipality outside the area at an independent school: it pays directly",
    ),
    UnpaidReason.ADDITIONAL_GRANT_OTHER_HOME: ReasonText(
        "Tilläggsbeloppet beslutades av en annan kommun än hemkommunen",
        "The tilläggsbelopp was decided by another municipality than the home municipality",
    ),
}


def placement_problem(
    placements: Sequence[Placement], homes: Sequence[Registration]
) -> UnpaidReason | None:
    """Why the placements and registrations in force on a day name no single payee and payer."""
    if len(placements) > 1:
        return UnpaidReason.OVERLAPPING_PLACEMENTS
    if len(homes) > 1:
        return UnpaidReason.OVERLAPPING_REGISTRATIONS
    if not homes:
        return UnpaidReason.NO_REGISTRATION
    return None


_DETAILS = {
    UnpaidReason.OWN_MUNICIPALITY: "a school of the pupil's home municipality {payer}",
    UnpaidReason.NO_REGISTRATION: "no registration (folkbokföring) in force on {day}",
    UnpaidReason.OVERLAPPING_PLACEMENTS: "two placements in force on {day}: {units}",
    UnpaidReason.OVERLAPPING_REGISTRATIONS: "two registrations in force on {day}: {homes}",
    UnpaidReason.DUPLICATE_PUPIL: "the pupil came twice from the source",
    UnpaidReason.NO_PRICE: "{why}",
    UnpaidReason.NO_ADOPTED_PRICE_LIST: "{why}",
    UnpaidReason.HOME_OUTSIDE_AREA_INDEPENDENT: (
        "home municipality {payer} is outside the area and pays directly"
    ),
    UnpaidReason.ADDITIONAL_GRANT_OTHER_HOME: "{why}",
}


def unpaid_month(
    pupil_id: str,
    month: Month,
    day: date,
    reason: UnpaidReason,
    placement: Placement | None,
    payer: str | None,
    placements: Sequence[Placement] = (),
    homes: Sequence[Registration] = (),
    why: str = "",
) -> Unpaid:
    """The record of an unpaid pupil-month, with its detail in English."""
    detail = _DETAILS[reason].format(
        payer=payer,
        day=day.isoformat(),
        units=", ".join(f"{p.school_unit} {p.programme}" for p in placements),
        homes=", ".join(h.municipality for h in homes),
        why=why,
    )
    if placement is None:
        return Unpaid(pupil_id, month, reason, detail, day, payer)
    return Unpaid(
        pupil_id,
        month,
        reason,
        detail,
        day,
        payer,
        placement.school_unit,
        placement.programme,
        placement.orientation,
    )


@dataclass(frozen=True, slots=True)
class MonthAccount:
    """One service month: placed pupils against paid, not charged and anomalies."""

    month: Month
    measurement_date: date
    placed: int  # pupils with a placement in force on the measurement date
    paid: int  # pupils with a net line for the month
    not_charged: int  # pupils at their own municipality's school
    anomalies: int  # pupils listed with a reason to resolve
    problems: tuple[str, ...] = ()  # every pupil-month that does not add up

    @property
    def balanced(self) -> bool:
        return not self.problems and self.placed == self.paid + self.not_charged + self.anomalies


def pupil_month_problem(placed: bool, net_lines: int, unpaid: int) -> str | None:
    """What is wrong with one pupil-month's accounting (module docstring), or None."""
    if net_lines not in (0, 1):
        return f"{net_lines} net lines (a pupil-month is paid once)"
    if not placed:
        if net_lines:
            return "paid without a placement on the measurement date"
        return "listed unpaid without a placement on the measurement date" if unpaid else None
    if net_lines + unpaid == 0:
        return "placed, but neither paid nor listed with a reason"
    if net_lines + unpaid > 1:
        return "both paid and listed unpaid" if net_lines else "listed unpaid twice"
    return None
