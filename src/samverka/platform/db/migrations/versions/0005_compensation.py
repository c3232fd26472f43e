"""Money between municipalities: price lists, structure supplements, compensation runs and
their lines, closed months. Booked lines are history: triggers refuse to change or delete them,
as for the audit trail (a correction is a reversal and a new line, never an edit).

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-22 18:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | Sequence[str] | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


COST_COLUMNS = (
    "teaching",
    "premises",
    "learning_materials",
    "school_meals",
    "pupil_health",
    "travel",
    "administration_other",
)


LINES_APPEND_ONLY = "compensation lines are append-only"
_SQLITE_GUARD = [
    f"CREATE TRIGGER compensation_line_no_{verb.lower()} BEFORE {verb} ON compensation_line "
    f"BEGIN SELECT RAISE(ABORT, '{LINES_APPEND_ONLY}'); END"
    for verb in ("UPDATE", "DELETE")
]
_POSTGRESQL_GUARD = [
    "CREATE FUNCTION compensation_line_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ "
    f"BEGIN RAISE EXCEPTION '{LINES_APPEND_ONLY}' USING ERRCODE = 'restrict_violation'; END $$",
    *(
        f"CREATE TRIGGER compensation_line_no_{verb.lower()} BEFORE {verb} ON compensation_line "
        f"FOR EACH {each} EXECUTE FUNCTION compensation_line_append_only()"
        for verb, each in (("UPDATE", "ROW"), ("DELETE", "ROW"), ("TRUNCATE", "STATEMENT"))
    ),
]


def _guard_lines() -> None:
    dialect = op.get_context().dialect.name
    guards = {"sqlite": _SQLITE_GUARD, "postgresql": _POSTGRESQL_GUARD}
    if dialect not in guards:
        raise NotImplementedError(f"no append-only compensation lines for the {dialect} dialect")
    for statement in guards[dialect]:
        op.execute(statement)


def _money() -> sa.Numeric[Decimal]:
    return sa.Numeric(precision=14, scale=2)


def upgrade() -> None:
    op.create_table(
        "price_list",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=80), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_price_list")),
        sa.UniqueConstraint("year", "kind", name="uq_price_list_year_kind"),
    )
    op.create_table(
        "price",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("price_list_id", sa.Integer(), nullable=False),
        sa.Column("programme", sa.String(length=10), nullable=False),
        sa.Column("orientation", sa.String(length=20), nullable=True),
        sa.Column("municipality_code", sa.String(length=4), nullable=True),
        sa.Column("yearly", _money(), nullable=False),
        *(sa.Column(name, _money(), nullable=True) for name in COST_COLUMNS),
        sa.ForeignKeyConstraint(
            ["price_list_id"], ["price_list.id"], name=op.f("fk_price_price_list_id_price_list")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_price")),
    )
    op.create_index(op.f("ix_price_price_list_id"), "price", ["price_list_id"])
    op.create_table(
        "supplement_tier",
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("level", sa.Integer(), nullable=False),
        sa.Column("below", sa.Numeric(precision=8, scale=2), nullable=False),
        sa.Column("yearly_amount", _money(), nullable=False),
        sa.PrimaryKeyConstraint("year", "level", name=op.f("pk_supplement_tier")),
    )
    op.create_table(
        "compensation_run",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=80), nullable=False),
        sa.Column("settings", sa.JSON(), nullable=False),
        sa.Column("rechecked", sa.JSON(), nullable=False),
        sa.Column("lines", sa.Integer(), nullable=False),
        sa.Column("regular_total", _money(), nullable=False),
        sa.Column("correction_total", _money(), nullable=False),
        sa.Column("total", _money(), nullable=False),
        sa.Column("anomalies", sa.JSON(), nullable=False),
        sa.Column("timings", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_compensation_run")),
    )
    op.create_index(op.f("ix_compensation_run_month"), "compensation_run", ["month"])
    op.create_table(
        "compensation_line",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("pupil_id", sa.String(length=40), nullable=False),
        sa.Column("service_month", sa.String(length=7), nullable=False),
        sa.Column("booked_in", sa.String(length=7), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("payer", sa.String(length=4), nullable=False),
        sa.Column("payee_kind", sa.String(length=20), nullable=False),
        sa.Column("payee_code", sa.String(length=20), nullable=False),
        sa.Column("school_unit", sa.String(length=8), nullable=False),
        sa.Column("programme", sa.String(length=10), nullable=False),
        sa.Column("orientation", sa.String(length=20), nullable=True),
        sa.Column("price_amount", _money(), nullable=False),
        sa.Column("supplement_amount", _money(), nullable=False),
        sa.Column("amount", _money(), nullable=False),
        sa.Column("measurement_date", sa.Date(), nullable=False),
        sa.Column("price_source", sa.String(length=12), nullable=False),
        sa.ForeignKeyConstraint(
            ["run_id"],
            ["compensation_run.id"],
            name=op.f("fk_compensation_line_run_id_compensation_run"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_compensation_line")),
    )
    for column in ("run_id", "service_month", "booked_in"):
        op.create_index(op.f(f"ix_compensation_line_{column}"), "compensation_line", [column])
    op.create_index(
        "ix_compensation_line_pupil_month", "compensation_line", ["pupil_id", "service_month"]
    )
    op.create_table(
        "compensation_pupil_digest",
        sa.Column("pupil_id", sa.String(length=40), nullable=False),
        sa.Column("digest", sa.String(length=32), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["run_id"],
            ["compensation_run.id"],
            name=op.f("fk_compensation_pupil_digest_run_id_compensation_run"),
        ),
        sa.PrimaryKeyConstraint("pupil_id", name=op.f("pk_compensation_pupil_digest")),
    )
    op.create_table(
        "compensation_recheck_basis",
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("settings_digest", sa.String(length=32), nullable=False),
        sa.Column("tariff_digests", sa.JSON(), nullable=False),
        sa.Column("covered", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["run_id"],
            ["compensation_run.id"],
            name=op.f("fk_compensation_recheck_basis_run_id_compensation_run"),
        ),
        sa.PrimaryKeyConstraint("run_id", name=op.f("pk_compensation_recheck_basis")),
    )
    op.create_table(
        "month_closing",
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("closed_by", sa.String(length=80), nullable=False),
        sa.PrimaryKeyConstraint("month", name=op.f("pk_month_closing")),
    )
    _guard_lines()


def downgrade() -> None:
    op.drop_table("month_closing")
    op.drop_table("compensation_recheck_basis")
    op.drop_table("compensation_pupil_digest")
    op.drop_index("ix_compensation_line_pupil_month", table_name="compensation_line")
    for column in ("booked_in", "service_month", "run_id"):
        op.drop_index(op.f(f"ix_compensation_line_{column}"), table_name="compensation_line")
    op.drop_table("compensation_line")  # and its triggers
    if op.get_context().dialect.name == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS compensation_line_append_only()")
    op.drop_index(op.f("ix_compensation_run_month"), table_name="compensation_run")
    op.drop_table("compensation_run")
    op.drop_table("supplement_tier")
    op.drop_index(op.f("ix_price_price_list_id"), table_name="price")
    op.drop_table("price")
    op.drop_table("price_list")
