"""Each offering's order of its applicants, as one integer key per choice row.

Procedure (admissions-rules.md §1.3, §3.3–3.5, §11.1 items 5–6):

1. Priority class first, in the configured order. A choice has one class: its reception
   class (first or second hand, derived by ``reception``) combined with its selection group
   (on time or late). The default order is the statute's (SL 16 kap. 43–44 §§: second-hand
   applicants are received only to places left when every first-hand applicant is received,
   so reception goes before lateness): first hand on time, first hand late, second hand on
   time, second hand late (``STATUTE_ORDER``). A region may decide that on-time applicants go
   first whatever their reception (admissions-rules §3.5; the order Samverka used before
   issue 12): ``ON_TIME_FIRST_ORDER``. Fri kvot is not a class: it is a capped quota of places
   (GyF 7 kap. 3 §, ``quota_keys`` and ``quota_expansion``), and outside it a fri-kvot
   applicant competes in their ordinary class.
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

from samverka.admission.domain.matching_problem import BoolArray, IntArray

_KEY_BITS = 62


class PriorityClass(StrEnum):
    FIRST_HAND = "first_hand"
    FIRST_HAND_LATE = "first_hand_late"
    SECOND_HAND = "second_hand"
    SECOND_HAND_LATE = "second_hand_late"

    @classmethod
    def of(cls, reception: PriorityClass, late: bool) -> PriorityClass:
        """The class of a choice with ``reception`` (FIRST_HAND or SECOND_HAND) in its group."""
        if reception in (cls.SECOND_HAND, cls.SECOND_HAND_LATE):
            return cls.SECOND_HAND_LATE if late else cls.SECOND_HAND
        return cls.FIRST_HAND_LATE if late else cls.FIRST_HAND


STATUTE_ORDER = (
    PriorityClass.FIRST_HAND,
    PriorityClass.FIRST_HAND_LATE,
    PriorityClass.SECOND_HAND,
    PriorityClass.SECOND_HAND_LATE,
)
ON_TIME_FIRST_ORDER = (
    PriorityClass.FIRST_HAND,
    PriorityClass.SECOND_HAND,
    PriorityClass.FIRST_HAND_LATE,
    PriorityClass.SECOND_HAND_LATE,
)
_LEGACY_LATE = "late"  # before issue 12 the late group was one class, after the reception classes


LEGACY_CLASSES = frozenset({"discretionary_quota"})
"""Class names of earlier versions, dropped when settings are read: fri kvot was a class that
went first without a cap until it became a quota (issue 12)."""


def class_order_of(names: Sequence[str]) -> tuple[PriorityClass, ...]:
    """A stored order, read; a stored order from before issue 12 names one ``late`` class,
    which becomes first-hand late then second-hand late in its place, and may name fri kvot
    (``LEGACY_CLASSES``), which is dropped."""
    order: list[PriorityClass] = []
    for name in names:
        if name in LEGACY_CLASSES:
            continue
        if name == _LEGACY_LATE:
            order += [PriorityClass.FIRST_HAND_LATE, PriorityClass.SECOND_HAND_LATE]
        else:
            order.append(PriorityClass(name))
    return tuple(order)


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

    class_order: tuple[PriorityClass, ...] = STATUTE_ORDER
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
