"""The activity follow-up (KAA) group read in SQL (``register.db.young_people.group_on``, through
``queries.activity_follow_up.kaa_page``, ``kaa_list`` and ``kaa_count``) against the rules of the
domain applied in Python to every candidate, as the list was computed before (the oracle below),
on SQLite and PostgreSQL, over a varied region and many days.

The region is drawn at random with a fixed seed: people registered in one municipality, then
the other, or gone from the region; people the register holds only from a later day (the
admission data's home municipality before it), of several admission years; final and autumn
grades of year 9 (a pupil held back); national and introductory placements ended with an
examen, a studiebevis or an interruption; coordination numbers; birthdays on 29 February and
around the 20th birthday; protected identities in either source; statuses and contacts.

Sources: skollagen (2010:800) 29 kap. 9 § and 6 §; ``register.domain.kaa_group`` and
``compulsory_school`` (the rules); issue 15 point 2 (the list is read in the database).
"""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from admission_year_builders import open_year
from follow_up_examples import NACKA, OFFICER, STOCKHOLM
from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from samverka.admission.db import tables as at
from samverka.admission.ports import UnitOfWork
from samverka.admission.queries.person_lookup import PersonQuery
from samverka.admission.queries.round_lists import PROTECTED_NAME
from samverka.platform.access.domain.actors import Actor
from samverka.platform.db.protection import protected_among
from samverka.platform.domain.personal_id import luhn_check_digit
from samverka.register.db import tables as t
from samverka.register.db.register_rows import entry_from_row
from samverka.register.db.young_people import candidates, shown
from samverka.register.domain.activity_follow_up import HalfYear, KaaStatus, status_on
from samverka.register.domain.compulsory_school import compulsory_school_end
from samverka.register.domain.kaa_collection import half_year_report, person_half_year
from samverka.register.domain.kaa_group import group_spells, in_group
from samverka.register.domain.population import age_on
from samverka.register.queries.activity_follow_up import (
    KaaHalfYear,
    KaaPerson,
    kaa_count,
    kaa_half_year,
    kaa_list,
    kaa_page,
)
from samverka.register.queries.start_tasks import NEEDING_CONTACT

NOW = datetime(2026, 9, 16, 9, tzinfo=UTC)
MUNICIPALITIES = ("0180", "0182")
ACTORS = {"0180": STOCKHOLM, "0182": NACKA}
NAMES = ("Åsa", "Örjan", "Ärla", "Anna", "Bo", "Zlatan", "émile", "Östen", "Ali", "Bo")
SPECIAL_DAYS = (
    date(2024, 2, 28),
    date(2024, 2, 29),
    date(2024, 3, 1),
    date(2025, 6, 30),
    date(2025, 7, 1),
    date(2026, 6, 30),
    date(2026, 7, 1),
    date(2026, 9, 15),
    date(2026, 12, 25),
    date(2026, 12, 31),
    date(2028, 2, 28),
    date(2028, 2, 29),
    date(2028, 3, 1),
)


def _number(born: date, serial: int, coordination: bool) -> str:
    day = born.day + (60 if coordination else 0)
    digits = f"{born:%y%m}{day:02d}{serial:03d}"
    return f"{born:%Y%m}{day:02d}-{serial:03d}{luhn_check_digit(digits)}"


def _day(rng: random.Random, first: date, last: date) -> date:
    return first + timedelta(days=rng.randrange(max(0, (last - first).days) + 1))


