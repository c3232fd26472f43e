"""The school's (principal's) and the municipality official's parts, through HTTP on a migrated
SQLite file: only their own offerings or residents, places and test points (audited, bad input
refused with nothing changed), closing an offering, lists with protected identities masked,
the municipality's statistics, and 403 for every other role.

The year: four offerings at two schools (``NORRA-MU`` has an aptitude test), five pupils;
pupils 1–3 live in Stockholm (0180), 4–5 in Nacka (0182); pupil 3 has protected identity.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import argon2
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from web_support import api_headers, form_token, personal_id

from samverka import bootstrap
from samverka.adapters.db import tables as t
from samverka.adapters.db.unit_of_work import SqlUnitOfWork
from samverka.adapters.local_login import LocalLogin
from samverka.adapters.passwords import Argon2idHasher
from samverka.config import Settings
from samverka.domain.access.actors import Actor, Role
from samverka.domain.admission.applicants import ApplicantRecord, Guardian, PupilGrades
from samverka.domain.admission.calendar import GradeTerm, stockholm_calendar
from samverka.domain.admission.grades import SUBJECTS, Grade, GradeLetter
from samverka.domain.admission.rounds import RoundKind
from samverka.domain.admission.year_settings import YearSettings
from samverka.domain.common.personal_id import parse_personal_id
from samverka.entrypoints.web.app import create_app
from samverka.services.admission_year import (
    Catalogue,
    Municipality,
    Offering,
    Organiser,
    SchoolUnit,
    open_admission_year,
)
from samverka.services.applications import ChoiceRequest, register_applications
from samverka.services.authentication import create_account
from samverka.services.login_throttle import LoginThrottle
from samverka.services.pupils import import_pupils
from samverka.services.rounds import publish_round, run_round

YEAR = 2026
PASSWORD = "correct horse battery"
CREATED = datetime(YEAR, 1, 10, 9, tzinfo=UTC)
IN_APPLICATION_PERIOD = datetime(YEAR, 2, 1, 12, tzinfo=UTC)
AFTER_FINAL = datetime(YEAR, 7, 2, 12, tzinfo=UTC)
COMMAND_LINE = Actor("cli:test", Role.OFFICER, "command line")
OFFICER = "cli:test"
CHEAP = Argon2idHasher(argon2.PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
SECRET_NAME = "Hemlig Person"
LETTERS = {1: "A", 2: "B", 3: "C", 4: "D", 5: "E"}
CHOICES = {
    1: ("NORRA-NA", "NORRA-EK"),
    2: ("NORRA-NA", "SODRA-ES"),
    3: ("NORRA-EK", "NORRA-NA"),
    4: ("SODRA-ES", "NORRA-MU"),
    5: ("NORRA-MU",),
}


def _pupil(serial: int, letter: str) -> PupilGrades:
    subjects = [s for s in SUBJECTS if s not in {"SVA", "M1", "M2", "ML", "TSP"}]
    record = ApplicantRecord(
        personal_id=parse_personal_id(personal_id(serial), today=date(YEAR, 2, 1)),
        name=SECRET_NAME if serial == 3 else f"Elev {serial}",
        home_municipality="0180" if serial <= 3 else "0182",
        school_unit_code=None,
        protected_identity=serial == 3,
        guardians=(Guardian(f"Vårdnadshavare {serial}", f"vh{serial}@example.se"),),
    )
    return PupilGrades(
        record, GradeTerm.FINAL, tuple(Grade(s, GradeLetter(letter)) for s in subjects)
    )


def _build_year(uow: SqlUnitOfWork) -> None:
    catalogue = Catalogue(
        organisers=[
            Organiser("Stockholms stad", "municipal", "0180"),
            Organiser("Skolbolaget AB", "independent"),
        ],
        school_units=[
            SchoolUnit("11111111", "Norra gymnasiet", "Stockholms stad", "0180"),
            SchoolUnit("22222222", "Södra gymnasiet", "Skolbolaget AB", "0182"),
        ],
        offerings=[
            Offering("NORRA-NA", "11111111", "NA", 1),
            Offering("NORRA-EK", "11111111", "EK", 1),
            Offering("NORRA-MU", "11111111", "ES", 2, test_multiplier=Decimal(1)),
            Offering("SODRA-ES", "22222222", "ES", 2),
        ],
    )
    open_admission_year(
        uow,
        year=YEAR,
        region="Storsthlm",
        calendar=stockholm_calendar(YEAR),
        settings=YearSettings(),
        municipalities=[
            Municipality("0180", "Stockholm", 975551),
            Municipality("0182", "Nacka", 105201),
        ],
        catalogue=catalogue,
        actor=OFFICER,
        now=datetime(YEAR, 1, 2, tzinfo=UTC),
    )
    pupils = [_pupil(serial, letter) for serial, letter in LETTERS.items()]
    import_pupils(uow, year=YEAR, pupils=pupils, actor=OFFICER, now=IN_APPLICATION_PERIOD)
    register_applications(
        uow,
        year=YEAR,
        applications={
            personal_id(n): [ChoiceRequest(code) for code in codes] for n, codes in CHOICES.items()
        },
        actor=OFFICER,
        by_admission_office=True,
        now=IN_APPLICATION_PERIOD,
    )


def _account(factory: sessionmaker[Session], username: str, role: Role, **scope: object) -> None:
    create_account(
        SqlUnitOfWork(factory),
        actor=COMMAND_LINE,
        username=username,
        display_name=username.title(),
        role=role,
        password=PASSWORD,
        passwords=CHEAP,
        now=CREATED,
        **scope,  # type: ignore[arg-type]
    )


@pytest.fixture
def database(tmp_path: Path) -> sessionmaker[Session]:
    factory = bootstrap.database(Settings(database_url=f"sqlite:///{tmp_path}/t.db"))
    _build_year(SqlUnitOfWork(factory))
    _account(factory, "anders", Role.ANALYST)
    _account(factory, "rektor", Role.SCHOOL, school_unit_codes=["11111111"])
    _account(factory, "kommun", Role.MUNICIPALITY, municipality_code="0180")
    return factory


@pytest.fixture
def published(database: sessionmaker[Session]) -> int:
    summary = run_round(
        SqlUnitOfWork(database),
        year=YEAR,
        kind=RoundKind.FINAL,
        seed=7,
        actor=OFFICER,
        now=AFTER_FINAL,
    )
    publish_round(
        SqlUnitOfWork(database),
        year=YEAR,
        round_id=summary.round_id,
        actor=OFFICER,
        now=AFTER_FINAL,
    )
    return summary.round_id


@pytest.fixture
def app(tmp_path: Path, database: sessionmaker[Session]) -> FastAPI:
    settings = Settings(database_url=f"sqlite:///{tmp_path}/t.db")
    login = LocalLogin(lambda: SqlUnitOfWork(database), CHEAP, LoginThrottle(clock=lambda: CREATED))
    return create_app(settings, session_factory=database, authenticator=login)


def _client(app: FastAPI, username: str) -> Iterator[TestClient]:
    with TestClient(app) as client:
        token = form_token(client, "/logga-in")
        data = {"username": username, "password": PASSWORD, "csrf_token": token}
        assert client.post("/logga-in", data=data, follow_redirects=False).status_code == 303
        yield client


@pytest.fixture
def school(app: FastAPI) -> Iterator[TestClient]:
    yield from _client(app, "rektor")


@pytest.fixture
def official(app: FastAPI) -> Iterator[TestClient]:
    yield from _client(app, "kommun")


@pytest.fixture
def analyst(app: FastAPI) -> Iterator[TestClient]:
    yield from _client(app, "anders")


def _places(factory: sessionmaker[Session], code: str) -> tuple[int, int]:
    o = t.offering
    with factory() as session:
        row = session.execute(
            select(o.c.places, o.c.discretionary_places).where(o.c.code == code)
        ).one()
    return row.places, row.discretionary_places


def _audit(factory: sessionmaker[Session], action: str) -> list[str]:
    a = t.audit_event
    with factory() as session:
        query = select(a.c.actor).where(a.c.action == action)
        return list(session.execute(query).scalars())


# -- the school ---------------------------------------------------------------------------------
def test_a_school_sees_only_its_own_offerings(school: TestClient) -> None:
    page = school.get("/skola")
    assert page.status_code == 200
    assert "NORRA-NA" in page.text
    assert "NORRA-MU" in page.text
    assert "SODRA-ES" not in page.text
    assert school.get("/skola/utbildningar/SODRA-ES").status_code == 404
    listed = school.get("/api/v1/school/offerings").json()
    assert {o["code"] for o in listed} == {"NORRA-NA", "NORRA-EK", "NORRA-MU"}
    token = api_headers(school)
    body = {"places": 5, "discretionary_places": 0}
    refused = school.put("/api/v1/school/offerings/SODRA-ES/places", json=body, headers=token)
    assert refused.status_code == 404


def test_a_school_changes_places_on_the_page_and_it_is_audited(
    school: TestClient, database: sessionmaker[Session]
) -> None:
    token = form_token(school, "/skola/utbildningar/NORRA-NA")
    data = {"places": "30", "discretionary_places": "2", "csrf_token": token}
    done = school.post("/skola/utbildningar/NORRA-NA/platser", data=data, follow_redirects=False)
    assert done.status_code == 303
    assert _places(database, "NORRA-NA") == (30, 2)
    assert _audit(database, "set_places") == ["school:rektor"]


@pytest.mark.parametrize(
    "body", [{"places": 3, "discretionary_places": 4}, {"places": -1, "discretionary_places": 0}]
)
def test_bad_places_are_refused_and_nothing_changes(
    school: TestClient, database: sessionmaker[Session], body: dict[str, int]
) -> None:
    token = api_headers(school)
    answer = school.put("/api/v1/school/offerings/NORRA-NA/places", json=body, headers=token)
    assert answer.status_code == 422
    form = {key: str(value) for key, value in body.items()}
    form["csrf_token"] = form_token(school, "/skola/utbildningar/NORRA-NA")
    assert school.post("/skola/utbildningar/NORRA-NA/platser", data=form).status_code == 422
    assert _places(database, "NORRA-NA") == (1, 0)
    assert _audit(database, "set_places") == []


def test_test_points_are_recorded_only_on_test_offerings(
    school: TestClient, database: sessionmaker[Session]
) -> None:
    token = api_headers(school)
    path = f"/api/v1/school/offerings/NORRA-MU/test-points/{personal_id(5)}"
    assert school.put(path, json={"points": "12.5"}, headers=token).status_code == 204
    wrong = f"/api/v1/school/offerings/NORRA-NA/test-points/{personal_id(1)}"
    assert school.put(wrong, json={"points": "12.5"}, headers=token).status_code == 422
    not_chosen = f"/api/v1/school/offerings/NORRA-MU/test-points/{personal_id(1)}"
    assert school.put(not_chosen, json={"points": "1"}, headers=token).status_code == 404
    c = t.choice
    with database() as session:
        points = session.execute(select(c.c.test_points).where(c.c.test_points.is_not(None)))
        assert [Decimal(p) for p in points.scalars()] == [Decimal("12.5")]
    assert _audit(database, "test_points") == ["school:rektor"]
    page = school.get("/skola/utbildningar/NORRA-MU")
    assert 'action="/skola/utbildningar/NORRA-MU/provpoang"' in page.text


def test_a_school_closes_an_offering_and_its_applicants_get_messages(
    school: TestClient, database: sessionmaker[Session]
) -> None:
    token = form_token(school, "/skola/utbildningar/NORRA-EK")
    done = school.post("/skola/utbildningar/NORRA-EK/stang", data={"csrf_token": token})
    assert done.status_code == 200
    assert "Stängd" in done.text
    with database() as session:
        kinds = session.execute(select(t.message.c.kind)).scalars().all()
    assert kinds == ["offering_closed", "offering_closed"]
    again = school.post("/api/v1/school/offerings/NORRA-EK/close", headers=api_headers(school))
    assert again.status_code == 409
    other = school.post("/api/v1/school/offerings/SODRA-ES/close", headers=api_headers(school))
    assert other.status_code == 404


def test_a_school_sees_the_admitted_and_reserves_with_protected_identity_masked(
    school: TestClient, published: int
) -> None:
    page = school.get("/skola/utbildningar/NORRA-EK")
    assert page.status_code == 200
    assert "Skyddad identitet" in page.text
    assert SECRET_NAME not in page.text
    assert personal_id(3) not in page.text
    na = school.get("/skola/utbildningar/NORRA-NA").text
    assert SECRET_NAME not in na
    assert personal_id(3) not in na


# -- the municipality ---------------------------------------------------------------------------
def test_a_municipality_sees_only_its_residents_with_protected_identity_masked(
    official: TestClient, published: int
) -> None:
    page = official.get("/kommun")
    assert page.status_code == 200
    assert "Elev 1" in page.text
    assert "Elev 2" in page.text
    assert "Elev 4" not in page.text
    assert "Elev 5" not in page.text
    assert SECRET_NAME not in page.text
    assert personal_id(3) not in page.text
    listed = official.get("/api/v1/municipality/residents?limit=2").json()
    assert listed["total"] == 3
    assert len(listed["items"]) == 2
    everyone = official.get("/api/v1/municipality/residents").json()["items"]
    masked = [r for r in everyone if r["protected_identity"]]
    assert masked == [{**masked[0], "personal_id": None, "name": "Skyddad identitet"}]


def test_a_municipality_sees_its_statistics(official: TestClient, published: int) -> None:
    figures = official.get("/api/v1/municipality/statistics").json()
    assert figures["municipality_code"] == "0180"
    assert figures["round_id"] == published
    assert figures["applicants"] == 3
    assert figures["placed"] <= 3
    first = {p["programme"]: p["first_choice_applicants"] for p in figures["programmes"]}
    assert {k: v for k, v in first.items() if v} == {"NA": 2, "EK": 1}
    placed = sum(p["placed"] for p in figures["programmes"])
    assert placed == figures["placed"]


# -- other roles --------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "path",
    ["/skola", "/kommun", "/api/v1/school/offerings", "/api/v1/municipality/statistics"],
)
def test_other_roles_are_refused(analyst: TestClient, path: str) -> None:
    assert analyst.get(path).status_code == 403


def test_a_school_may_not_read_the_municipality_and_vice_versa(
    school: TestClient, official: TestClient
) -> None:
    assert school.get("/kommun").status_code == 403
    assert official.get("/skola").status_code == 403
