"""The officer's person search and person page through HTTP on a migrated SQLite file: a number
in any spelling lands on the person's page, a name lists the matches, a number that is not
valid is refused at the field; the search field sits in the officer's page header only; every
other role is refused (403) on the pages and the API; a protected identity never shows to a
counsellor or a school."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import argon2
import pytest
from admission_year_builders import (
    IN_APPLICATION_PERIOD,
    OFFICE,
    YEAR,
    open_year,
    personal_id,
    pupil,
    submit_own_choices,
)
from database_fixtures import NewDatabase
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker
from web_support import form_token

from samverka.admission.domain.applicants import PupilGrades
from samverka.admission.services.pupils import import_pupils
from samverka.config import Settings
from samverka.platform.access.domain.actors import Role
from samverka.platform.access.local_login import LocalLogin
from samverka.platform.access.passwords import Argon2idHasher
from samverka.platform.access.services.authentication import create_account
from samverka.platform.access.services.login_throttle import LoginThrottle
from samverka.platform.web.deps import clock
from samverka.unit_of_work import SqlUnitOfWork
from samverka.web_app import create_app

PASSWORD = "correct horse battery"
CHEAP = Argon2idHasher(argon2.PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
NORRA = "11111111"
HIDDEN = personal_id(4)


def _at(serial: int, name: str, *, protected: bool = False) -> PupilGrades:
    found = pupil(serial, "B", name=name, protected=protected)
    return replace(found, applicant=replace(found.applicant, school_unit_code=NORRA))


@dataclass
class World:
    app: FastAPI
    database: sessionmaker[Session]

    def client(self, username: str) -> TestClient:
        client = TestClient(self.app)
        form = {"username": username, "password": PASSWORD, "csrf_token": form_token(client)}
        assert client.post("/logga-in", data=form, follow_redirects=False).status_code == 303
        return client


@pytest.fixture
def world(tmp_path: Path, new_sqlite_database: NewDatabase) -> World:
    settings = Settings(database_url=f"sqlite:///{tmp_path}/t.db")
    database = new_sqlite_database(settings)
    open_year(SqlUnitOfWork(database))
    pupils = [
        _at(1, "Örjan Åström"),
        _at(2, "Åsa Åström"),
        _at(3, "Bo Lind"),
        _at(4, "Hemlig Hemligsson", protected=True),
    ]
    import_pupils(
        SqlUnitOfWork(database), year=YEAR, pupils=pupils, actor=OFFICE, now=IN_APPLICATION_PERIOD
    )
    submit_own_choices(SqlUnitOfWork(database), 1, "NORRA-NA")
    submit_own_choices(SqlUnitOfWork(database), 4, "NORRA-NA")
    accounts = [
        ("alva", Role.OFFICER, None, ()),
        ("sara", Role.COUNSELLOR, None, (NORRA,)),
        ("rektor", Role.SCHOOL, None, (NORRA,)),
        ("orjan", Role.APPLICANT, personal_id(1), ()),
    ]
    for username, role, pid, units in accounts:
        create_account(
            SqlUnitOfWork(database),
            actor=OFFICE,
            username=username,
            display_name=username.capitalize(),
            role=role,
            password=PASSWORD,
            passwords=CHEAP,
            personal_id=pid,
            school_unit_codes=units,
            now=IN_APPLICATION_PERIOD,
        )
    login = LocalLogin(
        lambda: SqlUnitOfWork(database), CHEAP, LoginThrottle(clock=lambda: IN_APPLICATION_PERIOD)
    )
    app = create_app(settings, session_factory=database, authenticator=login)
    app.dependency_overrides[clock] = lambda: IN_APPLICATION_PERIOD
    return World(app, database)


@pytest.fixture
def alva(world: World) -> Iterator[TestClient]:
    with world.client("alva") as client:
        yield client


@pytest.mark.parametrize(
    "typed",
    [
        personal_id(1),
        personal_id(1).replace("-", ""),
        personal_id(1)[2:],
        " " + personal_id(1)[2:].replace("-", "") + " ",
    ],
)
def test_a_number_in_any_spelling_lands_on_the_persons_page(alva: TestClient, typed: str) -> None:
    answer = alva.get("/antagning/person", params={"q": typed}, follow_redirects=False)
    assert answer.status_code == 303
    page = alva.get(answer.headers["location"])
    assert page.status_code == 200
    assert "<h1>Örjan Åström</h1>" in page.text
    assert personal_id(1) in page.text
    assert "NORRA-NA" in page.text
    assert "Meritvärde" in page.text
    assert "Historik" in page.text


def test_a_name_lists_every_match_and_each_leads_to_the_person(alva: TestClient) -> None:
    page = alva.get("/antagning/person", params={"q": "ÅSTRÖM"})
    assert page.status_code == 200
    assert "Åsa Åström" in page.text
    assert "Örjan Åström" in page.text
    assert "Bo Lind" not in page.text
    links = re.findall(r'href="(/antagning/person/\d+)"', page.text)
    assert len(links) == 2
    assert alva.get(links[0]).status_code == 200


def test_a_number_that_is_not_valid_is_refused_at_the_field(alva: TestClient) -> None:
    wrong = personal_id(1)[:-1] + str((int(personal_id(1)[-1]) + 1) % 10)
    page = alva.get("/antagning/person", params={"q": wrong})
    assert page.status_code == 422
    assert "Det är inte ett giltigt personnummer" in page.text
    assert 'aria-invalid="true"' in page.text
    assert f'value="{wrong}"' in page.text


def test_no_match_says_so(alva: TestClient) -> None:
    page = alva.get("/antagning/person", params={"q": "Zlatan"})
    assert "Ingen sökande i antagningen 2026 stämmer med sökningen." in page.text


def test_the_officer_sees_a_protected_person_marked(alva: TestClient) -> None:
    answer = alva.get("/antagning/person", params={"q": HIDDEN}, follow_redirects=False)
    page = alva.get(answer.headers["location"])
    assert "Hemlig Hemligsson" in page.text
    assert "Skyddad identitet" in page.text
    api = alva.get("/api/v1/persons", params={"q": "hemlig"}).json()
    assert [(p["personal_id"], p["protected_identity"]) for p in api["items"]] == [(HIDDEN, True)]


def test_the_search_field_is_in_the_officers_header_on_every_page(world: World) -> None:
    with world.client("alva") as client:
        for path in ("/", "/antagning", "/statistik"):
            assert 'action="/antagning/person"' in client.get(path).text
    with world.client("sara") as client:
        assert 'action="/antagning/person"' not in client.get("/elever").text


def test_the_api_finds_and_reads_a_person(alva: TestClient) -> None:
    found = alva.get("/api/v1/persons", params={"q": personal_id(1)[2:]}).json()
    assert found["total"] == 1
    [match] = found["items"]
    record = alva.get(f"/api/v1/persons/{match['applicant_id']}").json()
    assert record["person"]["name"] == "Örjan Åström"
    assert [c["offering_code"] for c in record["application"]["choices"]] == ["NORRA-NA"]
    assert record["grades"][0]["term"] == "final"
    assert {e["entity"] for e in record["history"]} >= {"applicant", "grade", "application"}
    refused = alva.get("/api/v1/persons", params={"q": "20100301-0000"})
    assert refused.status_code == 422
    assert alva.get("/api/v1/persons/999999").status_code == 404


@pytest.mark.parametrize("username", ["sara", "rektor", "orjan"])
def test_every_other_role_is_refused(world: World, username: str) -> None:
    with world.client(username) as client:
        assert client.get("/antagning/person", params={"q": "Åström"}).status_code == 403
        assert client.get("/antagning/person/1").status_code == 403
        assert client.get("/api/v1/persons", params={"q": "Åström"}).status_code == 403
        assert client.get("/api/v1/persons/1").status_code == 403


def test_a_protected_identity_never_shows_to_a_counsellor_or_a_school(world: World) -> None:
    with world.client("sara") as client:
        for params in ({}, {"q": "Hemlig"}, {"q": HIDDEN}):
            page = client.get("/elever", params=params)
            assert page.status_code == 200
            assert "Hemligsson" not in page.text  # the search itself may stand in the page
            assert f"/elever/{HIDDEN}" not in page.text
        assert client.get(f"/elever/{HIDDEN}").status_code == 404
        api = client.get("/api/v1/pupils", params={"q": "Hemlig"}).json()
        assert api["items"] == []
    with world.client("rektor") as client:
        for path in ("/skola", "/skola/utbildningar/NORRA-NA"):
            page = client.get(path)
            assert page.status_code == 200
            assert "Hemligsson" not in page.text
            assert HIDDEN not in page.text
