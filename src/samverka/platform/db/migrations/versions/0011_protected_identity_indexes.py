"""Partial indexes on the protected applicants and registration periods, so that "is this person
protected in any source" (``platform.db.protection``) reads only the protected rows.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-07 02:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | Sequence[str] | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INDEXES = (
    ("ix_applicant_protected", "applicant"),
    ("ix_registration_period_protected", "registration_period"),
)


def upgrade() -> None:
    for name, table in INDEXES:
        where = sa.column("protected_identity", sa.Boolean()) == sa.true()
        op.create_index(name, table, ["personal_id"], sqlite_where=where, postgresql_where=where)


def downgrade() -> None:
    for name, table in reversed(INDEXES):
        op.drop_index(name, table_name=table)
