"""When a young person has finished compulsory school (fullgjort skolplikten), for the activity
follow-up (KAA).

Sources: skollagen (2010:800) 29 kap. 9 § (the KAA covers those who have fulfilled their
compulsory schooling, or were registered in Sweden at an age without it, are under 20, do not
attend upper-secondary school or its equivalent and have not completed it); 7 kap. 10 § (the
duty begins in the autumn term of the calendar year the child turns six) and 7 kap. 12 § (it
ends at the end of the spring term of the tenth year after it began, earlier for a pupil who has
finished the highest year); skolförordningen (2011:185) 3 kap. (the school year ends in June);
the rules audit of 2026-12, §7 ("the 16th birthday as a proxy" was wrong); admissions-rules §6,
"Correction (turn 2)": the group starts when compulsory school is finished, often at 15.

The data it uses, all already in Samverka:

* the **year-9 final grades** of an admission year (``grade.term = 'final'``, imported by the
  counsellors or the admission office in June): whoever has final grades of admission year Y
  left year 9 at the end of that spring term;
* the **year-9 autumn grades** of an admission year (``grade.term = 'autumn'``): whoever has them
  in admission year Y was a year-9 pupil during the school year that ends in June of Y;
* the **register's placements**: a placement in upper-secondary school starts only after
  compulsory school (a school's registration, or the year-1 placements from the admission);
* the **birth date**: without any of these, the duty ended by law at the end of the spring term
  of the year the person turned 16 (7 kap. 10 and 12 §§: start in the autumn of the year they
  turn six, ten school years), which also covers whoever came to Sweden past that age.

Procedure (``compulsory_school_end``), the first day the person counts as having finished:

1. ``by_grades``: 1 July of the earliest admission year with final grades;
2. ``by_school``: the start of the first upper-secondary placement;
3. ``by_age``: 1 July of the year the person turns 16, or, when the admission data shows them
   still in year 9 later than that (autumn grades of a later admission year: a pupil who
   repeated a year or started late), 1 July of the latest such year;
4. the end is the earliest of these three, and says which evidence gave it.

[I] The school year's last day differs between schools (in June); 1 July is the first day by
which every school's spring term is over, so the group never takes in a pupil still at school.
[I] A pupil held back in year 9 whose autumn grades are not yet imported counts as finished by
age until they are; the grades, once there, put the end right, for past days too.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

SCHOOL_YEAR_OVER = (7, 1)  # month, day: the first day after every school's spring term
SCHOOL_AGE_ENDS = 16  # the duty ends in the spring term of the year the person turns 16


class Evidence(StrEnum):
    FINAL_GRADES = "final_grades"  # year-9 final grades in the admission data
    UPPER_SECONDARY = "upper_secondary"  # a placement in upper-secondary school
    AGE = "age"  # the duty ended by law (7 kap. 12 §), no school data says otherwise


@dataclass(frozen=True, slots=True)
class Schooling:
    """What the admission data and the register say of a person's compulsory schooling."""

    birth_date: date
    final_grade_years: frozenset[int] = frozenset()  # admission years with year-9 final grades
    autumn_grade_years: frozenset[int] = frozenset()  # admission years with year-9 autumn grades
    first_upper_secondary: date | None = None  # the earliest placement's start


@dataclass(frozen=True, slots=True)
class CompulsorySchoolEnd:
    on: date  # the first day the person counts as having finished compulsory school
    evidence: Evidence


def _school_year_over(year: int) -> date:
    return date(year, *SCHOOL_YEAR_OVER)


def compulsory_school_end(schooling: Schooling) -> CompulsorySchoolEnd:
    """The first day ``schooling`` counts as finished, and the evidence (the module's procedure)."""
    age_year = schooling.birth_date.year + SCHOOL_AGE_ENDS
    still_in_year_nine = max(schooling.autumn_grade_years, default=age_year)
    candidates = [(_school_year_over(max(age_year, still_in_year_nine)), 2, Evidence.AGE)]
    if schooling.final_grade_years:
        first = min(schooling.final_grade_years)
        candidates.append((_school_year_over(first), 0, Evidence.FINAL_GRADES))
    if schooling.first_upper_secondary is not None:
        candidates.append((schooling.first_upper_secondary, 1, Evidence.UPPER_SECONDARY))
    on, _, evidence = min(candidates)
    return CompulsorySchoolEnd(on, evidence)


def finished_compulsory_school(schooling: Schooling, day: date) -> bool:
    """Whether the person has finished compulsory school on ``day``."""
    return compulsory_school_end(schooling).on <= day
