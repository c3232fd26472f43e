"""Retention (gallring) of the activity follow-up's entries: erased a set time after the person
leaves the municipality's group.

Source: förordning (2006:39) 3 § (the register serves only the duty and its reporting); the
General Data Protection Regulation, article 5.1 e; arkivlagen (1990:782) 10 § (erased by the
municipality's decision: the retention period is its setting); issue 13 point 10;
``samverka.register.domain.kaa_retention``.
"""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from samverka.register.domain.activity_follow_up import EntryKind, FollowUpEntry
from samverka.register.domain.compulsory_school import Schooling
from samverka.register.domain.kaa_group import AdmissionHome, YoungPerson
from samverka.register.domain.kaa_retention import (
    DEFAULT_MONTHS,
    RetentionSetting,
    add_months,
    due_for_erasure,
    reference_day,
)
from samverka.register.domain.placements import SchoolPlacement

PID = "20101120-0001"
STOCKHOLM = "0180"
STARTED_NA = date(2026, 8, 18)  # left the group that day
CONTACT = FollowUpEntry(PID, EntryKind.CONTACT, date(2026, 7, 10), None, "Ringde", id=1)


def pupil(*placements: SchoolPlacement) -> YoungPerson:
    return YoungPerson(
        PID,
        Schooling(date(2010, 11, 20), final_grade_years=frozenset({2026})),
        admission_homes=(AdmissionHome(2026, STOCKHOLM),),
        placements=placements,
    )


PLACED = pupil(SchoolPlacement(PID, "11111111", "NA", "", STARTED_NA))
YEAR = RetentionSetting(12)


def test_entries_are_kept_for_the_retention_period_after_the_person_left_the_group() -> None:
    assert reference_day(PLACED, STOCKHOLM, [CONTACT], date(2027, 9, 1)) == date(2026, 8, 17)
    assert not due_for_erasure(PLACED, STOCKHOLM, [CONTACT], date(2027, 8, 17), YEAR)
    assert due_for_erasure(PLACED, STOCKHOLM, [CONTACT], date(2027, 8, 18), YEAR)


def test_someone_still_in_the_group_keeps_every_entry() -> None:
    unplaced = pupil()
    assert not due_for_erasure(unplaced, STOCKHOLM, [CONTACT], date(2030, 1, 1), YEAR)


def test_an_entry_made_after_leaving_the_group_is_kept_from_its_own_day() -> None:
    later = FollowUpEntry(PID, EntryKind.CONTACT, date(2027, 3, 1), None, "Mejl", id=2)
    assert not due_for_erasure(PLACED, STOCKHOLM, [CONTACT, later], date(2027, 9, 1), YEAR)
    assert due_for_erasure(PLACED, STOCKHOLM, [CONTACT, later], date(2028, 3, 2), YEAR)


def test_a_person_the_data_no_longer_knows_counts_from_the_latest_entry() -> None:
    assert due_for_erasure(None, STOCKHOLM, [CONTACT], date(2027, 7, 11), YEAR)
    assert not due_for_erasure(None, STOCKHOLM, [], date(2030, 1, 1), YEAR)


def test_the_period_is_a_whole_number_of_months_within_limits() -> None:
    assert RetentionSetting().months == DEFAULT_MONTHS
    for months in (0, -1, 121):
        with pytest.raises(ValueError, match="Gallringsfristen är 1–120 månader"):
            RetentionSetting(months)
    assert add_months(date(2026, 8, 31), 6) == date(2027, 2, 28)
    assert add_months(date(2027, 12, 15), 1) == date(2028, 1, 15)


@given(st.dates(date(2000, 1, 1), date(2100, 1, 1)), st.integers(0, 240))
def test_adding_months_never_goes_back_and_lands_in_the_right_month(day: date, months: int) -> None:
    later = add_months(day, months)
    assert later >= day
    assert (later.year * 12 + later.month) - (day.year * 12 + day.month) == months
