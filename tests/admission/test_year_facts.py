"""Issue 15 point 15: each web process keeps the newest year's facts (``queries.year_facts``)
while the catalogue's version stands, and the triggers of migration 0028 move the version on at
every write to the tables the facts come from; so a change made through a service is seen at
the next request of another application on the same database, on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

import argon2
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import event, select, text
from sqlalchemy.orm import Session, sessionmaker
from web_support import form_token, personal_id

from samverka import bootstrap
from samverka.admission.db import tables as t
from samverka.admission.domain.applicants import ApplicantRecord, PupilGrades
from samverka.admission.domain.area import AreaTerms
from samverka.admission.domain.calendar import GradeTerm, stockholm_calendar
from samverka.admission.domain.catalogue import (
    Catalogue,
    Municipality,
    Offering,
    Organiser,
    SchoolUnit,
)
from samverka.admission.domain.grades import SUBJECTS, Grade, GradeLetter
from samverka.admission.domain.rounds import RoundKind
from samverka.admission.domain.year_settings import YearSettings
from samverka.admission.services.admission_area import set_area_terms
from samverka.admission.services.admission_year import open_admission_year
from samverka.admission.services.applications import ChoiceRequest, register_applications
from samverka.admission.services.pupils import import_pupils
from samverka.admission.services.rounds import publish_round, run_round
from samverka.config import Settings
from samverka.platform.access.domain.actors import Actor, Role
from samverka.platform.access.local_login import LocalLogin
from samverka.platform.access.passwords import Argon2idHasher
from samverka.platform.access.services.authentication import create_account
from samverka.platform.access.services.login_throttle import LoginThrottle
from samverka.platform.clock import FixedClock
from samverka.platform.domain.personal_id import parse_personal_id
from samverka.unit_of_work import SqlUnitOfWork
from samverka.web_app import create_app

YEAR = 2026
PASSWORD = "correct horse battery"
OFFICER = Actor("cli:test", Role.OFFICER, "command line")
OPENED = datetime(YEAR, 1, 2, tzinfo=UTC)
IN_APPLICATION_PERIOD = datetime(YEAR, 2, 1, 12, tzinfo=UTC)
AFTER_FINAL = datetime(YEAR, 7, 2, 12, tzinfo=UTC)
CHEAP = Argon2idHasher(argon2.PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
ALICE = personal_id(1)
IN_AGREEMENT = "samverkansavtalet"  # the ground of a first-hand choice at a party's school
OUTSIDE_AREA = "utanför antagningsområdet"  # the ground once the home municipality is outside
WATCHED = ("admission_year", "municipality", "organiser", "school_unit", "offering")


def _catalogue() -> Catalogue:
    return Catalogue(
        organisers=[Organiser("Nacka kommun", "municipal", "0182")],
        school_units=[SchoolUnit("22222222", "Nacka gymnasium", "Nacka kommun", "0182")],
        offerings=[Offering("NACKA-EK", "22222222", "EK", 10, orientation="Ekonomi")],
    )


def _pupil() -> PupilGrades:
    record = ApplicantRecord(
        personal_id=parse_personal_id(ALICE, today=date(YEAR, 2, 1)),
        name="Alice Ek",
        home_municipality="0180",
    )
    grades = tuple(Grade(s, GradeLetter("A")) for s in SUBJECTS if s not in {"SVA", "M1", "M2"})
    return PupilGrades(record, GradeTerm.FINAL, grades)


@dataclass
class Instance:
    app: FastAPI
    database: sessionmaker[Session]
    client: TestClient


@pytest.fixture
def database(empty_database_url: str) -> sessionmaker[Session]:
    """The year opened, Alice (living in Stockholm) applying to Nacka's school, her account."""
    settings = Settings(database_url=empty_database_url)
    database = bootstrap.database(settings)
    open_admission_year(
        SqlUnitOfWork(database),
        year=YEAR,
        region="Storsthlm",
        calendar=stockholm_calendar(YEAR),
        settings=YearSettings(),
        municipalities=[Municipality("0180", "Stockholm"), Municipality("0182", "Nacka")],
        catalogue=_catalogue(),
        actor=OFFICER,
        now=OPENED,
    )
    import_pupils(SqlUnitOfWork(database), year=YEAR, pupils=[_pupil()], actor=OFFICER, now=OPENED)
    register_applications(
        SqlUnitOfWork(database),
        year=YEAR,
        applications={ALICE: [ChoiceRequest("NACKA-EK")]},
        actor=OFFICER,
        by_admission_office=True,
        now=IN_APPLICATION_PERIOD,
    )
    create_account(
        SqlUnitOfWork(database),
        actor=OFFICER,
        username="alice",
        display_name="Alice",
        role=Role.APPLICANT,
        password=PASSWORD,
        passwords=CHEAP,
        personal_id=ALICE,
        now=OPENED,
    )
    database.kw["bind"].dispose()
    return database


