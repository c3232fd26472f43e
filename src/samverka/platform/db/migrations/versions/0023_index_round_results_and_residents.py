"""Indexes that read a stored round's results per offering, and a municipality's residents
(issue 15, point 2: pages answer from SQL over stored results).

* ``ix_choice_explanation_round_offering`` on ``choice_explanation (round_id, offering_id,
  rank)``: the statistics count a round's choices per offering (and its first choices) from
  the index alone, instead of reading and sorting every explanation row of the round.
* ``ix_placement_round_offering`` on ``placement (round_id, offering_id, rank, under_quota)``:
  the statistics' placed and fri-kvot counts, and a school's offering page reading its own
  admitted, from the index.
* ``ix_applicant_year_home`` on ``applicant (admission_year_id, home_municipality)``: a
  municipality's residents of a year (the municipality's page: its list, count and statistics)
  without reading every applicant of the year.

The first two tables are append-only; an index changes none of their rows or guards.

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-07 18:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0023"
down_revision: str | Sequence[str] | None = "0022"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(
        "ix_applicant_year_home", "applicant", ["admission_year_id", "home_municipality"]
    )
    op.create_index(
        "ix_choice_explanation_round_offering",
        "choice_explanation",
        ["round_id", "offering_id", "rank"],
    )
    op.create_index(
        "ix_placement_round_offering",
        "placement",
        ["round_id", "offering_id", "rank", "under_quota"],
    )


def downgrade() -> None:
    op.drop_index("ix_placement_round_offering", table_name="placement")
    op.drop_index("ix_choice_explanation_round_offering", table_name="choice_explanation")
    op.drop_index("ix_applicant_year_home", table_name="applicant")
