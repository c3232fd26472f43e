"""The yearly operations plan and budget document, assembled from what the other read sides
give: the plan, the budget and the staff allocation (``association.plan.queries.operations_plan``),
the fee per municipality (``association.fees.queries.fees``) and the board's decisions
(``association.board.queries.board``).

The association's staff and board members read it (anyone else: ``NotPermitted``). A part
without data is ``None`` in the model and the document says so; the board's decisions are a
part only when there are some in the year. Budget amounts come in tkr and become SEK here.

The title page's decision date is the meeting that decided an agenda item naming the
operations plan ("verksamhetsplan") and the year, in the year or the year before; the
association's name is the admission year's region.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Final

from sqlalchemy import select

from samverka.admission.db import tables as at
from samverka.admission.queries.admission_statistics import Database
from samverka.association.board.queries.board import YearDecision, decisions_in_year
from samverka.association.fees.queries.fees import fee_years, fees_per_municipality
from samverka.association.plan.domain.budget import MONEY_LINES, REVENUE_LINES, FigureKind, LineType
from samverka.association.plan.domain.operations_plan import AreaKind
from samverka.association.plan.files import document_model as model
from samverka.association.plan.queries import operations_plan as plans
from samverka.errors import N_, NotPermitted
from samverka.platform.access.domain.actors import Actor, Role

READERS: Final = frozenset({Role.ASSOCIATION_STAFF, Role.BOARD_MEMBER})
THOUSAND: Final = Decimal(1000)
DEFAULT_ASSOCIATION: Final = "Kommunförbundet"
FOREWORD: Final = (
    "Förbundet driver regional utveckling och samverkan på uppdrag av medlemmarnas ledningar i "
    "politik och förvaltning. Syftet är att stärka kommunernas möjligheter att nå sina mål om "
    "välfärd och service för medborgarna.",
    "Verksamhetsplanen anger fokusområden och förutsättningar, målen för varje område och de "
    "uppdrag, aktiviteter och timmar som ska nå dem. Budgeten visar varje enhets intäkter och "
    "kostnader bredvid de två föregående åren, och medlemsavgiften per kommun.",
)
LINE_NAMES: Final = {
    LineType.REVENUE: "Intäkter",
    LineType.OTHER_COSTS: "Övriga kostnader",
    LineType.STAFF_COSTS: "Personalkostnader",
    LineType.DEPRECIATION: "Avskrivningar",
    LineType.FINANCIAL_ITEMS: "Finansiella kostnader/intäkter",
    LineType.ALLOCATED: "Fördelade kostnader/intäkter",
    LineType.PROJECT_COSTS: "Projektkostnader",
    LineType.PROJECT_REVENUE: "Projektintäkter",
    LineType.WORK_ENVIRONMENT: "Arbetsmiljöåtgärder",
    LineType.DEFICIT_RECOVERY: "Ersättning av tidigare års kostnader som tagits i resultatet",
}
ALWAYS_SHOWN: Final = (LineType.REVENUE, LineType.OTHER_COSTS, LineType.STAFF_COSTS)


def operations_plan_document(db: Database, actor: Actor, year: int) -> model.OperationsPlanDocument:
    """The document of ``year``, for the association's staff or a board member."""
    if actor.role not in READERS:
        raise NotPermitted(N_("Bara förbundets kansli och styrelseledamöter läser planen."))
    decisions = decisions_in_year(db, year - 1) + decisions_in_year(db, year)
    in_year = [d for d in decisions if d.meeting_date.year == year]
    return model.OperationsPlanDocument(
        title=model.TitlePage(_association(db, year), year, _decided_on(decisions, year)),
        foreword=FOREWORD,
        focus_areas=_focus_areas(plans.plan_for_year(db, year)),
        budget=_budget(plans.budget_for_year(db, year)),
        staff_allocation=_allocation(plans.staff_allocation(db, year, decimals=1)),
        fees=_fees(db, actor, year),
        board_decisions=tuple(_decision(d) for d in in_year) or None,
    )


def _association(db: Database, year: int) -> str:
    ay = at.admission_year
    found = db.execute(
        select(ay.c.region).order_by((ay.c.year == year).desc(), ay.c.year.desc()).limit(1)
    ).scalar()
    return str(found) if found else DEFAULT_ASSOCIATION


def _decided_on(decisions: list[YearDecision], year: int) -> date | None:
    for decision in decisions:
        title = f"{decision.item_title} {decision.text}".lower()
        if "verksamhetsplan" in title and str(year) in decision.item_title:
            return decision.meeting_date
    return None


def _decision(decision: YearDecision) -> model.BoardDecision:
    return model.BoardDecision(
        decision.meeting_date, decision.item_title, decision.text, decision.reference
    )


