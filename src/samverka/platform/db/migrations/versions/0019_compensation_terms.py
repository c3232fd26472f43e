"""The terms of the money between municipalities (issue 13, points 3–7).

1. ``compensation_line`` gets the independent organiser's administration and VAT shares, the
   line's purpose (the programme or a kind of tilläggsbelopp) and its decision, and whether the
   organiser invoices it (a home municipality outside the area). The lines booked before are
   programme lines paid directly, without shares: the server defaults say so, so that adding
   the columns updates no booked line (the table is append-only).
2. New tables (``compensation_terms_tables.py``): the shares per year, the members' clearing
   decisions, tilläggsbelopp decisions, payees with payment details, the price proposals and
   the municipalities' decisions on them.

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-14 09:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0019"
down_revision: str | Sequence[str] | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

MONEY = sa.Numeric(14, 2)
PERCENT = sa.Numeric(6, 2)
LINE_COLUMNS = ("admin_amount", "vat_amount", "purpose", "decision_id", "invoice")


def _recorded(prefix: str) -> list[sa.Column[object]]:
    return [
        sa.Column(f"{prefix}_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column(f"{prefix}_by", sa.String(length=80), nullable=False),
    ]


def upgrade() -> None:
    op.add_column(
        "compensation_line",
        sa.Column("admin_amount", MONEY, nullable=False, server_default="0"),
    )
    op.add_column(
        "compensation_line", sa.Column("vat_amount", MONEY, nullable=False, server_default="0")
    )
    op.add_column(
        "compensation_line",
        sa.Column("purpose", sa.String(length=24), nullable=False, server_default="programme"),
    )
    op.add_column("compensation_line", sa.Column("decision_id", sa.Integer(), nullable=True))
    op.add_column(
        "compensation_line",
        sa.Column("invoice", sa.Boolean(), nullable=False, server_default=sa.false()),
    )
    op.create_table(
        "compensation_year_setting",
        sa.Column("year", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("administration_percent", PERCENT, nullable=False),
        sa.Column("vat_percent", PERCENT, nullable=False),
        sa.Column("included", sa.Boolean(), nullable=False),
        sa.Column("decided_on", sa.Date(), nullable=True),
        sa.Column("reference", sa.String(length=100), nullable=False),
        *_recorded("changed"),
        sa.PrimaryKeyConstraint("year", name=op.f("pk_compensation_year_setting")),
    )
    op.create_table(
        "clearing_decision",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("mode", sa.String(length=12), nullable=False),
        sa.Column("from_month", sa.String(length=7), nullable=False),
        sa.Column("decided_on", sa.Date(), nullable=False),
        sa.Column("reference", sa.String(length=100), nullable=False),
        *_recorded("recorded"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_clearing_decision")),
    )
    op.create_table(
        "additional_grant",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("pupil_id", sa.String(length=40), nullable=False),
        sa.Column("municipality_code", sa.String(length=4), nullable=False),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("amount", MONEY, nullable=False),
        sa.Column("per", sa.String(length=6), nullable=False),
        sa.Column("first_month", sa.String(length=7), nullable=False),
        sa.Column("last_month", sa.String(length=7), nullable=True),
        sa.Column("decided_on", sa.Date(), nullable=False),
        sa.Column("reference", sa.String(length=100), nullable=False),
        *_recorded("recorded"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_additional_grant")),
    )
    op.create_index(
        op.f("ix_additional_grant_pupil_id"), "additional_grant", ["pupil_id"], unique=False
    )
    op.create_index(
        op.f("ix_additional_grant_municipality_code"),
        "additional_grant",
        ["municipality_code"],
        unique=False,
    )
    op.create_table(
        "compensation_payee",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("code", sa.String(length=20), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("organisation_number", sa.String(length=11), nullable=True),
        sa.Column("bankgiro", sa.String(length=9), nullable=True),
        sa.Column("plusgiro", sa.String(length=11), nullable=True),
        sa.Column("outside_area", sa.Boolean(), nullable=False),
        *_recorded("changed"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_compensation_payee")),
        sa.UniqueConstraint("kind", "code", name="uq_compensation_payee_kind_code"),
    )
    op.create_table(
        "price_proposal",
        sa.Column("year", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("from_year", sa.Integer(), nullable=False),
        sa.Column("percent", PERCENT, nullable=False),
        sa.Column("level_percent", sa.JSON(), nullable=False),
        sa.Column("proposed_on", sa.Date(), nullable=False),
        sa.Column("reference", sa.String(length=100), nullable=False),
        *_recorded("created"),
        sa.PrimaryKeyConstraint("year", name=op.f("pk_price_proposal")),
    )
    op.create_table(
        "price_decision",
        sa.Column("year", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("municipality_code", sa.String(length=4), nullable=False),
        sa.Column("outcome", sa.String(length=12), nullable=False),
        sa.Column("decided_on", sa.Date(), nullable=False),
        sa.Column("reference", sa.String(length=100), nullable=False),
        *_recorded("recorded"),
        sa.PrimaryKeyConstraint("year", "municipality_code", name=op.f("pk_price_decision")),
    )


def downgrade() -> None:
    for table in (
        "price_decision",
        "price_proposal",
        "compensation_payee",
        "additional_grant",
        "clearing_decision",
        "compensation_year_setting",
    ):
        op.drop_table(table)
    with op.batch_alter_table("compensation_line") as batch:
        for column in LINE_COLUMNS:
            batch.drop_column(column)
    if op.get_context().dialect.name == "sqlite":  # the rebuilt table lost its guards
        for verb in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER compensation_line_no_{verb.lower()} BEFORE {verb} "
                "ON compensation_line BEGIN SELECT RAISE(ABORT, "
                "'compensation lines are append-only'); END"
            )
