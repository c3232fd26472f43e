"""What the latest grades of many applicants give at once: the merit value and whether they are
eligible for a national programme, as stored with each applicant when their grades are written.

``grade_standing.latest_standing`` is the reference (GyF 7 kap. 4 §, SL 16 kap. 30–32 §§ under
the year's rule set); ``latest_standings`` gives exactly its ``merit_value`` and
``eligible_for_a_national_programme`` for every applicant, and is checked against it on random
sheets (``tests/admission/test_standing_batch.py``). It is faster because:

* the merit values come from ``merit_batch.merit_values``, which gives exactly what
  ``merit.compute_merit`` gives;
* eligibility for the national groups depends only on which subjects are passed (no English
  dispensation is tried, and no introductory programme is among them), so it is found once per
  distinct set of passed subjects with the reference itself, and looked up for the others.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from samverka.admission.domain.calendar import GradeTerm
from samverka.admission.domain.grade_standing import standing
from samverka.admission.domain.grades import Grade, GradeLetter, GradeSheet
from samverka.admission.domain.merit_batch import merit_values
from samverka.admission.domain.rule_set import default_rule_set


@dataclass(frozen=True, slots=True)
class StoredStanding:
    """What is stored with an applicant: None for both when they have no grades."""

    merit_value: Decimal | None
    eligible_national: bool | None


_NO_GRADES = StoredStanding(None, None)
_LATEST_FIRST = (GradeTerm.FINAL, GradeTerm.AUTUMN)
_PASSES = frozenset(letter for letter in GradeLetter if letter.is_pass)


def latest_standings(
    year: int, applicants: Sequence[tuple[Mapping[GradeTerm, Sequence[Grade]], bool]]
) -> list[StoredStanding]:
    """For each applicant, given as (grades by term, reduced timetable), in order: the stored
    standing of their latest grades (final, else autumn), as ``latest_standing`` gives it."""
    latest: list[tuple[GradeTerm, tuple[Grade, ...], bool] | None] = []
    for grades, reduced in applicants:
        term = next((term for term in _LATEST_FIRST if grades.get(term)), None)
        if term is None:
            latest.append(None)
        else:
            ordered = tuple(sorted(grades[term], key=lambda grade: grade.subject))
            latest.append((term, ordered, reduced))
    sheets = [GradeSheet(found[1], reduced_timetable=found[2]) for found in latest if found]
    merits = iter(merit_values(sheets, default_rule_set(year).merit))
    eligible: dict[frozenset[str], bool] = {}
    standings: list[StoredStanding] = []
    for found in latest:
        if found is None:
            standings.append(_NO_GRADES)
            continue
        term, ordered, reduced = found
        passed = frozenset([grade.subject for grade in ordered if grade.letter in _PASSES])
        verdict = eligible.get(passed)
        if verdict is None:
            reference = standing(year, term, ordered, reduced_timetable=reduced)
            verdict = eligible[passed] = reference.eligible_for_a_national_programme
        standings.append(StoredStanding(next(merits).value, verdict))
    return standings
