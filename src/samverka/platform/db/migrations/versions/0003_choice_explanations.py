"""Choice explanations: every choice of every applicant in a round, explained when it is stored.

A result page reads one applicant's rows by the primary key instead of repeating the round.
Rounds stored before this revision are left without explanations: repeating a round belongs to
the application, not to a migration, and the result pages repeat such a round when they show
it (``store_explanations`` in ``services/rounds.py`` stores them afterwards).

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-06 10:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "choice_explanation",
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("applicant_id", sa.Integer(), nullable=False),
        sa.Column("rank", sa.Integer(), nullable=False),
        sa.Column("offering_id", sa.Integer(), nullable=False),
        sa.Column("outcome", sa.String(length=20), nullable=False),
        sa.Column("score", sa.Numeric(precision=8, scale=2), nullable=False),
        sa.Column("cutoff", sa.Numeric(precision=8, scale=2), nullable=True),
        sa.Column("reserve_position", sa.Integer(), nullable=True),
        sa.Column("failures", sa.JSON(), nullable=True),
        sa.ForeignKeyConstraint(
            ["applicant_id"],
            ["applicant.id"],
            name=op.f("fk_choice_explanation_applicant_id_applicant"),
        ),
        sa.ForeignKeyConstraint(
            ["offering_id"],
            ["offering.id"],
            name=op.f("fk_choice_explanation_offering_id_offering"),
        ),
        sa.ForeignKeyConstraint(
            ["round_id"],
            ["admission_round.id"],
            name=op.f("fk_choice_explanation_round_id_admission_round"),
        ),
        sa.PrimaryKeyConstraint(
            "round_id", "applicant_id", "rank", name=op.f("pk_choice_explanation")
        ),
    )


def downgrade() -> None:
    op.drop_table("choice_explanation")
