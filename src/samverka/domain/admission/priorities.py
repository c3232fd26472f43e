"""Each offering's order of its applicants, as one integer key per choice row.

Procedure (admissions-rules.md §1.3, §3.3–3.5, §11.1 items 5–6):

1. Priority class first, in the configured order (default: first-hand, second-hand, late
   selection group). A choice has one class: the late group if the choice came after the
   deadline, else the applicant's reception class for the offering. Fri kvot is not a class:
   it is a capped quota of places (GyF 7 kap. 3 §, ``quota_keys`` and ``quota_expansion``), and
   outside it a fri-kvot applicant competes in their ordinary class.
2. Then the score: the merit value, or merit plus aptitude-test points × the offering's
   multiplier (GyF 7 kap. 4 §; Indra: MTV = SBV + test points).
3. Then the configured tie-break chain: choice rank (a higher-ranked choice wins), grade value
   (merit without test points), number of grades, and last always the lottery (a lower number
   wins), so that no two applicants ever tie.

Two other orders, for particular offerings:

* Inside an offering's fri-kvot places (``quota_keys``): the applicants granted fri kvot first,
  among themselves in the order above; then everyone else in that order, who takes a quota
  place only when no fri-kvot applicant wants it (unused places revert to selection on merit,
  GyF 7 kap. 4 §: "Övriga platser ska fördelas … med betygen som grund").
* On an offering the school ranks (individually adapted introduction programmes, ``ranked_keys``;
  admissions-rules.md §2.3, Indra's "rangordnad antagning"): the school's rank, 1 first; merit
  and class do not count. Unranked applicants are not offered a place (their rows get status
  NOT_OFFERED); they are ordered after the ranked ones by lottery only to keep keys strict.

The columns are turned into one comparable integer: packed bit fields when they fit in 62 bits,
else their dense rank in lexicographic order. Keys are compared only within one offering.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum

import numpy as np

from samverka.domain.admission.matching_problem import BoolArray, IntArray

_KEY_BITS = 62


class PriorityClass(StrEnum):
    FIRST_HAND = "first_hand"
    SECOND_HAND = "second_hand"
    LATE = "late"


LEGACY_CLASSES = frozenset({"discretionary_quota"})
"""Class names of earlier versions, dropped when settings are read: fri kvot was a class that
went first without a cap until it became a quota (issue 12)."""


class UnusedQuotaPlaces(StrEnum):
    """What happens to fri-kvot places no fri-kvot applicant takes."""

    REVERT = "revert"  # they go to selection on merit (GyF 7 kap. 4 §): the default
    KEEP = "keep"  # they stay empty for fri kvot


class QuotaOrder(StrEnum):
    """Whether an applicant is tried for an offering's fri-kvot places before its other places."""

    QUOTA_FIRST = "quota_first"  # the default: the organiser's grant gives precedence
    MERIT_FIRST = "merit_first"  # merit first; the quota for those merit does not reach


@dataclass(frozen=True, slots=True)
class QuotaRules:
    """How fri-kvot places are filled (``quota_expansion``)."""

    unused_places: UnusedQuotaPlaces = UnusedQuotaPlaces.REVERT
    order: QuotaOrder = QuotaOrder.QUOTA_FIRST


class TieBreak(StrEnum):
    CHOICE_RANK = "choice_rank"
    GRADE_VALUE = "grade_value"
    GRADE_COUNT = "grade_count"
    LOTTERY = "lottery"


@dataclass(frozen=True, slots=True)
class PriorityRules:
    """The region's priority configuration for one admission year."""

    class_order: tuple[PriorityClass, ...] = tuple(PriorityClass)
    tie_breaks: tuple[TieBreak, ...] = (TieBreak.LOTTERY,)
    quota: QuotaRules = field(default_factory=QuotaRules)

    def __post_init__(self) -> None:
        if sorted(self.class_order) != sorted(PriorityClass):
            raise ValueError("class_order must name every priority class exactly once")
        if len(set(self.tie_breaks)) != len(self.tie_breaks):
            raise ValueError("a tie-break may appear only once in the chain")
        if not self.tie_breaks or self.tie_breaks[-1] is not TieBreak.LOTTERY:
            raise ValueError("the tie-break chain must end with the lottery")

    def class_index(self, priority_class: PriorityClass) -> int:
        """0 for the class that goes first."""
        return self.class_order.index(priority_class)


@dataclass(frozen=True, slots=True, eq=False)
class PriorityInputs:
    """Per choice row: what the priority rules look at (all integers; points in hundredths)."""

    class_index: IntArray
    score_centi: IntArray
    rank: IntArray
    grade_value_centi: IntArray
    grade_count: IntArray
    lottery: IntArray


def priority_keys(rules: PriorityRules, inputs: PriorityInputs) -> IntArray:
    """One key per choice row; within an offering a higher key means a higher priority."""
    tie_break_column = {
        TieBreak.CHOICE_RANK: -inputs.rank,
        TieBreak.GRADE_VALUE: inputs.grade_value_centi,
        TieBreak.GRADE_COUNT: inputs.grade_count,
        TieBreak.LOTTERY: -inputs.lottery,
    }
    columns = [-inputs.class_index, inputs.score_centi]
    columns += [tie_break_column[tie_break] for tie_break in rules.tie_breaks]
    return combine_columns(columns)


def quota_keys(claim: BoolArray, key: IntArray) -> IntArray:
    """Per row, the priority inside an offering's fri-kvot places: the applicants granted fri
    kvot there (``claim``) first, each group in the order of ``key``."""
    return combine_columns([claim.astype(np.int64), key])


def ranked_keys(rank: IntArray, lottery: IntArray) -> IntArray:
    """Per row of offerings the school ranks: rank 1 first, then 2 …; unranked rows (rank 0)
    after every ranked one, by lottery (lower first), only so that keys stay strict."""
    unranked = rank <= 0
    position = np.where(unranked, 0, rank)
    ranked = (~unranked).astype(np.int64)
    return combine_columns([ranked, -position, -np.where(unranked, lottery, 0)])


def combine_columns(columns: Sequence[IntArray]) -> IntArray:
    """Order-preserving single key for lexicographic comparison, most significant first."""
    if not columns or len(columns[0]) == 0:
        return np.zeros(0, dtype=np.int64)
    lows = [int(column.min()) for column in columns]
    widths = [int(column.max()) - low + 1 for column, low in zip(columns, lows, strict=True)]
    bits = [max(width - 1, 0).bit_length() for width in widths]
    if sum(bits) > _KEY_BITS:
        return _dense_rank(columns)
    key = np.zeros(len(columns[0]), dtype=np.int64)
    for column, low, width_bits in zip(columns, lows, bits, strict=True):
        key <<= width_bits
        key |= column - low
    return key


def _dense_rank(columns: Sequence[IntArray]) -> IntArray:
    order = np.lexsort(tuple(reversed(columns)))
    differs = np.zeros(len(order), dtype=bool)
    for column in columns:
        differs[1:] |= np.diff(column[order]) != 0
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.cumsum(differs)
    return rank
