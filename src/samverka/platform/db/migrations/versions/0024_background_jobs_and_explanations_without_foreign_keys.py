"""Background jobs in the database (issue 15, point 13), and a round's explanations written
without a foreign-key check per row (point 14).

* ``background_job``: the round runs and compensation runs started from a page, with their
  progress and result, so that every worker process of ``samverka serve --workers N`` shows
  them (they were kept in one process's memory).
* ``choice_explanation`` loses its three foreign keys (to the round, the applicant and the
  offering): a round writes some 120,000 rows of it at once, write-once, and on PostgreSQL
  each foreign key checked every row with a trigger. The code guarantees the keys: the rows
  are written in the round's own transaction, with the ids of that round and of the year's
  applicants and offerings just read (``round_repository``); applicants and offerings are not
  deleted. On SQLite the table is rebuilt without them and keeps its append-only triggers.

Revision ID: 0024
Revises: 0023
Create Date: 2026-12-07 18:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

import sqlalchemy as sa
from alembic import op

revision: str = "0024"
down_revision: str | Sequence[str] | None = "0023"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


EXPLAINED: Final = "choice_explanation"
FOREIGN_KEYS: Final = (
    ("fk_choice_explanation_round_id_admission_round", "admission_round", "round_id"),
    ("fk_choice_explanation_applicant_id_applicant", "applicant", "applicant_id"),
    ("fk_choice_explanation_offering_id_offering", "offering", "offering_id"),
)


def _rebuilt_on_sqlite(change: str) -> None:
    """Rebuild ``choice_explanation`` on SQLite with its foreign keys dropped or created
    (``change``), keeping its append-only triggers (a rebuild drops them with the table)."""
    connection = op.get_bind()
    triggers = connection.exec_driver_sql(
        f"SELECT sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = '{EXPLAINED}'"
    ).scalars()
    saved = list(triggers)
    with op.batch_alter_table(EXPLAINED, recreate="always") as batch:
        for name, target, column in FOREIGN_KEYS:
            if change == "drop":
                batch.drop_constraint(name, type_="foreignkey")
            else:
                batch.create_foreign_key(name, target, [column], ["id"])
    for sql in saved:
        connection.exec_driver_sql(sql)


def _explanations_without_foreign_keys() -> None:
    if op.get_bind().dialect.name == "sqlite":
        _rebuilt_on_sqlite("drop")
        return
    for name, _, _ in FOREIGN_KEYS:
        op.drop_constraint(name, EXPLAINED, type_="foreignkey")


def _explanations_with_foreign_keys() -> None:
    if op.get_bind().dialect.name == "sqlite":
        _rebuilt_on_sqlite("create")
        return
    for name, target, column in FOREIGN_KEYS:
        op.create_foreign_key(name, EXPLAINED, target, [column], ["id"])


def upgrade() -> None:
    _explanations_without_foreign_keys()
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
    _explanations_with_foreign_keys()
    op.drop_index("ix_background_job_kind", table_name="background_job")
    op.drop_table("background_job")
