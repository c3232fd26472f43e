"""The operations plan and budget in the database (``operations_plan_tables``)."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from datetime import datetime
from decimal import Decimal

from sqlalchemy import Table, and_, delete, func, insert, select, update
from sqlalchemy.orm import Session
from sqlalchemy.sql import ColumnElement

from samverka.association.plan.db import tables as p
from samverka.association.plan.domain.audited import Dependent, PlanItem, PlanItemKind
from samverka.association.plan.domain.budget import FigureKind, Financing, LineType
from samverka.association.plan.domain.operations_plan import AreaKind, FollowUp
from samverka.association.plan.ports import (
    ActivityRow,
    AssignmentRow,
    BudgetKey,
    UnitRow,
)
from samverka.platform.db.inserts import insert_returning_id


class SqlOperationsPlanRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def _next_position(self, column: ColumnElement[int], *where: ColumnElement[bool]) -> int:
        query = select(func.coalesce(func.max(column), 0)).where(*where)
        return int(self._session.execute(query).scalar_one()) + 1

    # -- the plan --------------------------------------------------------------------------
    def add_area(self, year: int, kind: AreaKind, name: str, description: str) -> int:
        a = p.plan_area
        position = self._next_position(a.c.position, a.c.year == year)
        values = {
            "year": year,
            "kind": kind.value,
            "name": name,
            "description": description,
            "position": position,
        }
        return insert_returning_id(self._session, a, values)

    def area_year(self, area_id: int) -> int | None:
        a = p.plan_area
        value = self._session.execute(select(a.c.year).where(a.c.id == area_id)).scalar()
        return None if value is None else int(value)

    def area_names(self, year: int) -> set[str]:
        a = p.plan_area
        return set(self._session.execute(select(a.c.name).where(a.c.year == year)).scalars())

    def add_goal(self, area_id: int, text: str) -> int:
        g = p.plan_goal
        position = self._next_position(g.c.position, g.c.area_id == area_id)
        values = {"area_id": area_id, "text": text, "position": position}
        return insert_returning_id(self._session, g, values)

    def goal_years(self, goal_ids: Collection[int]) -> dict[int, int]:
        g, a = p.plan_goal, p.plan_area
        query = (
            select(g.c.id, a.c.year)
            .join(a, a.c.id == g.c.area_id)
            .where(g.c.id.in_(list(goal_ids)))
        )
        return {int(row[0]): int(row[1]) for row in self._session.execute(query)}

    def add_assignment(
        self,
        year: int,
        name: str,
        description: str,
        unit_id: int,
        planned_hours: Decimal,
        goal_ids: Sequence[int],
    ) -> int:
        a = p.plan_assignment
        values = {
            "year": year,
            "name": name,
            "description": description,
            "unit_id": unit_id,
            "planned_hours": planned_hours,
            "position": self._next_position(a.c.position, a.c.year == year),
        }
        assignment_id = insert_returning_id(self._session, a, values)
        if goal_ids:
            self._session.execute(
                insert(p.plan_assignment_goal),
                [{"assignment_id": assignment_id, "goal_id": g} for g in dict.fromkeys(goal_ids)],
            )
        return assignment_id

    def assignment(self, assignment_id: int) -> AssignmentRow | None:
        a = p.plan_assignment
        row = self._session.execute(select(a).where(a.c.id == assignment_id)).first()
        if row is None:
            return None
        return AssignmentRow(row.id, row.year, row.name, row.unit_id, row.planned_hours)

    def assignment_names(self, year: int) -> set[str]:
        a = p.plan_assignment
        return set(self._session.execute(select(a.c.name).where(a.c.year == year)).scalars())

    def add_activity(
        self, assignment_id: int, name: str, planned_hours: Decimal, reported_hours: Decimal
    ) -> int:
        act = p.plan_activity
        values = {
            "assignment_id": assignment_id,
            "name": name,
            "planned_hours": planned_hours,
            "reported_hours": reported_hours,
            "position": self._next_position(act.c.position, act.c.assignment_id == assignment_id),
        }
        return insert_returning_id(self._session, act, values)

    def activity(self, activity_id: int) -> ActivityRow | None:
        act = p.plan_activity
        row = self._session.execute(select(act).where(act.c.id == activity_id)).first()
        if row is None:
            return None
        return ActivityRow(
            row.id, row.assignment_id, row.name, row.planned_hours, row.reported_hours
        )

    def set_reported_hours(self, activity_id: int, hours: Decimal) -> None:
        act = p.plan_activity
        self._session.execute(
            update(act).where(act.c.id == activity_id).values(reported_hours=hours)
        )

    def item(self, kind: PlanItemKind, item_id: int) -> PlanItem | None:
        a, g, s, act = p.plan_area, p.plan_goal, p.plan_assignment, p.plan_activity
        found: PlanItem | None = None
        if kind is PlanItemKind.AREA:
            row = self._session.execute(select(a).where(a.c.id == item_id)).first()
            if row is not None:
                found = PlanItem(kind, row.id, row.year, row.name, row.description)
        elif kind is PlanItemKind.GOAL:
            query = select(g, a.c.year).join(a, a.c.id == g.c.area_id).where(g.c.id == item_id)
            row = self._session.execute(query).first()
            if row is not None:
                found = PlanItem(kind, row.id, row.year, row.text, parent_id=row.area_id)
        elif kind is PlanItemKind.ASSIGNMENT:
            row = self._session.execute(select(s).where(s.c.id == item_id)).first()
            if row is not None:
                hours = Decimal(row.planned_hours)
                found = PlanItem(kind, row.id, row.year, row.name, row.description, hours)
        else:
            query = (
                select(act, s.c.year)
                .join(s, s.c.id == act.c.assignment_id)
                .where(act.c.id == item_id)
            )
            row = self._session.execute(query).first()
            if row is not None:
                hours = Decimal(row.planned_hours)
                found = PlanItem(
                    kind, row.id, row.year, row.name, None, hours, parent_id=row.assignment_id
                )
        return found

    def update_item(self, item: PlanItem) -> None:
        tables: dict[PlanItemKind, tuple[Table, dict[str, object]]] = {
            PlanItemKind.AREA: (p.plan_area, {"name": item.name, "description": item.description}),
            PlanItemKind.GOAL: (p.plan_goal, {"text": item.name}),
            PlanItemKind.ASSIGNMENT: (
                p.plan_assignment,
                {
                    "name": item.name,
                    "description": item.description,
                    "planned_hours": item.planned_hours,
                },
            ),
            PlanItemKind.ACTIVITY: (
                p.plan_activity,
                {"name": item.name, "planned_hours": item.planned_hours},
            ),
        }
        table, values = tables[item.kind]
        self._session.execute(update(table).where(table.c.id == item.id).values(**values))

    def dependents(self, kind: PlanItemKind, item_id: int) -> list[Dependent]:
        g, s, sg = p.plan_goal, p.plan_assignment, p.plan_assignment_goal
        act, f = p.plan_activity, p.plan_follow_up
        run = self._session.execute
        if kind is PlanItemKind.AREA:
            goals = run(select(g.c.text).where(g.c.area_id == item_id).order_by(g.c.position))
            return [Dependent("goal", text) for text in goals.scalars()]
        if kind is PlanItemKind.GOAL:
            query = (
                select(s.c.name)
                .join(sg, sg.c.assignment_id == s.c.id)
                .where(sg.c.goal_id == item_id)
                .order_by(s.c.position)
            )
            return [Dependent("assignment", name) for name in run(query).scalars()]
        if kind is PlanItemKind.ASSIGNMENT:
            query = select(act.c.name).where(act.c.assignment_id == item_id)
            found = [
                Dependent("activity", n) for n in run(query.order_by(act.c.position)).scalars()
            ]
            periods = select(f.c.period).where(f.c.assignment_id == item_id).order_by(f.c.id)
            return found + [Dependent("follow_up", period) for period in run(periods).scalars()]
        return []

    def remove_item(self, kind: PlanItemKind, item_id: int) -> None:
        if kind is PlanItemKind.ASSIGNMENT:
            sg = p.plan_assignment_goal
            self._session.execute(delete(sg).where(sg.c.assignment_id == item_id))
        table = {
            PlanItemKind.AREA: p.plan_area,
            PlanItemKind.GOAL: p.plan_goal,
            PlanItemKind.ASSIGNMENT: p.plan_assignment,
            PlanItemKind.ACTIVITY: p.plan_activity,
        }[kind]
        self._session.execute(delete(table).where(table.c.id == item_id))

    def add_follow_up(self, assignment_id: int, follow_up: FollowUp) -> int:
        values = {
            "assignment_id": assignment_id,
            "period": follow_up.period,
            "light": follow_up.light.value,
            "comment": follow_up.comment,
            "recorded_at": follow_up.recorded_at,
            "recorded_by": follow_up.recorded_by,
        }
        return insert_returning_id(self._session, p.plan_follow_up, values)

    # -- the budget ------------------------------------------------------------------------
    def units(self) -> list[UnitRow]:
        u = p.budget_unit
        return [
            UnitRow(row.id, row.name, Financing(row.financing), bool(row.admission_office))
            for row in self._session.execute(select(u).order_by(u.c.position, u.c.id))
        ]

    def add_unit(self, name: str, financing: Financing, admission_office: bool) -> int:
        u = p.budget_unit
        values = {
            "name": name,
            "financing": financing.value,
            "admission_office": admission_office,
            "position": self._next_position(u.c.position),
        }
        return insert_returning_id(self._session, u, values)

    def budget_lines(self, keys: Collection[BudgetKey]) -> dict[BudgetKey, Decimal]:
        if not keys:
            return {}
        line = p.budget_line
        units = {key[0] for key in keys}
        years = {key[1] for key in keys}
        query = select(line).where(line.c.unit_id.in_(units), line.c.year.in_(years))
        wanted = set(keys)
        found: dict[BudgetKey, Decimal] = {}
        for row in self._session.execute(query):
            key = (row.unit_id, row.year, FigureKind(row.kind), LineType(row.line_type))
            if key in wanted:
                found[key] = row.amount
        return found

    def put_budget_lines(self, amounts: Mapping[BudgetKey, Decimal], at: datetime, by: str) -> None:
        line = p.budget_line
        existing = self.budget_lines(list(amounts))
        new = [
            {
                "unit_id": key[0],
                "year": key[1],
                "kind": key[2].value,
                "line_type": key[3].value,
                "amount": amount,
                "changed_at": at,
                "changed_by": by,
            }
            for key, amount in amounts.items()
            if key not in existing
        ]
        if new:
            self._session.execute(insert(line), new)
        for key, amount in amounts.items():
            if key in existing and existing[key] != amount:
                self._session.execute(
                    update(line)
                    .where(
                        and_(
                            line.c.unit_id == key[0],
                            line.c.year == key[1],
                            line.c.kind == key[2].value,
                            line.c.line_type == key[3].value,
                        )
                    )
                    .values(amount=amount, changed_at=at, changed_by=by)
                )
