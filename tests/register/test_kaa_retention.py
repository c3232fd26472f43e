"""Retention of the activity follow-up's entries on SQLite and PostgreSQL: a setting per
municipality, a job that erases what is past it and records what it removed (counts, never
content), and a database that deletes an entry only when such an erasure names it. The job's
and the setting's rules (a dry run, the day an entry falls due, who may) run on the fake unit of
work, in ``test_follow_up_services.py``.

Sources: förordning (2006:39) 3 §; the General Data Protection Regulation, articles 5.1 e and
17; arkivlagen (1990:782) 10 §; issue 13 point 10; issue 11 point 9 (history is append-only and
the audit trail a verifiable chain: the erasure is itself recorded, and the chain stays intact);
``samverka.register.domain.kaa_retention``; ``docs/security.md``, "Audit trail".
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from admission_year_builders import OFFICE, open_year
from sqlalchemy import Connection, func, insert, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from samverka.admission.ports import UnitOfWork
from samverka.platform.access.domain.actors import Actor, Role
from samverka.platform.domain.personal_id import luhn_check_digit
from samverka.platform.services.audit_trail import verify_audit_trail
from samverka.register.db import tables as rt
from samverka.register.domain.activity_follow_up import EntryKind, KaaStatus
from samverka.register.domain.placements import SchoolPlacement
from samverka.register.domain.population import PopulationRecord
from samverka.register.queries.activity_follow_up import kaa_retention
from samverka.register.services.activity_follow_up import (
    erase_expired_entries,
    record_follow_up,
    set_retention,
)
from samverka.register.services.register import import_placements, load_population

NOW = datetime(2026, 9, 2, 9, tzinfo=UTC)
STOCKHOLM = Actor("sthlm", Role.MUNICIPALITY, "Stockholm", municipality_code="0180")
NACKA = Actor("nacka", Role.MUNICIPALITY, "Nacka", municipality_code="0182")
OFFICER_ACTOR = Actor("officer", Role.OFFICER, "Officer")
STARTED_NA = date(2026, 10, 1)  # person 1 leaves the group
LATER = datetime(2027, 11, 2, 9, tzinfo=UTC)


def pid(serial: int) -> str:
    return f"20090301-{serial:03d}{luhn_check_digit(f'090301{serial:03d}')}"


def _arrange(uow: UnitOfWork) -> None:
    """Person 1 (Stockholm) has two entries and starts NA on 1 October 2026; person 2
    (Stockholm) stays out of school with one entry; person 3 lives in Nacka, one entry."""
    open_year(uow)
    people = [
        PopulationRecord(pid(n), date(2009, 3, 1), f"Ung {n}", "0182" if n == 3 else "0180")
        for n in (1, 2, 3)
    ]
    load_population(
        uow, records=people, extract_date=date(2026, 9, 1), source="f.csv", actor=OFFICE, now=NOW
    )
    for n, actor in ((1, STOCKHOLM), (2, STOCKHOLM), (3, NACKA)):
        record_follow_up(
            uow,
            actor=actor,
            personal_id=pid(n),
            kind=EntryKind.CONTACT,
            on=date(2026, 9, 2),
            note="Samtal",
            now=NOW,
        )
    record_follow_up(
        uow,
        actor=STOCKHOLM,
        personal_id=pid(1),
        kind=EntryKind.STATUS,
        on=date(2026, 9, 2),
        status=KaaStatus.CONTACTED,
        now=NOW,
    )
    placement = SchoolPlacement(pid(1), "11111111", "NA", "", STARTED_NA)
    import_placements(uow, actor=OFFICER_ACTOR, placements=[placement], now=NOW)


def _entries(session: Session) -> list[tuple[str, str]]:
    f = rt.follow_up_entry
    rows = session.execute(select(f.c.personal_id, f.c.municipality_code).order_by(f.c.id))
    return [(row[0], row[1]) for row in rows]


def test_the_job_erases_only_what_is_past_retention_and_records_it(
    uow: UnitOfWork, session: Session
) -> None:
    _arrange(uow)
    result = erase_expired_entries(
        uow, actor=STOCKHOLM, municipality="0180", today=date(2027, 10, 1), apply=True, now=LATER
    )
    assert (result.persons, result.entries) == (1, 2)
    assert _entries(session) == [(pid(2), "0180"), (pid(3), "0182")]
    view = kaa_retention(session, STOCKHOLM, "0180")
    (erasure,) = view.erasures
    assert (erasure.persons, erasure.entries, erasure.retention_months) == (1, 2, 12)
    with uow:
        (event,) = uow.audit.events("follow_up_erasure", str(result.erasure_id))
    assert pid(1) not in str(event)
    assert event["after"]["persons"] == 1
    assert event["after"]["contacts"] == 1
    assert verify_audit_trail(uow).intact


def test_the_retention_period_is_stored_audited_and_read_back(
    uow: UnitOfWork, session: Session
) -> None:
    _arrange(uow)
    set_retention(uow, actor=STOCKHOLM, municipality="0180", months=24, now=NOW)
    view = kaa_retention(session, STOCKHOLM, "0180")
    assert (view.setting.months, view.chosen) == (24, True)
    with uow:
        (event,) = uow.audit.events("kaa_retention", "0180")
    assert (event["before"], event["after"]) == (None, {"months": 24})


# -- the database's own guard ----------------------------------------------------------------
def _refused(connection: Connection, statement: str) -> None:
    with pytest.raises(IntegrityError, match="append-only"), connection.begin_nested():
        connection.execute(text(statement))


def test_the_database_deletes_an_entry_only_when_an_erasure_of_its_municipality_names_it(
    uow: UnitOfWork, connection: Connection
) -> None:
    _arrange(uow)
    first = int(connection.scalar(select(func.min(rt.follow_up_entry.c.id))) or 0)
    _refused(connection, f"DELETE FROM follow_up_entry WHERE id = {first}")
    _refused(connection, "UPDATE follow_up_entry SET note = 'ändrad'")
    values = {
        "erased_on": date(2027, 1, 1),
        "retention_months": 1,
        "persons": 1,
        "contacts": 1,
        "measures": 0,
        "measure_ends": 0,
        "statuses": 0,
        "erased_at": LATER,
        "erased_by": "test",
    }
    wrong = connection.execute(
        insert(rt.follow_up_erasure)
        .values(municipality_code="0182", **values)
        .returning(rt.follow_up_erasure.c.id)
    ).scalar_one()
    connection.execute(insert(rt.follow_up_erased_entry).values(entry_id=first, erasure_id=wrong))
    _refused(connection, f"DELETE FROM follow_up_entry WHERE id = {first}")  # Nacka's erasure
    right = connection.execute(
        insert(rt.follow_up_erasure)
        .values(municipality_code="0180", **values)
        .returning(rt.follow_up_erasure.c.id)
    ).scalar_one()
    second = first + 1
    connection.execute(insert(rt.follow_up_erased_entry).values(entry_id=second, erasure_id=right))
    connection.execute(text(f"DELETE FROM follow_up_entry WHERE id = {second}"))
    assert connection.scalar(select(func.count()).where(rt.follow_up_entry.c.id == second)) == 0
    _refused(connection, "DELETE FROM follow_up_erased_entry")
    _refused(connection, "UPDATE follow_up_erasure SET persons = 0")
