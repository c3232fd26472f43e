"""What one term's grades give: the merit value and the eligibility for the national programmes.

The merit value is ``merit.compute_merit`` (GyF 7 kap. 4 §) and eligibility
``eligibility.check_eligibility`` (SL 16 kap. 30–32 §§) under the year's rule set
(``rule_set.default_rule_set``), the same functions a round uses; nothing is computed again
here. Eligibility is given per group of national programmes (vocational, aesthetic, social
science, natural science), tried without any English dispensation (that is the receiving
organiser's decision, shown as a case). ``latest`` picks the grades that count for an
applicant's standing: the final grades when imported, otherwise the autumn grades. The
standing of the latest grades is also stored with the applicant whenever their grades are
written (``db.admission_repository``), so that a counsellor's list can filter and sort by it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cache

from samverka.admission.domain.calendar import GradeTerm
from samverka.admission.domain.eligibility import RequirementFailure, check_eligibility
from samverka.admission.domain.grades import Grade, GradeSheet
from samverka.admission.domain.merit import compute_merit
from samverka.admission.domain.rule_set import (
    NATIONAL_GROUPS,
    AdmissionRuleSet,
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


@cache
def _rules(year: int) -> AdmissionRuleSet:
    """The year's rule set, built once (it is frozen)."""
    return default_rule_set(year)


def standing(
    year: int, term: GradeTerm, grades: Iterable[Grade], *, reduced_timetable: bool = False
) -> TermGrades:
    """The merit value and eligibility of one term's grades under the year's rules."""
    ordered = tuple(sorted(grades, key=lambda grade: grade.subject))
    rules = _rules(year)
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


def standings(
    year: int, grades: Mapping[GradeTerm, Sequence[Grade]], *, reduced_timetable: bool = False
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


def latest_standing(
    year: int, grades: Mapping[GradeTerm, Sequence[Grade]], *, reduced_timetable: bool = False
) -> TermGrades | None:
    """The standing of the latest imported grades (final, else autumn); None without grades."""
    for term in (GradeTerm.FINAL, GradeTerm.AUTUMN):
        if grades.get(term):
            return standing(year, term, grades[term], reduced_timetable=reduced_timetable)
    return None
