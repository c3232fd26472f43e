"""The merit value (meritvärde, sammanlagt betygsvärde) of a grade sheet.

Procedure (gymnasieförordningen 2010:2039, 7 kap. 4 §; admissions-rules.md §1.1):

1. Grades obtained after prövning or on an introductory programme count when the rules say so
   (they do by default); otherwise they are left out.
2. Subjects that are one subject in two variants (Sv and SvA) count once, with the better grade
   [I: a compulsory-school pupil reads one or the other; a sheet with both is a data error].
3. Each grade gets its value (A=20, B=17.5, C=15, D=12.5, E=10, F=0).
4. A grade in a modern language as språkval (M2) may be added as a 17th grade to "the 16 best
   grades otherwise": when the sheet has it and more than 16 grades, M2 is taken out, the best
   16 of the other grades are summed and M2's value is added. This is never lower than the best
   16 of all grades. Modersmål (ML) and a language as elevens val (M1) can be among the 16 but
   are never the 17th. Max 320 without, 340 with the 17th grade.
5. With 16 grades or fewer all of them are summed as they are, except that a pupil with a
   reduced timetable (förberedande dansarutbildning) has the sum scaled up proportionally to
   16 grades: sum × 16 / count, rounded to 2 decimals half up.
6. Such a pupil may also add M2 as språkval (SFS 2011:3: "Möjligheten att öka meritvärdet med
   värdet av ett betyg i moderna språk som språkval gäller även en sökande som gått
   förberedande dansarutbildning"): the grades other than M2 are scaled to 16 and M2's value
   is added after, so 13 C give 240, 13 C + M2 E 250 and 13 C + M2 A 260, and 15 C + M2 A (16
   grades with M2) 260. Because the paragraph says "får" (may), the value is the higher of
   that and all grades scaled together, so M2 never lowers a dancer's value (it can only
   matter for a sheet of fails: 13 F + M2 A gives 20 × 16 / 14 = 22.86, not 20). The rules
   audit 2026-12 §1 found M2 scaled with the rest (13 C + M2 A gave 245.71).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from samverka.admission.domain.grades import Grade, GradeSheet
from samverka.admission.domain.rule_set import MeritRules


@dataclass(frozen=True, slots=True)
class MeritValue:
    """A merit value and how it was reached.

    ``counted`` are the (at most 16) best grades whose values make ``grade_value_sum``; the
    17th grade, when one is added, is ``extra`` and is not in ``counted``. ``grade_count`` is
    the number of grades in the value, the 17th included. ``value`` is ``grade_value_sum`` (scaled
    to 16 grades when ``scaled``) plus the 17th grade's value.
    """

    value: Decimal
    grade_value_sum: Decimal
    extra: Grade | None
    counted: tuple[Grade, ...]
    grade_count: int
    scaled: bool


def compute_merit(sheet: GradeSheet, rules: MeritRules) -> MeritValue:
    """The merit value of ``sheet`` under ``rules`` (see the module docstring)."""
    ranked = _ranked(_countable_grades(sheet, rules), rules)
    if not (sheet.reduced_timetable and rules.scale_reduced_timetable):
        return _with_extra(ranked, _extra_grade(ranked, rules), rules, reduced=False)
    extras = [grade for grade in ranked if grade.subject in rules.extra_candidates]
    options = [_with_extra(ranked, extra, rules, reduced=True) for extra in (*extras, None)]
    return max(options, key=lambda merit: merit.value)  # the first of equal values


def _with_extra(
    ranked: Sequence[Grade], extra: Grade | None, rules: MeritRules, *, reduced: bool
) -> MeritValue:
    """The best 16 grades other than ``extra`` (scaled to 16 when ``reduced`` and fewer),
    plus ``extra``'s value as the 17th grade."""
    pool = [grade for grade in ranked if grade is not extra]
    counted = tuple(pool[: rules.best_count])
    grade_value_sum = _sum(counted, rules)
    value = grade_value_sum
    scaled = reduced and 0 < len(counted) < rules.best_count
    if scaled:
        proportional = value * rules.best_count / len(counted)
        value = proportional.quantize(rules.scaled_quantum, rounding=rules.scaled_rounding)
    if extra is not None:
        value += _sum((extra,), rules)
    return MeritValue(
        value=value,
        grade_value_sum=grade_value_sum,
        extra=extra,
        counted=counted,
        grade_count=len(counted) + (extra is not None),
        scaled=scaled,
    )


def _countable_grades(sheet: GradeSheet, rules: MeritRules) -> list[Grade]:
    """The sheet's grades minus ignored retakes, with one grade per one-subject group."""
    grades = [g for g in sheet.grades if rules.count_retake_grades or not g.after_retake]
    for group in rules.one_subject_groups:
        members = [grade for grade in grades if grade.subject in group]
        if len(members) > 1:
            best = max(members, key=lambda grade: rules.grade_values[grade.letter])
            grades = [grade for grade in grades if grade.subject not in group or grade is best]
    return grades


def _ranked(grades: Sequence[Grade], rules: MeritRules) -> list[Grade]:
    """Best value first; equal values keep the sheet's order, so the result is deterministic."""
    return sorted(grades, key=lambda grade: rules.grade_values[grade.letter], reverse=True)


def _extra_grade(ranked: Sequence[Grade], rules: MeritRules) -> Grade | None:
    """The grade added as the 17th, or None when the sheet has none or at most 16 grades."""
    if len(ranked) <= rules.best_count:
        return None
    candidates = [grade for grade in ranked if grade.subject in rules.extra_candidates]
    if not candidates:
        return None

    def total_with(extra: Grade) -> Decimal:
        others = [grade for grade in ranked if grade is not extra][: rules.best_count]
        return _sum((extra, *others), rules)

    return max(candidates, key=total_with)


def _sum(grades: Sequence[Grade], rules: MeritRules) -> Decimal:
    return sum((rules.grade_values[grade.letter] for grade in grades), Decimal(0))
