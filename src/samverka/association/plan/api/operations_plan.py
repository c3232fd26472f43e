"""The API: the operations plan and budget: focus areas, goals, assignments, activities, follow-up;
budget lines and staff allocation.

* ``GET /association/plan/{year}``: the year's areas → goals → assignments (hours, light,
  latest comment); ``GET /association/plan/assignments/{id}``: one assignment in full.
* ``POST /association/plan/{year}/areas``, ``/association/plan/areas/{id}/goals``,
  ``/association/plan/{year}/assignments``, ``/association/plan/assignments/{id}/activities``,
  ``/association/plan/assignments/{id}/follow-ups``,
  ``/association/plan/activities/{id}/reported-hours``: the staff's changes.
* ``PATCH|DELETE /association/plan/{areas|goals|assignments|activities}/{id}``: correct an
  item (name or a goal's text, description, planned hours; a field left out stays as it is) or
  remove one nothing depends on, with the pages' services, refusals and audit; 204.
* ``GET /association/budget/{year}``: units' lines for the year and the two previous years
  (tkr), subtotals, total; ``GET /association/budget/{year}/staff-allocation``.
* ``POST /association/budget/units``; ``POST /association/budget/import`` (an .xlsx or .csv
  file, all or nothing: every bad row is reported with its sheet and line).

The association's staff read and change; a board member reads; everyone else gets 403
(``PlanRead``, ``PlanWrite``). The bodies are the models the pages' forms take too
(``association.plan.http``).
"""

from __future__ import annotations

from pathlib import PurePath
from typing import Annotated

from fastapi import APIRouter, File, Path, Request, UploadFile

from samverka.association.plan.api.schemas import (
    ActivityOut,
    AllocationOut,
    AreaOut,
    AssignmentOut,
    BudgetOut,
    ColumnOut,
    CreatedOut,
    GoalOut,
    ImportOut,
    PlanOut,
    TotalOut,
    UnitBudgetOut,
)
from samverka.association.plan.files.budget_file import read_budget_file
from samverka.association.plan.http import (
    MAX_ID,
    ActivityIn,
    AreaIn,
    AssignmentIn,
    FollowUpIn,
    GoalIn,
    PlanItemPatchIn,
    PlanItemPath,
    PlanRead,
    PlanWrite,
    ReportedHoursIn,
    UnitIn,
)
from samverka.association.plan.ports import UnitOfWork
from samverka.association.plan.queries.operations_plan import (
    BudgetColumn,
    assignment_detail,
    budget_for_year,
    plan_for_year,
    staff_allocation,
)
from samverka.association.plan.services import budget, operations_plan
from samverka.errors import N_, InvalidInput, NotFound, RowError
from samverka.platform.api.routes import ERRORS, PREFIX
from samverka.platform.web.context import web_context
from samverka.platform.web.deps import now, unit_of_work

router = APIRouter(prefix=PREFIX, tags=["association"], responses=ERRORS)
PlanYear = Annotated[int, Path(ge=2000, le=2100, description="The plan year")]
MAXIMUM_FILE_BYTES = 5 * 1024 * 1024
Id = Annotated[int, Path(ge=1, le=MAX_ID, description="An id")]


# -- the plan --------------------------------------------------------------------------------
@router.get("/association/plan/{year}", summary="The operations plan of a year")
def plan(request: Request, actor: PlanRead, year: PlanYear) -> PlanOut:
    with web_context(request).reads() as session:
        found = plan_for_year(session, year)
    return PlanOut(
        year=found.year,
        planned_hours=found.planned_hours,
        reported_hours=found.reported_hours,
        areas=[
            AreaOut(
                id=a.id,
                kind=a.kind,
                name=a.name,
                description=a.description,
                planned_hours=a.planned_hours,
                goals=[
                    GoalOut(id=g.id, text=g.text, assignment_ids=list(g.assignment_ids))
                    for g in a.goals
                ],
                assignment_ids=[x.id for x in a.assignments],
            )
            for a in found.areas
        ],
        assignments=[AssignmentOut.of(a) for a in found.assignments],
    )


@router.get("/association/plan/assignments/{assignment_id}", summary="One assignment in full")
def assignment(request: Request, actor: PlanRead, assignment_id: Id) -> AssignmentOut:
    with web_context(request).reads() as session:
        found = assignment_detail(session, assignment_id)
    if found is None:
        raise NotFound(N_("Det finns inget uppdrag %(assignment)s."), assignment=assignment_id)
    return AssignmentOut.of(found)


@router.post(
    "/association/plan/{year}/areas", status_code=201, summary="Add a focus area or prerequisite"
)
def add_area(request: Request, actor: PlanWrite, year: PlanYear, body: AreaIn) -> CreatedOut:
    area_id = operations_plan.add_area(
        unit_of_work(request),
        actor=actor,
        year=year,
        kind=body.kind,
        name=body.name,
        description=body.description,
        now=now(),
    )
    return CreatedOut(id=area_id)


@router.post(
    "/association/plan/areas/{area_id}/goals", status_code=201, summary="Add a goal to an area"
)
def add_goal(request: Request, actor: PlanWrite, area_id: Id, body: GoalIn) -> CreatedOut:
    goal_id = operations_plan.add_goal(
        unit_of_work(request), actor=actor, area_id=area_id, text=body.text, now=now()
    )
    return CreatedOut(id=goal_id)


@router.post("/association/plan/{year}/assignments", status_code=201, summary="Add an assignment")
def add_assignment(
    request: Request, actor: PlanWrite, year: PlanYear, body: AssignmentIn
) -> CreatedOut:
    assignment_id = operations_plan.add_assignment(
        unit_of_work(request),
        actor=actor,
        year=year,
        name=body.name,
        description=body.description,
        unit_id=body.unit_id,
        planned_hours=body.planned_hours,
        goal_ids=body.goal_ids,
        now=now(),
    )
    return CreatedOut(id=assignment_id)


