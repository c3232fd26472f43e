"""Editing and removing the items of a year's plan (``edit_plan_item``, ``remove_plan_item``):
only the staff, audited before and after, a name unique in its year; an item is removed only
when nothing depends on it, and the refusal names what does. The rules on the fake unit of work,
the happy paths on SQLite and PostgreSQL (``uow``).

Source: issue 15 point 10 (the staff edit and remove plan items; removal is refused when
something depends on the item; a board member reads only).
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from operations_plan_actors import BOARD, NOW, STAFF, YEAR

from samverka.association.plan.domain.audited import Dependent, PlanItem, PlanItemKind
from samverka.association.plan.domain.budget import Financing
from samverka.association.plan.domain.operations_plan import AreaKind, TrafficLight
from samverka.association.plan.ports import UnitOfWork
from samverka.association.plan.services.budget import add_budget_unit
from samverka.association.plan.services.operations_plan import (
    add_activity,
    add_area,
    add_assignment,
    add_goal,
    edit_plan_item,
    record_follow_up,
    remove_plan_item,
)
from samverka.errors import Conflict, NotFound, NotPermitted

from .fakes import FakeUnitOfWork

AREA, GOAL = PlanItemKind.AREA, PlanItemKind.GOAL
ASSIGNMENT, ACTIVITY = PlanItemKind.ASSIGNMENT, PlanItemKind.ACTIVITY


def _plan(uow: UnitOfWork) -> dict[PlanItemKind, int]:
    """An area with a goal, an assignment serving it with an activity; their ids."""
    unit = add_budget_unit(
        uow, actor=STAFF, name="UEDB", financing=Financing.AGREEMENT, admission_office=True, now=NOW
    )
    area = add_area(uow, actor=STAFF, year=YEAR, kind=AreaKind.FOCUS_AREA, name="Bo", now=NOW)
    add_area(uow, actor=STAFF, year=YEAR, kind=AreaKind.FOCUS_AREA, name="Lära", now=NOW)
    goal = add_goal(uow, actor=STAFF, area_id=area, text="Mål", now=NOW)
    assignment = add_assignment(
        uow,
        actor=STAFF,
        year=YEAR,
        name="Uppdrag",
        description="Vad",
        unit_id=unit,
        planned_hours=Decimal(100),
        goal_ids=[goal],
        now=NOW,
    )
    activity = add_activity(
        uow,
        actor=STAFF,
        assignment_id=assignment,
        name="Aktivitet",
        planned_hours=Decimal(40),
        now=NOW,
    )
    return {AREA: area, GOAL: goal, ASSIGNMENT: assignment, ACTIVITY: activity}


def _events(uow: UnitOfWork, action: str) -> list[dict[str, object]]:
    return [e for e in uow.audit.events() if e["action"] == action]


def test_a_removal_is_refused_while_something_depends_on_the_item_and_names_it() -> None:
    uow = FakeUnitOfWork()
    ids = _plan(uow)
    record_follow_up(
        uow,
        actor=STAFF,
        assignment_id=ids[ASSIGNMENT],
        period="T1",
        light=TrafficLight.AT_RISK,
        comment="Sent",
        now=NOW,
    )
    refusals = {
        AREA: "målet 'Mål'",
        GOAL: "uppdraget 'Uppdrag'",
        ASSIGNMENT: "aktiviteten 'Aktivitet', uppföljningen 'T1'",
    }
    for kind, named in refusals.items():
        with pytest.raises(Conflict, match=named):
            remove_plan_item(uow, actor=STAFF, kind=kind, item_id=ids[kind], now=NOW)
    assert uow.operations_plan.dependents(ASSIGNMENT, ids[ASSIGNMENT]) == [
        Dependent("activity", "Aktivitet"),
        Dependent("follow_up", "T1"),
    ]
    assert _events(uow, "remove") == []
    assert uow.operations_plan.item(AREA, ids[AREA]) is not None


def test_a_board_member_may_neither_edit_nor_remove() -> None:
    uow = FakeUnitOfWork()
    ids = _plan(uow)
    with pytest.raises(NotPermitted):
        edit_plan_item(uow, actor=BOARD, kind=GOAL, item_id=ids[GOAL], name="Nytt", now=NOW)
    with pytest.raises(NotPermitted):
        remove_plan_item(uow, actor=BOARD, kind=ACTIVITY, item_id=ids[ACTIVITY], now=NOW)
    assert _events(uow, "edit") == []
    assert _events(uow, "remove") == []


def test_a_name_taken_in_the_year_or_an_unknown_item_is_refused() -> None:
    uow = FakeUnitOfWork()
    ids = _plan(uow)
    with pytest.raises(Conflict, match="redan ett område som heter 'Lära'"):
        edit_plan_item(uow, actor=STAFF, kind=AREA, item_id=ids[AREA], name="Lära", now=NOW)
    with pytest.raises(NotFound):
        remove_plan_item(uow, actor=STAFF, kind=GOAL, item_id=999, now=NOW)


def test_the_staff_edit_each_kind_and_the_change_is_audited(uow: UnitOfWork) -> None:
    ids = _plan(uow)
    edit_plan_item(
        uow,
        actor=STAFF,
        kind=ASSIGNMENT,
        item_id=ids[ASSIGNMENT],
        name="Uppdraget",
        description="Vad och hur",
        planned_hours=Decimal("120.5"),
        now=NOW,
    )
    edit_plan_item(uow, actor=STAFF, kind=GOAL, item_id=ids[GOAL], name="Målet", now=NOW)
    edit_plan_item(
        uow, actor=STAFF, kind=AREA, item_id=ids[AREA], name="Bostad", description="Om", now=NOW
    )
    edit_plan_item(
        uow,
        actor=STAFF,
        kind=ACTIVITY,
        item_id=ids[ACTIVITY],
        name="Aktiviteten",
        planned_hours=Decimal(8),
        now=NOW,
    )
    with uow:
        plan = uow.operations_plan
        assert plan.item(ASSIGNMENT, ids[ASSIGNMENT]) == PlanItem(
            ASSIGNMENT, ids[ASSIGNMENT], YEAR, "Uppdraget", "Vad och hur", Decimal("120.5")
        )
        assert plan.item(GOAL, ids[GOAL]) == PlanItem(
            GOAL, ids[GOAL], YEAR, "Målet", parent_id=ids[AREA]
        )
        assert plan.item(AREA, ids[AREA]) == PlanItem(AREA, ids[AREA], YEAR, "Bostad", "Om")
        activity = plan.item(ACTIVITY, ids[ACTIVITY])
        assert activity is not None
        assert (activity.name, activity.planned_hours) == ("Aktiviteten", Decimal(8))
    edits = _events(uow, "edit")
    assert [e["entity"] for e in edits] == [
        "plan_assignment",
        "plan_goal",
        "plan_area",
        "plan_activity",
    ]
    before = edits[1]["before"]
    assert isinstance(before, dict)
    assert (before["name"], edits[1]["after"]["name"]) == ("Mål", "Målet")  # type: ignore[index]


def test_the_staff_remove_from_the_leaves_up_and_each_removal_is_audited(
    uow: UnitOfWork,
) -> None:
    ids = _plan(uow)
    for kind in (ACTIVITY, ASSIGNMENT, GOAL, AREA):
        removed = remove_plan_item(uow, actor=STAFF, kind=kind, item_id=ids[kind], now=NOW)
        assert removed.id == ids[kind]
    with uow:
        assert all(uow.operations_plan.item(kind, ids[kind]) is None for kind in ids)
    removals = _events(uow, "remove")
    assert [(e["entity"], e["after"]) for e in removals] == [
        ("plan_activity", None),
        ("plan_assignment", None),
        ("plan_goal", None),
        ("plan_area", None),
    ]
