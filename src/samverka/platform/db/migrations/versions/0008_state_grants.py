"""State grants (stimulansmedel): grants, allocation keys, allocations and the follow-up of their
use.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-22 20:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | Sequence[str] | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _money() -> sa.Numeric[Decimal]:
    return sa.Numeric(precision=14, scale=2)


def _percent() -> sa.Numeric[Decimal]:
    return sa.Numeric(precision=5, scale=2)


def _fk(table: str, column: str, target: str) -> sa.ForeignKeyConstraint:
    referred = target.partition(".")[0]
    return sa.ForeignKeyConstraint([column], [target], name=op.f(f"fk_{table}_{column}_{referred}"))


def _grant_fk(table: str) -> sa.ForeignKeyConstraint:
    return _fk(table, "grant_id", "state_grant.id")


def upgrade() -> None:
    op.create_table(
        "state_grant",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("total", _money(), nullable=False),
        sa.Column("region_percent", _percent(), nullable=False),
        sa.Column("set_aside_percent", _percent(), nullable=False),
        sa.Column("report_due", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=80), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_state_grant")),
    )
    op.create_table(
        "state_grant_allocation",
        sa.Column("grant_id", sa.Integer(), nullable=False),
        sa.Column("key_kind", sa.String(length=12), nullable=False),
        sa.Column("key_description", sa.String(length=200), nullable=False),
        sa.Column("age_from", sa.Integer(), nullable=True),
        sa.Column("age_to", sa.Integer(), nullable=True),
        sa.Column("reference_date", sa.Date(), nullable=True),
        sa.Column("region_gross", _money(), nullable=False),
        sa.Column("region_set_aside", _money(), nullable=False),
        sa.Column("municipalities_gross", _money(), nullable=False),
        sa.Column("set_aside_total", _money(), nullable=False),
        sa.Column("allocated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("allocated_by", sa.String(length=80), nullable=False),
        _grant_fk("state_grant_allocation"),
        sa.PrimaryKeyConstraint("grant_id", name=op.f("pk_state_grant_allocation")),
    )
    op.create_table(
        "state_grant_share",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("grant_id", sa.Integer(), nullable=False),
        sa.Column("municipality_code", sa.String(length=4), nullable=False),
        sa.Column("key_value", sa.Numeric(precision=18, scale=4), nullable=False),
        sa.Column("share", sa.Numeric(precision=9, scale=6), nullable=False),
        sa.Column("gross", _money(), nullable=False),
        sa.Column("set_aside", _money(), nullable=False),
        sa.Column("net", _money(), nullable=False),
        _grant_fk("state_grant_share"),
        _fk("state_grant_share", "municipality_code", "municipality.code"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_state_grant_share")),
        sa.UniqueConstraint(
            "grant_id", "municipality_code", name=op.f("uq_state_grant_share_grant_id")
        ),
    )
    op.create_index(op.f("ix_state_grant_share_grant_id"), "state_grant_share", ["grant_id"])
    op.create_table(
        "state_grant_use",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("grant_id", sa.Integer(), nullable=False),
        sa.Column("municipality_code", sa.String(length=4), nullable=False),
        sa.Column("category", sa.String(length=20), nullable=False),
        sa.Column("purpose", sa.String(length=300), nullable=False),
        sa.Column("amount", _money(), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("period_end", sa.Date(), nullable=False),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("reported_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reported_by", sa.String(length=80), nullable=False),
        _grant_fk("state_grant_use"),
        _fk("state_grant_use", "municipality_code", "municipality.code"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_state_grant_use")),
    )
    op.create_index(op.f("ix_state_grant_use_grant_id"), "state_grant_use", ["grant_id"])
    op.create_table(
        "state_grant_reminder",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("grant_id", sa.Integer(), nullable=False),
        sa.Column("municipality_code", sa.String(length=4), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_by", sa.String(length=80), nullable=False),
        _grant_fk("state_grant_reminder"),
        _fk("state_grant_reminder", "municipality_code", "municipality.code"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_state_grant_reminder")),
    )
    op.create_index(op.f("ix_state_grant_reminder_grant_id"), "state_grant_reminder", ["grant_id"])


def downgrade() -> None:
    op.drop_table("state_grant_reminder")
    op.drop_table("state_grant_use")
    op.drop_table("state_grant_share")
    op.drop_table("state_grant_allocation")
    op.drop_table("state_grant")
