"""The parameters of an applicant's message (issue 15, point 4).

* ``message.parameters``: what the message's text was made of (for an offering closed or
  reopened: its code, school and programme), so that the inbox shows the message in the
  reader's language. Messages stored before keep ``NULL`` and are shown as sent, in Swedish.

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
    with op.batch_alter_table("message") as batch:
        batch.add_column(sa.Column("parameters", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("message") as batch:
        batch.drop_column("parameters")
