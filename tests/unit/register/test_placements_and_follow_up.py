"""Placements, duplicates, and who is in the activity follow-up (KAA) group."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from samverka.domain.register.activity_follow_up import (
    EntryKind,
    FollowUpEntry,
    HalfYear,
    KaaStatus,
    half_year_report,
    in_group,
    status_on,
)
from samverka.domain.register.placements import (
    EndReason,
    SchoolPlacement,
    change_programme,
    completed_national_programme,
    duplicates,
    end_placement,
)
from samverka.domain.register.population import AgeBand, RegistrationPeriod

PID = "20090101-0001"
BORN = date(2009, 1, 1)
START = date(2025, 8, 18)


def placement(start: date = START, end: date | None = None, **kw: object) -> SchoolPlacement:
    reason = kw.pop("reason", EndReason.INTERRUPTED if end else None)
    programme = str(kw.pop("programme", "NA"))
    return SchoolPlacement(PID, "11111111", programme, "", start, end, reason)  # type: ignore[arg-type]


def period(municipality: str = "0180") -> RegistrationPeriod:
    return RegistrationPeriod(PID, municipality, "Elev", "", False, date(2025, 1, 1))


def test_an_ended_placement_needs_a_reason_and_cannot_end_before_it_starts() -> None:
    with pytest.raises(ValueError, match="reason"):
        SchoolPlacement(PID, "11111111", "NA", "", START, date(2026, 1, 1))
    with pytest.raises(ValueError, match="before it starts"):
        placement(end=date(2025, 1, 1))


def test_a_programme_change_ends_the_old_placement_the_day_before_the_new_one() -> None:
    ended, new = change_programme(placement(), date(2026, 1, 8), "11111111", "EK", "")
    assert (ended.end, ended.end_reason) == (date(2026, 1, 7), EndReason.CHANGED_PROGRAMME)
    assert (new.programme, new.start, new.end) == ("EK", date(2026, 1, 8), None)
    assert duplicates([ended, new]) == []


def test_a_programme_change_must_start_after_the_placement_even_on_the_calendars_first_day() -> (
    None
):
    """Found by fuzzing the API: a change starting on 0001-01-01 computed the day before it."""
    for start in (date.min, START):
        with pytest.raises(ValueError, match="must start after"):
            change_programme(placement(), start, "11111111", "EK", "")


def test_an_ended_placement_cannot_be_ended_again() -> None:
    with pytest.raises(ValueError, match="already ended"):
        end_placement(placement(end=date(2026, 1, 1)), date(2026, 2, 1), EndReason.INTERRUPTED)


def test_two_placements_in_force_together_are_a_duplicate_from_the_later_start() -> None:
    found = duplicates([placement(), placement(date(2025, 9, 1), programme="EK")])
    assert [(d.personal_id, d.since, d.until) for d in found] == [(PID, date(2025, 9, 1), None)]


def test_only_a_completed_national_programme_counts_as_completed() -> None:
    done = date(2028, 6, 10)
    national = placement(end=done, reason=EndReason.COMPLETED)
    introductory = placement(end=done, reason=EndReason.COMPLETED, programme="IMV")
    assert completed_national_programme([national], done)
    assert not completed_national_programme([national], date(2028, 6, 9))
    assert not completed_national_programme([introductory], done)


def test_the_kaa_group_holds_the_registered_in_the_band_without_school() -> None:
    day = date(2026, 3, 1)
    band = AgeBand()
    assert in_group(BORN, [period()], [], "0180", day, band)
    assert not in_group(BORN, [period()], [], "0182", day, band)
    assert not in_group(BORN, [period()], [placement()], "0180", day, band)
    interrupted = placement(end=date(2026, 2, 1))
    assert in_group(BORN, [period()], [interrupted], "0180", day, band)
    assert not in_group(BORN, [period()], [], "0180", date(2029, 1, 1), band)  # turned 20


def test_the_status_is_the_latest_recorded_on_or_before_the_day() -> None:
    entries = [
        FollowUpEntry(PID, EntryKind.STATUS, date(2026, 2, 1), KaaStatus.CONTACTED, ""),
        FollowUpEntry(PID, EntryKind.CONTACT, date(2026, 2, 3), None, "samtal"),
        FollowUpEntry(PID, EntryKind.STATUS, date(2026, 3, 1), KaaStatus.IN_MEASURE, ""),
    ]
    assert status_on(entries, date(2026, 1, 31)) is KaaStatus.NOT_CONTACTED
    assert status_on(entries, date(2026, 2, 28)) is KaaStatus.CONTACTED
    assert status_on(entries, date(2026, 3, 1)) is KaaStatus.IN_MEASURE


def test_a_half_year_is_written_like_2026h2_and_has_its_checkpoints() -> None:
    half = HalfYear.parse("2026h2")
    assert (str(half), half.first, half.last) == ("2026H2", date(2026, 7, 1), date(2026, 12, 31))
    assert len(half.checkpoints()) == 7
    with pytest.raises(ValueError, match="half-year"):
        HalfYear.parse("2026H3")


@pytest.mark.parametrize("text", ["0000H1", "0000H2"])
def test_a_half_year_of_the_year_zero_is_refused_as_no_year_of_the_calendar(text: str) -> None:
    """The report's half-year lies in a year of the calendar (1–9999): there is no year 0, and
    asking for it must be a clear refusal, not a failure when its days are computed."""
    with pytest.raises(ValueError, match="year 1–9999"):
        HalfYear.parse(text)
    with pytest.raises(ValueError, match="year 1–9999"):
        HalfYear(0, 2)
    assert HalfYear.parse("0001H1").first == date(1, 1, 1)
    assert HalfYear.parse("9999H2").last == date(9999, 12, 31)


@given(st.lists(st.sampled_from(list(KaaStatus)), max_size=10))
def test_the_half_year_report_counts_every_member_once(statuses: list[KaaStatus]) -> None:
    entries = {
        f"p{i}": [FollowUpEntry(f"p{i}", EntryKind.STATUS, date(2026, 8, 1), s, "")]
        for i, s in enumerate(statuses)
    }
    report = half_year_report("0180", HalfYear(2026, 2), [*entries, "other"], entries)
    assert report.total == len(statuses) + 1
    assert report.counts[KaaStatus.NOT_CONTACTED] == 1 + statuses.count(KaaStatus.NOT_CONTACTED)
