"""Placements, duplicates, and the activity follow-up's (KAA) entries and half-years.

Sources: admissions-rules.md §6 (placements, "dubbla elever"); skollagen (2010:800) 29 kap. 9 §
and Skolverket (a placement completed with a studiebevis does not complete the programme; only
an examen does); förordning (2006:39) 4 § (the register holds the measures and when they begin);
``samverka.register.domain.placements`` and ``activity_follow_up``.
"""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from samverka.register.domain.activity_follow_up import (
    EntryKind,
    FollowUpEntry,
    HalfYear,
    KaaStatus,
    MeasureType,
    entry_problems,
    measures,
    status_on,
)
from samverka.register.domain.placements import (
    EndReason,
    SchoolPlacement,
    change_programme,
    duplicates,
    end_placement,
    examen_by,
)

PID = "20090101-0001"
BORN = date(2009, 1, 1)
START = date(2025, 8, 18)


def placement(start: date = START, end: date | None = None, **kw: object) -> SchoolPlacement:
    reason = kw.pop("reason", EndReason.INTERRUPTED if end else None)
    programme = str(kw.pop("programme", "NA"))
    return SchoolPlacement(PID, "11111111", programme, "", start, end, reason)  # type: ignore[arg-type]


def test_an_ended_placement_needs_a_reason_and_cannot_end_before_it_starts() -> None:
    with pytest.raises(ValueError, match="En avslutad placering har ett skäl"):
        SchoolPlacement(PID, "11111111", "NA", "", START, date(2026, 1, 1))
    with pytest.raises(ValueError, match="innan den börjar"):
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
        with pytest.raises(ValueError, match="Det nya programmet måste börja efter"):
            change_programme(placement(), start, "11111111", "EK", "")


def test_an_ended_placement_cannot_be_ended_again() -> None:
    with pytest.raises(ValueError, match="Placeringen avslutades redan 2026-01-01"):
        end_placement(placement(end=date(2026, 1, 1)), date(2026, 2, 1), EndReason.INTERRUPTED)


def test_two_placements_in_force_together_are_a_duplicate_from_the_later_start() -> None:
    found = duplicates([placement(), placement(date(2025, 9, 1), programme="EK")])
    assert [(d.personal_id, d.since, d.until) for d in found] == [(PID, date(2025, 9, 1), None)]


def test_only_an_examen_of_a_national_programme_counts_as_completed() -> None:
    done = date(2028, 6, 10)
    examen = placement(end=done, reason=EndReason.EXAMEN)
    studiebevis = placement(end=done, reason=EndReason.STUDIEBEVIS)
    legacy = placement(end=done, reason=EndReason.COMPLETED)  # stored before 0020: no examen shown
    assert examen_by([examen], done)
    assert not examen_by([examen], date(2028, 6, 9))
    assert not examen_by([studiebevis], done)
    assert not examen_by([legacy], done)


def test_the_status_is_the_latest_recorded_on_or_before_the_day() -> None:
    entries = [
        FollowUpEntry(PID, EntryKind.STATUS, date(2026, 2, 1), KaaStatus.CONTACTED, ""),
        FollowUpEntry(PID, EntryKind.CONTACT, date(2026, 2, 3), None, "samtal"),
        FollowUpEntry(PID, EntryKind.STATUS, date(2026, 3, 1), KaaStatus.IN_MEASURE, ""),
    ]
    assert status_on(entries, date(2026, 1, 31)) is KaaStatus.NOT_CONTACTED
    assert status_on(entries, date(2026, 2, 28)) is KaaStatus.CONTACTED
    assert status_on(entries, date(2026, 3, 1)) is KaaStatus.IN_MEASURE


def test_a_half_year_is_written_like_2026h2() -> None:
    half = HalfYear.parse("2026h2")
    assert (str(half), half.first, half.last) == ("2026H2", date(2026, 7, 1), date(2026, 12, 31))
    assert HalfYear.of(date(2026, 6, 30)) == HalfYear(2026, 1)
    for text in ("2026H3", "26H1", "H2"):
        with pytest.raises(ValueError, match="är inte ett halvår skrivet som 2026H2"):
            HalfYear.parse(text)


@pytest.mark.parametrize("text", ["0000H1", "0000H2"])
def test_a_half_year_of_the_year_zero_is_refused_as_no_year_of_the_calendar(text: str) -> None:
    """The report's half-year lies in a year of the calendar (1–9999): there is no year 0, and
    asking for it must be a clear refusal, not a failure when its days are computed."""
    with pytest.raises(ValueError, match="ligger i ett år 1–9999, inte 0"):
        HalfYear.parse(text)
    with pytest.raises(ValueError, match="ligger i ett år 1–9999, inte 0"):
        HalfYear(0, 2)
    assert HalfYear.parse("0001H1").first == date(1, 1, 1)
    assert HalfYear.parse("9999H2").last == date(9999, 12, 31)


def entry(kind: EntryKind, on: date, **kw: object) -> FollowUpEntry:
    values: dict[str, object] = {"status": None, "note": ""}
    values.update(kw)
    return FollowUpEntry(PID, kind, on, **values)  # type: ignore[arg-type]


def test_a_measure_has_a_type_and_is_ended_by_a_later_entry_naming_it() -> None:
    begun = entry(EntryKind.MEASURE, date(2026, 9, 1), measure=MeasureType.WORK_PLACEMENT, id=7)
    ended = entry(
        EntryKind.MEASURE_ENDED, date(2026, 11, 30), ends=7, status=KaaStatus.WORKING, id=9
    )
    assert entry_problems(begun, []) == []
    assert entry_problems(ended, [begun]) == []
    (span,) = measures([begun, ended])
    assert (span.measure, span.start, span.end, span.status_after) == (
        MeasureType.WORK_PLACEMENT,
        date(2026, 9, 1),
        date(2026, 11, 30),
        KaaStatus.WORKING,
    )
    assert status_on([begun, ended], date(2026, 12, 1)) is KaaStatus.WORKING


def test_a_wrong_entry_is_told_what_is_wrong() -> None:
    begun = entry(EntryKind.MEASURE, date(2026, 9, 1), measure=MeasureType.OTHER, id=7)
    ended = entry(EntryKind.MEASURE_ENDED, date(2026, 10, 1), ends=7, id=8)
    cases = [
        (entry(EntryKind.STATUS, date(2026, 9, 1)), [], "status"),
        (entry(EntryKind.CONTACT, date(2026, 9, 1)), [], "note"),
        (entry(EntryKind.MEASURE, date(2026, 9, 1)), [], "measure"),
        (
            entry(EntryKind.CONTACT, date(2026, 9, 1), note="x", status=KaaStatus.OTHER),
            [],
            "status",
        ),
        (entry(EntryKind.MEASURE_ENDED, date(2026, 9, 2), ends=99), [begun], "ends"),
        (entry(EntryKind.MEASURE_ENDED, date(2026, 8, 2), ends=7), [begun], "on"),
        (entry(EntryKind.MEASURE_ENDED, date(2026, 11, 2), ends=7), [begun, ended], "ends"),
    ]
    for wrong, earlier, field in cases:
        assert field in {f for f, _ in entry_problems(wrong, earlier)}, wrong


@given(st.lists(st.sampled_from(list(KaaStatus)), min_size=1, max_size=10))
def test_the_status_in_force_is_the_last_one_recorded(statuses: list[KaaStatus]) -> None:
    entries = [
        FollowUpEntry(PID, EntryKind.STATUS, date(2026, 8, 1), s, "", id=i)
        for i, s in enumerate(statuses)
    ]
    assert status_on(entries, date(2026, 8, 1)) is statuses[-1]