def _instance(url: str, moment: datetime) -> Iterator[Instance]:
    """An application of its own (its own engine and pool, as another process has), with
    Alice signed in."""
    settings = Settings(database_url=url)
    database = bootstrap.database(settings)
    clock = FixedClock(moment)
    login = LocalLogin(lambda: SqlUnitOfWork(database), CHEAP, LoginThrottle(clock=clock))
    app = create_app(settings, session_factory=database, authenticator=login, clock=clock)
    with TestClient(app) as client:
        form = {"username": "alice", "password": PASSWORD, "csrf_token": form_token(client)}
        assert client.post("/logga-in", data=form, follow_redirects=False).status_code == 303
        yield Instance(app, database, client)
    database.kw["bind"].dispose()


@pytest.fixture
def first(database: sessionmaker[Session], empty_database_url: str) -> Iterator[Instance]:
    yield from _instance(empty_database_url, AFTER_FINAL)


@pytest.fixture
def second(database: sessionmaker[Session], empty_database_url: str) -> Iterator[Instance]:
    yield from _instance(empty_database_url, AFTER_FINAL)


def _version(database: sessionmaker[Session]) -> int:
    with database() as session:
        return int(session.execute(select(t.catalogue_version.c.version)).scalar_one())


def test_a_change_of_terms_through_the_service_is_seen_by_another_application_at_once(
    database: sessionmaker[Session], first: Instance, second: Instance
) -> None:
    for instance in (first, second):
        page = instance.client.get("/min-ansokan").text
        assert IN_AGREEMENT in page
        assert OUTSIDE_AREA not in page

    set_area_terms(
        SqlUnitOfWork(database),
        code="0180",
        name="Stockholm",
        terms=AreaTerms.OUTSIDE,
        actor=OFFICER,
        now=IN_APPLICATION_PERIOD,
    )

    for instance in (second, first):
        page = instance.client.get("/min-ansokan").text
        assert OUTSIDE_AREA in page
        assert IN_AGREEMENT not in page


def test_a_round_published_through_the_service_is_seen_by_another_application_at_once(
    database: sessionmaker[Session], first: Instance, second: Instance
) -> None:
    for instance in (first, second):
        assert "NACKA-EK" not in instance.client.get("/mitt-resultat").text

    uow = SqlUnitOfWork(database)
    summary = run_round(
        uow, year=YEAR, kind=RoundKind.FINAL, seed=7, actor=OFFICER, now=AFTER_FINAL
    )
    assert "NACKA-EK" not in second.client.get("/mitt-resultat").text  # stored, not published
    publish_round(uow, year=YEAR, round_id=summary.round_id, actor=OFFICER, now=AFTER_FINAL)

    for instance in (second, first):
        assert "NACKA-EK" in instance.client.get("/mitt-resultat").text


def test_every_write_to_a_table_of_the_facts_moves_the_version_on(
    database: sessionmaker[Session],
) -> None:
    for table in WATCHED:
        before = _version(database)
        column = {"admission_year": "region", "offering": "places"}.get(table, "name")
        with database.begin() as session:
            session.execute(text(f"UPDATE {table} SET {column} = {column}"))

        assert _version(database) > before, table


def test_a_write_that_is_rolled_back_leaves_the_version_as_it_was(
    database: sessionmaker[Session],
) -> None:
    before = _version(database)
    with database() as session:
        session.execute(text("UPDATE offering SET places = places + 1"))
        session.rollback()

    assert _version(database) == before


def test_the_application_page_asks_four_questions_once_the_facts_are_kept(
    first: Instance,
) -> None:
    engine = first.database.kw["bind"]
    assert first.client.get("/min-ansokan").status_code == 200
    sent: list[str] = []

    def count(*args: Any) -> None:
        sent.append(args[2])

    event.listen(engine, "before_cursor_execute", count)
    try:
        assert first.client.get("/min-ansokan").status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", count)

    # the session with its account, the catalogue's version, the choices, the messages
    assert len(sent) == 4, sent
    assert not any("FROM admission_year" in statement for statement in sent)


def test_the_catalogue_and_its_search_read_no_offering_once_the_facts_are_kept(
    first: Instance,
) -> None:
    engine = first.database.kw["bind"]
    pages = ["/katalog", "/katalog?q=nacka", "/katalog?program=NA&sida=2"]
    for page in pages:
        assert first.client.get(page).status_code == 200
    sent: list[str] = []

    def count(*args: Any) -> None:
        sent.append(args[2])

    event.listen(engine, "before_cursor_execute", count)
    try:
        for page in pages:
            assert first.client.get(page).status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", count)

    # each page: the session with its account, the catalogue's version, the choices, the messages
    assert len(sent) == 4 * len(pages), sent
    assert not any("FROM offering" in statement for statement in sent)
