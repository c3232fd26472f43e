"""Why an applicant got what they got: every choice with its outcome and reason.

For each choice row of one applicant, in rank order:

* PLACED — the applicant holds this place.
* RESERVE — a choice ranked above the placement (or any choice of an unplaced applicant) that
  could be admitted: the position in the offering's reserve list, and how far the score falls
  below the cut-off (or that it equals it and the tie-break decided, or that a priority class
  went first).
* NOT_TRIED — ranked below the placement; lower choices are not tried (admissions-rules §3.1).
* WITHDRAWN — in a reserve round: given up in a reply, or below the place the applicant holds.
* OFFERING_CLOSED, NOT_ELIGIBLE, BELOW_TEST_MINIMUM — the choice was skipped; the caller adds
  the failed requirements (e.g. "missing pass in Fy") from the eligibility result.
* NOT_OFFERED — "ej erbjuden plats": an offering the school ranks (individual introduction
  programmes), and the school has not ranked the applicant.

Two notes qualify an outcome:

* Fri kvot (GyF 7 kap. 3 §, ``QuotaNote``): placed *under* fri kvot; or granted fri kvot but the
  fri-kvot places were filled by applicants before them, so the choice was tried on merit
  ("fri kvot: platserna är fyllda"); or, for anyone on the reserve list, every place taken was
  taken under fri kvot (so there is no cut-off to compare with).
* School ranking: on an offering the school ranks, the school's rank of the applicant and of
  the last admitted take the place of score and cut-off (merit does not count there).

``explain_applicant`` explains one applicant's choices; ``explain_rows`` explains every choice
row of a run at once, column by column, with the same outcomes (a round's explanations are
stored with the round, so that a result page need not repeat the round).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import Any

import numpy as np

from samverka.admission.domain.deferred_acceptance import Matching
from samverka.admission.domain.matching_problem import (
    BoolArray,
    ChoiceStatus,
    IntArray,
    MatchingProblem,
)
from samverka.admission.domain.outcome import Outcome
from samverka.admission.domain.points import from_centi, normalised


class ChoiceOutcome(StrEnum):
    PLACED = "placed"
    RESERVE = "reserve"
    NOT_TRIED = "not_tried"
    OFFERING_CLOSED = "offering_closed"
    NOT_ELIGIBLE = "not_eligible"
    BELOW_TEST_MINIMUM = "below_test_minimum"
    WITHDRAWN = "withdrawn"
    NOT_OFFERED = "not_offered"


class QuotaNote(StrEnum):
    """How fri kvot bore on a choice (none: it did not)."""

    UNDER_QUOTA = "under_quota"  # placed on a fri-kvot place, granted fri kvot
    QUOTA_FULL = "quota_full"  # granted fri kvot, but the fri-kvot places were filled
    ALL_UNDER_QUOTA = "all_under_quota"  # not placed, and everyone placed came under fri kvot


_SKIPPED = {
    ChoiceStatus.OFFERING_CLOSED: ChoiceOutcome.OFFERING_CLOSED,
    ChoiceStatus.NOT_ELIGIBLE: ChoiceOutcome.NOT_ELIGIBLE,
    ChoiceStatus.BELOW_TEST_MINIMUM: ChoiceOutcome.BELOW_TEST_MINIMUM,
    ChoiceStatus.WITHDRAWN: ChoiceOutcome.WITHDRAWN,
    ChoiceStatus.NOT_OFFERED: ChoiceOutcome.NOT_OFFERED,
}


@dataclass(frozen=True, slots=True)
class ChoiceExplanation:
    rank: int
    offering: int
    outcome: ChoiceOutcome
    score: Decimal
    cutoff: Decimal | None = None
    reserve_position: int | None = None
    failures: tuple[str, ...] = ()
    quota: QuotaNote | None = None
    school_rank: int | None = None  # the school's rank, on an offering the school ranks
    cutoff_rank: int | None = None  # the rank of the last admitted there

    def reason(self) -> str:
        """The reason in plain English (the web application translates the structured fields)."""
        if self.outcome is ChoiceOutcome.PLACED:
            if self.quota is QuotaNote.UNDER_QUOTA:
                return "placed under fri kvot"
            if self.quota is QuotaNote.QUOTA_FULL:
                return "placed on merit; fri kvot: the places are filled"
            return "placed"
        if self.outcome is ChoiceOutcome.RESERVE:
            full = "fri kvot: the places are filled; " if self.quota is QuotaNote.QUOTA_FULL else ""
            return f"reserve {self.reserve_position} in line; {full}{self._against_cutoff()}"
        if self.outcome is ChoiceOutcome.NOT_OFFERED:
            return "not offered a place: the school has not ranked you"
        if self.outcome is ChoiceOutcome.NOT_TRIED:
            return "not tried: placed on a higher choice"
        if self.outcome is ChoiceOutcome.OFFERING_CLOSED:
            return "offering closed (does not start)"
        if self.outcome is ChoiceOutcome.BELOW_TEST_MINIMUM:
            return "below the aptitude test's minimum score"
        if self.outcome is ChoiceOutcome.WITHDRAWN:
            return "withdrawn: given up in a reply, or ranked below the place held"
        missing = "; ".join(self.failures) if self.failures else "requirements not met"
        return f"not eligible: {missing}"

    def _against_cutoff(self) -> str:
        if self.school_rank is not None:
            last = (
                f"the last admitted is ranked {self.cutoff_rank}"
                if self.cutoff_rank
                else ("no one was admitted")
            )
            return f"the school ranked you {self.school_rank}; {last}"
        if self.quota is QuotaNote.ALL_UNDER_QUOTA:
            return "every place went to fri kvot"
        if self.cutoff is None:
            return "no one was admitted"
        if self.score < self.cutoff:
            gap = normalised(self.cutoff - self.score)
            return f"below cut-off {self.cutoff} by {gap} points"
        if self.score == self.cutoff:
            return f"equal to cut-off {self.cutoff}; lost on tie-break"
        return f"score above cut-off {self.cutoff}; a higher priority class went first"


def reserve_positions(problem: MatchingProblem, outcome: Outcome) -> IntArray:
    """Per choice row, its 1-based position in the offering's reserve list (0 if none)."""
    position = np.zeros(problem.choice_count, dtype=np.int64)
    counts = outcome.reserve_count()
    offsets = np.arange(len(outcome.reserve_rows), dtype=np.int64)
    offsets -= np.repeat(outcome.reserve_start[:-1], counts)
    position[outcome.reserve_rows] = offsets + 1
    return position


