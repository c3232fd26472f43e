"""An independent check that a matching is a correct admission result.

The checker shares no code with the engine (nor with ``quota_expansion``). Given a problem and
a matching it verifies, for every applicant and every choice row (admissions-rules.md §11.2):

1. Individual rationality: a placement is one of the applicant's own choices.
2. Eligibility: a placement is on an ADMISSIBLE choice (open offering, eligible, test passed,
   and on an offering the school ranks, ranked by the school: an unranked choice has status
   NOT_OFFERED, so nobody unranked is placed — except an applicant who holds the place from an
   earlier round, whose held row a reserve round keeps ADMISSIBLE whatever the school's new
   ranking says, as it does when an offering's places are cut).
3. Capacity: no offering admits more applicants than it has places; of them, no more than its
   fri-kvot places hold a quota place (GyF 7 kap. 3 §: "ett begränsat antal platser"), and no
   more than the rest hold an ordinary place; a quota place is held only where the rules let
   the applicant compete for one (a claimant, or anyone when unused quota places revert).
4. Non-wastefulness: no applicant prefers an offering that still has a free place — quota or
   ordinary — that they could have taken.
5. No justified envy (stability), separately within the quota (by the quota priority: the
   organiser's fri-kvot applicants first) and outside it (by the ordinary priority: class,
   score, tie-breaks; on an offering the school ranks, the school's rank): no applicant prefers
   an offering where someone of lower priority holds a place of a kind they could have held.

"Prefers" follows the order in which the rules try an offering's places: an applicant placed on
an ordinary place of an offering whose quota is tried first still prefers its quota places (and
the other way round when the ordinary places are tried first), so a quota place held below a
claimant placed on an ordinary place of the same offering is justified envy too.

Together, 1–5 say the matching is stable with respect to every offering's rules. Applicant-
optimality is checked by the test suite (against brute force and an independent
implementation), not here, since no linear check exists.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

import numpy as np

from samverka.admission.domain.deferred_acceptance import Matching
from samverka.admission.domain.matching_problem import (
    BoolArray,
    ChoiceStatus,
    IntArray,
    MatchingProblem,
)
from samverka.errors import InvariantViolated

_NO_ONE = np.iinfo(np.int64).max


class ViolationKind(StrEnum):
    NOT_A_CHOICE = "not_a_choice"
    NOT_ADMISSIBLE = "not_admissible"
    OVER_CAPACITY = "over_capacity"
    QUOTA_EXCEEDED = "quota_exceeded"
    QUOTA_PLACE_MISUSED = "quota_place_misused"
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
    seats = _Seats.of(problem, matching)
    violations += _over_capacity(problem, seats)
    return violations + _envy_and_waste(problem, matching, seats)


def certify(problem: MatchingProblem, matching: Matching) -> None:
    """Raise ``InvariantViolated`` listing every violation, if there is any."""
    violations = find_violations(problem, matching)
    if violations:
        raise InvariantViolated(violations)


def _misplaced(problem: MatchingProblem, matching: Matching) -> list[Violation]:
    placed = matching.placed_row
    violations: list[Violation] = []
    if len(placed) != problem.applicant_count or len(matching.on_quota_seat()) != len(placed):
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


@dataclass(frozen=True, slots=True, eq=False)
class _Seats:
    """Who holds which kind of place, per offering, and the lowest priority holding each kind."""

    quota_places: IntArray
    on_quota: BoolArray  # per applicant
    quota_part: BoolArray  # per row: the row may compete for the offering's quota places
    ordinary_held: IntArray
    quota_held: IntArray
    lowest_ordinary: IntArray
    lowest_quota: IntArray

    @classmethod
    def of(cls, problem: MatchingProblem, matching: Matching) -> _Seats:
        m, placed = problem.offering_count, matching.placed_row
        on_quota = matching.on_quota_seat()
        holders = np.flatnonzero(placed >= 0)
        rows = placed[holders]
        offering = problem.choice_offering[rows]
        quota = on_quota[holders]
        ordinary_held = np.bincount(offering[~quota], minlength=m)
        quota_held = np.bincount(offering[quota], minlength=m)
        lowest_ordinary = np.full(m, _NO_ONE, dtype=np.int64)
        np.minimum.at(lowest_ordinary, offering[~quota], problem.priority_key[rows[~quota]])
        lowest_quota = np.full(m, _NO_ONE, dtype=np.int64)
        quotas = problem.quotas
        if quotas is None:
            quota_part = np.zeros(problem.choice_count, dtype=bool)
        else:
            quota_part = quotas.has_quota_part(problem.choice_offering)
            np.minimum.at(lowest_quota, offering[quota], quotas.key[rows[quota]])
        return cls(
            problem.quota_places(),
            on_quota,
            quota_part,
            ordinary_held,
            quota_held,
            lowest_ordinary,
            lowest_quota,
        )


def _over_capacity(problem: MatchingProblem, seats: _Seats) -> list[Violation]:
    violations = []
    admitted = seats.ordinary_held + seats.quota_held
    for o in np.flatnonzero(admitted > problem.capacity):
        detail = f"{admitted[o]} admitted to {problem.capacity[o]} places"
        violations.append(Violation(ViolationKind.OVER_CAPACITY, -1, int(o), detail))
    ordinary_places = problem.capacity - seats.quota_places
    split = seats.quota_places > 0
    for o in np.flatnonzero(split & (seats.ordinary_held > ordinary_places)):
        detail = f"{seats.ordinary_held[o]} hold the {ordinary_places[o]} places outside fri kvot"
        violations.append(Violation(ViolationKind.OVER_CAPACITY, -1, int(o), detail))
    for o in np.flatnonzero(seats.quota_held > seats.quota_places):
        detail = f"{seats.quota_held[o]} hold the {seats.quota_places[o]} fri-kvot places"
        violations.append(Violation(ViolationKind.QUOTA_EXCEEDED, -1, int(o), detail))
    return violations


def _envy_and_waste(problem: MatchingProblem, matching: Matching, seats: _Seats) -> list[Violation]:
    placed = matching.placed_row
    offering = problem.choice_offering
    applicant = problem.choice_applicant()
    rows = np.arange(problem.choice_count)
    own = placed[applicant]
    on_own_row = rows == own
    own_quota = seats.on_quota[applicant]
    quota_first = problem.quotas is None or problem.quotas.quota_first
    admissible = problem.choice_status == ChoiceStatus.ADMISSIBLE
    higher = admissible & ((own < 0) | (rows < own))
    violations = _misused_quota_places(problem, seats, own_quota & on_own_row)
    # Outside the quota: every admissible row competes for the ordinary places.
    ordinary = _Part(
        wants=higher | (admissible & on_own_row & own_quota & (not quota_first)),
        free=problem.capacity - seats.quota_places - seats.ordinary_held,
        key=problem.priority_key,
        lowest=seats.lowest_ordinary,
        where="",
    )
    violations += ordinary.violations(applicant, offering)
    # Within the quota: the rows that may compete for the offering's fri-kvot places.
    if problem.quotas is not None:
        quota = _Part(
            wants=seats.quota_part
            & (higher | (admissible & on_own_row & ~own_quota & quota_first)),
            free=seats.quota_places - seats.quota_held,
            key=problem.quotas.key,
            lowest=seats.lowest_quota,
            where=" within fri kvot",
        )
        violations += quota.violations(applicant, offering)
    return violations


@dataclass(frozen=True, slots=True, eq=False)
class _Part:
    """One kind of place: the rows that want it (preferred to what the applicant holds), its
    free places per offering, the rows' priority in it and its lowest holder's, per offering."""

    wants: BoolArray
    free: IntArray
    key: IntArray
    lowest: IntArray
    where: str

    def violations(self, applicant: IntArray, offering: IntArray) -> list[Violation]:
        full = self.free[offering] <= 0
        waste = self.wants & ~full
        envy = self.wants & full & (self.key > self.lowest[offering])
        return _report(waste, applicant, offering, ViolationKind.WASTEFUL, self.where) + _report(
            envy, applicant, offering, ViolationKind.JUSTIFIED_ENVY, self.where
        )


def _misused_quota_places(
    problem: MatchingProblem, seats: _Seats, held_on_quota: BoolArray
) -> list[Violation]:
    """Quota places held on rows that may not compete for them."""
    misused = np.flatnonzero(held_on_quota & ~seats.quota_part)
    applicant = problem.choice_applicant()
    detail = "holds a fri-kvot place it could not compete for"
    return [
        Violation(
            ViolationKind.QUOTA_PLACE_MISUSED,
            int(applicant[r]),
            int(problem.choice_offering[r]),
            detail,
        )
        for r in misused
    ]


_DETAILS = {
    ViolationKind.WASTEFUL: "prefers an offering with a free place{where}",
    ViolationKind.JUSTIFIED_ENVY: "prefers an offering that admitted an applicant of lower "
    "priority{where}",
}


def _report(
    rows: BoolArray,
    applicant: IntArray,
    offering: IntArray,
    kind: ViolationKind,
    where: str,
) -> list[Violation]:
    detail = _DETAILS[kind].format(where=where)
    return [
        Violation(kind, int(applicant[r]), int(offering[r]), detail) for r in np.flatnonzero(rows)
    ]
