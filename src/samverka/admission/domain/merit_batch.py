"""The merit values of a whole round's grade sheets at once: ``merit.compute_merit``'s rule
(gymnasieförordningen 2010:2039, 7 kap. 4 §; admissions-rules.md §1.1), computed fast.

``compute_merit`` is the reference, with the rule's steps and citations; ``merit_values`` gives
exactly what it gives for every sheet (equal ``MeritValue``s, with equal ``Decimal``s down to
their exponents, and the same ``Grade`` objects counted and added), and is checked against it
on random sheets and rules (``tests/admission/test_merit_batch.py``). It is faster because:

* grade values are whole hundredths (``int``), looked up once per grade, and the best grades
  are ranked by those numbers, not by ``Decimal``s behind a ``key`` function;
* the 17th grade is chosen arithmetically: in the ranked grades, leaving out a candidate among
  the best 17 gives the best 17's sum, and one after them the best 16's sum plus its value;
* the ``Decimal`` sum of the counted grades is made once per distinct list of counted values
  (a round has a few thousand), the reference's way (``Decimal(0)`` plus each value).

A sheet the reference treats in a rarer way is handed to ``compute_merit`` itself: a pupil with
a reduced timetable whose value is scaled, and a sheet with two variants of one subject (Sv and
SvA, a data error). So are all sheets under rules whose grade values are not whole hundredths.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Final

from samverka.admission.domain.grades import Grade, GradeLetter, GradeSheet
from samverka.admission.domain.merit import MeritValue, compute_merit
from samverka.admission.domain.rule_set import MeritRules

_ZERO: Final = Decimal(0)


def merit_values(sheets: Sequence[GradeSheet], rules: MeritRules) -> tuple[MeritValue, ...]:
    """The merit value of every sheet, in order: each equal to ``compute_merit(sheet, rules)``."""
    batch = _MeritBatch(rules)
    return tuple([batch.of(sheet) for sheet in sheets])


class _MeritBatch:
    """One round's merit computation under ``rules``, with its sums made once each."""

    def __init__(self, rules: MeritRules) -> None:
        self._rules = rules
        centi = {letter: value * 100 for letter, value in rules.grade_values.items()}
        self._exact = all(value == value.to_integral_value() for value in centi.values())
        self._centi: dict[GradeLetter, int] = {k: int(v) for k, v in centi.items()}
        self._value: dict[int, Decimal] = {}
        for letter, value in rules.grade_values.items():
            known = self._value.setdefault(self._centi[letter], value)
            if known.as_tuple() != value.as_tuple():  # equal values written differently
                self._exact = False
        self._candidates = rules.extra_candidates
        self._groups = rules.one_subject_groups
        self._scales = rules.scale_reduced_timetable
        self._retakes = rules.count_retake_grades
        self._best = rules.best_count
        self._sums: dict[tuple[int, ...], Decimal] = {}

    def of(self, sheet: GradeSheet) -> MeritValue:
        if not self._exact or (sheet.reduced_timetable and self._scales):
            return compute_merit(sheet, self._rules)
        grades = sheet.grades
        if not self._retakes:
            grades = tuple([g for g in grades if not g.after_retake])
        if self._groups:
            subjects = {g.subject for g in grades}
            if any(len(group & subjects) > 1 for group in self._groups):
                return compute_merit(sheet, self._rules)
        centi = self._centi
        values = [centi[g.letter] for g in grades]
        # Best first, equal values in the sheet's order (``merit._ranked``: a stable sort).
        order = sorted(range(len(values)), key=values.__getitem__, reverse=True)
        ranked_values = [values[i] for i in order]
        best = self._best
        extra_at = self._extra_at(grades, order, ranked_values) if len(values) > best else -1
        if extra_at < 0:
            counted_at = order[:best]
            counted_values = tuple(ranked_values[:best])
            extra = None
        else:
            counted_at = [i for k, i in enumerate(order) if k != extra_at][:best]
            counted_values = tuple([v for k, v in enumerate(ranked_values) if k != extra_at][:best])
            extra = grades[order[extra_at]]
        grade_value_sum = self._sums.get(counted_values)
        if grade_value_sum is None:
            grade_value_sum = sum((self._value[v] for v in counted_values), _ZERO)
            self._sums[counted_values] = grade_value_sum
        value = grade_value_sum
        if extra is not None:
            value += _ZERO + self._value[centi[extra.letter]]
        return MeritValue(
            value=value,
            grade_value_sum=grade_value_sum,
            extra=extra,
            counted=tuple([grades[i] for i in counted_at]),
            grade_count=len(counted_at) + (extra is not None),
            scaled=False,
        )

    def _extra_at(self, grades: Sequence[Grade], order: list[int], ranked: list[int]) -> int:
        """The place in the ranking of the grade added as the 17th (``merit._extra_grade``):
        the candidate whose value plus the best 16 others is highest, the first of equal
        totals; -1 when the sheet has no candidate."""
        best, candidates = self._best, self._candidates
        top_with_one_more = sum(ranked[: best + 1])
        top = top_with_one_more - ranked[best]
        chosen, chosen_total = -1, 0
        for k, i in enumerate(order):
            if grades[i].subject not in candidates:
                continue
            total = top_with_one_more if k <= best else top + ranked[k]
            if chosen < 0 or total > chosen_total:
                chosen, chosen_total = k, total
        return chosen
