"""The operations plan and budget: focus areas, goals, assignments, activities, follow-up, budget
lines.

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-22 20:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | Sequence[str] | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _hours() -> sa.Numeric[Decimal]:
    return sa.Numeric(precision=10, scale=1)


def _fk(table: str, column: str, target: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column], [f"{target}.id"], name=op.f(f"fk_{table}_{column}_{target}")
    )


def upgrade() -> None:
    op.create_table(
        "budget_unit",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("financing", sa.String(length=12), nullable=False),
        sa.Column("admission_office", sa.Boolean(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_budget_unit")),
        sa.UniqueConstraint("name", name=op.f("uq_budget_unit_name")),
    )
    op.create_table(
        "plan_area",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan_area")),
        sa.UniqueConstraint("year", "name", name=op.f("uq_plan_area_year")),
    )
    op.create_index(op.f("ix_plan_area_year"), "plan_area", ["year"])
    op.create_table(
        "plan_goal",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("area_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        _fk("plan_goal", "area_id", "plan_area"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan_goal")),
    )
    op.create_index(op.f("ix_plan_goal_area_id"), "plan_goal", ["area_id"])
    op.create_table(
        "plan_assignment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=160), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("planned_hours", _hours(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        _fk("plan_assignment", "unit_id", "budget_unit"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan_assignment")),
        sa.UniqueConstraint("year", "name", name=op.f("uq_plan_assignment_year")),
    )
    op.create_index(op.f("ix_plan_assignment_year"), "plan_assignment", ["year"])
    op.create_table(
        "plan_assignment_goal",
        sa.Column("assignment_id", sa.Integer(), nullable=False),
        sa.Column("goal_id", sa.Integer(), nullable=False),
        _fk("plan_assignment_goal", "assignment_id", "plan_assignment"),
        _fk("plan_assignment_goal", "goal_id", "plan_goal"),
        sa.PrimaryKeyConstraint("assignment_id", "goal_id", name=op.f("pk_plan_assignment_goal")),
    )
    op.create_table(
        "plan_activity",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("assignment_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("planned_hours", _hours(), nullable=False),
        sa.Column("reported_hours", _hours(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        _fk("plan_activity", "assignment_id", "plan_assignment"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan_activity")),
    )
    op.create_index(op.f("ix_plan_activity_assignment_id"), "plan_activity", ["assignment_id"])
    op.create_table(
        "plan_follow_up",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("assignment_id", sa.Integer(), nullable=False),
        sa.Column("period", sa.String(length=4), nullable=False),
        sa.Column("light", sa.String(length=12), nullable=False),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("recorded_by", sa.String(length=80), nullable=False),
        _fk("plan_follow_up", "assignment_id", "plan_assignment"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan_follow_up")),
    )
    op.create_index(op.f("ix_plan_follow_up_assignment_id"), "plan_follow_up", ["assignment_id"])
    op.create_table(
        "budget_line",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("line_type", sa.String(length=16), nullable=False),
        sa.Column("amount", sa.Numeric(precision=15, scale=3), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("changed_by", sa.String(length=80), nullable=False),
        _fk("budget_line", "unit_id", "budget_unit"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_budget_line")),
        sa.UniqueConstraint(
            "unit_id", "year", "kind", "line_type", name=op.f("uq_budget_line_unit_id")
        ),
    )
    op.create_index(op.f("ix_budget_line_year"), "budget_line", ["year"])


def downgrade() -> None:
    op.drop_index(op.f("ix_budget_line_year"), table_name="budget_line")
    op.drop_table("budget_line")
    op.drop_index(op.f("ix_plan_follow_up_assignment_id"), table_name="plan_follow_up")
    op.drop_table("plan_follow_up")
    op.drop_index(op.f("ix_plan_activity_assignment_id"), table_name="plan_activity")
    op.drop_table("plan_activity")
    op.drop_table("plan_assignment_goal")
    op.drop_index(op.f("ix_plan_assignment_year"), table_name="plan_assignment")
    op.drop_table("plan_assignment")
    op.drop_index(op.f("ix_plan_goal_area_id"), table_name="plan_goal")
    op.drop_table("plan_goal")
    op.drop_index(op.f("ix_plan_area_year"), table_name="plan_area")
    op.drop_table("plan_area")
    op.drop_table("budget_unit")