def _region(session: Session, seed: int, people: int = 140) -> None:
    """``people`` persons drawn with ``seed`` (the module's variety) and four admission years."""
    rng = random.Random(seed)
    years = {2026: session.execute(select(at.admission_year.c.id)).scalar_one()}
    for year in (2024, 2025, 2027):
        years[year] = session.execute(
            insert(at.admission_year)
            .values(year=year, region="Storsthlm", calendar={}, settings={})
            .returning(at.admission_year.c.id)
        ).scalar_one()
    births = [date(2004, 2, 29), date(2008, 2, 29), date(2006, 3, 1), date(2006, 2, 28)]
    for serial in range(people):
        drawn = _day(rng, date(2003, 6, 1), date(2013, 12, 31))
        born = births[serial] if serial < len(births) else drawn
        number = _number(born, serial, coordination=rng.random() < 0.15 or born.day > 29)
        name = f"{rng.choice(NAMES)} {rng.choice(NAMES)} {serial}"
        if rng.random() < 0.8:
            session.execute(insert(t.register_person).values(personal_id=number, birth_date=born))
            start = _day(rng, born, date(2027, 6, 1)) if rng.random() < 0.3 else born
            for _ in range(rng.randint(1, 3)):
                end = _day(rng, start, date(2029, 1, 1)) if rng.random() < 0.6 else None
                session.execute(
                    insert(t.registration_period).values(
                        personal_id=number,
                        municipality_code=rng.choice(MUNICIPALITIES),
                        name=name,
                        address=f"Gatan {serial}",
                        protected_identity=rng.random() < 0.07,
                        start=start,
                        end=end,
                    )
                )
                if end is None:
                    break
                start = end + timedelta(days=rng.choice((1, 1, 40)))
        if rng.random() < 0.6:
            for year in sorted(rng.sample(sorted(years), rng.randint(1, 3))):
                applicant = session.execute(
                    insert(at.applicant)
                    .values(
                        admission_year_id=years[year],
                        personal_id=number,
                        name=f"{name} ({year})",
                        home_municipality=rng.choice(MUNICIPALITIES),
                        protected_identity=rng.random() < 0.07,
                    )
                    .returning(at.applicant.c.id)
                ).scalar_one()
                for term in ("final", "autumn"):
                    if rng.random() < 0.35:
                        session.execute(
                            insert(at.grade).values(
                                applicant_id=applicant, term=term, subject="SV", letter="C"
                            )
                        )
        for _ in range(rng.choice((0, 0, 1, 1, 2))):
            start = _day(rng, date(born.year + 14, 1, 1), date(born.year + 19, 12, 31))
            end = start + timedelta(days=rng.randrange(30, 1200)) if rng.random() < 0.7 else None
            programme = rng.choice(("NA", "EK", "IMV", "ima", "IMS"))
            national = not programme.upper().startswith("IM")
            reasons = ("examen", "examen", "studiebevis") if national else ("interrupted",)
            session.execute(
                insert(t.school_placement).values(
                    personal_id=number,
                    school_unit_code="11111111",
                    programme=programme,
                    start=start,
                    end=end,
                    end_reason=None if end is None else rng.choice((*reasons, "interrupted")),
                )
            )
        for _ in range(rng.choice((0, 1, 2, 3))):
            status = rng.choice([None, *KaaStatus])
            session.execute(
                insert(t.follow_up_entry).values(
                    personal_id=number,
                    municipality_code=rng.choice(MUNICIPALITIES),
                    kind="contact" if status is None else "status",
                    on=_day(rng, date(2023, 1, 1), date(2028, 12, 31)),
                    status=None if status is None else status.value,
                    note="Ringde",
                    recorded_at=NOW,
                    recorded_by="test",
                )
            )
    _turning_20_outside_the_register(session, years[2024], people)
    session.flush()


def _turning_20_outside_the_register(session: Session, year_id: int, serial: int) -> None:
    """Someone the register does not hold, with a coordination number of the 31st (day 91):
    the birth date the number gives decides when they turn 20 (31 December 2026)."""
    number = _number(date(2006, 12, 31), serial, coordination=True)
    applicant = session.execute(
        insert(at.applicant)
        .values(
            admission_year_id=year_id,
            personal_id=number,
            name="Nyårsafton",
            home_municipality="0180",
        )
        .returning(at.applicant.c.id)
    ).scalar_one()
    grade = {"applicant_id": applicant, "term": "final", "subject": "SV", "letter": "C"}
    session.execute(insert(at.grade).values(**grade))


def _oracle(session: Session, actor: Actor, municipality: str, day: date) -> list[KaaPerson]:
    """The list as it was computed before: every candidate decided by the domain in Python."""
    people = [
        p
        for p in candidates(session, municipality, day, day).values()
        if in_group(p, municipality, day)
    ]
    ids = [p.personal_id for p in people]
    protected = protected_among(session, ids)
    f = t.follow_up_entry
    entries: dict[str, list[Any]] = defaultdict(list)
    query = select(f).where(f.c.municipality_code == municipality).order_by(f.c.on, f.c.id)
    for row in session.execute(query):
        entries[row.personal_id].append(entry_from_row(row))
    names = shown(session, ids, day)
    masked = not actor.may_see_protected_identities
    listed = []
    for person in people:
        pid = person.personal_id
        own = [e for e in entries.get(pid, ()) if e.on <= day]
        hide = masked and pid in protected
        spells = group_spells(person, municipality, compulsory_school_end(person.schooling).on, day)
        show = names.get(pid)
        listed.append(
            KaaPerson(
                None if hide else pid,
                PROTECTED_NAME if hide else (show.name if show else ""),
                None if hide else person.birth_date,
                None if hide else age_on(person.birth_date, day),
                "" if hide or show is None else show.address,
                status_on(own, day),
                max((e.on for e in own), default=None),
                spells[-1].start if spells else day,
            )
        )
    return listed


