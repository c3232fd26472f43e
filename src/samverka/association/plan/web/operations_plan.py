"""The association's pages: the operations plan and budget: focus areas, goals, assignments,
activities, follow-up; budget lines and staff allocation.

* ``/forbund/verksamhetsplan?ar=`` — the year's focus areas and prerequisites → goals →
  assignments with hours, traffic light and latest comment; the staff's forms to add an area,
  a goal and an assignment (POST ``…/omraden``, ``…/mal``, ``…/uppdrag``).
* ``/forbund/verksamhetsplan/uppdrag/{id}`` — one assignment, its activities and follow-up
  history; forms for an activity, reported hours and a follow-up.
* ``/forbund/verksamhetsplan/{omrade|mal|uppdrag|aktivitet}/{id}/andra`` — the staff's form to
  edit an item (GET, POST), above the item's changes as the audit trail has them (who,
  when); ``…/ta-bort`` — the question before removing it (GET) and the removal (POST). The
  question names what depends on the item, and then offers no removal: a removal is refused
  while anything depends on it (issue 15 point 10).
* ``/forbund/budget?ar=`` — the budget and the staff allocation (``operations_plan_budget``,
  whose routes this router includes).

Staff (``association_staff``) read and change; a board member reads (posting is 403); every
other role is 403 (``PlanRead``, ``PlanWrite``). The forms take the API's models
(``association.plan.http``); every form redirects back with ``?klart=`` after saving, and a
refused one comes back as its page with the input kept and each problem at its field.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Final

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from samverka.association.plan.domain.audited import PlanItem, PlanItemKind
from samverka.association.plan.domain.operations_plan import PERIODS, AreaKind, TrafficLight
from samverka.association.plan.http import (
    ActivityIn,
    AreaIn,
    AssignmentIn,
    FollowUpIn,
    GoalIn,
    PlanItemIn,
    PlanRead,
    PlanWrite,
    ReportedHoursIn,
)
from samverka.association.plan.ports import UnitOfWork
from samverka.association.plan.queries.operations_plan import (
    assignment_detail,
    budget_units,
    default_year,
    item_changes,
    plan_for_year,
    plan_years,
)
from samverka.association.plan.services import operations_plan
from samverka.association.plan.web import budget as budget_pages
from samverka.association.plan.web.common import (
    KIND_LABELS,
    LIGHT_LABELS,
    PLAN,
    Done,
    Id,
    IdField,
    Year,
    YearField,
    back,
    labels,
)
from samverka.errors import NotFound
from samverka.platform.web.context import web_context
from samverka.platform.web.deps import now, unit_of_work
from samverka.platform.web.i18n import N_
from samverka.platform.web.templating import render, translations

router = APIRouter(include_in_schema=False)


# -- the plan --------------------------------------------------------------------------------
@router.get(PLAN, name="operations_plan", response_class=HTMLResponse)
def plan_page(request: Request, actor: PlanRead, year: Year = None, done: Done = None) -> Response:
    with web_context(request).reads() as session:
        chosen = year or default_year(session, now().year)
        plan, years = plan_for_year(session, chosen), plan_years(session)
        units = budget_units(session)
    gettext = translations(request).gettext
    context = {
        "plan": plan,
        "year": chosen,
        "years": sorted({*years, chosen}),
        "units": units,
        "actor": actor,
        "done": done,
        "kind_choices": [(kind.value, gettext(KIND_LABELS[kind])) for kind in AreaKind],
        "area_choices": [(area.id, area.name) for area in plan.areas],
        "unit_choices": [(unit[0], unit[1]) for unit in units],
        "goal_choices": [
            (goal.id, f"{goal.text} ({area.name})") for area in plan.areas for goal in area.goals
        ],
        **labels(),
    }
    return render(request, "association/operations_plan_plan.html", context)


@router.post(f"{PLAN}/omraden", name="operations_plan_add_area")
def add_area(
    request: Request, actor: PlanWrite, year: YearField, form: Annotated[AreaIn, Form()]
) -> Response:
    operations_plan.add_area(
        unit_of_work(request),
        actor=actor,
        year=year,
        kind=form.kind,
        name=form.name,
        description=form.description,
        now=now(),
    )
    return back(PLAN, year, "omrade")


@router.post(f"{PLAN}/mal", name="operations_plan_add_goal")
def add_goal(
    request: Request,
    actor: PlanWrite,
    year: YearField,
    area_id: IdField,
    form: Annotated[GoalIn, Form()],
) -> Response:
    operations_plan.add_goal(
        unit_of_work(request), actor=actor, area_id=area_id, text=form.text, now=now()
    )
    return back(PLAN, year, "mal")


@router.post(f"{PLAN}/uppdrag", name="operations_plan_add_assignment")
def add_assignment(
    request: Request,
    actor: PlanWrite,
    year: YearField,
    form: Annotated[AssignmentIn, Form()],
) -> Response:
    operations_plan.add_assignment(
        unit_of_work(request),
        actor=actor,
        year=year,
        name=form.name,
        description=form.description,
        unit_id=form.unit_id,
        planned_hours=form.planned_hours,
        goal_ids=form.goal_ids,
        now=now(),
    )
    return back(PLAN, year, "uppdrag")


@router.get(
    f"{PLAN}/uppdrag/{{assignment_id}}",
    name="operations_plan_assignment",
    response_class=HTMLResponse,
)
def assignment_page(
    request: Request, actor: PlanRead, assignment_id: Id, done: Done = None
) -> Response:
    with web_context(request).reads() as session:
        assignment = assignment_detail(session, assignment_id)
        if assignment is None:
            raise NotFound(N_("Det finns inget uppdrag %(assignment)s."), assignment=assignment_id)
        plan = plan_for_year(session, assignment.year)
    goals = [
        (area, goal) for area in plan.areas for goal in area.goals if goal.id in assignment.goal_ids
    ]
    context = {
        "assignment": assignment,
        "goals": goals,
        "actor": actor,
        "done": done,
        "period_choices": [(period, period) for period in PERIODS],
        "light_choices": [
            (light.value, translations(request).gettext(LIGHT_LABELS[light]))
            for light in TrafficLight
        ],
        **labels(),
    }
    return render(request, "association/operations_plan_assignment.html", context)


def _to_assignment(assignment_id: int, done: str) -> Response:
    return RedirectResponse(f"{PLAN}/uppdrag/{assignment_id}?klart={done}", status_code=303)


@router.post(f"{PLAN}/uppdrag/{{assignment_id}}/aktiviteter", name="operations_plan_add_activity")
def add_activity(
    request: Request,
    actor: PlanWrite,
    assignment_id: Id,
    form: Annotated[ActivityIn, Form()],
) -> Response:
    operations_plan.add_activity(
        unit_of_work(request),
        actor=actor,
        assignment_id=assignment_id,
        name=form.name,
        planned_hours=form.planned_hours,
        reported_hours=form.reported_hours,
        now=now(),
    )
    return _to_assignment(assignment_id, "aktivitet")


@router.post(f"{PLAN}/aktiviteter/{{activity_id}}/timmar", name="operations_plan_report_hours")
def report_hours(
    request: Request,
    actor: PlanWrite,
    activity_id: Id,
    assignment_id: IdField,
    form: Annotated[ReportedHoursIn, Form()],
) -> Response:
    operations_plan.report_hours(
        unit_of_work(request),
        actor=actor,
        activity_id=activity_id,
        reported_hours=form.reported_hours,
        now=now(),
    )
    return _to_assignment(assignment_id, "timmar")


@router.post(f"{PLAN}/uppdrag/{{assignment_id}}/uppfoljning", name="operations_plan_follow_up")
def follow_up(
    request: Request,
    actor: PlanWrite,
    assignment_id: Id,
    form: Annotated[FollowUpIn, Form()],
) -> Response:
    operations_plan.record_follow_up(
        unit_of_work(request),
        actor=actor,
        assignment_id=assignment_id,
        period=form.period,
        light=form.light,
        comment=form.comment,
        now=now(),
    )
    return _to_assignment(assignment_id, "uppfoljning")


# -- editing and removing an item -----------------------------------------------------------
class ItemPath(StrEnum):
    """An item's kind as its address names it."""

    AREA = "omrade"
    GOAL = "mal"
    ASSIGNMENT = "uppdrag"
    ACTIVITY = "aktivitet"


