"""Applicant-proposing deferred acceptance with capacities (Gale & Shapley 1962; Roth 1984).

Procedure (the McVitie–Wilson sequential form, which yields the same matching as the
round-based one):

1. Take the applicants one at a time. The current applicant proposes to their most preferred
   choice not yet tried, skipping choices whose status is not ADMISSIBLE (closed offering, not
   eligible, below a test minimum).
2. If the offering has a free place, it holds the proposal.
3. Otherwise it compares the proposal with the lowest-priority proposal it holds. It keeps the
   higher of the two and rejects the other; the rejected applicant becomes the current one and
   goes on from step 1 with their next choice.
4. An applicant who runs out of choices stays unplaced.

Every offering holds its proposals in a min-heap keyed by priority, so a step costs
O(log capacity) and the whole run O(choice rows × log capacity). The result is the
applicant-optimal stable matching (Gale–Shapley), which is what the admission rules describe:
everyone gets the highest choice whose cut-off their priority reaches, and keeps a reserve
position only on higher choices (admissions-rules.md §3.1–3.2).

An offering with fri-kvot places (``MatchingProblem.quotas``) is two sets of places, its quota
part and its ordinary part, each with its own heap and its own priority (``quota_expansion``
gives the rules and the proof): a choice row with a quota part is proposed to its first part,
and if rejected there, to its second part, before the applicant goes on to the next row. That
is step 1–4 on the expanded problem of ``quota_expansion.expand``, run without building it (the
test suite checks they agree); each placement is a row of the real problem and whether it is a
quota place. School rankings need nothing here: they are in the priority keys.

The inner loop is compiled by Numba; the algorithm is kept apart from input checks
(``MatchingProblem.validate``) and from verification (``certificate``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numba import njit

from samverka.admission.domain.matching_problem import (
    BoolArray,
    ChoiceStatus,
    IntArray,
    MatchingProblem,
)

ENGINE_VERSION = "da-mcvitie-wilson/2+quota-parts"


@dataclass(frozen=True, slots=True, eq=False)
class Matching:
    """The engine's answer: the choice row each applicant holds, or -1 when unplaced, and
    (for a problem with quotas) whether the place held is one of the offering's fri-kvot
    places (``None``: no applicant holds one)."""

    placed_row: IntArray
    proposals: int
    quota_seat: BoolArray | None = None

    def on_quota_seat(self) -> BoolArray:
        """Per applicant: holds a fri-kvot place (all false without quotas)."""
        if self.quota_seat is None:
            return np.zeros(len(self.placed_row), dtype=bool)
        return self.quota_seat


def solve(problem: MatchingProblem) -> Matching:
    """Run deferred acceptance on a validated problem (with quota parts if it has quotas)."""
    quotas = problem.quotas
    if quotas is None or not np.any(quotas.places > 0):
        return _solve_plain(problem)
    m = problem.offering_count
    with_quota = np.flatnonzero(quotas.places > 0)
    quota_part = np.full(m, -1, dtype=np.int64)
    quota_part[with_quota] = m + np.arange(len(with_quota), dtype=np.int64)
    capacity = np.concatenate([problem.capacity - quotas.places, quotas.places[with_quota]])
    placed_row, on_quota, proposals = _deferred_acceptance_with_quotas(
        capacity,
        quota_part,
        problem.choice_start,
        problem.choice_offering,
        problem.choice_status == ChoiceStatus.ADMISSIBLE,
        quotas.claim,
        quotas.reverts,
        problem.priority_key,
        quotas.key,
        quotas.quota_first,
    )
    return Matching(placed_row, int(proposals), on_quota)


def _solve_plain(problem: MatchingProblem) -> Matching:
    admissible = problem.choice_status == ChoiceStatus.ADMISSIBLE
    placed_row, proposals = _deferred_acceptance(
        problem.capacity,
        problem.choice_start,
        problem.choice_offering,
        admissible,
        problem.priority_key,
    )
    return Matching(placed_row=placed_row, proposals=int(proposals))


def warm_up() -> None:
    """Load (or on first use compile) the compiled engine, so later runs time only the work."""
    one = np.ones(1, dtype=np.int64)
    start = np.array([0, 1], dtype=np.int64)
    _deferred_acceptance(one, start, one * 0, one == 1, one)
    _deferred_acceptance_with_quotas(
        one, one * -1, start, one * 0, one == 1, one == 1, True, one, one, True
    )


@njit(cache=True, nogil=True)
def _deferred_acceptance(
    capacity: IntArray,
    choice_start: IntArray,
    choice_offering: IntArray,
    admissible: np.ndarray,
    key: IntArray,
) -> tuple[IntArray, int]:
    # Each offering's heap lives in a slice of three parallel arrays (row, key, applicant), so
    # comparisons read the heap's own memory instead of random places in the key array.
    heap_start = np.zeros(len(capacity) + 1, dtype=np.int64)
    heap_start[1:] = np.cumsum(capacity)
    heap_row = np.empty(heap_start[-1], dtype=np.int64)
    heap_key = np.empty(heap_start[-1], dtype=np.int64)
    heap_applicant = np.empty(heap_start[-1], dtype=np.int64)
    held = np.zeros(len(capacity), dtype=np.int64)
    next_row = choice_start[:-1].copy()
    placed = np.full(len(choice_start) - 1, -1, dtype=np.int64)
    proposals = 0
    for first in range(len(choice_start) - 1):
        a = first
        while a >= 0:
            r = next_row[a]
            end = choice_start[a + 1]
            while r < end and not admissible[r]:
                r += 1
            next_row[a] = min(r + 1, end)
            if r == end:
                break
            proposals += 1
            o = choice_offering[r]
            base = heap_start[o]
            size = held[o]
            if size < capacity[o]:
                _sift_up(heap_row, heap_key, heap_applicant, base, size, r, key[r], a)
                held[o] = size + 1
                placed[a] = r
                a = -1
            elif size > 0 and key[r] > heap_key[base]:
                rejected = heap_applicant[base]
                _sift_down(heap_row, heap_key, heap_applicant, base, size, r, key[r], a)
                placed[a] = r
                placed[rejected] = -1
                a = rejected
    return placed, proposals


@njit(cache=True, nogil=True)
def _deferred_acceptance_with_quotas(
    capacity: IntArray,
    quota_part: IntArray,
    choice_start: IntArray,
    choice_offering: IntArray,
    admissible: np.ndarray,
    claim: np.ndarray,
    reverts: bool,
    key: IntArray,
    quota_key: IntArray,
    quota_first: bool,
) -> tuple[IntArray, np.ndarray, int]:
    # ``_deferred_acceptance`` where a row with two parts (its offering has a quota part, and
    # it competes there: unused places revert, or it claims fri kvot) is proposed twice: first
    # to the part tried first (the quota when ``quota_first``), then, if rejected, to the other.
    heap_start = np.zeros(len(capacity) + 1, dtype=np.int64)
    heap_start[1:] = np.cumsum(capacity)
    heap_row = np.empty(heap_start[-1], dtype=np.int64)
    heap_key = np.empty(heap_start[-1], dtype=np.int64)
    heap_applicant = np.empty(heap_start[-1], dtype=np.int64)
    held = np.zeros(len(capacity), dtype=np.int64)
    next_row = choice_start[:-1].copy()
    second = np.zeros(len(choice_start) - 1, dtype=np.bool_)  # next try: the row's 2nd part
    placed = np.full(len(choice_start) - 1, -1, dtype=np.int64)
    on_quota = np.zeros(len(choice_start) - 1, dtype=np.bool_)
    proposals = 0
    for first in range(len(choice_start) - 1):
        a = first
        while a >= 0:
            r = next_row[a]
            end = choice_start[a + 1]
            if not second[a]:
                while r < end and not admissible[r]:
                    r += 1
            if r == end:
                next_row[a] = end
                break
            o = choice_offering[r]
            two = quota_part[o] >= 0 and (reverts or claim[r])
            quota = False
            if two and not second[a]:
                quota = quota_first
                second[a] = True
                next_row[a] = r
            else:
                quota = two and not quota_first
                second[a] = False
                next_row[a] = r + 1
            proposals += 1
            if quota:
                o = quota_part[o]
            k = quota_key[r] if quota else key[r]
            base = heap_start[o]
            size = held[o]
            if size < capacity[o]:
                _sift_up(heap_row, heap_key, heap_applicant, base, size, r, k, a)
                held[o] = size + 1
                placed[a] = r
                on_quota[a] = quota
                a = -1
            elif size > 0 and k > heap_key[base]:
                rejected = heap_applicant[base]
                _sift_down(heap_row, heap_key, heap_applicant, base, size, r, k, a)
                placed[a] = r
                on_quota[a] = quota
                placed[rejected] = -1
                on_quota[rejected] = False
                a = rejected
    return placed, on_quota, proposals


@njit(cache=True, nogil=True, inline="always")
def _sift_up(
    rows: IntArray, keys: IntArray, owners: IntArray, base: int, size: int, row: int, k: int, a: int
) -> None:
    """Add (row, k, a) to the min-heap of ``size`` entries starting at ``base``."""
    i = size
    while i > 0:
        parent = (i - 1) >> 1
        if keys[base + parent] <= k:
            break
        rows[base + i] = rows[base + parent]
        keys[base + i] = keys[base + parent]
        owners[base + i] = owners[base + parent]
        i = parent
    rows[base + i], keys[base + i], owners[base + i] = row, k, a


@njit(cache=True, nogil=True, inline="always")
def _sift_down(
    rows: IntArray, keys: IntArray, owners: IntArray, base: int, size: int, row: int, k: int, a: int
) -> None:
    """Replace the heap's minimum with (row, k, a) and restore the heap order."""
    i = 0
    while True:
        child = 2 * i + 1
        if child >= size:
            break
        if child + 1 < size and keys[base + child + 1] < keys[base + child]:
            child += 1
        if keys[base + child] >= k:
            break
        rows[base + i] = rows[base + child]
        keys[base + i] = keys[base + child]
        owners[base + i] = owners[base + child]
        i = child
    rows[base + i], keys[base + i], owners[base + i] = row, k, a
