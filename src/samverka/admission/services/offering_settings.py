"""Use cases of a school (principal): places and discretionary places, aptitude-test points
(one applicant's, or the whole table's at once: all saved or none), the national programme an
IMV offering leads to, closing an offering of one of the actor's own school units, and
reopening it before the next round (``admission.services.offerings``).

A school actor may only touch offerings of its own school units (``Actor.school_unit_codes``);
the officer may touch every offering. Every change is in the audit trail, before and after.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from datetime import datetime
from decimal import Decimal

from samverka.admission.domain.input_ranges import MAXIMUM_TEST_POINTS
from samverka.admission.domain.rule_set import default_rule_set
from samverka.admission.domain.school_ranking import is_ranked_by_school
from samverka.admission.ports import OfferingRow, UnitOfWork
from samverka.admission.services.offerings import close_offering, may_manage, reopen_offering
from samverka.errors import N_, InvalidInput, NotFound, RowError
from samverka.platform.access.domain.actors import Actor
from samverka.platform.services.audit_records import record_change


def _invalid(field: str, reason: str) -> InvalidInput:
    return InvalidInput([RowError("request", 0, field, reason)])


def managed_offering(uow: UnitOfWork, year_id: int, code: str, actor: Actor) -> OfferingRow:
    """The offering, if the actor may manage it; otherwise ``NotFound`` (no hint it exists)."""
    for offering in uow.admission.offerings(year_id):
        if offering.code == code and may_manage(actor, offering):
            return offering
    raise NotFound(N_("Det finns ingen utbildning %(code)s."), code=repr(code))


def set_leads_to(
    uow: UnitOfWork, *, year: int, offering_code: str, programme: str, actor: Actor, now: datetime
) -> None:
    """Record the national programme an IMV offering leads to (SL 17 kap.: programinriktat
    val is aimed at one; its applicants must not be eligible for it)."""
    target = programme.strip().upper()
    rules = default_rule_set(year).eligibility
    with uow:
        offering = managed_offering(uow, uow.admission.year(year).id, offering_code, actor)
        access = rules.introductory.get(offering.programme)
        if access is None or not access.closed_if_eligible_for_target:
            reason = f"only an IMV offering leads to a national programme, not {offering.programme}"
            raise _invalid("programme", reason)
        if target not in rules.programme_groups or not rules.is_national(target):
            raise _invalid("programme", f"{programme!r} is not a national programme")
        if offering.leads_to != target:
            uow.admission.set_leads_to(offering.id, target)
            record_change(
                uow.audit,
                actor,
                "offering",
                offering_code,
                "set_leads_to",
                before=offering,
                after=dataclasses.replace(offering, leads_to=target),
                at=now,
                only=("leads_to",),
            )
        uow.commit()


def set_places(
    uow: UnitOfWork,
    *,
    year: int,
    offering_code: str,
    places: int,
    discretionary_places: int,
    actor: Actor,
    now: datetime,
) -> None:
    if places < 0 or discretionary_places < 0:
        raise _invalid("places", "places cannot be negative")
    if discretionary_places > places:
        raise _invalid("discretionary_places", "discretionary places cannot exceed the places")
    with uow:
        offering = managed_offering(uow, uow.admission.year(year).id, offering_code, actor)
        ranked = is_ranked_by_school(offering.programme, offering.ranked_by_school)
        if discretionary_places and ranked:
            raise _invalid(
                "discretionary_places",
                "an offering the school ranks has no fri-kvot places: its ranking decides",
            )
        uow.admission.set_offering_places(offering.id, places, discretionary_places)
        record_change(
            uow.audit,
            actor,
            "offering",
            offering_code,
            "set_places",
            before=offering,
            after=dataclasses.replace(
                offering, places=places, discretionary_places=discretionary_places
            ),
            at=now,
            only=("places", "discretionary_places"),
        )
        uow.commit()


def record_test_points(
    uow: UnitOfWork,
    *,
    year: int,
    offering_code: str,
    personal_id: str,
    points: Decimal,
    actor: Actor,
    now: datetime,
) -> None:
    if not Decimal(0) <= points <= MAXIMUM_TEST_POINTS:
        raise _invalid("points", f"test points must be 0–{MAXIMUM_TEST_POINTS}")
    with uow:
        year_id = uow.admission.year(year).id
        offering = managed_offering(uow, year_id, offering_code, actor)
        if offering.test_multiplier is None:
            raise _invalid("offering", f"offering {offering_code!r} has no aptitude test")
        chosen = uow.admission.choices(year_id, [personal_id]).get(personal_id, [])
        choice = next((c for c in chosen if c.offering_code == offering_code), None)
        if choice is None:
            raise NotFound(
                N_("Ingen sökande %(applicant)s har valt %(code)s."),
                applicant=personal_id,
                code=repr(offering_code),
            )
        changed = [dataclasses.replace(c, test_points=points) if c is choice else c for c in chosen]
        uow.admission.replace_choices(year_id, {personal_id: changed})
        record_change(
            uow.audit,
            actor,
            "choice",
            f"{personal_id}:{offering_code}",
            "test_points",
            before=choice,
            after=dataclasses.replace(choice, test_points=points),
            at=now,
            only=("test_points",),
        )
        uow.commit()


def record_test_points_table(
    uow: UnitOfWork,
    *,
    year: int,
    offering_code: str,
    points: Mapping[str, Decimal],
    actor: Actor,
    now: datetime,
) -> int:
    """Record the test points of many applicants of the offering at once (identity number →
    points), in one transaction: every entry is checked first and, if any is wrong, nothing is
    saved (``InvalidInput`` with one ``RowError`` per wrong entry, the identity number as its
    field). Each changed choice is audited as ``record_test_points`` does; the number changed."""
    with uow:
        year_id = uow.admission.year(year).id
        offering = managed_offering(uow, year_id, offering_code, actor)
        if offering.test_multiplier is None:
            raise _invalid("offering", f"offering {offering_code!r} has no aptitude test")
        chosen = uow.admission.choices(year_id, list(points))
        problems = []
        choices = {}
        for pid, given in points.items():
            choice = next(
                (c for c in chosen.get(pid, []) if c.offering_code == offering_code), None
            )
            if choice is None:
                problems.append(
                    RowError("request", 0, pid, N_("Den sökande har inte valt utbildningen."))
                )
            elif not Decimal(0) <= given <= MAXIMUM_TEST_POINTS:
                reason = N_("Provpoängen ska vara från 0 till %(maximum)s.")
                problems.append(
                    RowError("request", 0, pid, reason, {"maximum": str(MAXIMUM_TEST_POINTS)})
                )
            else:
                choices[pid] = choice
        if problems:
            raise InvalidInput(problems)
        changed = {pid: c for pid, c in choices.items() if c.test_points != points[pid]}
        rows = {
            pid: [
                dataclasses.replace(c, test_points=points[pid]) if c is changed[pid] else c
                for c in chosen[pid]
            ]
            for pid in changed
        }
        if rows:
            uow.admission.replace_choices(year_id, rows)
        for pid, choice in changed.items():
            record_change(
                uow.audit,
                actor,
                "choice",
                f"{pid}:{offering_code}",
                "test_points",
                before=choice,
                after=dataclasses.replace(choice, test_points=points[pid]),
                at=now,
                only=("test_points",),
            )
        uow.commit()
    return len(changed)


def close_own_offering(
    uow: UnitOfWork, *, year: int, offering_code: str, actor: Actor, now: datetime
) -> list[str]:
    """Close the offering if it is the actor's (``close_offering`` checks); the notified
    identities."""
    return close_offering(uow, year=year, offering_code=offering_code, actor=actor, now=now)


def reopen_own_offering(
    uow: UnitOfWork, *, year: int, offering_code: str, actor: Actor, now: datetime
) -> list[str]:
    """Reopen the offering if it is the actor's (``reopen_offering`` checks); the notified
    identities."""
    return reopen_offering(uow, year=year, offering_code=offering_code, actor=actor, now=now)
