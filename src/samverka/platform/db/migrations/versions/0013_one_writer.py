"""One writer at a time, and published rounds that form one chain.

* ``writer_lock``: one row per kind and key, written first by a writer's transaction
  (``platform.db.writer_locks``).
* ``admission_round.published_after``: the round whose publication this one's followed (0 for
  the year's first), unique per year, so that two publications never follow the same one; the
  rounds published before this migration get it in the order they were published.
* ``admission_round.superseded_by``: the round whose publication made this stored one
  unpublishable (status ``superseded``).

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-20 10:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | Sequence[str] | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ROUND = sa.table(
    "admission_round",
    sa.column("id", sa.Integer()),
    sa.column("admission_year_id", sa.Integer()),
    sa.column("status", sa.String()),
    sa.column("published_at", sa.DateTime(timezone=True)),
    sa.column("published_after", sa.Integer()),
)


def upgrade() -> None:
    op.create_table(
        "writer_lock",
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("key", sa.String(length=80), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("holder", sa.String(length=80), nullable=False),
        sa.Column("taken_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("kind", "key", name=op.f("pk_writer_lock")),
    )
    op.add_column("admission_round", sa.Column("published_after", sa.Integer(), nullable=True))
    _add_superseded_by()
    _chain_published_rounds()
    op.create_index(
        "uq_admission_round_published_after",
        "admission_round",
        ["admission_year_id", "published_after"],
        unique=True,
    )


def _add_superseded_by() -> None:
    """A column referring to its own table; SQLite adds it with its constraint in one ALTER."""
    name = op.f("fk_admission_round_superseded_by_admission_round")
    if op.get_bind().dialect.name == "sqlite":
        op.execute(
            f"ALTER TABLE admission_round ADD COLUMN superseded_by INTEGER "
            f"CONSTRAINT {name} REFERENCES admission_round (id)"
        )
        return
    op.add_column("admission_round", sa.Column("superseded_by", sa.Integer(), nullable=True))
    op.create_foreign_key(name, "admission_round", "admission_round", ["superseded_by"], ["id"])


def _chain_published_rounds() -> None:
    """Each round published before this migration follows the one published before it."""
    connection = op.get_bind()
    published = connection.execute(
        sa.select(ROUND.c.id, ROUND.c.admission_year_id)
        .where(ROUND.c.status == "published")
        .order_by(ROUND.c.admission_year_id, ROUND.c.published_at, ROUND.c.id)
    ).all()
    latest: dict[int, int] = {}
    for round_id, year_id in published:
        connection.execute(
            sa.update(ROUND)
            .where(ROUND.c.id == round_id)
            .values(published_after=latest.get(year_id, 0))
        )
        latest[year_id] = round_id


def downgrade() -> None:
    op.drop_index("uq_admission_round_published_after", table_name="admission_round")
    if op.get_bind().dialect.name != "sqlite":  # SQLite's copy of the table leaves it out
        op.drop_constraint(
            op.f("fk_admission_round_superseded_by_admission_round"),
            "admission_round",
            type_="foreignkey",
        )
    with op.batch_alter_table("admission_round") as batch:
        batch.drop_column("superseded_by")
        batch.drop_column("published_after")
    op.drop_table("writer_lock")
