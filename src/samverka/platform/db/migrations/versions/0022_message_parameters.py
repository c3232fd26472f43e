"""The parameters of an applicant's messages and the inbox's read marker (issue 15, point 4).

* ``message.parameters``: what the message's text was made of (for an offering closed or
  reopened: its code, school and programme), so that the inbox shows the message in the
  reader's language. Messages stored before keep ``NULL`` and are shown as sent, in Swedish.
* ``applicant.inbox_read_at``: when the applicant last marked their inbox as read; a message
  after it (or any, while it is ``NULL``) is unread.

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
    with op.batch_alter_table("applicant") as batch:
        batch.add_column(sa.Column("inbox_read_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("applicant") as batch:
        batch.drop_column("inbox_read_at")
    with op.batch_alter_table("message") as batch:
        batch.drop_column("parameters")
