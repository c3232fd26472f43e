"""The association's charges and the unused state grants (issue 13, points 11 and 12).

* ``admission_fee_decision.count_basis``: how the young people of the fee age were counted:
  ``cohort`` (born in the reference date's year minus the fee age, the default from now on) or
  ``exact_age`` (the age on the reference date: every decision stored before this revision).
* ``admission_fee_charge``: an admission fee decision's charges, one per service (the admission
  office, the youth register, the admission system's share, the recovery of an earlier year's
  costs); each decision stored before is given its one charge, the admission office's cost.
* ``fee_invoice_line``: every member-fee invoice's lines; each invoice stored before is given
  one line of its whole amount.
* ``state_grant_unused_decision`` and ``state_grant_unused_line``: a recorded decision on what
  was left unused of a grant after the follow-up, repaid to the state or redistributed, and
  what it took back from and gave to each municipality.

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-07 10:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

import sqlalchemy as sa
from alembic import op

revision: str = "0021"
down_revision: str | Sequence[str] | None = "0020"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _money() -> sa.Numeric[Decimal]:
    return sa.Numeric(precision=14, scale=2)


def _fk(table: str, column: str, target: str) -> sa.ForeignKeyConstraint:
    referred = target.partition(".")[0]
    return sa.ForeignKeyConstraint([column], [target], name=op.f(f"fk_{table}_{column}_{referred}"))


def upgrade() -> None:
    with op.batch_alter_table("admission_fee_decision") as batch:
        batch.add_column(
            sa.Column(
                "count_basis", sa.String(length=12), nullable=False, server_default="exact_age"
            )
        )
    op.create_table(
        "admission_fee_charge",
        sa.Column("decision_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("text", sa.String(length=200), nullable=False),
        sa.Column("cost", _money(), nullable=False),
        _fk("admission_fee_charge", "decision_id", "admission_fee_decision.id"),
        sa.PrimaryKeyConstraint("decision_id", "kind", name=op.f("pk_admission_fee_charge")),
    )
    op.create_table(
        "fee_invoice_line",
        sa.Column("invoice_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("text", sa.String(length=200), nullable=False),
        sa.Column("amount", _money(), nullable=False),
        _fk("fee_invoice_line", "invoice_id", "fee_invoice.id"),
        sa.PrimaryKeyConstraint("invoice_id", "number", name=op.f("pk_fee_invoice_line")),
    )
    op.execute(
        "INSERT INTO admission_fee_charge (decision_id, kind, text, cost) "
        "SELECT id, 'admission_office', '', budgeted_cost FROM admission_fee_decision"
    )
    op.execute(
        "INSERT INTO fee_invoice_line (invoice_id, number, kind, text, amount) "
        "SELECT id, 1, CASE WHEN kind = 'admission' THEN 'admission_office' ELSE kind END, '', "
        "amount FROM fee_invoice"
    )
    op.create_table(
        "state_grant_unused_decision",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("grant_id", sa.Integer(), nullable=False),
        sa.Column("disposal", sa.String(length=12), nullable=False),
        sa.Column("amount", _money(), nullable=False),
        sa.Column("decided_on", sa.Date(), nullable=False),
        sa.Column("reference", sa.String(length=200), nullable=False),
        sa.Column("decided_by", sa.String(length=200), nullable=False),
        sa.Column("repaid_to", sa.String(length=200), nullable=False),
        sa.Column("repaid_on", sa.Date(), nullable=True),
        sa.Column("redistribution_key", sa.String(length=12), nullable=True),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("recorded_by", sa.String(length=80), nullable=False),
        _fk("state_grant_unused_decision", "grant_id", "state_grant.id"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_state_grant_unused_decision")),
    )
    op.create_index(
        op.f("ix_state_grant_unused_decision_grant_id"),
        "state_grant_unused_decision",
        ["grant_id"],
    )
    op.create_table(
        "state_grant_unused_line",
        sa.Column("decision_id", sa.Integer(), nullable=False),
        sa.Column("municipality_code", sa.String(length=4), nullable=False),
        sa.Column("returned", _money(), nullable=False),
        sa.Column("received", _money(), nullable=False),
        _fk("state_grant_unused_line", "decision_id", "state_grant_unused_decision.id"),
        _fk("state_grant_unused_line", "municipality_code", "municipality.code"),
        sa.PrimaryKeyConstraint(
            "decision_id", "municipality_code", name=op.f("pk_state_grant_unused_line")
        ),
    )


def downgrade() -> None:
    op.drop_table("state_grant_unused_line")
    op.drop_index(
        op.f("ix_state_grant_unused_decision_grant_id"), table_name="state_grant_unused_decision"
    )
    op.drop_table("state_grant_unused_decision")
    op.drop_table("fee_invoice_line")
    op.drop_table("admission_fee_charge")
    with op.batch_alter_table("admission_fee_decision") as batch:
        batch.drop_column("count_basis")
