"""What a matching means per offering: admitted lists, reserve lists and cut-offs.

* Admitted: the applicants whose placed choice names the offering, best priority first.
* Reserve list: every applicant who ranked the offering *above* their placement (or is
  unplaced) and could be admitted there (status ADMISSIBLE), best priority first. Lower choices
  are not tried once an applicant is placed (admissions-rules.md §3.1), so they hold no reserve
  position there.
* Cut-off (antagningsgräns): the score of the lowest-priority applicant admitted on merit; an
  offering that admitted nobody on merit has none. Applicants admitted under fri kvot (a
  claimant on one of the offering's quota places, GyF 7 kap. 3 §) are left out: they were not
  chosen by the score. Every reserve ranks below it (§11.2 invariant 10) in the ordinary order;
  a fri-kvot applicant on the reserve list stands there in the ordinary order too, and a quota
  place that frees goes to the first fri-kvot applicant on it. On an offering the school ranks,
  the cut-off row is the lowest-ranked admitted; its score means nothing there, so the
  explanations give its rank instead (``explain``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from samverka.admission.domain.deferred_acceptance import Matching
from samverka.admission.domain.matching_problem import (
    BoolArray,
    ChoiceStatus,
    IntArray,
    MatchingProblem,
)

NO_ROW = -1


@dataclass(frozen=True, slots=True, eq=False)
class Outcome:
    """Per-offering lists as choice rows, grouped by offering in CSR form.

    Offering ``o``'s admitted rows are ``admitted_rows[admitted_start[o]:admitted_start[o+1]]``
    and its reserve rows likewise; ``cutoff_row[o]`` is the lowest admitted row or -1.
    """

    admitted_start: IntArray
    admitted_rows: IntArray
    reserve_start: IntArray
    reserve_rows: IntArray
    cutoff_row: IntArray

    def admitted_count(self) -> IntArray:
        return np.diff(self.admitted_start)

    def reserve_count(self) -> IntArray:
        return np.diff(self.reserve_start)


def compute_outcome(problem: MatchingProblem, matching: Matching) -> Outcome:
    placed = matching.placed_row[matching.placed_row >= 0]
    admitted_start, admitted_rows = _group_by_offering(problem, placed)
    merit_start, merit_rows = admitted_start, admitted_rows
    under_quota = admitted_under_quota(problem, matching)[matching.placed_row >= 0]
    if under_quota.any():  # the cut-off is of those admitted on merit only
        merit_start, merit_rows = _group_by_offering(problem, placed[~under_quota])
    cutoff_row = np.full(problem.offering_count, NO_ROW, dtype=np.int64)
    nonempty = np.flatnonzero(np.diff(merit_start) > 0)
    cutoff_row[nonempty] = merit_rows[merit_start[nonempty + 1] - 1]
    reserve_start, reserve_rows = _group_by_offering(problem, reserve_rows_of(problem, matching))
    return Outcome(admitted_start, admitted_rows, reserve_start, reserve_rows, cutoff_row)


def cutoff_in_points(problem: MatchingProblem, outcome: Outcome) -> IntArray:
    """Per offering, the row whose score is its cut-off in points, or -1: nobody admitted on
    merit, or an offering the school ranks (its cut-off is a rank, not points)."""
    cut = outcome.cutoff_row.copy()
    if problem.ranking is not None:
        cut[problem.ranking.ranked] = NO_ROW
    return cut


def admitted_under_quota(problem: MatchingProblem, matching: Matching) -> BoolArray:
    """Per applicant: admitted under fri kvot (granted it, and holding a quota place)."""
    placed = matching.placed_row
    under = matching.on_quota_seat() & (placed >= 0)
    if problem.quotas is not None:
        under[under] = problem.quotas.claim[placed[under]]
    return under


def reserve_rows_of(problem: MatchingProblem, matching: Matching) -> IntArray:
    """Admissible choice rows ranked above the applicant's placement (all, if unplaced)."""
    applicant = problem.choice_applicant()
    placed = matching.placed_row[applicant]
    rows = np.arange(problem.choice_count, dtype=np.int64)
    above = (placed < 0) | (rows < placed)
    admissible = problem.choice_status == ChoiceStatus.ADMISSIBLE
    return np.flatnonzero(above & admissible).astype(np.int64)


def _group_by_offering(problem: MatchingProblem, rows: IntArray) -> tuple[IntArray, IntArray]:
    """Sort rows by offering, then by priority (highest first); return CSR start and rows."""
    offering = problem.choice_offering[rows]
    key = problem.priority_key[rows]
    offering_bits = max(problem.offering_count - 1, 0).bit_length()
    key_bits = int(key.max()).bit_length() if len(key) and key.min() >= 0 else 64
    if offering_bits + key_bits <= 62:  # one sort on a packed key is ~2x faster than lexsort
        order = np.argsort((offering << key_bits) | (np.int64(2**key_bits - 1) - key))
    else:
        order = np.lexsort((-key, offering))
    counts = np.bincount(offering, minlength=problem.offering_count)
    start = np.zeros(problem.offering_count + 1, dtype=np.int64)
    np.cumsum(counts, out=start[1:])
    return start, rows[order]