OUTCOMES: tuple[ChoiceOutcome, ...] = tuple(ChoiceOutcome)
"""The outcomes in the order of their codes in ``ExplainedRows.outcome``."""

_CODE = {outcome: code for code, outcome in enumerate(OUTCOMES)}

QUOTA_NOTES: tuple[QuotaNote | None, ...] = (None, *QuotaNote)
"""The fri-kvot notes in the order of their codes in ``ExplainedRows.quota`` (0: none)."""


@dataclass(frozen=True, slots=True, eq=False)
class RowNotes:
    """Per choice row: the fri-kvot note (index into ``QUOTA_NOTES``), whether the offering is
    one the school ranks, the school's rank (0: none) and the last admitted's rank (0: none)."""

    quota: IntArray
    ranked: BoolArray
    school_rank: IntArray
    cutoff_rank: IntArray


def row_notes(
    problem: MatchingProblem,
    matching: Matching,
    outcome: Outcome,
    applicant: int | None = None,
) -> RowNotes:
    """The notes (see the module: fri kvot and the school's ranking) of every row, or of
    ``applicant``'s rows only, in row order."""
    lo, hi = 0, problem.choice_count
    if applicant is not None:
        lo, hi = int(problem.choice_start[applicant]), int(problem.choice_start[applicant + 1])
    rows = np.arange(lo, hi, dtype=np.int64)
    offering = problem.choice_offering[lo:hi]
    owner = problem.choice_applicant()[lo:hi] if applicant is None else np.full(hi - lo, applicant)
    placed = matching.placed_row[owner]
    admissible = problem.choice_status[lo:hi] == ChoiceStatus.ADMISSIBLE
    reserve = admissible & ((placed < 0) | (rows < placed))
    quota = np.zeros(hi - lo, dtype=np.int64)
    code = {note: QUOTA_NOTES.index(note) for note in QuotaNote}
    if problem.quotas is not None:
        claim = problem.quotas.claim[lo:hi] & (problem.quotas.places[offering] > 0)
        on_quota = matching.on_quota_seat()[owner]
        quota[reserve & claim] = code[QuotaNote.QUOTA_FULL]
        if problem.quotas.quota_first:
            quota[(rows == placed) & claim & ~on_quota] = code[QuotaNote.QUOTA_FULL]
        quota[(rows == placed) & claim & on_quota] = code[QuotaNote.UNDER_QUOTA]
        taken = outcome.admitted_count()[offering] > 0
        all_quota = reserve & ~claim & taken & (outcome.cutoff_row[offering] < 0)
        quota[all_quota] = code[QuotaNote.ALL_UNDER_QUOTA]
    ranked = np.zeros(hi - lo, dtype=bool)
    school_rank = np.zeros(hi - lo, dtype=np.int64)
    cutoff_rank = np.zeros(hi - lo, dtype=np.int64)
    if problem.ranking is not None:
        ranked = problem.ranking.ranked[offering]
        school_rank = np.where(ranked, problem.ranking.rank[lo:hi], 0)
        cut = outcome.cutoff_row[offering]
        has_cut = ranked & (cut >= 0)
        cutoff_rank[has_cut] = problem.ranking.rank[cut[has_cut]]
    return RowNotes(quota, ranked, school_rank, cutoff_rank)


