"""The youth register (UEDB), school placements and the activity follow-up (KAA).

Registration periods and school placements are history: a later load or registration sets a
period's or placement's end once; changes and follow-up entries are only ever appended. The
organiser gets its organisation number (independent organisers are paid by it).

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22 18:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | Sequence[str] | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


POINTS = sa.Numeric(precision=8, scale=2)


def _fk(table: str, column: str, target: str) -> sa.ForeignKeyConstraint:
    referred = target.partition(".")[0]
    return sa.ForeignKeyConstraint([column], [target], name=op.f(f"fk_{table}_{column}_{referred}"))


def upgrade() -> None:
    with op.batch_alter_table("organiser") as batch:
        batch.add_column(sa.Column("organisation_number", sa.String(length=11), nullable=True))
    op.create_table(
        "register_person",
        sa.Column("personal_id", sa.String(length=13), nullable=False),
        sa.Column("birth_date", sa.Date(), nullable=False),
        sa.PrimaryKeyConstraint("personal_id", name=op.f("pk_register_person")),
    )
    op.create_table(
        "registration_period",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("personal_id", sa.String(length=13), nullable=False),
        sa.Column("municipality_code", sa.String(length=4), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("address", sa.String(length=300), nullable=False),
        sa.Column("protected_identity", sa.Boolean(), nullable=False),
        sa.Column("registered_on", sa.Date(), nullable=True),
        sa.Column("start", sa.Date(), nullable=False),
        sa.Column("end", sa.Date(), nullable=True),
        _fk("registration_period", "personal_id", "register_person.personal_id"),
        _fk("registration_period", "municipality_code", "municipality.code"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_registration_period")),
    )
    op.create_index(
        op.f("ix_registration_period_personal_id"), "registration_period", ["personal_id"]
    )
    op.create_table(
        "population_load",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("extract_date", sa.Date(), nullable=False),
        sa.Column("source", sa.String(length=200), nullable=False),
        sa.Column("persons", sa.Integer(), nullable=False),
        sa.Column("changes", sa.Integer(), nullable=False),
        sa.Column("loaded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("loaded_by", sa.String(length=80), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_population_load")),
    )
    op.create_table(
        "register_change",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("load_id", sa.Integer(), nullable=False),
        sa.Column("personal_id", sa.String(length=13), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("on", sa.Date(), nullable=False),
        sa.Column("before", sa.String(length=300), nullable=True),
        sa.Column("after", sa.String(length=300), nullable=True),
        _fk("register_change", "load_id", "population_load.id"),
        _fk("register_change", "personal_id", "register_person.personal_id"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_register_change")),
    )
    op.create_index(op.f("ix_register_change_personal_id"), "register_change", ["personal_id"])
    op.create_table(
        "school_placement",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("personal_id", sa.String(length=13), nullable=False),
        sa.Column("school_unit_code", sa.String(length=8), nullable=False),
        sa.Column("programme", sa.String(length=8), nullable=False),
        sa.Column("orientation", sa.String(length=80), nullable=False),
        sa.Column("start", sa.Date(), nullable=False),
        sa.Column("end", sa.Date(), nullable=True),
        sa.Column("end_reason", sa.String(length=20), nullable=True),
        sa.Column("admission_year_id", sa.Integer(), nullable=True),
        sa.Column("merit_value", POINTS, nullable=True),
        _fk("school_placement", "school_unit_code", "school_unit.code"),
        _fk("school_placement", "admission_year_id", "admission_year.id"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_school_placement")),
    )
    op.create_index(op.f("ix_school_placement_personal_id"), "school_placement", ["personal_id"])
    op.create_index("ix_school_placement_dates", "school_placement", ["start", "end"])
    op.create_table(
        "follow_up_entry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("personal_id", sa.String(length=13), nullable=False),
        sa.Column("municipality_code", sa.String(length=4), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("on", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=30), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("recorded_by", sa.String(length=80), nullable=False),
        _fk("follow_up_entry", "municipality_code", "municipality.code"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_follow_up_entry")),
    )
    op.create_index(op.f("ix_follow_up_entry_personal_id"), "follow_up_entry", ["personal_id"])


def downgrade() -> None:
    op.drop_table("follow_up_entry")
    op.drop_table("school_placement")
    op.drop_table("register_change")
    op.drop_table("population_load")
    op.drop_table("registration_period")
    op.drop_table("register_person")
    with op.batch_alter_table("organiser") as batch:
        batch.drop_column("organisation_number")
