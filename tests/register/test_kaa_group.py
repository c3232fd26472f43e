"""Who is in a municipality's activity follow-up (KAA) group, on a day and over a period.

Source: skollagen (2010:800) 29 kap. 9 § (finished compulsory school, under 20, not in
upper-secondary school, no examen; introductory programmes not in the group since 1 July 2018)
and 29 kap. 6 § (the home municipality); Skolverket: a studiebevis does not complete a
programme; the rules audit of 2026-12, §7; ``samverka.register.domain.kaa_group``.
"""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from samverka.register.domain.compulsory_school import Schooling
from samverka.register.domain.kaa_group import (
    AdmissionHome,
    Spell,
    YoungPerson,
    birthday,
    group_spells,
    home_municipality_on,
    in_group,
    last_day_in_group,
)
from samverka.register.domain.placements import EndReason, SchoolPlacement
from samverka.register.domain.population import RegistrationPeriod

PID = "20101120-0001"
BORN = date(2010, 11, 20)  # left year 9 in June 2026, aged 15
LEFT_YEAR_NINE = Schooling(BORN, final_grade_years=frozenset({2026}))
STOCKHOLM, NACKA = "0180", "0182"


def period(
    start: date, end: date | None = None, municipality: str = STOCKHOLM
) -> RegistrationPeriod:
    return RegistrationPeriod(PID, municipality, "Ung", "", False, start, end)


def placement(
    start: date, end: date | None = None, reason: EndReason | None = None, programme: str = "NA"
) -> SchoolPlacement:
    return SchoolPlacement(PID, "11111111", programme, "", start, end, reason)


def person(**kw: object) -> YoungPerson:
    values: dict[str, object] = {"schooling": LEFT_YEAR_NINE}
    values.update(kw)
    return YoungPerson(PID, **values)  # type: ignore[arg-type]


def test_a_15_year_old_who_left_year_9_unplaced_is_in_the_group_from_the_admission_data() -> None:
    unplaced = person(admission_homes=(AdmissionHome(2026, STOCKHOLM),))
    assert in_group(unplaced, STOCKHOLM, date(2026, 9, 15))  # 15 years old
    assert not in_group(unplaced, STOCKHOLM, date(2026, 6, 15))  # still at school
    assert not in_group(unplaced, NACKA, date(2026, 9, 15))


def test_the_register_decides_the_home_municipality_once_it_holds_the_person() -> None:
    moved = person(
        admission_homes=(AdmissionHome(2026, STOCKHOLM),),
        periods=(period(date(2026, 12, 1), municipality=NACKA),),
    )
    assert home_municipality_on(moved, date(2026, 11, 30)) == STOCKHOLM
    assert home_municipality_on(moved, date(2026, 12, 1)) == NACKA
    assert in_group(moved, NACKA, date(2026, 12, 1))


def test_someone_whose_registration_ended_has_left_the_region() -> None:
    left = person(
        admission_homes=(AdmissionHome(2026, STOCKHOLM),),
        periods=(period(date(2026, 9, 1), date(2026, 10, 31)),),
    )
    assert home_municipality_on(left, date(2026, 11, 1)) is None
    assert not in_group(left, STOCKHOLM, date(2026, 11, 1))


def test_any_placement_in_force_keeps_a_person_out_introductory_programmes_too() -> None:
    start = date(2026, 8, 18)
    for programme in ("NA", "IMV"):
        placed = person(
            periods=(period(date(2026, 9, 1)),), placements=(placement(start, programme=programme),)
        )
        assert not in_group(placed, STOCKHOLM, date(2026, 9, 15))


def test_a_studiebevis_keeps_the_person_in_the_group_an_examen_ends_it() -> None:
    three_years = (date(2023, 8, 21), date(2026, 6, 12))
    schooling = Schooling(date(2007, 4, 4), final_grade_years=frozenset({2023}))
    base = {"schooling": schooling, "periods": (period(date(2023, 9, 1)),)}
    with_studiebevis = person(placements=(placement(*three_years, EndReason.STUDIEBEVIS),), **base)
    with_examen = person(placements=(placement(*three_years, EndReason.EXAMEN),), **base)
    day = date(2026, 9, 1)
    assert in_group(with_studiebevis, STOCKHOLM, day)
    assert not in_group(with_examen, STOCKHOLM, day)


def test_an_introductory_programme_gives_no_examen() -> None:
    with pytest.raises(ValueError, match="ger ingen examen"):
        placement(date(2026, 8, 18), date(2027, 6, 1), EndReason.EXAMEN, programme="IMA")


def test_the_group_ends_on_the_20th_birthday() -> None:
    older = person(schooling=Schooling(date(2007, 4, 4)), periods=(period(date(2023, 9, 1)),))
    assert in_group(older, STOCKHOLM, date(2027, 4, 3))
    assert not in_group(older, STOCKHOLM, date(2027, 4, 4))
    assert birthday(date(2009, 2, 28), 20) == date(2029, 2, 28)
    assert birthday(date(2008, 2, 29), 21) == date(2029, 3, 1)  # no 29 February in 2029


def test_the_spells_follow_every_change_of_the_facts() -> None:
    interrupted = person(
        admission_homes=(AdmissionHome(2026, STOCKHOLM),),
        placements=(placement(date(2026, 8, 18), date(2026, 10, 4), EndReason.INTERRUPTED),),
    )
    spells = group_spells(interrupted, STOCKHOLM, date(2026, 7, 1), date(2026, 12, 31))
    assert spells == [
        Spell(date(2026, 7, 1), date(2026, 8, 17)),
        Spell(date(2026, 10, 5), None),
    ]
    assert last_day_in_group(interrupted, STOCKHOLM, date(2026, 7, 1), date(2026, 12, 31)) == date(
        2026, 12, 31
    )


@given(st.dates(date(2026, 1, 1), date(2031, 12, 31)))
def test_the_spells_agree_with_the_rule_on_every_day(day: date) -> None:
    someone = person(
        admission_homes=(AdmissionHome(2026, STOCKHOLM),),
        periods=(period(date(2027, 1, 5)), period(date(2028, 3, 1), municipality=NACKA)),
        placements=(
            placement(date(2026, 8, 18), date(2026, 12, 20), EndReason.INTERRUPTED),
            placement(date(2027, 8, 20), date(2028, 1, 31), EndReason.CHANGED_PROGRAMME, "IMV"),
        ),
    )
    spells = group_spells(someone, STOCKHOLM, date(2026, 1, 1), date(2031, 12, 31))
    inside = any(s.start <= day and (s.end is None or day <= s.end) for s in spells)
    assert inside == in_group(someone, STOCKHOLM, day)