@dataclass(frozen=True, slots=True, eq=False)
class ExplainedRows:
    """Every choice row of a run explained, one array per field, in the problem's row order.

    ``outcome`` holds indexes into ``OUTCOMES``; ``cutoff_row`` is the offering's lowest
    row admitted on merit, -1 where no one was (``cutoff_centi`` is then 0; on an offering the
    school ranks it is always 0, and ``notes`` give the ranks); ``reserve_position`` is 0 where
    the row is on no reserve list.
    """

    applicant: IntArray
    rank: IntArray
    offering: IntArray
    outcome: IntArray
    score_centi: IntArray
    cutoff_row: IntArray
    cutoff_centi: IntArray
    reserve_position: IntArray
    notes: RowNotes

    def explanation(self, row: int, failures: tuple[str, ...] = ()) -> ChoiceExplanation:
        """Row ``row`` as ``explain_applicant`` gives it."""
        return ChoiceExplanation(
            rank=int(self.rank[row]),
            offering=int(self.offering[row]),
            outcome=OUTCOMES[int(self.outcome[row])],
            score=from_centi(int(self.score_centi[row])),
            cutoff=self.cutoff(row),
            reserve_position=int(self.reserve_position[row]) or None,
            failures=failures,
            **_noted(self.notes, row),
        )

    def cutoff(self, row: int) -> Decimal | None:
        """The cut-off in points shown with row ``row`` (none on a school-ranked offering)."""
        if int(self.cutoff_row[row]) < 0 or self.notes.ranked[row]:
            return None
        return from_centi(int(self.cutoff_centi[row]))


def _noted(notes: RowNotes, row: int) -> dict[str, Any]:
    ranked = bool(notes.ranked[row])
    return {
        "quota": QUOTA_NOTES[int(notes.quota[row])],
        "school_rank": (int(notes.school_rank[row]) or None) if ranked else None,
        "cutoff_rank": (int(notes.cutoff_rank[row]) or None) if ranked else None,
    }


def explain_rows(
    problem: MatchingProblem, matching: Matching, outcome: Outcome, positions: IntArray
) -> ExplainedRows:
    """Every choice row with its outcome: ``explain_applicant`` for all applicants at once."""
    rows = np.arange(problem.choice_count, dtype=np.int64)
    owner = problem.choice_applicant()
    placed = matching.placed_row[owner]
    codes = np.full(problem.choice_count, _CODE[ChoiceOutcome.RESERVE], dtype=np.int64)
    codes[(placed >= 0) & (rows > placed)] = _CODE[ChoiceOutcome.NOT_TRIED]
    codes[rows == placed] = _CODE[ChoiceOutcome.PLACED]
    for status, skipped in _SKIPPED.items():
        codes[problem.choice_status == status.value] = _CODE[skipped]
    cutoff_row = outcome.cutoff_row[problem.choice_offering]
    cutoff_centi = np.zeros(problem.choice_count, dtype=np.int64)
    notes = row_notes(problem, matching, outcome)
    admitted = (cutoff_row >= 0) & ~notes.ranked
    cutoff_centi[admitted] = problem.score_centi[cutoff_row[admitted]]
    return ExplainedRows(
        applicant=owner,
        rank=problem.choice_rank(),
        offering=problem.choice_offering.astype(np.int64, copy=False),
        outcome=codes,
        score_centi=problem.score_centi.astype(np.int64, copy=False),
        cutoff_row=cutoff_row,
        cutoff_centi=cutoff_centi,
        reserve_position=positions.astype(np.int64, copy=False),
        notes=notes,
    )


def explain_applicant(
    problem: MatchingProblem,
    matching: Matching,
    outcome: Outcome,
    applicant: int,
    positions: IntArray,
    failures: dict[int, tuple[str, ...]] | None = None,
) -> list[ChoiceExplanation]:
    """Every choice of ``applicant`` with its outcome; ``failures`` maps rows to reasons."""
    placed = int(matching.placed_row[applicant])
    start, end = int(problem.choice_start[applicant]), int(problem.choice_start[applicant + 1])
    notes = row_notes(problem, matching, outcome, applicant)
    explanations = []
    for row in range(start, end):
        offering = int(problem.choice_offering[row])
        status = ChoiceStatus(int(problem.choice_status[row]))
        cutoff_row = int(outcome.cutoff_row[offering])
        on_merit = cutoff_row >= 0 and not notes.ranked[row - start]
        base = ChoiceExplanation(
            rank=row - start + 1,
            offering=offering,
            outcome=_outcome_of(row, placed, status),
            score=from_centi(int(problem.score_centi[row])),
            cutoff=from_centi(int(problem.score_centi[cutoff_row])) if on_merit else None,
            reserve_position=int(positions[row]) or None,
            failures=(failures or {}).get(row, ()),
            **_noted(notes, row - start),
        )
        explanations.append(base)
    return explanations


def _outcome_of(row: int, placed: int, status: ChoiceStatus) -> ChoiceOutcome:
    if status is not ChoiceStatus.ADMISSIBLE:
        return _SKIPPED[status]
    if row == placed:
        return ChoiceOutcome.PLACED
    if placed >= 0 and row > placed:
        return ChoiceOutcome.NOT_TRIED
    return ChoiceOutcome.RESERVE
