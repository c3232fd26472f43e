"""A reserve round (reservantagning) as a change of the problem, then ordinary deferred acceptance.

Source: admissions-rules.md §3.2 (declines move the others up, never down; late applicants
can push reserves back), §4.2 (replies), §4.3 (an offering closed after admission, "startar
ej": places set to 0, every affected applicant notified), §11.2 invariants 1, 8 and 9; issue 12
point 10 (a closed offering holds nobody).

Procedure, given the new round's problem (the applicants and choice rows of the previous round
in the same layout, with any priorities, places or statuses updated and any late applicants
added), the row each applicant holds after the previous round, and each effective reply
(``replies.effective_reply``):

0. A held place in an offering that has closed since ("startar ej": its row's status is
   OFFERING_CLOSED) is lost: the only move out of a place the system makes, besides the
   applicant's own reply. The holder is tried again on their other choices: the rows below the
   lost place, withdrawn before only because the place was held, come back; the rows above stay
   as the reply decides. ``lost_row`` records it, and the no-demotion guarantee does not cover
   it (``demoted``). Every holder and every applicant who chose the offering is notified when it
   is closed (``services.offerings.close_offering``).
1. Withdraw rows. They get status WITHDRAWN in the new problem, so that the engine skips them
   and an explanation gives the real reason; ``withdrawn`` marks them as well:
   * every row of an applicant who DECLINEs (they leave the admission);
   * every row ranked below a held place (an admitted applicant is never moved down, and lower
     choices are not tried, §3.1), except below a place lost to a closed offering;
   * with ACCEPT_WITHOUT_RESERVE, every row ranked above the held place (every row, when
     unplaced): the applicant leaves those reserve lists.
2. Protect kept places. A kept row stays ADMISSIBLE even if it is no longer eligible (an
   admission is a favourable decision), and its holder goes first there: key = (holds this
   row, old key), packed by ``priorities.combine_columns``, so keys stay strict within each
   offering.
3. Places. An offering with fewer places than holders gets one place per holder: the system
   never removes an admitted applicant (invariant 8; an admission is a favourable decision).
   The raise lasts the whole round, so if a holder of such an offering moves up, their seat is
   re-offered although the offering is still at or above its reduced places (``extra_places``
   says where this can happen).
4. Run ordinary deferred acceptance (``deferred_acceptance.solve``) on the new problem.

Why this gives invariant 8: a holder proposing to their kept row can be rejected there only for
higher-priority proposals, which come from other holders, and there are fewer of those than
places. So every holder ends on their kept row or a higher choice. A holder who moves up frees
the seat, which the offering gives to its best remaining proposal: the best reserve by the
round's priorities. When priorities and places did not change, the result equals deferred
acceptance on the previous problem with the withdrawn rows removed: the holder priority never
decides anything then, since a reserve outranking a holder would have had justified envy in the
previous round, and removing applicants or choices above a placement only moves the others up.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from samverka.domain.admission.matching_problem import ChoiceStatus, IntArray, MatchingProblem
from samverka.domain.admission.priorities import combine_columns
from samverka.domain.admission.replies import ReplyKind, keeps_place, stays_reserve
from samverka.errors import InvariantViolated

BoolArray = npt.NDArray[np.bool_]


@dataclass(frozen=True, slots=True, eq=False)
class ReserveRoundProblem:
    """The problem the reserve round solves, and how it was derived.

    ``withdrawn[r]``: row ``r`` was taken out by the applicant's reply or lies below their held
    place (its status in ``problem`` is then WITHDRAWN).
    ``kept_row[a]``: the row applicant ``a`` keeps (-1: none, declined, or lost).
    ``extra_places[o]``: places added to offering ``o`` because it has more holders than places.
    ``lost_row[a]``: the held row applicant ``a`` lost because its offering closed (-1: none).
    """

    problem: MatchingProblem
    withdrawn: BoolArray
    kept_row: IntArray
    extra_places: IntArray
    lost_row: IntArray


def reserve_round_problem(
    problem: MatchingProblem, held_row: IntArray, replies: Sequence[ReplyKind]
) -> ReserveRoundProblem:
    """The new round's problem with the replies applied and the kept places protected."""
    _check_inputs(problem, held_row, replies)
    applicant = problem.choice_applicant()
    keeps = np.array([keeps_place(reply) for reply in replies], dtype=bool)
    stays = np.array([stays_reserve(reply) for reply in replies], dtype=bool)
    closed = _held_offering_closed(problem, held_row)
    lost_row = np.where(keeps & closed, held_row, -1).astype(np.int64)
    kept_row = np.where(keeps & ~closed, held_row, -1).astype(np.int64)
    withdrawn = _withdrawn_rows(
        problem, held_row[applicant], keeps[applicant], stays[applicant], closed[applicant]
    )
    rows = np.arange(problem.choice_count, dtype=np.int64)
    is_kept = rows == kept_row[applicant]
    status = problem.choice_status.copy()
    status[withdrawn] = ChoiceStatus.WITHDRAWN
    status[is_kept] = ChoiceStatus.ADMISSIBLE
    holders = np.bincount(problem.choice_offering[is_kept], minlength=problem.offering_count)
    capacity = np.maximum(problem.capacity, holders).astype(np.int64)
    new_problem = MatchingProblem(
        capacity=capacity,
        choice_start=problem.choice_start.copy(),
        choice_offering=problem.choice_offering.copy(),
        choice_status=status,
        priority_key=combine_columns([is_kept.astype(np.int64), problem.priority_key]),
        score_centi=problem.score_centi.copy(),
    )
    extra = capacity - problem.capacity
    return ReserveRoundProblem(new_problem, withdrawn, kept_row, extra, lost_row)


