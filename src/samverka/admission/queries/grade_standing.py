"""An applicant's grades of each term as imported, read for the officer's person page and the
counsellor's pupil page, with what they give (``domain.grade_standing``: the merit value,
GyF 7 kap. 4 §, and the eligibility for the national programmes, SL 16 kap. 30–32 §§, computed
by the same functions a round uses). A round's own figures (the grade term it used, the merit
value it stored) are in the round's results, and may differ when grades were imported after it
ran.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from samverka.admission.db import tables as t
from samverka.admission.domain.calendar import GradeTerm
from samverka.admission.domain.grade_standing import (
    GROUP_ORDER,
    GroupEligibility,
    TermGrades,
    latest,
    standing,
    standings,
)
from samverka.admission.domain.grades import Grade, GradeLetter

__all__ = [
    "GROUP_ORDER",
    "GroupEligibility",
    "TermGrades",
    "grades_by_applicant",
    "latest",
    "standing",
    "standings",
]


def grades_by_applicant(
    session: Session, applicant_ids: Iterable[int]
) -> dict[int, dict[GradeTerm, list[Grade]]]:
    """The imported grades of each applicant, per term (one query)."""
    ids = sorted(set(applicant_ids))
    found: dict[int, dict[GradeTerm, list[Grade]]] = defaultdict(dict)
    if not ids:
        return found
    g = t.grade
    query = select(g.c.applicant_id, g.c.term, g.c.subject, g.c.letter, g.c.after_retake).where(
        g.c.applicant_id.in_(ids)
    )
    for applicant_id, term, subject, letter, retake in session.execute(query):
        terms = found[applicant_id]
        terms.setdefault(GradeTerm(term), []).append(
            Grade(subject, GradeLetter(letter), bool(retake))
        )
    return found
