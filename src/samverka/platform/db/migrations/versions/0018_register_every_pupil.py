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
* ``compensation_run_total`` is part of a stored run, which is never changed: append-only like
  the run (``append_only.APPEND_ONLY``, guards as migration 0014 makes them; not
  ``compensation_unpaid``, which holds each pupil-month as the latest run left it and is
  replaced); ``registration_period``'s write-once trigger on SQLite names its columns,
  so it is made again with ``source`` among the columns that never change (migration 0014).

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-10 10:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0018"
down_revision: str | Sequence[str] | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

LINES_APPEND_ONLY = "compensation lines are append-only"  # as migration 0005
_SQLITE_GUARD = [
    f"CREATE TRIGGER compensation_line_no_{verb.lower()} BEFORE {verb} ON compensation_line "
    f"BEGIN SELECT RAISE(ABORT, '{LINES_APPEND_ONLY}'); END"
    for verb in ("UPDATE", "DELETE")
]


NEWLY_APPEND_ONLY = ("compensation_run_total",)
PERIOD_FROZEN = (  # registration_period's columns that never change, as of migration 0014
    "id", "personal_id", "municipality_code", "name", "address", "protected_identity",
    "registered_on", "start",
)  # fmt: skip


def _period_write_once(frozen: Sequence[str]) -> list[str]:
    """registration_period's SQLite write-once trigger (migration 0014), over ``frozen``."""
    changed = " OR ".join(f'NEW."{c}" IS NOT OLD."{c}"' for c in frozen)
    message = "registration_period is append-only: only end may be set, once"
    return [
        "DROP TRIGGER IF EXISTS registration_period_write_once",
        "CREATE TRIGGER registration_period_write_once BEFORE UPDATE ON registration_period "
        f'WHEN OLD."end" IS NOT NULL OR {changed} '
        f"BEGIN SELECT RAISE(ABORT, '{message}'); END",
    ]


def _guards(sqlite: bool) -> list[str]:
    """The append-only guards of the new tables, as migration 0014 makes them."""
    statements = []
    for table in NEWLY_APPEND_ONLY:
        if sqlite:
            statements += [
                f"CREATE TRIGGER {table}_no_{verb.lower()} BEFORE {verb} ON {table} "
                f"BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END"
                for verb in ("UPDATE", "DELETE")
            ]
        else:
            statements += [
                f"CREATE TRIGGER {table}_no_{verb.lower()} BEFORE {verb} ON {table} "
                f"FOR EACH {'STATEMENT' if verb == 'TRUNCATE' else 'ROW'} "
                "EXECUTE FUNCTION samverka_append_only()"
                for verb in ("UPDATE", "DELETE", "TRUNCATE")
            ]
    return statements


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
    sqlite = op.get_context().dialect.name == "sqlite"
    if sqlite:
        for statement in _period_write_once((*PERIOD_FROZEN, "source")):
            op.execute(statement)
    for statement in _guards(sqlite):
        op.execute(statement)


def downgrade() -> None:
    """Back to 0016; fails (and changes nothing) if an orientation longer than 20 is stored."""
    _orientation_length(20)
    op.drop_table("compensation_run_total")
    op.drop_index("ix_compensation_unpaid_month_pupil", table_name="compensation_unpaid")
    op.drop_index(op.f("ix_compensation_unpaid_run_id"), table_name="compensation_unpaid")
    op.drop_table("compensation_unpaid")
    sqlite = op.get_context().dialect.name == "sqlite"
    if sqlite:  # the trigger names the column; the table is rebuilt without its triggers
        op.execute("DROP TRIGGER IF EXISTS registration_period_write_once")
    with op.batch_alter_table("registration_period") as batch:
        batch.drop_column("source")
    if sqlite:
        op.execute("DROP TRIGGER IF EXISTS registration_period_no_delete")
        op.execute(
            "CREATE TRIGGER registration_period_no_delete BEFORE DELETE ON registration_period "
            "BEGIN SELECT RAISE(ABORT, 'registration_period is append-only'); END"
        )
        for statement in _period_write_once(PERIOD_FROZEN):
            op.execute(statement)