KINDS: Final = {
    ItemPath.AREA: PlanItemKind.AREA,
    ItemPath.GOAL: PlanItemKind.GOAL,
    ItemPath.ASSIGNMENT: PlanItemKind.ASSIGNMENT,
    ItemPath.ACTIVITY: PlanItemKind.ACTIVITY,
}
ITEM_LABELS: Final = {
    PlanItemKind.AREA: N_("området"),
    PlanItemKind.GOAL: N_("målet"),
    PlanItemKind.ASSIGNMENT: N_("uppdraget"),
    PlanItemKind.ACTIVITY: N_("aktiviteten"),
}
# the audit trail's actions on an item, as its edit page names them
ACTION_LABELS: Final = {
    "add": N_("Tillagd i planen"),
    "edit": N_("Ändrad"),
}
DEPENDENT_LABELS: Final = {
    "goal": N_("Mål"),
    "assignment": N_("Uppdrag"),
    "activity": N_("Aktivitet"),
    "follow_up": N_("Uppföljning"),
}


def _item(request: Request, kind: PlanItemKind, item_id: int) -> PlanItem:
    uow: UnitOfWork = unit_of_work(request)
    with uow:
        found = uow.operations_plan.item(kind, item_id)
    if found is None:
        raise NotFound(N_("Det finns ingen sådan del av planen (%(item)s)."), item=item_id)
    return found


