"""Every pupil in the register and every placed pupil-month accounted for (issue 13 points 1–2):

* ``registration_period.source``: who said where the person is registered (population extract,
  admission or school; existing rows came from extracts);
* ``compensation_unpaid``: the placed pupil-months a run did not pay, with the reason (an
  anomaly, or the pupil's own municipality's school);
* ``compensation_run_total``: what each run states it books per payer and payee, for the
  year's reconciliation check (issue 13: under 10 s for a year's million lines);
* the orientation of a price and of a compensation line as long as a placement's (80): on
  PostgreSQL a 29-character orientation ("Informations- och medieteknik") broke the run with
  "value too long for type character varying(20)". On SQLite the two tables are rebuilt (SQLite
  cannot change a column's declared type) and the append-only guard of the lines made again.

Revision ID: 0020
Revises: 0011
Create Date: 2026-12-10 10:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0020"
down_revision: str | Sequence[str] | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

LINES_APPEND_ONLY = "compensation lines are append-only"  # as migration 0005
_SQLITE_GUARD = [
    f"CREATE TRIGGER compensation_line_no_{verb.lower()} BEFORE {verb} ON compensation_line "
    f"BEGIN SELECT RAISE(ABORT, '{LINES_APPEND_ONLY}'); END"
    for verb in ("UPDATE", "DELETE")
]


def _orientation_length(length: int) -> None:
    sqlite = op.get_context().dialect.name == "sqlite"
    for table in ("price", "compensation_line"):
        with op.batch_alter_table(table) as batch:
            batch.alter_column(
                "orientation",
                existing_type=sa.String(length=80 if length == 20 else 20),
                type_=sa.String(length=length),
                existing_nullable=True,
            )
    if sqlite:  # the rebuilt table lost its triggers
        for statement in _SQLITE_GUARD:
            op.execute(statement)


def upgrade() -> None:
    op.add_column(
        "registration_period",
        sa.Column("source", sa.String(length=12), nullable=False, server_default="population"),
    )
    op.create_table(
        "compensation_unpaid",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("pupil_id", sa.String(length=40), nullable=False),
        sa.Column("service_month", sa.String(length=7), nullable=False),
        sa.Column("reason", sa.String(length=30), nullable=False),
        sa.Column("measurement_date", sa.Date(), nullable=False),
        sa.Column("payer", sa.String(length=4), nullable=True),
        sa.Column("school_unit", sa.String(length=8), nullable=True),
        sa.Column("programme", sa.String(length=10), nullable=True),
        sa.Column("orientation", sa.String(length=80), nullable=True),
        sa.Column("detail", sa.String(length=300), nullable=False),
        sa.ForeignKeyConstraint(
            ["run_id"],
            ["compensation_run.id"],
            name=op.f("fk_compensation_unpaid_run_id_compensation_run"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_compensation_unpaid")),
    )
    op.create_index(op.f("ix_compensation_unpaid_run_id"), "compensation_unpaid", ["run_id"])
    op.create_table(
        "compensation_run_total",
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("payer", sa.String(length=4), nullable=False),
        sa.Column("payee_kind", sa.String(length=20), nullable=False),
        sa.Column("payee_code", sa.String(length=20), nullable=False),
        sa.Column("lines", sa.Integer(), nullable=False),
        sa.Column("amount", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.ForeignKeyConstraint(
            ["run_id"],
            ["compensation_run.id"],
            name=op.f("fk_compensation_run_total_run_id_compensation_run"),
        ),
        sa.PrimaryKeyConstraint(
            "run_id", "payer", "payee_kind", "payee_code", name=op.f("pk_compensation_run_total")
        ),
    )
    op.create_index(
        "ix_compensation_unpaid_month_pupil",
        "compensation_unpaid",
        ["service_month", "pupil_id"],
    )
    _orientation_length(80)


def downgrade() -> None:
    """Back to 0011; fails (and changes nothing) if an orientation longer than 20 is stored."""
    _orientation_length(20)
    op.drop_table("compensation_run_total")
    op.drop_index("ix_compensation_unpaid_month_pupil", table_name="compensation_unpaid")
    op.drop_index(op.f("ix_compensation_unpaid_run_id"), table_name="compensation_unpaid")
    op.drop_table("compensation_unpaid")
    with op.batch_alter_table("registration_period") as batch:
        batch.drop_column("source")
