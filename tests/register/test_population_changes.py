"""Change detection between population extracts, the age band and the registration history."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from samverka.register.domain.population import (
    AgeBand,
    ChangeKind,
    PopulationRecord,
    apply_changes,
    detect_changes,
    in_band,
    plan_history,
    registration_on,
)

BAND = AgeBand()
DAY = date(2026, 9, 1)
LATER = date(2026, 10, 1)


def person(n: int, municipality: str = "0180", **changes: object) -> PopulationRecord:
    record = PopulationRecord(f"20090101-{n:04d}", date(2009, 1, 1), f"Person {n}", municipality)
    return replace(record, **changes)  # type: ignore[arg-type]


def by_id(*records: PopulationRecord) -> dict[str, PopulationRecord]:
    return {r.personal_id: r for r in records}


def test_the_age_band_runs_from_the_sixteenth_birthday_to_the_day_before_the_twentieth() -> None:
    born = date(2007, 3, 15)
    assert not BAND.contains(born, date(2023, 3, 14))
    assert BAND.contains(born, date(2023, 3, 15))
    assert BAND.contains(born, date(2027, 3, 14))
    assert not BAND.contains(born, date(2027, 3, 15))
    assert BAND.past(born, date(2027, 3, 15))


def test_an_extract_keeps_only_persons_in_the_age_band_on_its_date() -> None:
    young = person(1, birth_date=date(2011, 1, 1))
    assert in_band([young, person(2)], BAND, DAY).keys() == {person(2).personal_id}


def test_a_first_load_finds_every_person_new() -> None:
    events = detect_changes({}, by_id(person(1), person(2)), DAY, band=BAND)
    assert [e.kind for e in events] == [ChangeKind.NEW, ChangeKind.NEW]
    assert all(e.on == DAY for e in events)


def test_a_move_is_dated_by_the_registration_date_and_names_both_municipalities() -> None:
    moved = person(1, "0182", registered_on=date(2026, 9, 20))
    events = detect_changes(
        by_id(person(1)), by_id(moved), LATER, band=BAND, period_starts={moved.personal_id: DAY}
    )
    assert [(e.kind, e.on, e.before, e.after) for e in events] == [
        (ChangeKind.MOVED, date(2026, 9, 20), "0180", "0182")
    ]


def test_a_registration_date_before_the_current_period_dates_the_move_by_the_extract() -> None:
    moved = person(1, "0182", registered_on=date(2026, 8, 1))
    events = detect_changes(
        by_id(person(1)), by_id(moved), LATER, band=BAND, period_starts={moved.personal_id: DAY}
    )
    assert events[0].on == LATER


def test_a_person_missing_from_the_new_extract_left_the_region_or_aged_out() -> None:
    old = person(2, birth_date=date(2006, 9, 15))
    events = detect_changes(by_id(person(1), old), {}, LATER, band=BAND)
    assert {e.personal_id: e.kind for e in events} == {
        person(1).personal_id: ChangeKind.LEFT_REGION,
        old.personal_id: ChangeKind.AGED_OUT,
    }


def test_changed_protection_name_and_address_are_each_a_change() -> None:
    new = person(1, protected_identity=True, name="Ny", address="Gatan 2")
    kinds = {e.kind for e in detect_changes(by_id(person(1)), by_id(new), LATER, band=BAND)}
    assert kinds == {
        ChangeKind.PROTECTION_CHANGED,
        ChangeKind.NAME_CHANGED,
        ChangeKind.ADDRESS_CHANGED,
    }


def test_a_change_closes_the_period_the_day_before_and_opens_a_new_one() -> None:
    events = detect_changes(by_id(person(1)), by_id(person(1, "0182")), LATER, band=BAND)
    plan = plan_history(events)
    assert plan.closed == {person(1).personal_id: date(2026, 9, 30)}
    assert [(p.municipality, p.start) for p in plan.opened] == [("0182", LATER)]


def test_who_is_where_is_answered_from_the_periods() -> None:
    first = plan_history(detect_changes({}, by_id(person(1)), DAY, band=BAND)).opened[0]
    closed = replace(first, end=date(2026, 9, 30))
    second = plan_history(
        detect_changes(by_id(person(1)), by_id(person(1, "0182")), LATER, band=BAND)
    ).opened[0]
    history = [closed, second]
    assert registration_on(history, date(2026, 8, 31)) is None
    assert registration_on(history, date(2026, 9, 30)) == closed
    assert registration_on(history, LATER) == second


# -- properties --------------------------------------------------------------------------------
municipalities = st.sampled_from(["0180", "0182", "0184"])
records = st.builds(
    lambda n, m, name, address, protected: person(
        n, m, name=name, address=address, protected_identity=protected
    ),
    st.integers(0, 30),
    municipalities,
    st.sampled_from(["A", "B"]),
    st.sampled_from(["", "Gatan 1"]),
    st.booleans(),
)
extracts = st.lists(records, max_size=20).map(lambda rs: by_id(*rs))


@given(extracts, extracts)
def test_applying_the_detected_changes_to_the_old_state_gives_the_new_extract(
    old: dict[str, PopulationRecord], new: dict[str, PopulationRecord]
) -> None:
    events = detect_changes(old, new, LATER, band=BAND)
    assert apply_changes(old, events) == new


@given(extracts)
def test_loading_the_same_extract_twice_detects_nothing(state: dict[str, PopulationRecord]) -> None:
    assert detect_changes(state, dict(state), LATER, band=BAND) == []


@given(extracts, extracts)
def test_every_person_changed_gets_exactly_one_new_period_unless_they_left(
    old: dict[str, PopulationRecord], new: dict[str, PopulationRecord]
) -> None:
    plan = plan_history(detect_changes(old, new, LATER, band=BAND))
    changed = {pid for pid in old.keys() | new.keys() if old.get(pid) != new.get(pid)}
    assert {p.personal_id for p in plan.opened} == changed & new.keys()
    assert plan.closed.keys() == changed & old.keys()
