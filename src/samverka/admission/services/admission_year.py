"""Use cases that set up an admission year: the region, its calendar and its catalogue.

Only the admission officer opens a year and changes its calendar (``NotPermitted`` otherwise);
both are in the audit trail, the calendar before and after.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime

from samverka.admission.domain.audited import OpenedYear
from samverka.admission.domain.calendar import AdmissionCalendar, Window
from samverka.admission.domain.catalogue import (
    Catalogue,
    Municipality,
)
from samverka.admission.domain.rule_set import default_rule_set
from samverka.admission.domain.school_ranking import is_ranked_by_school
from samverka.admission.domain.year_settings import YearSettings
from samverka.admission.ports import UnitOfWork
from samverka.errors import N_, BadValue, InvalidInput, NotPermitted, RowError
from samverka.platform.access.domain.actors import Actor, Role
from samverka.platform.services.audit_records import record_change


def _catalogue_problems(catalogue: Catalogue) -> list[RowError]:
    """Offerings whose fri-kvot places the engine could not honour."""
    problems = []
    for line, o in enumerate(catalogue.offerings, start=1):
        if not 0 <= o.discretionary_places <= o.places:
            reason = N_(
                "%(code)s: den fria kvoten ska vara 0 till utbildningens %(places)s platser."
            )
            parameters = {"code": o.code, "places": o.places}
            problems.append(RowError("catalogue", line, "discretionary_places", reason, parameters))
        elif o.discretionary_places and is_ranked_by_school(o.programme, o.ranked_by_school):
            reason = N_("%(code)s: en utbildning som skolan rangordnar har ingen fri kvot.")
            problems.append(
                RowError("catalogue", line, "discretionary_places", reason, {"code": o.code})
            )
    return problems


def open_admission_year(
    uow: UnitOfWork,
    *,
    year: int,
    region: str,
    calendar: AdmissionCalendar,
    settings: YearSettings,
    municipalities: Sequence[Municipality],
    catalogue: Catalogue,
    actor: Actor,
    now: datetime,
) -> int:
    """Create the year with its members and catalogue in one transaction; ``InvalidInput``
    naming every offering whose programme the rules do not know, every IMV offering that does
    not name the national programme it leads to (and every other one that does), and every
    offering whose fri-kvot places the engine could not honour."""
    _officer_only(actor)
    _check_catalogue(catalogue, year)
    with uow:
        uow.catalogue.add_municipalities(municipalities)
        year_id = uow.admission.add_year(year, region, calendar, settings)
        uow.catalogue.add_catalogue(year_id, catalogue)
        opened = OpenedYear(region, len(catalogue.offerings), calendar, settings)
        record_change(
            uow.audit, actor, "admission_year", year, "open", before=None, after=opened, at=now
        )
        uow.commit()
    return year_id


def _officer_only(actor: Actor) -> None:
    if actor.role is not Role.OFFICER:
        raise NotPermitted(N_("Bara antagningskansliet öppnar ett år och sätter dess kalender."))


def _check_catalogue(catalogue: Catalogue, year: int) -> None:
    rules = default_rule_set(year).eligibility
    errors = _catalogue_problems(catalogue)
    for line, offering in enumerate(catalogue.offerings, start=1):
        where = f"utbildning {offering.code}"
        if offering.programme not in rules.programme_groups:
            reason = N_("Det finns inget program med koden %(programme)s.")
            errors.append(
                RowError(where, line, "programme", reason, {"programme": repr(offering.programme)})
            )
            continue
        access = rules.introductory.get(offering.programme)
        leads = access is not None and access.closed_if_eligible_for_target
        target = offering.leads_to
        if leads and rules.programme_groups.get(target or "") not in rules.national_groups:
            reason = N_(
                "%(programme)s ska ange det nationella program den leder till, inte %(text)s."
            )
            parameters = {"programme": offering.programme, "text": repr(target)}
            errors.append(RowError(where, line, "leads_to", reason, parameters))
        elif not leads and target is not None:
            reason = N_(
                "Bara en IMV-utbildning leder till ett nationellt program, inte %(programme)s."
            )
            errors.append(
                RowError(where, line, "leads_to", reason, {"programme": offering.programme})
            )
    if errors:
        raise InvalidInput(errors)


def year_calendar(uow: UnitOfWork, year: int) -> AdmissionCalendar:
    """The year's calendar; ``NotFound`` when there is no such year."""
    with uow:
        return uow.admission.year(year).calendar


def change_calendar(
    uow: UnitOfWork, *, year: int, calendar: AdmissionCalendar, actor: Actor, now: datetime
) -> AdmissionCalendar:
    """Replace the year's calendar (open, close or move the application period, the
    choice-change window and the round dates); audited with the calendar before and after.
    The windows apply from the next request on: a change is refused only by its own order."""
    _officer_only(actor)
    with uow:
        found = uow.admission.year(year)
        if calendar != found.calendar:
            uow.admission.set_calendar(found.id, calendar)
            record_change(
                uow.audit,
                actor,
                "admission_year",
                year,
                "change_calendar",
                before=found.calendar,
                after=calendar,
                at=now,
            )
        uow.commit()
    return calendar


@dataclass(frozen=True, slots=True)
class CalendarParts:
    """A calendar as a form or a request gives it: the four window moments and the days."""

    application_opens: datetime
    application_closes: datetime
    choice_change_opens: datetime
    choice_change_closes: datetime
    autumn_grades_due: date
    final_grades_due: date
    preliminary_round: date
    final_round: date
    reply_deadline: date
    reserve_rounds: tuple[date, ...] = ()

    @classmethod
    def of(cls, calendar: AdmissionCalendar) -> CalendarParts:
        return cls(
            calendar.application.opens,
            calendar.application.closes,
            calendar.choice_change.opens,
            calendar.choice_change.closes,
            calendar.autumn_grades_due,
            calendar.final_grades_due,
            calendar.preliminary_round,
            calendar.final_round,
            calendar.reply_deadline,
            calendar.reserve_rounds,
        )


def checked_calendar(parts: CalendarParts, *, source: str = "calendar") -> AdmissionCalendar:
    """The calendar of ``parts`` (moments kept in UTC), or ``InvalidInput`` naming each part out
    of order."""
    problems: list[RowError] = []
    windows: list[Window] = []
    for name, opens, closes in (
        ("application", parts.application_opens, parts.application_closes),
        ("choice_change", parts.choice_change_opens, parts.choice_change_closes),
    ):
        try:
            windows.append(Window(opens.astimezone(UTC), closes.astimezone(UTC)))
        except BadValue as error:
            problems.append(RowError(source, 0, name, error.text, error.parameters))
    if problems:
        raise InvalidInput(problems)
    try:
        return AdmissionCalendar(
            application=windows[0],
            choice_change=windows[1],
            autumn_grades_due=parts.autumn_grades_due,
            final_grades_due=parts.final_grades_due,
            preliminary_round=parts.preliminary_round,
            final_round=parts.final_round,
            reply_deadline=parts.reply_deadline,
            reserve_rounds=tuple(sorted(set(parts.reserve_rounds))),
        )
    except BadValue as error:
        problem = RowError(source, 0, "calendar", error.text, error.parameters)
        raise InvalidInput([problem]) from error
