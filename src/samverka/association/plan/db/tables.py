"""The operations plan and budget: focus areas, goals, assignments, activities, follow-ups, budget
units and lines (migration 0009).

Defined on the schema's one metadata (tables.py imports this module at its end, so
that the migrations test compares these tables too).

Hours are ``Numeric(10, 1)``; budget amounts are tkr in ``Numeric(15, 3)`` (whole kronor);
full-time equivalents are budget lines of type ``fte``. Net cost is never stored.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    ForeignKey,
    Integer,
    Numeric,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from samverka.platform.db.tables import metadata

HOURS = Numeric(10, 1)
AMOUNT = Numeric(15, 3)

budget_unit = Table(
    "budget_unit",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(120), nullable=False, unique=True),
    Column("financing", String(12), nullable=False),
    Column("admission_office", Boolean, nullable=False, default=False),
    Column("position", Integer, nullable=False),
)

plan_area = Table(
    "plan_area",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("year", Integer, nullable=False, index=True),
    Column("kind", String(12), nullable=False),
    Column("name", String(120), nullable=False),
    Column("description", Text, nullable=False),
    Column("position", Integer, nullable=False),
    UniqueConstraint("year", "name"),
)

plan_goal = Table(
    "plan_goal",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("area_id", Integer, ForeignKey("plan_area.id"), nullable=False, index=True),
    Column("text", Text, nullable=False),
    Column("position", Integer, nullable=False),
)

plan_assignment = Table(
    "plan_assignment",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("year", Integer, nullable=False, index=True),
    Column("name", String(160), nullable=False),
    Column("description", Text, nullable=False),
    Column("unit_id", Integer, ForeignKey("budget_unit.id"), nullable=False),
    Column("planned_hours", HOURS, nullable=False),
    Column("position", Integer, nullable=False),
    UniqueConstraint("year", "name"),
)

plan_assignment_goal = Table(
    "plan_assignment_goal",
    metadata,
    Column("assignment_id", Integer, ForeignKey("plan_assignment.id"), primary_key=True),
    Column("goal_id", Integer, ForeignKey("plan_goal.id"), primary_key=True),
)

plan_activity = Table(
    "plan_activity",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("assignment_id", Integer, ForeignKey("plan_assignment.id"), nullable=False, index=True),
    Column("name", Text, nullable=False),
    Column("planned_hours", HOURS, nullable=False),
    Column("reported_hours", HOURS, nullable=False),
    Column("position", Integer, nullable=False),
)

plan_follow_up = Table(
    "plan_follow_up",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("assignment_id", Integer, ForeignKey("plan_assignment.id"), nullable=False, index=True),
    Column("period", String(4), nullable=False),
    Column("light", String(12), nullable=False),
    Column("comment", Text, nullable=False),
    Column("recorded_at", DateTime(timezone=True), nullable=False),
    Column("recorded_by", String(80), nullable=False),
)

budget_line = Table(
    "budget_line",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("unit_id", Integer, ForeignKey("budget_unit.id"), nullable=False),
    Column("year", Integer, nullable=False, index=True),
    Column("kind", String(8), nullable=False),
    Column("line_type", String(16), nullable=False),
    Column("amount", AMOUNT, nullable=False),
    Column("changed_at", DateTime(timezone=True), nullable=False),
    Column("changed_by", String(80), nullable=False),
    UniqueConstraint("unit_id", "year", "kind", "line_type"),
)

__all__ = [
    "budget_line",
    "budget_unit",
    "metadata",
    "plan_activity",
    "plan_area",
    "plan_assignment",
    "plan_assignment_goal",
    "plan_follow_up",
    "plan_goal",
]
