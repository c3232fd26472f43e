"""When a young person has finished compulsory school, for the activity follow-up (KAA).

Source: skollagen (2010:800) 29 kap. 9 § (the group starts when the compulsory schooling is
fulfilled), 7 kap. 10 and 12 §§ (the duty's start and end by age); the rules audit of 2026-12, §7
(the 16th birthday was used as a proxy, and a 15-year-old who left year 9 was missed);
``samverka.register.domain.compulsory_school``.
"""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from samverka.register.domain.compulsory_school import (
    Evidence,
    Schooling,
    compulsory_school_end,
    finished_compulsory_school,
)

BORN_IN_NOVEMBER = date(2010, 11, 20)  # 15 when year 9 ends in June 2026


def test_a_pupil_with_the_final_grades_of_the_year_has_finished_after_the_spring_term_at_15() -> (
    None
):
    schooling = Schooling(BORN_IN_NOVEMBER, final_grade_years=frozenset({2026}))
    end = compulsory_school_end(schooling)
    assert (end.on, end.evidence) == (date(2026, 7, 1), Evidence.FINAL_GRADES)
    assert finished_compulsory_school(schooling, date(2026, 9, 15))
    assert not finished_compulsory_school(schooling, date(2026, 6, 30))


def test_the_16th_birthday_has_nothing_to_do_with_it() -> None:
    schooling = Schooling(BORN_IN_NOVEMBER, final_grade_years=frozenset({2026}))
    assert finished_compulsory_school(schooling, date(2026, 11, 19))  # still 15


def test_without_school_data_the_duty_ends_by_age_in_the_spring_of_the_year_they_turn_16() -> None:
    end = compulsory_school_end(Schooling(BORN_IN_NOVEMBER))
    assert (end.on, end.evidence) == (date(2026, 7, 1), Evidence.AGE)
    older = compulsory_school_end(Schooling(date(2008, 2, 3)))  # came to Sweden at 17
    assert older.on == date(2024, 7, 1)


def test_a_pupil_held_back_in_year_9_has_not_finished_until_the_grades_say_so() -> None:
    schooling = Schooling(BORN_IN_NOVEMBER, autumn_grade_years=frozenset({2027}))
    assert compulsory_school_end(schooling).on == date(2027, 7, 1)
    assert not finished_compulsory_school(schooling, date(2026, 9, 15))


def test_a_pupil_who_skipped_a_year_finished_when_the_final_grades_came() -> None:
    schooling = Schooling(date(2011, 5, 5), final_grade_years=frozenset({2026}))
    assert compulsory_school_end(schooling).on == date(2026, 7, 1)


def test_a_placement_in_upper_secondary_school_shows_that_compulsory_school_is_over() -> None:
    schooling = Schooling(date(2011, 5, 5), first_upper_secondary=date(2026, 1, 8))
    end = compulsory_school_end(schooling)
    assert (end.on, end.evidence) == (date(2026, 1, 8), Evidence.UPPER_SECONDARY)


@given(
    st.dates(date(2000, 1, 1), date(2015, 12, 31)),
    st.frozensets(st.integers(2010, 2035), max_size=3),
    st.frozensets(st.integers(2010, 2035), max_size=3),
)
def test_the_end_is_never_later_than_the_final_grades_say(
    born: date, finals: frozenset[int], autumns: frozenset[int]
) -> None:
    end = compulsory_school_end(Schooling(born, finals, autumns))
    if finals:
        assert end.on <= date(min(finals), 7, 1)
    else:
        assert end.on >= date(born.year + 16, 7, 1)