def _after(item: PlanItem, done: str) -> Response:
    """Back where the item is shown: an activity's assignment, else the year's plan."""
    if item.kind is PlanItemKind.ACTIVITY and item.parent_id is not None:
        return _to_assignment(item.parent_id, done)
    if item.kind is PlanItemKind.ASSIGNMENT and done != "borttagen":
        return _to_assignment(item.id, done)
    return back(PLAN, item.year, done)


def _item_context(item: PlanItem, path: ItemPath, actor: object) -> dict[str, object]:
    return {
        "item": item,
        "path": f"{PLAN}/{path.value}/{item.id}",
        "item_label": ITEM_LABELS[item.kind],
        "back": _back_link(item),
        "actor": actor,
    }


def _back_link(item: PlanItem) -> str:
    if item.kind is PlanItemKind.ACTIVITY:
        return f"{PLAN}/uppdrag/{item.parent_id}"
    if item.kind is PlanItemKind.ASSIGNMENT:
        return f"{PLAN}/uppdrag/{item.id}"
    return f"{PLAN}?ar={item.year}"


@router.get(f"{PLAN}/{{kind}}/{{item_id}}/andra", name="operations_plan_edit_item")
def edit_item_page(request: Request, actor: PlanWrite, kind: ItemPath, item_id: Id) -> Response:
    item = _item(request, KINDS[kind], item_id)
    with web_context(request).reads() as session:
        changes = item_changes(session, item.kind, item.id)
    context = {**_item_context(item, kind, actor), "changes": changes, "actions": ACTION_LABELS}
    return render(request, "association/operations_plan_item_edit.html", context)


@router.post(f"{PLAN}/{{kind}}/{{item_id}}/andra", name="operations_plan_save_item")
def edit_item(
    request: Request,
    actor: PlanWrite,
    kind: ItemPath,
    item_id: Id,
    form: Annotated[PlanItemIn, Form()],
) -> Response:
    item = operations_plan.edit_plan_item(
        unit_of_work(request),
        actor=actor,
        kind=KINDS[kind],
        item_id=item_id,
        name=form.name,
        description=form.description,
        planned_hours=form.planned_hours,
        now=now(),
    )
    return _after(item, "andrad")


@router.get(f"{PLAN}/{{kind}}/{{item_id}}/ta-bort", name="operations_plan_remove_item_question")
def remove_item_page(request: Request, actor: PlanWrite, kind: ItemPath, item_id: Id) -> Response:
    item = _item(request, KINDS[kind], item_id)
    uow: UnitOfWork = unit_of_work(request)
    with uow:
        dependents = uow.operations_plan.dependents(item.kind, item_id)
    context = {
        **_item_context(item, kind, actor),
        "dependents": [(DEPENDENT_LABELS[d.kind], d.name) for d in dependents],
    }
    return render(request, "association/operations_plan_item_remove.html", context)


@router.post(f"{PLAN}/{{kind}}/{{item_id}}/ta-bort", name="operations_plan_remove_item")
def remove_item(request: Request, actor: PlanWrite, kind: ItemPath, item_id: Id) -> Response:
    item = operations_plan.remove_plan_item(
        unit_of_work(request), actor=actor, kind=KINDS[kind], item_id=item_id, now=now()
    )
    return _after(item, "borttagen")


router.include_router(budget_pages.router)
