"""Member fees: the service fee decisions per year and the admission service fee, with invoices.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-22 20:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | Sequence[str] | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _money() -> sa.Numeric[Decimal]:
    return sa.Numeric(precision=14, scale=2)


def _revenue() -> sa.Numeric[Decimal]:
    return sa.Numeric(precision=16, scale=2)


def _per_mille() -> sa.Numeric[Decimal]:
    return sa.Numeric(precision=8, scale=4)


def _municipality(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["municipality_code"],
        ["municipality.code"],
        name=op.f(f"fk_{table}_municipality_code_municipality"),
    )


def _decision_columns() -> list[sa.Column[object]]:
    return [
        sa.Column("decided_on", sa.Date(), nullable=False),
        sa.Column("decided_by", sa.String(length=200), nullable=False),
        sa.Column("instalments", sa.Integer(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("recorded_by", sa.String(length=80), nullable=False),
        sa.Column("superseded_at", sa.DateTime(timezone=True), nullable=True),
    ]


def upgrade() -> None:
    op.create_table(
        "fee_revenue_base",
        sa.Column("municipality_code", sa.String(length=4), nullable=False),
        sa.Column("base_year", sa.Integer(), nullable=False),
        sa.Column("revenue", _revenue(), nullable=False),
        sa.Column("source", sa.String(length=200), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("changed_by", sa.String(length=80), nullable=False),
        _municipality("fee_revenue_base"),
        sa.PrimaryKeyConstraint("municipality_code", "base_year", name=op.f("pk_fee_revenue_base")),
    )
    op.create_table(
        "service_fee_decision",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("fee_year", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("rate_per_mille", _per_mille(), nullable=False),
        sa.Column("cap_per_mille", _per_mille(), nullable=False),
        sa.Column("base_year", sa.Integer(), nullable=False),
        *_decision_columns(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_service_fee_decision")),
        sa.UniqueConstraint("fee_year", "version", name="uq_service_fee_decision_fee_year_version"),
    )
    op.create_table(
        "service_fee_line",
        sa.Column("decision_id", sa.Integer(), nullable=False),
        sa.Column("municipality_code", sa.String(length=4), nullable=False),
        sa.Column("revenue", _revenue(), nullable=False),
        sa.Column("fee", _money(), nullable=False),
        sa.ForeignKeyConstraint(
            ["decision_id"],
            ["service_fee_decision.id"],
            name=op.f("fk_service_fee_line_decision_id_service_fee_decision"),
        ),
        _municipality("service_fee_line"),
        sa.PrimaryKeyConstraint(
            "decision_id", "municipality_code", name=op.f("pk_service_fee_line")
        ),
    )
    op.create_table(
        "admission_fee_decision",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("fee_year", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("budgeted_cost", _money(), nullable=False),
        sa.Column("fee_age", sa.Integer(), nullable=False),
        sa.Column("reference_date", sa.Date(), nullable=False),
        sa.Column("price_per_young_person", _money(), nullable=False),
        *_decision_columns(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_admission_fee_decision")),
        sa.UniqueConstraint(
            "fee_year", "version", name="uq_admission_fee_decision_fee_year_version"
        ),
    )
    op.create_table(
        "admission_fee_line",
        sa.Column("decision_id", sa.Integer(), nullable=False),
        sa.Column("municipality_code", sa.String(length=4), nullable=False),
        sa.Column("young_people", sa.Integer(), nullable=False),
        sa.Column("fee", _money(), nullable=False),
        sa.ForeignKeyConstraint(
            ["decision_id"],
            ["admission_fee_decision.id"],
            name=op.f("fk_admission_fee_line_decision_id_admission_fee_decision"),
        ),
        _municipality("admission_fee_line"),
        sa.PrimaryKeyConstraint(
            "decision_id", "municipality_code", name=op.f("pk_admission_fee_line")
        ),
    )
    op.create_table(
        "fee_invoice",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("invoice_number", sa.String(length=40), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("decision_id", sa.Integer(), nullable=False),
        sa.Column("fee_year", sa.Integer(), nullable=False),
        sa.Column("municipality_code", sa.String(length=4), nullable=False),
        sa.Column("issued_on", sa.Date(), nullable=False),
        sa.Column("amount", _money(), nullable=False),
        _municipality("fee_invoice"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fee_invoice")),
        sa.UniqueConstraint("invoice_number", name=op.f("uq_fee_invoice_invoice_number")),
    )
    op.create_index(op.f("ix_fee_invoice_fee_year"), "fee_invoice", ["fee_year"])
    op.create_table(
        "fee_instalment",
        sa.Column("invoice_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("amount", _money(), nullable=False),
        sa.ForeignKeyConstraint(
            ["invoice_id"],
            ["fee_invoice.id"],
            name=op.f("fk_fee_instalment_invoice_id_fee_invoice"),
        ),
        sa.PrimaryKeyConstraint("invoice_id", "number", name=op.f("pk_fee_instalment")),
    )


def downgrade() -> None:
    op.drop_table("fee_instalment")
    op.drop_index(op.f("ix_fee_invoice_fee_year"), table_name="fee_invoice")
    op.drop_table("fee_invoice")
    op.drop_table("admission_fee_line")
    op.drop_table("admission_fee_decision")
    op.drop_table("service_fee_line")
    op.drop_table("service_fee_decision")
    op.drop_table("fee_revenue_base")
