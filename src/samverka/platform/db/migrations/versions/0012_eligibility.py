"""Eligibility made right (issue 12): what the rules beside the grades need to be recorded.

* ``offering.leads_to``: the national programme an IMV offering leads to (SL 17 kap.).
* ``applicant.arrival_date`` (IMS: newly arrived, SL 17 kap. 13 §, 3 kap. 12 a §) and
  ``applicant.completed_national_programme`` (not eligible for a national programme).
* ``choice.over_age_*``: the agreement between the home municipality and the receiving
  organiser that admits an over-age applicant on that choice (SL 15 kap. 5 §): its reference,
  who recorded it and when.
* ``english_dispensation_decision``: the receiving organiser's decision on the English
  dispensation (SL 16 kap. 32 §), one per applicant and organiser, with the date, the decider
  and a reference. The applicant-wide ``applicant.english_dispensation`` flag is kept as the
  counsellor's marker that the pupil asks for a dispensation: an existing "yes" is not any
  organiser's decision, so no decision is made from it; the receiving schools record theirs.
* ``placement.grade_term``: the term whose grades a round judged the applicant on (a
  preliminary round uses the final grades of an applicant without autumn grades).

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-20 10:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | Sequence[str] | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("offering") as batch:
        batch.add_column(sa.Column("leads_to", sa.String(length=8), nullable=True))
    with op.batch_alter_table("applicant") as batch:
        batch.add_column(sa.Column("arrival_date", sa.Date(), nullable=True))
        batch.add_column(
            sa.Column(
                "completed_national_programme",
                sa.Boolean(),
                nullable=False,
                server_default=sa.false(),
            )
        )
    with op.batch_alter_table("choice") as batch:
        batch.add_column(sa.Column("over_age_reference", sa.String(length=100), nullable=True))
        batch.add_column(sa.Column("over_age_recorded_by", sa.String(length=80), nullable=True))
        batch.add_column(
            sa.Column("over_age_recorded_at", sa.DateTime(timezone=True), nullable=True)
        )
    with op.batch_alter_table("placement") as batch:
        batch.add_column(sa.Column("grade_term", sa.String(length=10), nullable=True))
    op.create_table(
        "english_dispensation_decision",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("applicant_id", sa.Integer(), nullable=False),
        sa.Column("organiser_id", sa.Integer(), nullable=False),
        sa.Column("decided_on", sa.Date(), nullable=False),
        sa.Column("decided_by", sa.String(length=200), nullable=False),
        sa.Column("reference", sa.String(length=100), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("recorded_by", sa.String(length=80), nullable=False),
        sa.ForeignKeyConstraint(
            ["applicant_id"],
            ["applicant.id"],
            name=op.f("fk_english_dispensation_decision_applicant_id_applicant"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["organiser_id"],
            ["organiser.id"],
            name=op.f("fk_english_dispensation_decision_organiser_id_organiser"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_english_dispensation_decision")),
        sa.UniqueConstraint(
            "applicant_id",
            "organiser_id",
            name=op.f("uq_english_dispensation_decision_applicant_id"),
        ),
    )


def downgrade() -> None:
    op.drop_table("english_dispensation_decision")
    with op.batch_alter_table("placement") as batch:
        batch.drop_column("grade_term")
    with op.batch_alter_table("choice") as batch:
        batch.drop_column("over_age_recorded_at")
        batch.drop_column("over_age_recorded_by")
        batch.drop_column("over_age_reference")
    with op.batch_alter_table("applicant") as batch:
        batch.drop_column("completed_national_programme")
        batch.drop_column("arrival_date")
    with op.batch_alter_table("offering") as batch:
        batch.drop_column("leads_to")
