"""The state grants' payees: the organisation number, bankgiro and plusgiro each recipient of a
grant's payout (a member municipality, or the region of a first split) is paid to (issue 15,
point 1: the grants' payment file; ``association.grants.db.tables``).

Revision ID: 0029
Revises: 0028
Create Date: 2026-12-07 22:10:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0029"
down_revision: str | Sequence[str] | None = "0028"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "state_grant_payee",
        sa.Column("recipient", sa.String(10), primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("organisation_number", sa.String(11)),
        sa.Column("bankgiro", sa.String(9)),
        sa.Column("plusgiro", sa.String(11)),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("recorded_by", sa.String(80), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("state_grant_payee")
