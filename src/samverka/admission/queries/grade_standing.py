"""An applicant's grades of one term as imported, with the merit value and the eligibility for
the national programmes that those grades give, for the officer's person page and the
counsellor's pupil list and page.

The merit value is ``domain.merit.compute_merit`` (GyF 7 kap. 4 §) and eligibility
``domain.eligibility.check_eligibility`` (SL 16 kap. 30–32 §§) under the year's rule set
(``domain.rule_set.default_rule_set``), the same functions a round uses; nothing is computed
again here. Eligibility is given per group of national programmes (vocational, aesthetic,
social science, natural science), tried without any English dispensation (that is the
receiving organiser's decision, shown as a case). A round's own figures (the grade term it used,
the merit value it stored) are in the round's results, and may differ when grades were imported
after it ran.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from samverka.admission.db import tables as t
from samverka.admission.domain.calendar import GradeTerm
from samverka.admission.domain.eligibility import RequirementFailure, check_eligibility
from samverka.admission.domain.grades import Grade, GradeLetter, GradeSheet
from samverka.admission.domain.merit import compute_merit
from samverka.admission.domain.rule_set import (
    NATIONAL_GROUPS,
    EligibilityRules,
    ProgrammeGroup,
    default_rule_set,
)

# The national groups in the order a page lists them.
GROUP_ORDER = (
    ProgrammeGroup.VOCATIONAL,
    ProgrammeGroup.AESTHETIC,
    ProgrammeGroup.SOCIAL,
    ProgrammeGroup.SCIENCE,
)


@dataclass(frozen=True, slots=True)
class GroupEligibility:
    group: str  # a ``ProgrammeGroup`` value
    eligible: bool
    failures: tuple[RequirementFailure, ...]


@dataclass(frozen=True, slots=True)
class TermGrades:
    """One term's grades as imported, and what they give."""

    term: GradeTerm
    grades: tuple[Grade, ...]  # by subject code
    merit_value: Decimal
    eligibility: tuple[GroupEligibility, ...]  # in ``GROUP_ORDER``

    @property
    def eligible_for_a_national_programme(self) -> bool:
        return any(group.eligible for group in self.eligibility)


def standing(
    year: int, term: GradeTerm, grades: Iterable[Grade], *, reduced_timetable: bool = False
) -> TermGrades:
    """The merit value and eligibility of one term's grades under the year's rules."""
    ordered = tuple(sorted(grades, key=lambda grade: grade.subject))
    rules = default_rule_set(year)
    sheet = GradeSheet(ordered, reduced_timetable=reduced_timetable)
    merit = compute_merit(sheet, rules.merit).value
    return TermGrades(term, ordered, merit, _eligibility(sheet, rules.eligibility))


def _eligibility(sheet: GradeSheet, rules: EligibilityRules) -> tuple[GroupEligibility, ...]:
    found: list[GroupEligibility] = []
    for group in GROUP_ORDER:
        if group not in NATIONAL_GROUPS:
            continue
        code = next((c for c, g in sorted(rules.programme_groups.items()) if g == group), None)
        if code is None:
            continue
        verdict = check_eligibility(sheet, code, rules)
        found.append(GroupEligibility(group.value, verdict.eligible, verdict.failures))
    return tuple(found)


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


def standings(
    year: int, grades: dict[GradeTerm, list[Grade]], *, reduced_timetable: bool = False
) -> list[TermGrades]:
    """Each imported term's standing, autumn first."""
    return [
        standing(year, term, grades[term], reduced_timetable=reduced_timetable)
        for term in (GradeTerm.AUTUMN, GradeTerm.FINAL)
        if grades.get(term)
    ]


def latest(terms: list[TermGrades]) -> TermGrades | None:
    """The final grades when imported, otherwise the autumn grades."""
    return terms[-1] if terms else None