def moves(previous_held: IntArray, new_placed: IntArray) -> list[tuple[int, int, int]]:
    """(applicant, from_row, to_row) for every applicant whose placement changed; -1 = none.

    Covers moves up, new admissions of reserves (from -1) and places given up (to -1).
    """
    if len(previous_held) != len(new_placed):
        raise ValueError("both placements must cover the same applicants")
    changed = np.flatnonzero(previous_held != new_placed)
    return [(int(a), int(previous_held[a]), int(new_placed[a])) for a in changed]


def demoted(round_problem: ReserveRoundProblem, placed_row: IntArray) -> list[int]:
    """Applicants placed lower than their kept row, or not at all (must always be empty). A
    place lost to a closed offering is not kept (step 0): its holder may end lower or unplaced,
    the one exception the guarantee allows."""
    kept = round_problem.kept_row
    worse = (kept >= 0) & ((placed_row < 0) | (placed_row > kept))
    return [int(a) for a in np.flatnonzero(worse)]


def certify_no_demotion(round_problem: ReserveRoundProblem, placed_row: IntArray) -> None:
    """Raise ``InvariantViolated`` if the round moved a kept place down or out (invariant 8)."""
    applicants = demoted(round_problem, placed_row)
    if applicants:
        raise InvariantViolated(
            [f"applicant #{a} was moved below their kept place" for a in applicants]
        )


def _held_offering_closed(problem: MatchingProblem, held_row: IntArray) -> BoolArray:
    """Per applicant: the held row's offering has closed (step 0)."""
    closed = np.zeros(problem.applicant_count, dtype=bool)
    placed = held_row >= 0
    status = problem.choice_status[held_row[placed]]
    closed[placed] = status == ChoiceStatus.OFFERING_CLOSED
    return closed


def _withdrawn_rows(
    problem: MatchingProblem, held: IntArray, keeps: BoolArray, stays: BoolArray, lost: BoolArray
) -> BoolArray:
    """Per row (``held``, ``keeps``, ``stays``, ``lost`` given per row): is it withdrawn
    (step 1)? Rows below a place lost to a closed offering come back (step 0)."""
    rows = np.arange(problem.choice_count, dtype=np.int64)
    below = (held >= 0) & (rows > held) & ~lost
    above = (held < 0) | (rows < held)
    result: BoolArray = ~keeps | below | (above & ~stays)
    return result


def _check_inputs(
    problem: MatchingProblem, held_row: IntArray, replies: Sequence[ReplyKind]
) -> None:
    n = problem.applicant_count
    if len(held_row) != n or len(replies) != n:
        raise ValueError(f"held_row and replies need one entry per applicant ({n})")
    start, end = problem.choice_start[:-1], problem.choice_start[1:]
    placed = held_row >= 0
    if np.any(held_row < -1) or np.any(placed & ((held_row < start) | (held_row >= end))):
        raise ValueError("a held row is not one of its applicant's choice rows")
