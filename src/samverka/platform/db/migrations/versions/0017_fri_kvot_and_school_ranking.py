"""Fri kvot as a capped quota, school rankings and the organiser's assessment of foreign grades.

* ``offering.ranked_by_school``: the school ranks the applicants (individually adapted
  introduction programmes); set for every IMA offering, which is always ranked.
* ``choice.school_rank`` (unique per offering) and ``choice.equivalent_knowledge`` (the
  organiser's assessment that foreign grades give knowledge equivalent to the requirements).
* ``placement.under_quota``: the applicant was admitted under fri kvot.
* ``choice_explanation.fri_kvot``, ``school_rank``, ``cutoff_rank``: the explanation's notes.

Every column is added with a default, so stored rows keep their meaning: nobody was admitted
under a capped quota before, and no choice was ranked or assessed.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-20 10:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0017"
down_revision: str | Sequence[str] | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _flag(name: str) -> sa.Column[bool]:
    return sa.Column(name, sa.Boolean(), nullable=False, server_default=sa.false())


def upgrade() -> None:
    op.add_column("offering", _flag("ranked_by_school"))
    offering = sa.table("offering", sa.column("programme"), sa.column("ranked_by_school"))
    op.execute(offering.update().where(offering.c.programme == "IMA").values(ranked_by_school=True))
    op.add_column("choice", sa.Column("school_rank", sa.Integer(), nullable=True))
    op.add_column("choice", _flag("equivalent_knowledge"))
    op.create_index("uq_choice_school_rank", "choice", ["offering_id", "school_rank"], unique=True)
    op.add_column("placement", _flag("under_quota"))
    op.add_column("choice_explanation", sa.Column("fri_kvot", sa.String(length=20)))
    op.add_column("choice_explanation", sa.Column("school_rank", sa.Integer()))
    op.add_column("choice_explanation", sa.Column("cutoff_rank", sa.Integer()))


def downgrade() -> None:
    with op.batch_alter_table("choice_explanation") as batch:
        batch.drop_column("cutoff_rank")
        batch.drop_column("school_rank")
        batch.drop_column("fri_kvot")
    with op.batch_alter_table("placement") as batch:
        batch.drop_column("under_quota")
    op.drop_index("uq_choice_school_rank", table_name="choice")
    with op.batch_alter_table("choice") as batch:
        batch.drop_column("equivalent_knowledge")
        batch.drop_column("school_rank")
    with op.batch_alter_table("offering") as batch:
        batch.drop_column("ranked_by_school")
