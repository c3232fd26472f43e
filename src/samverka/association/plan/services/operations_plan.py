"""Use cases of the operations plan: the association's staff add areas, goals, assignments and
activities for a plan year, edit and remove them, report hours, and record follow-ups with a
traffic light.

An item is removed only when nothing depends on it (issue 15 point 10): an area without goals,
a goal no assignment serves, an assignment without activities and follow-ups; otherwise the
removal is a ``Conflict`` naming what depends on it, and nothing changes.

Only the association's staff (``ASSOCIATION_STAFF``) change the plan; anyone else gets
``NotPermitted`` (a board member reads it through ``association.plan.queries.operations_plan``).
Every change is in the audit trail. Input is checked in full before anything is stored; every
problem is reported at once as ``InvalidInput``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime
from decimal import Decimal
from typing import Final

from samverka.association.plan.domain.audited import (
    AssignmentFollowUp,
    PlanArea,
    PlanAssignment,
    PlanGoal,
    PlanItem,
    PlanItemKind,
)
from samverka.association.plan.domain.operations_plan import (
    AreaKind,
    FollowUp,
    TrafficLight,
    hours_problem,
    parse_period,
    plan_year_problem,
)
from samverka.association.plan.ports import ActivityRow, UnitOfWork
from samverka.errors import N_, Conflict, InvalidInput, NotFound, NotPermitted, RowError
from samverka.platform.access.domain.actors import Actor, Role
from samverka.platform.services.audit_records import record_change

SOURCE = "plan"
# A part of the plan as a refusal names what depends on it, and the refusals per kind of part.
_NOUN: Final = {
    "goal": "målet",
    "assignment": "uppdraget",
    "activity": "aktiviteten",
    "follow_up": "uppföljningen",
}
_NAME_TAKEN: Final = {
    PlanItemKind.AREA: N_("Planen för %(year)s har redan ett område som heter %(name)s."),
    PlanItemKind.GOAL: N_("Planen för %(year)s har redan ett mål som heter %(name)s."),
    PlanItemKind.ASSIGNMENT: N_("Planen för %(year)s har redan ett uppdrag som heter %(name)s."),
    PlanItemKind.ACTIVITY: N_("Planen för %(year)s har redan en aktivitet som heter %(name)s."),
}
_NOT_REMOVABLE: Final = {
    PlanItemKind.AREA: N_("Området kan inte tas bort: %(dependents)s hör till det."),
    PlanItemKind.GOAL: N_("Målet kan inte tas bort: %(dependents)s hör till det."),
    PlanItemKind.ASSIGNMENT: N_("Uppdraget kan inte tas bort: %(dependents)s hör till det."),
    PlanItemKind.ACTIVITY: N_("Aktiviteten kan inte tas bort: %(dependents)s hör till den."),
}


def check_staff(actor: Actor) -> None:
    if actor.role is not Role.ASSOCIATION_STAFF:
        raise NotPermitted(N_("Bara förbundets kansli ändrar verksamhetsplanen och budgeten."))


def _text(errors: list[RowError], field: str, value: str, limit: int) -> str:
    text = value.strip()
    if not text:
        errors.append(RowError(SOURCE, 0, field, N_("Fyll i fältet.")))
    elif len(text) > limit:
        reason = N_("Texten är längre än %(most)s tecken.")
        errors.append(RowError(SOURCE, 0, field, reason, {"most": limit}))
    return text


def _hours(errors: list[RowError], field: str, hours: Decimal) -> None:
    problem = hours_problem(hours)
    if problem:
        errors.append(RowError(SOURCE, 0, field, problem))


def _raise(errors: list[RowError]) -> None:
    if errors:
        raise InvalidInput(errors)


def add_area(
    uow: UnitOfWork,
    *,
    actor: Actor,
    year: int,
    kind: AreaKind,
    name: str,
    description: str = "",
    now: datetime,
) -> int:
    """Add a focus area or prerequisite to the plan of ``year``; returns its id."""
    check_staff(actor)
    errors: list[RowError] = []
    if problem := plan_year_problem(year):
        errors.append(RowError(SOURCE, 0, "year", problem))
    name = _text(errors, "name", name, 120)
    _raise(errors)
    with uow:
        if name in uow.operations_plan.area_names(year):
            raise Conflict(_NAME_TAKEN[PlanItemKind.AREA], year=year, name=repr(name))
        area_id = uow.operations_plan.add_area(year, kind, name, description.strip())
        area = PlanArea(area_id, year, kind, name, description.strip())
        record_change(
            uow.audit, actor, "plan_area", area_id, "add", before=None, after=area, at=now
        )
        uow.commit()
    return area_id


def add_goal(uow: UnitOfWork, *, actor: Actor, area_id: int, text: str, now: datetime) -> int:
    """Add a goal to an area; returns its id."""
    check_staff(actor)
    errors: list[RowError] = []
    text = _text(errors, "text", text, 2000)
    _raise(errors)
    with uow:
        if uow.operations_plan.area_year(area_id) is None:
            raise NotFound(N_("Det finns inget område %(area)s."), area=area_id)
        goal_id = uow.operations_plan.add_goal(area_id, text)
        goal = PlanGoal(goal_id, area_id, text)
        record_change(
            uow.audit, actor, "plan_goal", goal_id, "add", before=None, after=goal, at=now
        )
        uow.commit()
    return goal_id


def add_assignment(
    uow: UnitOfWork,
    *,
    actor: Actor,
    year: int,
    name: str,
    description: str = "",
    unit_id: int,
    planned_hours: Decimal,
    goal_ids: Sequence[int],
    now: datetime,
) -> int:
    """Add an assignment serving ``goal_ids`` (at least one, all of the same plan year), with
    its responsible budget unit and planned hours; returns its id."""
    check_staff(actor)
    errors: list[RowError] = []
    if problem := plan_year_problem(year):
        errors.append(RowError(SOURCE, 0, "year", problem))
    name = _text(errors, "name", name, 160)
    _hours(errors, "planned_hours", planned_hours)
    if not goal_ids:
        reason = N_("Ett uppdrag tjänar minst ett mål.")
        errors.append(RowError(SOURCE, 0, "goal_ids", reason))
    with uow:
        years = uow.operations_plan.goal_years(goal_ids)
        for goal_id in dict.fromkeys(goal_ids):
            if years.get(goal_id) != year:
                reason = N_("Mål %(goal)s är inte ett mål i planen för %(year)s.")
                parameters = {"goal": goal_id, "year": year}
                errors.append(RowError(SOURCE, 0, "goal_ids", reason, parameters))
        if unit_id not in {u.id for u in uow.operations_plan.units()}:
            reason = N_("Det finns ingen budgetenhet %(unit)s.")
            errors.append(RowError(SOURCE, 0, "unit_id", reason, {"unit": unit_id}))
        _raise(errors)
        if name in uow.operations_plan.assignment_names(year):
            raise Conflict(_NAME_TAKEN[PlanItemKind.ASSIGNMENT], year=year, name=repr(name))
        assignment_id = uow.operations_plan.add_assignment(
            year, name, description.strip(), unit_id, planned_hours, goal_ids
        )
        assignment = PlanAssignment(
            assignment_id, year, name, unit_id, planned_hours, tuple(dict.fromkeys(goal_ids))
        )
        record_change(
            uow.audit,
            actor,
            "plan_assignment",
            assignment_id,
            "add",
            before=None,
            after=assignment,
            at=now,
        )
        uow.commit()
    return assignment_id


def add_activity(
    uow: UnitOfWork,
    *,
    actor: Actor,
    assignment_id: int,
    name: str,
    planned_hours: Decimal,
    reported_hours: Decimal = Decimal(0),
    now: datetime,
) -> int:
    """Add an activity to an assignment; returns its id."""
    check_staff(actor)
    errors: list[RowError] = []
    name = _text(errors, "name", name, 2000)
    _hours(errors, "planned_hours", planned_hours)
    _hours(errors, "reported_hours", reported_hours)
    _raise(errors)
    with uow:
        if uow.operations_plan.assignment(assignment_id) is None:
            raise NotFound(N_("Det finns inget uppdrag %(assignment)s."), assignment=assignment_id)
        activity_id = uow.operations_plan.add_activity(
            assignment_id, name, planned_hours, reported_hours
        )
        activity = ActivityRow(activity_id, assignment_id, name, planned_hours, reported_hours)
        record_change(
            uow.audit,
            actor,
            "plan_activity",
            activity_id,
            "add",
            before=None,
            after=activity,
            at=now,
        )
        uow.commit()
    return activity_id


def report_hours(
    uow: UnitOfWork, *, actor: Actor, activity_id: int, reported_hours: Decimal, now: datetime
) -> int:
    """Set an activity's reported hours (the total so far, not an addition); returns the id of
    its assignment."""
    check_staff(actor)
    errors: list[RowError] = []
    _hours(errors, "reported_hours", reported_hours)
    _raise(errors)
    with uow:
        activity = uow.operations_plan.activity(activity_id)
        if activity is None:
            raise NotFound(N_("Det finns ingen aktivitet %(activity)s."), activity=activity_id)
        uow.operations_plan.set_reported_hours(activity_id, reported_hours)
        record_change(
            uow.audit,
            actor,
            "plan_activity",
            activity_id,
            "report_hours",
            before=activity,
            after=replace(activity, reported_hours=reported_hours),
            at=now,
            only=("reported_hours",),
        )
        uow.commit()
    return activity.assignment_id


def record_follow_up(
    uow: UnitOfWork,
    *,
    actor: Actor,
    assignment_id: int,
    period: str,
    light: TrafficLight,
    comment: str,
    now: datetime,
) -> int:
    """Record a follow-up of an assignment for a period (T1–T3, H1–H2 or Å) with a traffic
    light and a comment; the latest recorded is the one in force. Returns its id."""
    check_staff(actor)
    errors: list[RowError] = []
    try:
        period = parse_period(period)
    except ValueError as problem:
        errors.append(RowError(SOURCE, 0, "period", str(problem)))
    comment = _text(errors, "comment", comment, 4000)
    _raise(errors)
    with uow:
        if uow.operations_plan.assignment(assignment_id) is None:
            raise NotFound(N_("Det finns inget uppdrag %(assignment)s."), assignment=assignment_id)
        follow_up = FollowUp(period, light, comment, now, actor.audit_name)
        follow_up_id = uow.operations_plan.add_follow_up(assignment_id, follow_up)
        recorded = AssignmentFollowUp(assignment_id, period, light, comment)
        record_change(
            uow.audit,
            actor,
            "plan_follow_up",
            follow_up_id,
            "add",
            before=None,
            after=recorded,
            at=now,
        )
        uow.commit()
    return follow_up_id


NAME_LIMITS = {
    PlanItemKind.AREA: 120,
    PlanItemKind.GOAL: 2000,
    PlanItemKind.ASSIGNMENT: 160,
    PlanItemKind.ACTIVITY: 2000,
}


def edit_plan_item(
    uow: UnitOfWork,
    *,
    actor: Actor,
    kind: PlanItemKind,
    item_id: int,
    name: str,
    description: str | None = None,
    planned_hours: Decimal | None = None,
    now: datetime,
) -> PlanItem:
    """Change an item's name (a goal's text), and the description and planned hours where its
    kind has them (left as they are when not given); audited before and after. Returns the
    item as changed."""
    check_staff(actor)
    errors: list[RowError] = []
    field = "text" if kind is PlanItemKind.GOAL else "name"
    name = _text(errors, field, name, NAME_LIMITS[kind])
    if planned_hours is not None:
        _hours(errors, "planned_hours", planned_hours)
    _raise(errors)
    with uow:
        before = uow.operations_plan.item(kind, item_id)
        if before is None:
            raise NotFound(N_("Det finns ingen sådan del av planen (%(item)s)."), item=item_id)
        after = replace(
            before,
            name=name,
            description=_kept(before.description, description),
            planned_hours=before.planned_hours if planned_hours is None else planned_hours,
        )
        if before.planned_hours is None:
            after = replace(after, planned_hours=None)
        _refuse_a_taken_name(uow, before, name)
        if after != before:
            uow.operations_plan.update_item(after)
            record_change(
                uow.audit,
                actor,
                f"plan_{kind.value}",
                item_id,
                "edit",
                before=before,
                after=after,
                at=now,
            )
        uow.commit()
    return after


def remove_plan_item(
    uow: UnitOfWork, *, actor: Actor, kind: PlanItemKind, item_id: int, now: datetime
) -> PlanItem:
    """Remove an item nothing depends on; ``Conflict`` naming what does. Audited with the item
    as it was. Returns the removed item."""
    check_staff(actor)
    with uow:
        item = uow.operations_plan.item(kind, item_id)
        if item is None:
            raise NotFound(N_("Det finns ingen sådan del av planen (%(item)s)."), item=item_id)
        dependents = uow.operations_plan.dependents(kind, item_id)
        if dependents:
            named = ", ".join(f"{_NOUN.get(d.kind, d.kind)} {d.name!r}" for d in dependents[:5])
            raise Conflict(_NOT_REMOVABLE[kind], dependents=named)
        uow.operations_plan.remove_item(kind, item_id)
        record_change(
            uow.audit,
            actor,
            f"plan_{kind.value}",
            item_id,
            "remove",
            before=item,
            after=None,
            at=now,
        )
        uow.commit()
    return item


def _kept(before: str | None, given: str | None) -> str | None:
    """A description: the given one where the kind has one, else as it was."""
    if before is None:
        return None
    return before if given is None else given.strip()


def _refuse_a_taken_name(uow: UnitOfWork, before: PlanItem, name: str) -> None:
    """An area's or assignment's name is unique in its year."""
    if name == before.name:
        return
    if before.kind is PlanItemKind.AREA:
        taken = uow.operations_plan.area_names(before.year)
    elif before.kind is PlanItemKind.ASSIGNMENT:
        taken = uow.operations_plan.assignment_names(before.year)
    else:
        return
    if name in taken:
        raise Conflict(_NAME_TAKEN[before.kind], year=before.year, name=repr(name))
