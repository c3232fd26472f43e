"""An independent check that a matching is a correct admission result.

The checker shares no code with the engine. Given a problem and a matching it verifies, for
every applicant and every choice row (admissions-rules.md §11.2):

1. Individual rationality: a placement is one of the applicant's own choices.
2. Eligibility: a placement is on an ADMISSIBLE choice (open offering, eligible, test passed).
3. Capacity: no offering admits more applicants than it has places.
4. Non-wastefulness: no applicant prefers an offering that still has a free place and could
   have admitted them.
5. No justified envy (stability): no applicant prefers an offering that admitted someone of
   lower priority.

Together, 1–5 say the matching is stable. Applicant-optimality is checked by the test suite
(against brute force and an independent implementation), not here, since no linear check exists.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

import numpy as np

from samverka.domain.admission.deferred_acceptance import Matching
from samverka.domain.admission.matching_problem import ChoiceStatus, MatchingProblem
from samverka.errors import InvariantViolated


class ViolationKind(StrEnum):
    NOT_A_CHOICE = "not_a_choice"
    NOT_ADMISSIBLE = "not_admissible"
    OVER_CAPACITY = "over_capacity"
    WASTEFUL = "wasteful"
    JUSTIFIED_ENVY = "justified_envy"


@dataclass(frozen=True, slots=True)
class Violation:
    kind: ViolationKind
    applicant: int
    offering: int
    detail: str

    def __str__(self) -> str:
        return f"{self.kind}: applicant #{self.applicant}, offering #{self.offering}: {self.detail}"


def find_violations(problem: MatchingProblem, matching: Matching) -> list[Violation]:
    """Every violation of invariants 1–5; an empty list means the matching is certified."""
    violations = _misplaced(problem, matching)
    if any(v.kind is ViolationKind.NOT_A_CHOICE for v in violations):
        return violations  # rows outside an applicant's choices make the other checks meaningless
    placed = matching.placed_row
    placed_rows = placed[placed >= 0]
    offering = problem.choice_offering
    admitted = np.bincount(offering[placed_rows], minlength=problem.offering_count)
    for o in np.flatnonzero(admitted > problem.capacity):
        detail = f"{admitted[o]} admitted to {problem.capacity[o]} places"
        violations.append(Violation(ViolationKind.OVER_CAPACITY, -1, int(o), detail))
    return violations + _envy_and_waste(problem, matching, admitted)


def certify(problem: MatchingProblem, matching: Matching) -> None:
    """Raise ``InvariantViolated`` listing every violation, if there is any."""
    violations = find_violations(problem, matching)
    if violations:
        raise InvariantViolated(violations)


def _misplaced(problem: MatchingProblem, matching: Matching) -> list[Violation]:
    placed = matching.placed_row
    violations: list[Violation] = []
    if len(placed) != problem.applicant_count:
        detail = f"{len(placed)} placements for {problem.applicant_count} applicants"
        return [Violation(ViolationKind.NOT_A_CHOICE, -1, -1, detail)]
    start, end = problem.choice_start[:-1], problem.choice_start[1:]
    outside = (placed >= 0) & ((placed < start) | (placed >= end))
    for a in np.flatnonzero(outside):
        detail = f"placed on row {placed[a]}, which is not one of the applicant's choices"
        violations.append(Violation(ViolationKind.NOT_A_CHOICE, int(a), -1, detail))
    inside = np.flatnonzero((placed >= 0) & ~outside)
    status = problem.choice_status[placed[inside]]
    for a, s in zip(inside[status != ChoiceStatus.ADMISSIBLE], status[status != 0], strict=True):
        o = int(problem.choice_offering[placed[a]])
        detail = f"placed although the choice is {ChoiceStatus(s).name.lower()}"
        violations.append(Violation(ViolationKind.NOT_ADMISSIBLE, int(a), o, detail))
    return violations


def _envy_and_waste(
    problem: MatchingProblem, matching: Matching, admitted: np.ndarray
) -> list[Violation]:
    placed = matching.placed_row
    offering, key = problem.choice_offering, problem.priority_key
    placed_rows = placed[placed >= 0]
    lowest_key = np.full(problem.offering_count, np.iinfo(np.int64).max, dtype=np.int64)
    np.minimum.at(lowest_key, offering[placed_rows], key[placed_rows])
    applicant = problem.choice_applicant()
    rows = np.arange(problem.choice_count)
    own = placed[applicant]
    preferred = ((own < 0) | (rows < own)) & (problem.choice_status == ChoiceStatus.ADMISSIBLE)
    full = admitted[offering] >= problem.capacity[offering]
    violations: list[Violation] = []
    for r in np.flatnonzero(preferred & ~full):
        o = offering[r]
        detail = f"prefers an offering with {admitted[o]} of {problem.capacity[o]} places filled"
        violations.append(
            Violation(ViolationKind.WASTEFUL, int(applicant[r]), int(offering[r]), detail)
        )
    for r in np.flatnonzero(preferred & full & (key > lowest_key[offering])):
        detail = "prefers an offering that admitted an applicant of lower priority"
        violations.append(
            Violation(ViolationKind.JUSTIFIED_ENVY, int(applicant[r]), int(offering[r]), detail)
        )
    return violations