def _ordered(people: list[KaaPerson]) -> list[KaaPerson]:
    return sorted(people, key=repr)


def _days() -> list[date]:
    spaced = [date(2023, 11, 3) + timedelta(days=79 * n) for n in range(24)]
    return sorted({*spaced, *SPECIAL_DAYS})


@pytest.mark.parametrize("seed", [15, 2026])
def test_the_group_read_in_sql_is_the_group_the_rules_give_on_every_day(
    uow: UnitOfWork, session: Session, seed: int
) -> None:
    open_year(uow)
    _region(session, seed)
    compared = 0
    for day in _days():
        for municipality in MUNICIPALITIES:
            for actor in (OFFICER, ACTORS[municipality]):
                expected = _oracle(session, actor, municipality, day)
                assert _ordered(kaa_list(session, actor, municipality, day)) == _ordered(
                    expected
                ), (day, municipality, actor.role)
                needing = sum(p.status in NEEDING_CONTACT for p in expected)
                assert kaa_count(session, actor, municipality, day, NEEDING_CONTACT) == needing
                compared += len(expected)
    assert compared > 500  # the region puts people in the groups on most days


def test_the_pages_and_the_narrowing_of_the_list_partition_the_group(
    uow: UnitOfWork, session: Session
) -> None:
    open_year(uow)
    _region(session, 7, people=200)
    day = date(2026, 9, 15)
    whole = kaa_list(session, STOCKHOLM, "0180", day)
    pages = [kaa_page(session, STOCKHOLM, "0180", day, limit=7, offset=o) for o in (0, 7, 14)]
    assert len(whole) > 14
    assert all((p.total, p.everyone) == (len(whole), len(whole)) for p in pages)
    assert [p for page in pages for p in page.people] == whole[:21]
    for status in KaaStatus:
        narrowed = kaa_page(session, STOCKHOLM, "0180", day, status=status)
        assert narrowed.people == [p for p in whole if p.status is status]
        assert (narrowed.total, narrowed.everyone) == (len(narrowed.people), len(whole))
    shown_one = next(p for p in whole if p.personal_id is not None)
    found = kaa_page(session, STOCKHOLM, "0180", day, search=PersonQuery(shown_one.personal_id))
    assert found.people == [shown_one]
    word = shown_one.name.split()[0].casefold()
    by_name = kaa_page(session, STOCKHOLM, "0180", day, search=PersonQuery(words=(word,)), limit=3)
    wanted = [p for p in whole if word in p.name.casefold()]
    assert (by_name.people, by_name.total) == (wanted[:3], len(wanted))


def _half_year_oracle(
    session: Session, municipality: str, half: HalfYear, shows_all: bool
) -> KaaHalfYear:
    """The half-year as it was computed before: every candidate of the half-year in Python."""
    f = t.follow_up_entry
    entries: dict[str, list[Any]] = defaultdict(list)
    query = select(f).where(f.c.municipality_code == municipality).order_by(f.c.on, f.c.id)
    for row in session.execute(query):
        entries[row.personal_id].append(entry_from_row(row))
    people = candidates(session, municipality, half.first, half.last)
    found = [
        found
        for person in people.values()
        if (found := person_half_year(person, municipality, half, entries[person.personal_id]))
        is not None
    ]
    protected = protected_among(session, [p.personal_id for p in found])
    withheld = 0 if shows_all else sum(1 for p in found if p.personal_id in protected)
    records = tuple(
        record
        for person in sorted(found, key=lambda p: p.personal_id)
        if shows_all or person.personal_id not in protected
        for record in person.records
    )
    return KaaHalfYear(half_year_report(municipality, half, found, withheld), records)


def test_the_half_year_report_leaves_out_in_sql_only_those_who_cannot_be_in_the_group(
    uow: UnitOfWork, session: Session
) -> None:
    open_year(uow)
    _region(session, 42, people=200)
    reported = 0
    for year in (2024, 2025, 2026, 2027, 2028):
        for half in (HalfYear(year, 1), HalfYear(year, 2)):
            for municipality in MUNICIPALITIES:
                for actor in (OFFICER, ACTORS[municipality]):
                    shows_all = actor.may_see_protected_identities
                    expected = _half_year_oracle(session, municipality, half, shows_all)
                    found = kaa_half_year(session, actor, municipality, half)
                    assert found == expected, (half, municipality, actor.role)
                    reported += expected.summary.total
    assert reported > 200
