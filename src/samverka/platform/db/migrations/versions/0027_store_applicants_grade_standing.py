"""What an applicant's latest grades give, stored with the applicant, and a school unit's
applicants indexed (issue 15, point 2).

``applicant.merit_value`` and ``applicant.eligible_national``: the merit value (GyF 7 kap. 4 §)
and whether the latest imported grades (final, else autumn) make the applicant eligible for at
least one national programme (SL 16 kap. 30–32 §§), as
``samverka.admission.domain.grade_standing.latest_standing`` computes them; both ``NULL`` without
grades. The repository writes them in the same transaction as the grades, so that the
counsellor's list filters and sorts by them in SQL instead of computing every pupil's standing
on each request. Every applicant with grades is computed here once. ``ix_applicant_year_unit``
reads a school unit's pupils of a year (the counsellor's list and start page) without reading
the whole year's applicants, and ``ix_choice_late`` the late choices (the officer's start page)
without reading every choice.

Revision ID: 0027
Revises: 0026
Create Date: 2026-12-07 21:30:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from samverka.admission.domain.calendar import GradeTerm
from samverka.admission.domain.grade_standing import latest_standing
from samverka.admission.domain.grades import Grade, GradeLetter

revision: str = "0027"
down_revision: str | Sequence[str] | None = "0026"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BATCH = 2000


def upgrade() -> None:
    with op.batch_alter_table("applicant") as batch:
        batch.add_column(sa.Column("merit_value", sa.Numeric(8, 2), nullable=True))
        batch.add_column(sa.Column("eligible_national", sa.Boolean(), nullable=True))
    op.create_index(
        "ix_applicant_year_unit", "applicant", ["admission_year_id", "school_unit_code"]
    )
    op.create_index("ix_choice_late", "choice", ["late", "applicant_id"])
    _compute(op.get_bind())


def _compute(connection: sa.Connection) -> None:
    meta = sa.MetaData()
    a = sa.Table("applicant", meta, autoload_with=connection)
    g = sa.Table("grade", meta, autoload_with=connection)
    y = sa.Table("admission_year", meta, autoload_with=connection)
    graded = sa.select(g.c.applicant_id).distinct()
    rows = connection.execute(
        sa.select(a.c.id, y.c.year, a.c.reduced_timetable)
        .join(y, y.c.id == a.c.admission_year_id)
        .where(a.c.id.in_(graded))
        .order_by(a.c.id)
    ).all()
    update = (
        a.update()
        .where(a.c.id == sa.bindparam("key_"))
        .values(merit_value=sa.bindparam("merit_"), eligible_national=sa.bindparam("eligible_"))
    )
    for start in range(0, len(rows), BATCH):
        chunk = rows[start : start + BATCH]
        grades: dict[int, dict[GradeTerm, list[Grade]]] = {row.id: {} for row in chunk}
        for key, term, subject, letter, retake in connection.execute(
            sa.select(g.c.applicant_id, g.c.term, g.c.subject, g.c.letter, g.c.after_retake).where(
                g.c.applicant_id.in_(list(grades))
            )
        ):
            grades[key].setdefault(GradeTerm(term), []).append(
                Grade(subject, GradeLetter(letter), bool(retake))
            )
        values = []
        for row in chunk:
            found = latest_standing(
                row.year, grades[row.id], reduced_timetable=bool(row.reduced_timetable)
            )
            if found is not None:
                values.append(
                    {
                        "key_": row.id,
                        "merit_": found.merit_value,
                        "eligible_": found.eligible_for_a_national_programme,
                    }
                )
        if values:
            connection.execute(update, values)


def downgrade() -> None:
    op.drop_index("ix_choice_late", table_name="choice")
    op.drop_index("ix_applicant_year_unit", table_name="applicant")
    with op.batch_alter_table("applicant") as batch:
        batch.drop_column("eligible_national")
        batch.drop_column("merit_value")
