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
   is closed (``admission.services.offerings.close_offering``).
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
   offering. On an offering with fri-kvot places the holder goes first in both of its kinds of
   places: in the quota, key = (holds this row, old quota key); outside it, holders who cannot
   compete for the quota (when unused quota places do not revert) go before the holders who
   can, key = (holds this row, holds it and has no quota part, old key), so that they never
   lose the only places open to them to a holder who could have taken a quota place.
3. Places. An offering with fewer places than holders gets one place per holder: the system
   never removes an admitted applicant (invariant 8; an admission is a favourable decision);
   likewise its places outside fri kvot are raised to the holders who can hold no other kind.
   The raise lasts the whole round, so if a holder of such an offering moves up, their seat is
   re-offered although the offering is still at or above its reduced places (``extra_places``
   says where this can happen).
4. Run ordinary deferred acceptance (``deferred_acceptance.solve``) on the new problem.
5. Check the guarantee (``certify_no_demotion``), independently of steps 1–4: against the
   places held after the previous round, nobody is placed lower or not at all, except through
   their own reply (a decline) or because the offering they held was closed ("startar ej").
   A production round runs this check and stores nothing when it fails
   (``round_computation``).

Why this gives invariant 8: a holder proposing to their kept row can be rejected there only for
higher-priority proposals, which come from other holders, and there are fewer of those than
places. With fri kvot, holders go first in both kinds of places and together fit in them: those
with a quota part fill the quota or fall through to the ordinary places, where the holders
without one go first and fit by step 3. So every holder ends on their kept row or a higher
choice. A holder who moves up frees the seat, which the offering gives to its best remaining
proposal: the best reserve by the round's priorities. When priorities and places did not
change, the result equals deferred acceptance on the previous problem with the withdrawn rows
removed: the holder priority never decides anything then, since a reserve outranking a holder
would have had justified envy in the previous round, and removing applicants or choices above
a placement only moves the others up.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from samverka.admission.domain.matching_problem import (
    ChoiceStatus,
    IntArray,
    MatchingProblem,
    Quotas,
)
from samverka.admission.domain.priorities import combine_columns
from samverka.admission.domain.replies import ReplyKind, keeps_place, stays_reserve
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
    offering, m = problem.choice_offering, problem.offering_count
    holders = np.bincount(offering[is_kept], minlength=m)
    capacity = np.maximum(problem.capacity, holders).astype(np.int64)
    kept = is_kept.astype(np.int64)
    key = combine_columns([kept, problem.priority_key])
    quotas = problem.quotas
    if quotas is not None:
        only_ordinary = is_kept & ~quotas.has_quota_part(offering)
        needed = quotas.places + np.bincount(offering[only_ordinary], minlength=m)
        capacity = np.maximum(capacity, needed)
        key = combine_columns([kept, only_ordinary.astype(np.int64), problem.priority_key])
        quotas = Quotas(
            places=quotas.places.copy(),
            claim=quotas.claim.copy(),
            key=combine_columns([kept, quotas.key]),
            reverts=quotas.reverts,
            quota_first=quotas.quota_first,
        )
    new_problem = MatchingProblem(
        capacity=capacity,
        choice_start=problem.choice_start.copy(),
        choice_offering=offering.copy(),
        choice_status=status,
        priority_key=key,
        score_centi=problem.score_centi.copy(),
        quotas=quotas,
        ranking=problem.ranking,
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


def demoted(
    problem: MatchingProblem,
    held_row: IntArray,
    replies: Sequence[ReplyKind],
    placed_row: IntArray,
) -> list[int]:
    """Applicants placed lower than the row they held after the previous round, or not at all,
    although their reply keeps the place and its offering was not closed (must be empty): a
    place lost to a closed offering (step 0) and a decline are the exceptions the guarantee
    allows.

    ``problem`` is the new round's problem as the rules give it (before
    ``reserve_round_problem``): whether a held offering was closed is read there. The check
    shares nothing with the transformation, so a fault in it cannot hide here.
    """
    _check_inputs(problem, held_row, replies)
    if len(placed_row) != problem.applicant_count:
        raise ValueError("placed_row needs one entry per applicant")
    keeps = np.array([keeps_place(reply) for reply in replies], dtype=bool)
    held = held_row >= 0
    closed = np.zeros(problem.applicant_count, dtype=bool)
    closed[held] = problem.choice_status[held_row[held]] == ChoiceStatus.OFFERING_CLOSED
    protected = held & keeps & ~closed
    worse = protected & ((placed_row < 0) | (placed_row > held_row))
    return [int(a) for a in np.flatnonzero(worse)]


def certify_no_demotion(
    problem: MatchingProblem,
    held_row: IntArray,
    replies: Sequence[ReplyKind],
    placed_row: IntArray,
) -> None:
    """Raise ``InvariantViolated`` if the round moved a kept place down or out (invariant 8)."""
    applicants = demoted(problem, held_row, replies, placed_row)
    if applicants:
        raise InvariantViolated(
            [
                f"applicant #{a} was moved below the place they held after the previous round"
                for a in applicants
            ]
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
