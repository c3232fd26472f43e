"""Each offering's order of its applicants, as one integer key per choice row.

Procedure (admissions-rules.md §1.3, §3.3–3.5, §11.1 items 5–6):

1. Priority class first, in the configured order. A choice has one class: discretionary quota
   if the organiser granted it, else its reception class (first or second hand, derived by
   ``reception``) combined with its selection group (on time or late). The default order is
   the statute's (SL 16 kap. 43–44 §§: second-hand applicants are received only to places left
   when every first-hand applicant is received, so reception goes before lateness):
   discretionary quota, first hand on time, first hand late, second hand on time, second hand
   late (``STATUTE_ORDER``). A region may decide that on-time applicants go first whatever
   their reception (admissions-rules §3.5; the order Samverka used before issue 12):
   ``ON_TIME_FIRST_ORDER``.
2. Then the score: the merit value, or merit plus aptitude-test points × the offering's
   multiplier (GyF 7 kap. 4 §; Indra: MTV = SBV + test points).
3. Then the configured tie-break chain: choice rank (a higher-ranked choice wins), grade value
   (merit without test points), number of grades, and last always the lottery (a lower number
   wins), so that no two applicants ever tie.

The columns are turned into one comparable integer: packed bit fields when they fit in 62 bits,
else their dense rank in lexicographic order. Keys are compared only within one offering.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

import numpy as np

from samverka.domain.admission.matching_problem import IntArray

_KEY_BITS = 62


class PriorityClass(StrEnum):
    DISCRETIONARY_QUOTA = "discretionary_quota"
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
    PriorityClass.DISCRETIONARY_QUOTA,
    PriorityClass.FIRST_HAND,
    PriorityClass.FIRST_HAND_LATE,
    PriorityClass.SECOND_HAND,
    PriorityClass.SECOND_HAND_LATE,
)
ON_TIME_FIRST_ORDER = (
    PriorityClass.DISCRETIONARY_QUOTA,
    PriorityClass.FIRST_HAND,
    PriorityClass.SECOND_HAND,
    PriorityClass.FIRST_HAND_LATE,
    PriorityClass.SECOND_HAND_LATE,
)
_LEGACY_LATE = "late"  # before issue 12 the late group was one class, after the reception classes


def class_order_of(names: Sequence[str]) -> tuple[PriorityClass, ...]:
    """A stored order, read; a stored order from before issue 12 names one ``late`` class,
    which becomes first-hand late then second-hand late in its place."""
    order: list[PriorityClass] = []
    for name in names:
        if name == _LEGACY_LATE:
            order += [PriorityClass.FIRST_HAND_LATE, PriorityClass.SECOND_HAND_LATE]
        else:
            order.append(PriorityClass(name))
    return tuple(order)


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