@router.post(
    "/association/plan/assignments/{assignment_id}/activities",
    status_code=201,
    summary="Add an activity",
)
def add_activity(
    request: Request, actor: PlanWrite, assignment_id: Id, body: ActivityIn
) -> CreatedOut:
    activity_id = operations_plan.add_activity(
        unit_of_work(request),
        actor=actor,
        assignment_id=assignment_id,
        name=body.name,
        planned_hours=body.planned_hours,
        reported_hours=body.reported_hours,
        now=now(),
    )
    return CreatedOut(id=activity_id)


@router.post(
    "/association/plan/activities/{activity_id}/reported-hours",
    summary="Set an activity's reported hours",
)
def report_hours(
    request: Request, actor: PlanWrite, activity_id: Id, body: ReportedHoursIn
) -> ActivityOut:
    assignment_id = operations_plan.report_hours(
        unit_of_work(request),
        actor=actor,
        activity_id=activity_id,
        reported_hours=body.reported_hours,
        now=now(),
    )
    with web_context(request).reads() as session:
        found = assignment_detail(session, assignment_id)
    assert found is not None
    activity = next(a for a in found.activities if a.id == activity_id)
    return ActivityOut.model_validate(activity, from_attributes=True)


@router.post(
    "/association/plan/assignments/{assignment_id}/follow-ups",
    status_code=201,
    summary="Record a follow-up",
)
def follow_up(
    request: Request, actor: PlanWrite, assignment_id: Id, body: FollowUpIn
) -> CreatedOut:
    follow_up_id = operations_plan.record_follow_up(
        unit_of_work(request),
        actor=actor,
        assignment_id=assignment_id,
        period=body.period,
        light=body.light,
        comment=body.comment,
        now=now(),
    )
    return CreatedOut(id=follow_up_id)


@router.patch(
    "/association/plan/{kind}/{item_id}",
    status_code=204,
    summary="Correct an item of the plan (a field left out stays as it is)",
)
def item_edit(
    request: Request, actor: PlanWrite, kind: PlanItemPath, item_id: Id, body: PlanItemPatchIn
) -> None:
    uow: UnitOfWork = unit_of_work(request)
    with uow:
        found = uow.operations_plan.item(kind.kind, item_id)
    if found is None:
        raise NotFound(N_("Det finns ingen sådan del av planen (%(item)s)."), item=item_id)
    change = body.applied_to(found)
    operations_plan.edit_plan_item(
        unit_of_work(request),
        actor=actor,
        kind=kind.kind,
        item_id=item_id,
        name=change.name,
        description=change.description,
        planned_hours=change.planned_hours,
        now=now(),
    )


@router.delete(
    "/association/plan/{kind}/{item_id}",
    status_code=204,
    summary="Remove an item of the plan that nothing depends on",
)
def item_remove(request: Request, actor: PlanWrite, kind: PlanItemPath, item_id: Id) -> None:
    operations_plan.remove_plan_item(
        unit_of_work(request), actor=actor, kind=kind.kind, item_id=item_id, now=now()
    )


# -- the budget ------------------------------------------------------------------------------
@router.get("/association/budget/{year}", summary="The budget beside the two previous years (tkr)")
def budget_of_year(request: Request, actor: PlanRead, year: PlanYear) -> BudgetOut:
    with web_context(request).reads() as session:
        found = budget_for_year(session, year)

    def columns(items: tuple[BudgetColumn, ...]) -> list[ColumnOut]:
        return [ColumnOut.of(c) for c in items]

    return BudgetOut(
        year=found.year,
        years=list(found.years),
        units=[
            UnitBudgetOut(
                id=u.id,
                name=u.name,
                financing=u.financing,
                admission_office=u.admission_office,
                columns=columns(u.columns),
            )
            for u in found.units
        ],
        subtotals=[
            TotalOut(financing=s.financing, columns=columns(s.columns)) for s in found.subtotals
        ],
        total=TotalOut(financing=None, columns=columns(found.total.columns)),
    )


@router.get(
    "/association/budget/{year}/staff-allocation", summary="Staff allocation between the areas"
)
def allocation(request: Request, actor: PlanRead, year: PlanYear) -> AllocationOut:
    with web_context(request).reads() as session:
        return AllocationOut.of(staff_allocation(session, year))


@router.post("/association/budget/units", status_code=201, summary="Add a budget unit")
def add_unit(request: Request, actor: PlanWrite, body: UnitIn) -> CreatedOut:
    unit_id = budget.add_budget_unit(
        unit_of_work(request),
        actor=actor,
        name=body.name,
        financing=body.financing,
        admission_office=body.admission_office,
        now=now(),
    )
    return CreatedOut(id=unit_id)


@router.post("/association/budget/import", summary="Import budget lines from an .xlsx or .csv file")
async def import_budget(
    request: Request, actor: PlanWrite, file: Annotated[UploadFile, File()]
) -> ImportOut:
    content = await file.read(MAXIMUM_FILE_BYTES + 1)
    name = PurePath(file.filename or "file").name
    if len(content) > MAXIMUM_FILE_BYTES:
        raise InvalidInput([RowError(name, 0, "", N_("Filen är större än 5 MB."))])
    rows = read_budget_file(name, content)
    report = budget.import_budget_lines(unit_of_work(request), actor=actor, rows=rows, now=now())
    return ImportOut(
        lines=report.lines,
        added=report.added,
        changed=report.changed,
        unchanged=report.unchanged,
        years=list(report.years),
    )