# -- the plan -------------------------------------------------------------------------------
def _focus_areas(plan: plans.PlanView) -> tuple[model.FocusArea, ...] | None:
    if not plan.areas and not plan.assignments:
        return None
    goals = {goal.id: goal.text for area in plan.areas for goal in area.goals}
    areas = [
        model.FocusArea(
            name=area.name,
            direction=area.description,
            goals=tuple(goal.text for goal in area.goals),
            assignments=tuple(_assignment(a, goals) for a in area.assignments),
            prerequisite=area.kind is AreaKind.PREREQUISITE,
        )
        for area in plan.areas
    ]
    if plan.without_goals:
        orphans = tuple(_assignment(a, goals) for a in plan.without_goals)
        areas.append(model.FocusArea("Uppdrag utan mål", assignments=orphans))
    return tuple(areas)


def _assignment(view: plans.AssignmentView, goals: dict[int, str]) -> model.Assignment:
    latest = view.latest
    comment = "" if latest is None else f"{latest.period}: {latest.comment}".rstrip(": ")
    return model.Assignment(
        name=view.name,
        description=view.description,
        goals=tuple(goals[g] for g in view.goal_ids if g in goals),
        responsible_unit=view.unit_name,
        planned_hours=view.planned_hours,
        activities=tuple(_activity(a) for a in view.activities),
        follow_up=None if latest is None else model.FollowUp(latest.light.value),
        comment=comment,
    )


def _activity(activity: plans.ActivityView) -> str:
    if not activity.planned_hours:
        return activity.name
    return f"{activity.name} ({activity.planned_hours.normalize():f} timmar)"


# -- the budget -----------------------------------------------------------------------------
def _budget(view: plans.BudgetView) -> model.Budget | None:
    columns = [unit.columns[::-1] for unit in view.units]  # the budget year first
    if all(column.kind is None for unit in columns for column in unit):
        return None
    years = tuple(reversed(view.years))
    units = tuple(
        _unit(unit, unit_columns)
        for unit, unit_columns in zip(view.units, columns, strict=True)
        if any(column.kind is not None for column in unit_columns)
    )
    return model.Budget(years, units, tuple(_heading(view, index) for index in range(3)))


def _heading(view: plans.BudgetView, index: int) -> str:
    year = tuple(reversed(view.years))[index]
    kinds = {unit.columns[::-1][index].kind for unit in view.units} - {None}
    if kinds == {FigureKind.OUTCOME}:
        return f"Utfall {year}"
    return f"Utfall/budget {year}" if len(kinds) > 1 else f"Budget {year}"


def _unit(unit: plans.UnitBudget, columns: tuple[plans.BudgetColumn, ...]) -> model.BudgetUnit:
    def amounts(line_type: LineType) -> model.Amounts:
        return tuple(None if c.kind is None else c[line_type] * THOUSAND for c in columns)

    shown = [
        line_type
        for line_type in MONEY_LINES
        if line_type in ALWAYS_SHOWN or any(c[line_type] for c in columns)
    ]
    return model.BudgetUnit(
        name=unit.name,
        financing=model.Financing(unit.financing.value),
        lines=tuple(
            model.BudgetLine(LINE_NAMES[lt], amounts(lt), revenue=lt in REVENUE_LINES)
            for lt in shown
        ),
        full_time_equivalents=tuple(None if c.kind is None else c.figures.fte for c in columns),
    )


# -- the staff allocation and the fees -------------------------------------------------------
def _allocation(view: plans.StaffAllocation) -> model.StaffAllocation | None:
    if not view.with_admission_office and not view.without_admission_office:
        return None
    office = next((s.name for s in view.with_admission_office if s.area_id is None), None)
    return model.StaffAllocation(
        with_admission=tuple(
            model.StaffShare(s.name, s.percent) for s in view.with_admission_office
        ),
        without_admission=tuple(
            model.StaffShare(s.name, s.percent) for s in view.without_admission_office
        ),
        admission_office=office or "Gymnasieantagningen",
    )


def _fees(db: Database, actor: Actor, year: int) -> model.MemberFees | None:
    rows = fees_per_municipality(db, year)
    if not any(row.total for row in rows):
        return None
    found = next((summary for summary in fee_years(db, actor) if summary.fee_year == year), None)
    service = found.service if found is not None else None
    admission = found.admission if found is not None else None
    return model.MemberFees(
        rows=tuple(
            model.MemberFee(r.municipality_code, r.name, r.service_fee, r.admission_fee)
            for r in rows
        ),
        rate_per_mille=None if service is None else service.rate_per_mille,
        base_year=None if service is None else service.base_year,
        fee_age=None if admission is None else admission.fee_age,
    )
