"""The admission rules of issue 12 (points 8, 9, 10): the area's parties with their terms,
reception derived with the officer's reasoned override, nationally recruiting and closed
offerings, and the reception of each explained choice.

* ``municipality.admission_terms``: member, admission_and_compensation, admission_only or
  outside (``admission.domain.area``). Every stored municipality was stored as a member; Håbo
  (0305) and Gnesta (0461), parties of the Stockholm admission area that are not members, get
  their own terms and stop being members (admissions-rules §3.4, §10).
* ``choice.reception_reason``: the admission office's reason for overriding the derived
  reception; ``choice.reception`` is the override and counts only with a reason. The reception
  typed in before this revision had no reason: the derived value replaces it, so the typed
  values are set back to first_hand (issue 12 point 8).
* ``offering.nationally_recruiting`` (riksrekryterande) and ``offering.closed_at`` (when it was
  closed, "startar ej": it may be reopened until the next round).
* ``choice_explanation.reception`` and ``.reception_ground``: the class and its ground as the
  round derived them. Rounds stored before have none.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-20 10:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016"
down_revision: str | Sequence[str] | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_PARTIES = {"0305": "admission_and_compensation", "0461": "admission_only"}


def upgrade() -> None:
    with op.batch_alter_table("municipality") as batch:
        batch.add_column(
            sa.Column(
                "admission_terms", sa.String(length=30), nullable=False, server_default="member"
            )
        )
    municipality = sa.table(
        "municipality",
        sa.column("code", sa.String),
        sa.column("member", sa.Boolean),
        sa.column("admission_terms", sa.String),
    )
    for code, terms in _PARTIES.items():
        op.execute(
            municipality.update()
            .where(municipality.c.code == code)
            .values(admission_terms=terms, member=False)
        )
    op.execute(
        municipality.update()
        .where(municipality.c.member.is_(False), municipality.c.code.notin_(list(_PARTIES)))
        .values(admission_terms="outside")
    )
    with op.batch_alter_table("choice") as batch:
        batch.add_column(sa.Column("reception_reason", sa.Text(), nullable=True))
    choice = sa.table("choice", sa.column("reception", sa.String))
    op.execute(choice.update().values(reception="first_hand"))
    with op.batch_alter_table("offering") as batch:
        batch.add_column(
            sa.Column(
                "nationally_recruiting", sa.Boolean(), nullable=False, server_default=sa.false()
            )
        )
        batch.add_column(sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table("choice_explanation") as batch:
        batch.add_column(sa.Column("reception", sa.String(length=20), nullable=True))
        batch.add_column(sa.Column("reception_ground", sa.String(length=30), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("choice_explanation") as batch:
        batch.drop_column("reception_ground")
        batch.drop_column("reception")
    with op.batch_alter_table("offering") as batch:
        batch.drop_column("closed_at")
        batch.drop_column("nationally_recruiting")
    with op.batch_alter_table("choice") as batch:
        batch.drop_column("reception_reason")
    municipality = sa.table(
        "municipality", sa.column("member", sa.Boolean), sa.column("admission_terms", sa.String)
    )
    op.execute(
        municipality.update().where(municipality.c.admission_terms != "outside").values(member=True)
    )
    with op.batch_alter_table("municipality") as batch:
        batch.drop_column("admission_terms")
