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

The inner loop is compiled by Numba; the algorithm is kept apart from input checks
(``MatchingProblem.validate``) and from verification (``certificate``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numba import njit

from samverka.domain.admission.matching_problem import ChoiceStatus, IntArray, MatchingProblem

ENGINE_VERSION = "da-mcvitie-wilson/1"


@dataclass(frozen=True, slots=True, eq=False)
class Matching:
    """The engine's answer: the choice row each applicant holds, or -1 when unplaced."""

    placed_row: IntArray
    proposals: int


def solve(problem: MatchingProblem) -> Matching:
    """Run deferred acceptance on a validated problem."""
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
    _deferred_acceptance(one, np.array([0, 1], dtype=np.int64), one * 0, one == 1, one)


@njit(cache=True, nogil=True)
def _deferred_acceptance(
    capacity: IntArray,
    choice_start: IntArray,
    choice_offering: IntArray,
    admissible: np.ndarray,
    key: IntArray,
) -> tuple[IntArray, int]:
    n_applicants = len(choice_start) - 1
    heap_start = np.zeros(len(capacity) + 1, dtype=np.int64)
    heap_start[1:] = np.cumsum(capacity)
    heap = np.empty(heap_start[-1], dtype=np.int64)
    held = np.zeros(len(capacity), dtype=np.int64)
    next_row = choice_start[:-1].copy()
    placed = np.full(n_applicants, -1, dtype=np.int64)
    row_applicant = np.empty(len(choice_offering), dtype=np.int64)
    for a in range(n_applicants):
        row_applicant[choice_start[a] : choice_start[a + 1]] = a
    proposals = 0
    for first in range(n_applicants):
        a = first
        while a >= 0:
            r = next_row[a]
            end = choice_start[a + 1]
            while r < end and not admissible[r]:
                r += 1
            if r == end:
                next_row[a] = r
                break
            next_row[a] = r + 1
            proposals += 1
            o = choice_offering[r]
            base = heap_start[o]
            size = held[o]
            if size < capacity[o]:
                _sift_up(heap, key, base, size, r)
                held[o] = size + 1
                placed[a] = r
                a = -1
            elif size > 0 and key[r] > key[heap[base]]:
                rejected = heap[base]
                _sift_down(heap, key, base, size, r)
                placed[a] = r
                a = row_applicant[rejected]
                placed[a] = -1
    return placed, proposals


@njit(cache=True, nogil=True, inline="always")
def _sift_up(heap: IntArray, key: IntArray, base: int, size: int, row: int) -> None:
    i = size
    k = key[row]
    while i > 0:
        parent = (i - 1) >> 1
        if key[heap[base + parent]] <= k:
            break
        heap[base + i] = heap[base + parent]
        i = parent
    heap[base + i] = row


@njit(cache=True, nogil=True, inline="always")
def _sift_down(heap: IntArray, key: IntArray, base: int, size: int, row: int) -> None:
    """Replace the heap's minimum with ``row`` and restore the heap order."""
    i = 0
    k = key[row]
    while True:
        child = 2 * i + 1
        if child >= size:
            break
        if child + 1 < size and key[heap[base + child + 1]] < key[heap[base + child]]:
            child += 1
        if key[heap[base + child]] >= k:
            break
        heap[base + i] = heap[base + child]
        i = child
    heap[base + i] = row
