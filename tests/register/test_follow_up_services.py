"""The activity follow-up's (KAA) services on the fake unit of work (``fakes.py``): who records
an entry and under which municipality it is kept, the refusals that change nothing, what the
audit trail keeps of an entry, the retention period, and what the erasure job erases. The
database tests (``test_activity_follow_up.py``, ``test_kaa_retention.py``) keep one happy path
of each and what only the database does.

Sources: skollagen (2010:800) 29 kap. 9 § and 6 §; förordning (2006:39) 3–4 §§; issue 13
points 8 and 10; ``register.services.activity_follow_up``; ``register.domain.kaa_retention``.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import UTC, date, datetime

import pytest
from follow_up_examples import DAY, NACKA, NOW, OFFICER, STOCKHOLM, pid, young

from samverka.errors import Conflict, InvalidInput, NotFound, NotPermitted
from samverka.platform.access.domain.actors import Actor, Role
from samverka.register.domain.activity_follow_up import EntryKind, KaaStatus, MeasureType
from samverka.register.domain.placements import SchoolPlacement
from samverka.register.domain.population import PopulationRecord
from samverka.register.ports import FollowUpErasure, UnitOfWork
from samverka.register.services.activity_follow_up import (
    erase_expired_entries,
    record_follow_up,
    set_retention,
)
from samverka.register.services.register import import_placements, load_population

from .fakes import FakeUnitOfWork

LATER = datetime(2027, 11, 2, 9, tzinfo=UTC)


def registered(**homes: str) -> FakeUnitOfWork:
    """The register after a population load of 1 September 2026: ``p1="0180"`` is pid(1) in
    Stockholm."""
    uow = FakeUnitOfWork()
    if not homes:
        return uow
    people = [
        PopulationRecord(pid(int(key[1:])), date(2009, 3, 1), f"Ung {key[1:]}", home)
        for key, home in homes.items()
    ]
    load_population(
        uow,
        records=people,
        extract_date=date(2026, 9, 1),
        source="folk.csv",
        actor=OFFICER,
        now=NOW,
    )
    return uow


def contact(uow: FakeUnitOfWork, actor: Actor, personal_id: str, note: str = "Ringde") -> int:
    return record_follow_up(
        uow,
        actor=actor,
        personal_id=personal_id,
        kind=EntryKind.CONTACT,
        on=DAY,
        note=note,
        now=NOW,
    )


def test_the_fake_unit_of_work_is_a_unit_of_work_of_the_register() -> None:
    uow: UnitOfWork = FakeUnitOfWork()  # mypy checks that the fake fits the protocol
    with uow:
        assert uow.register.last_extract_date() is None


# -- who records, and where ----------------------------------------------------------------------
def test_the_home_municipality_records_an_entry_under_its_own_code() -> None:
    uow = registered(p1="0180")
    entry_id = contact(uow, STOCKHOLM, pid(1), note="  Ringde hem  ")
    stored = uow.register.entries[entry_id]
    assert (stored.municipality, stored.entry.note) == ("0180", "Ringde hem")
    assert stored.by == STOCKHOLM.audit_name
    assert uow.commits == 2  # the load and the entry


def test_another_municipality_is_told_the_person_does_not_exist_and_nothing_is_recorded() -> None:
    uow = registered(p1="0180")
    with pytest.raises(NotFound, match="Ingen sådan person bor i din kommun"):
        contact(uow, NACKA, pid(1))
    assert uow.register.entries == {}
    assert uow.audit.events("follow_up_entry") == []


def test_a_person_the_data_does_not_know_is_not_found_even_for_the_officer() -> None:
    uow = registered(p1="0180")
    with pytest.raises(NotFound):
        contact(uow, OFFICER, pid(9))


def test_a_protected_person_is_recorded_by_the_officer_only() -> None:
    uow = registered(p1="0180")
    uow.admission.protected.add(pid(1))
    with pytest.raises(NotFound):
        contact(uow, STOCKHOLM, pid(1))
    entry_id = contact(uow, OFFICER, pid(1))
    assert uow.register.entries[entry_id].municipality == "0180"


@pytest.mark.parametrize(
    "actor",
    [
        Actor("anders", Role.ANALYST, "Analyst"),
        Actor("rektor", Role.SCHOOL, "Rektor", school_unit_codes=frozenset({"11111111"})),
    ],
)
def test_only_a_municipality_or_the_officer_records(actor: Actor) -> None:
    uow = registered(p1="0180")
    with pytest.raises(NotPermitted):
        contact(uow, actor, pid(1))


def test_a_15_year_old_outside_the_register_is_followed_up_where_the_admission_data_says() -> None:
    uow = registered(p1="0180")
    uow.applicant(young(21), 2026, "0180")
    entry_id = contact(uow, STOCKHOLM, young(21))
    assert uow.register.entries[entry_id].municipality == "0180"
    with pytest.raises(NotFound):
        contact(uow, NACKA, young(21))


def test_a_wrong_entry_is_refused_at_its_field_and_changes_nothing() -> None:
    uow = registered(p1="0180")
    record_follow_up(
        uow,
        actor=STOCKHOLM,
        personal_id=pid(1),
        kind=EntryKind.MEASURE,
        on=DAY,
        measure=MeasureType.WORK_PLACEMENT,
        now=NOW,
    )
    with pytest.raises(InvalidInput) as refused:
        record_follow_up(
            uow,
            actor=STOCKHOLM,
            personal_id=pid(1),
            kind=EntryKind.MEASURE_ENDED,
            on=DAY,
            ends=999,
            now=NOW,
        )
    assert "ends" in {error.field for error in refused.value.errors}
    assert len(uow.register.entries) == 1
    assert [e["action"] for e in uow.audit.events("follow_up_entry")] == ["measure"]


def test_the_audit_trail_names_the_entry_never_the_person_or_the_status() -> None:
    """Issue 13 point 10: an erased entry leaves nothing of the person in the audit trail."""
    uow = registered(p1="0180")
    entry_id = record_follow_up(
        uow,
        actor=STOCKHOLM,
        personal_id=pid(1),
        kind=EntryKind.STATUS,
        on=DAY,
        status=KaaStatus.WORKING,
        now=NOW,
    )
    (event,) = uow.audit.events("follow_up_entry", str(entry_id))
    assert (event["action"], event["actor"]) == ("status", STOCKHOLM.audit_name)
    assert event["after"]["municipality"] == "0180"
    assert pid(1) not in str(event)
    assert KaaStatus.WORKING.value not in str(event)


# -- the retention period ------------------------------------------------------------------------
def test_the_retention_period_is_the_municipalitys_setting_and_is_audited() -> None:
    uow = registered()
    set_retention(uow, actor=STOCKHOLM, municipality="0180", months=24, now=NOW)
    set_retention(uow, actor=OFFICER, municipality="0180", months=6, now=NOW)
    assert uow.register.retention == {"0180": 6}
    events = uow.audit.events("kaa_retention", "0180")
    assert [(e["before"], e["after"]) for e in events] == [
        (None, {"months": 24}),
        ({"months": 24}, {"months": 6}),
    ]


@pytest.mark.parametrize("months", [0, 121, -1])
def test_a_period_outside_1_to_120_months_is_refused_and_changes_nothing(months: int) -> None:
    uow = registered()
    with pytest.raises(InvalidInput) as refused:
        set_retention(uow, actor=STOCKHOLM, municipality="0180", months=months, now=NOW)
    assert [error.field for error in refused.value.errors] == ["months"]
    (error,) = refused.value.errors
    assert error.reason == "Gallringsfristen är %(shortest)s–%(longest)s månader, inte %(months)s."
    assert error.message == f"Gallringsfristen är 1–120 månader, inte {months}."
    assert uow.register.retention == {}
    assert uow.audit.events("kaa_retention") == []


def test_another_municipality_may_neither_set_the_period_nor_erase_and_none_is_unknown() -> None:
    uow = registered()
    with pytest.raises(NotPermitted):
        set_retention(uow, actor=NACKA, municipality="0180", months=6, now=NOW)
    with pytest.raises(NotPermitted):
        erase_expired_entries(
            uow, actor=NACKA, municipality="0180", today=LATER.date(), apply=True, now=LATER
        )
    with pytest.raises(NotFound):
        set_retention(uow, actor=OFFICER, municipality="9999", months=6, now=NOW)
    assert uow.register.retention == {}


# -- the erasure job -----------------------------------------------------------------------------
def with_entries() -> FakeUnitOfWork:
    """Person 1 (Stockholm) has two entries and starts NA on 1 October 2026; person 2
    (Stockholm) stays out of school with one entry; person 3 lives in Nacka, one entry."""
    uow = registered(p1="0180", p2="0180", p3="0182")
    for n, actor in ((1, STOCKHOLM), (2, STOCKHOLM), (3, NACKA)):
        contact(uow, actor, pid(n))
    record_follow_up(
        uow,
        actor=STOCKHOLM,
        personal_id=pid(1),
        kind=EntryKind.STATUS,
        on=DAY,
        status=KaaStatus.CONTACTED,
        now=NOW,
    )
    placement = SchoolPlacement(pid(1), "11111111", "NA", "", date(2026, 10, 1))
    import_placements(uow, actor=OFFICER, placements=[placement], now=NOW)
    return uow


def erase(uow: FakeUnitOfWork, today: date, *, apply: bool = True) -> tuple[int, int, bool]:
    done = erase_expired_entries(
        uow, actor=STOCKHOLM, municipality="0180", today=today, apply=apply, now=LATER
    )
    return done.persons, done.entries, done.applied


def test_a_dry_run_counts_what_is_due_and_changes_nothing() -> None:
    uow = with_entries()
    before = len(uow.audit.events())
    result = erase_expired_entries(
        uow, actor=STOCKHOLM, municipality="0180", today=LATER.date(), apply=False, now=LATER
    )
    assert (result.persons, result.entries, result.applied) == (1, 2, False)
    assert (result.by_kind[EntryKind.CONTACT], result.by_kind[EntryKind.STATUS]) == (1, 1)
    assert len(uow.register.entries) == 4
    assert uow.register.erasures == []
    assert len(uow.audit.events()) == before


def test_the_job_erases_only_what_is_past_retention_and_records_counts_never_content() -> None:
    uow = with_entries()
    assert erase(uow, date(2027, 9, 30)) == (0, 0, True)  # left the group on 1 October 2026
    assert uow.register.erasures == []
    assert erase(uow, date(2027, 10, 1)) == (1, 2, True)
    left = sorted((s.entry.personal_id, s.municipality) for s in uow.register.entries.values())
    assert left == [(pid(2), "0180"), (pid(3), "0182")]
    ((erasure, named),) = uow.register.erasures
    assert (erasure.persons, erasure.contacts, erasure.statuses, erasure.retention_months) == (
        1,
        1,
        1,
        12,
    )
    assert len(named) == 2
    (event,) = uow.audit.events("follow_up_erasure")
    assert (event["after"]["persons"], event["after"]["contacts"]) == (1, 1)
    assert pid(1) not in str(event)


def test_a_longer_period_keeps_the_entries_longer() -> None:
    uow = with_entries()
    set_retention(uow, actor=STOCKHOLM, municipality="0180", months=24, now=NOW)
    assert erase(uow, date(2027, 10, 1)) == (0, 0, True)
    assert len(uow.register.entries) == 4


def test_an_erasure_that_deletes_fewer_entries_than_it_names_is_a_conflict_and_undone(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Another erasure deleted one of them meanwhile: nothing of this one is kept."""
    uow = with_entries()
    erase_for_real = uow.register.erase_follow_up

    def one_short(erasure: FollowUpErasure, entry_ids: Collection[int]) -> tuple[int, int]:
        erasure_id, erased = erase_for_real(erasure, entry_ids)
        return erasure_id, erased - 1

    monkeypatch.setattr(uow.register, "erase_follow_up", one_short)
    with pytest.raises(Conflict, match="ändrades medan de gallrades"):
        erase(uow, date(2027, 10, 1))
    assert len(uow.register.entries) == 4
    assert uow.register.erasures == []
    assert uow.audit.events("follow_up_erasure") == []
