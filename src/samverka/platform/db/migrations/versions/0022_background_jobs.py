"""Background jobs in the database (issue 15, point 13).

* ``background_job``: the round runs and compensation runs started from a page, with their
  progress and result, so that every worker process of ``samverka serve --workers N`` shows
  them (they were kept in one process's memory).

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-07 18:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0022"
down_revision: str | Sequence[str] | None = "0021"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "background_job",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("state", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_background_job")),
    )
    op.create_index("ix_background_job_kind", "background_job", ["kind", "started_at"])


def downgrade() -> None:
    op.drop_index("ix_background_job_kind", table_name="background_job")
    op.drop_table("background_job")
