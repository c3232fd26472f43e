"""Reception in first or second hand on the pages and the API, through HTTP on a migrated SQLite
file (issue 12 point 8; SL 16 kap. 43–44 §§): the applicant and the counsellor see each choice's
reception and its ground in Swedish or English; only the admission office decides it, with a
reason; an impossible decision is refused in the page's language and changes nothing."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import argon2
import pytest
from database_fixtures import NewDatabase
from fastapi import FastAPI
from fastapi.testclient import TestClient
from httpx2 import Response
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from web_support import api_headers, form_token, personal_id

from samverka.admission.db import tables as at
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
from samverka.admission.domain.grades import Grade, GradeLetter
from samverka.admission.domain.year_settings import YearSettings
from samverka.admission.services.admission_year import open_admission_year
from samverka.admission.services.applications import ChoiceRequest, submit_choices
from samverka.admission.services.offerings import close_offering
from samverka.admission.services.pupils import import_pupils
from samverka.config import Settings
from samverka.platform.access.domain.actors import Actor, Role
from samverka.platform.access.local_login import LocalLogin
from samverka.platform.access.passwords import Argon2idHasher
from samverka.platform.access.services.authentication import create_account
from samverka.platform.access.services.login_throttle import LoginThrottle
from samverka.platform.clock import FixedClock
from samverka.platform.db import tables as pt
from samverka.platform.domain.personal_id import parse_personal_id
from samverka.unit_of_work import SqlUnitOfWork
from samverka.web_app import create_app

YEAR = 2026
PASSWORD = "correct horse battery"
SETUP = Actor("cli:test", Role.OFFICER, "command line")
NOW = datetime(YEAR, 2, 1, 12, tzinfo=UTC)
CHEAP = Argon2idHasher(argon2.PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
NORRA = "11111111"
UPPSALA_PUPIL = personal_id(1)
PAGE = f"/elever/{UPPSALA_PUPIL}?skolenhet={NORRA}"


@dataclass
class World:
    app: FastAPI
    database: sessionmaker[Session]

    def client(self, username: str, language: str = "sv") -> TestClient:
        client = TestClient(self.app, cookies={"lang": language})
        form = {"username": username, "password": PASSWORD, "csrf_token": form_token(client)}
        assert client.post("/logga-in", data=form, follow_redirects=False).status_code == 303
        return client

    def decisions(self) -> list[tuple[str, str | None]]:
        with self.database() as session:
            c = at.choice
            return [tuple(r) for r in session.execute(select(c.c.reception, c.c.reception_reason))]  # type: ignore[misc]


@pytest.fixture
def world(tmp_path: Path, new_sqlite_database: NewDatabase) -> World:
    settings = Settings(database_url=f"sqlite:///{tmp_path}/t.db")
    database = new_sqlite_database(settings)
    open_admission_year(
        SqlUnitOfWork(database),
        year=YEAR,
        region="Storsthlm",
        calendar=stockholm_calendar(YEAR),
        settings=YearSettings(),
        municipalities=[
            Municipality("0180", "Stockholm"),
            Municipality("0380", "Uppsala", terms=AreaTerms.OUTSIDE),
        ],
        catalogue=Catalogue(
            organisers=[
                Organiser("Stockholms stad", "municipal", "0180"),
                Organiser("Skolbolaget AB", "independent"),
            ],
            school_units=[
                SchoolUnit(NORRA, "Norra gymnasiet", "Stockholms stad", "0180"),
                SchoolUnit("22222222", "Södra gymnasiet", "Skolbolaget AB", "0180"),
            ],
            offerings=[
                Offering("NORRA-NA", NORRA, "NA", 10),
                Offering("SODRA-EK", "22222222", "EK", 10),
            ],
        ),
        actor=SETUP,
        now=NOW,
    )
    record = ApplicantRecord(
        personal_id=parse_personal_id(UPPSALA_PUPIL, today=date(YEAR, 2, 1)),
        name="Ulla Uppsala",
        home_municipality="0380",
        school_unit_code=NORRA,
    )
    grades = tuple(Grade(s, GradeLetter.C) for s in ("EN", "MA", "SV"))
    import_pupils(
        SqlUnitOfWork(database),
        year=YEAR,
        pupils=[PupilGrades(record, GradeTerm.FINAL, grades)],
        actor=Actor("test", Role.OFFICER, "test"),  # the office imports any school unit's pupils
        now=NOW,
    )
    submit_choices(
        SqlUnitOfWork(database),
        year=YEAR,
        personal_id=UPPSALA_PUPIL,
        choices=[ChoiceRequest("NORRA-NA"), ChoiceRequest("SODRA-EK")],
        actor=SETUP,
        by_admission_office=True,
        now=NOW,
    )
    accounts = [
        ("sara", Role.COUNSELLOR, None, (NORRA,)),
        ("ulla", Role.APPLICANT, UPPSALA_PUPIL, ()),
        ("alva", Role.OFFICER, None, ()),
    ]
    for username, role, pid, units in accounts:
        create_account(
            SqlUnitOfWork(database),
            actor=SETUP,
            username=username,
            display_name=username.capitalize(),
            role=role,
            password=PASSWORD,
            passwords=CHEAP,
            personal_id=pid,
            school_unit_codes=units,
            now=NOW,
        )
    login = LocalLogin(lambda: SqlUnitOfWork(database), CHEAP, LoginThrottle(clock=lambda: NOW))
    app = create_app(settings, session_factory=database, authenticator=login, clock=FixedClock(NOW))
    return World(app, database)


@pytest.fixture
def officer(world: World) -> Iterator[TestClient]:
    with world.client("alva") as client:
        yield client


def _decide(client: TestClient, decision: str, reason: str, code: str = "NORRA-NA") -> Response:
    data = {
        "offering_code": code,
        "reception": decision,
        "reason": reason,
        "csrf_token": form_token(client, PAGE),
        "_page": PAGE,
        "_form": "mottagande",
    }
    return client.post(
        f"/elever/{UPPSALA_PUPIL}/mottagande?skolenhet={NORRA}", data=data, follow_redirects=False
    )


def test_the_applicant_sees_each_choices_reception_and_why_in_swedish_and_english(
    world: World,
) -> None:
    """SL 16 kap. 43–44 §§: from Uppsala (outside the area), second hand at Stockholm's school
    until the home municipality's statement, first hand at an independent school."""
    with world.client("ulla") as swedish:
        page = swedish.get("/min-ansokan").text
    assert "Andra hand" in page
    assert "hemkommunens yttrande avgör om programmet finns där (SL 16 kap. 43–44 §§)" in page
    assert "en fristående skola tar emot alla sökande på lika villkor" in page
    with world.client("ulla", "en") as english:
        page = english.get("/min-ansokan").text
        api = english.get("/api/v1/application").json()
    assert "Second hand" in page
    assert "an independent school receives every applicant on equal terms" in page
    assert [(c["reception"], c["reception_ground"]) for c in api["choices"]] == [
        ("second_hand", "home_offer_unknown"),
        ("first_hand", "independent_organiser"),
    ]


def test_the_counsellor_sees_the_reception_but_may_not_decide_it(world: World) -> None:
    with world.client("sara") as counsellor:
        page = counsellor.get(f"/elever/{UPPSALA_PUPIL}").text
        assert "Andra hand" in page
        assert "Besluta om mottagande" not in page
        data = {"offering_code": "NORRA-NA", "reception": "first_hand", "reason": "x"}
        data["csrf_token"] = form_token(counsellor, f"/elever/{UPPSALA_PUPIL}")
        refused = counsellor.post(f"/elever/{UPPSALA_PUPIL}/mottagande", data=data)
    assert refused.status_code == 403
    assert world.decisions() == [("first_hand", None), ("first_hand", None)]


def test_the_officer_decides_first_hand_with_the_statement_as_reason(
    world: World, officer: TestClient
) -> None:
    """SL 16 kap. 43 §; the home municipality's statement (admissions-rules §3.4)."""
    answer = _decide(officer, "first_hand", "Uppsalas yttrande: finns inte")
    assert answer.status_code == 303
    page = officer.get(answer.headers["location"]).text
    assert "Beslutet om mottagande är sparat." in page
    assert "antagningskansliets beslut: Uppsalas yttrande: finns inte" in page
    assert world.decisions()[0] == ("first_hand", "Uppsalas yttrande: finns inte")
    back = _decide(officer, "derived", "yttrandet återkallat")
    assert back.status_code == 303
    assert world.decisions()[0] == ("first_hand", None)


def test_the_officers_start_page_counts_the_receptions_waiting_and_lists_them_until_decided(
    world: World, officer: TestClient
) -> None:
    """SL 16 kap. 43–44 §§, admissions-rules §3.4: the choice at Stockholm's school waits for
    Uppsala's statement; the one at the independent school is first hand and does not wait."""
    start = officer.get("/").text
    assert "Val vars mottagande väntar på beslut: 1" in start
    assert '<a href="/antagning/mottagande">Till mottagandebesluten</a>' in start
    listed = officer.get("/antagning/mottagande").text
    assert "Ulla Uppsala" in listed
    assert f'href="/elever/{UPPSALA_PUPIL}?skolenhet={NORRA}#val"' in listed
    assert "NORRA-NA" in listed
    assert "SODRA-EK" not in listed
    assert _decide(officer, "second_hand", "Uppsalas yttrande: finns").status_code == 303
    assert "Val vars mottagande väntar på beslut: 0" in officer.get("/").text
    assert "Inga val väntar på beslut om mottagande." in officer.get("/antagning/mottagande").text
    with world.client("sara") as counsellor:
        assert counsellor.get("/antagning/mottagande").status_code == 403


def test_second_hand_at_an_independent_school_is_refused_in_the_pages_language(
    world: World, officer: TestClient
) -> None:
    """Issue 12 point 8: an impossible combination is refused with a clear error and changes
    nothing; without a reason, too."""
    refused = _decide(officer, "second_hand", "fel", code="SODRA-EK")
    assert refused.status_code == 422
    page = refused.text
    assert "en fristående skola tar emot alla sökande på lika villkor." in page
    assert 'id="mottagande-reception-fel"' in page  # at the decision's field
    assert "Inget har sparats." in page
    assert 'value="second_hand" checked' in page  # the input kept
    assert 'name="reason" type="text" value="fel"' in page
    empty = _decide(officer, "first_hand", "")
    assert empty.status_code == 422
    assert '<a href="#mottagande-reason">Fyll i fältet.</a>' in empty.text
    assert "Skriv skälet till beslutet" in empty.text  # the field's help
    assert world.decisions() == [("first_hand", None), ("first_hand", None)]


def test_the_api_decides_and_refuses_like_the_page(world: World, officer: TestClient) -> None:
    path = f"/api/v1/applications/{UPPSALA_PUPIL}/choices"
    headers = api_headers(officer)
    decided = officer.put(
        f"{path}/NORRA-NA/reception",
        json={"reception": "first_hand", "reason": "särskilda skäl"},
        headers=headers,
    )
    assert decided.status_code == 200, decided.text
    assert decided.json() == {
        "reception": "first_hand",
        "ground": "officer_decision",
        "reason": "särskilda skäl",
    }
    refused = officer.put(
        f"{path}/SODRA-EK/reception",
        json={"reception": "second_hand", "reason": "fel"},
        headers=headers,
    )
    assert refused.status_code == 422
    assert refused.json()["error"]["code"] == "invalid_input"
    unknown = officer.put(
        f"{path}/NOPE/reception", json={"reception": None, "reason": "x"}, headers=headers
    )
    assert unknown.status_code == 404
    assert world.decisions() == [("first_hand", "särskilda skäl"), ("first_hand", None)]


def test_the_applicant_reads_that_an_offering_they_chose_will_not_start(world: World) -> None:
    """admissions-rules §4.3 (every affected applicant is notified); issue 12 point 10: the
    message is recorded and shown on the applicant's page and in the API, dated in Sweden."""
    close_offering(
        SqlUnitOfWork(world.database),
        year=YEAR,
        offering_code="NORRA-NA",
        actor=SETUP,
        now=datetime(YEAR, 2, 10, 23, 30, tzinfo=UTC),  # 00:30 on 11 February in Sweden
    )
    with world.client("ulla") as applicant:
        page = applicant.get("/min-ansokan").text
        api = applicant.get("/api/v1/application").json()
    assert "Meddelanden" in page
    assert "11 feb. 2026 00:30" in page
    assert "Norra gymnasiet NA (NORRA-NA) startar inte" in page
    assert [m["kind"] for m in api["messages"]] == ["offering_closed"]


# -- the admission area's page and API (issue 12 point 9) -------------------------------------
def test_the_officer_sees_the_areas_terms_and_records_a_municipality_outside_it(
    world: World, officer: TestClient
) -> None:
    """admissions-rules §3.4, §10: the area is not the member list; a home municipality outside
    it is recorded so that its pupils can be imported."""
    page = officer.get("/antagning/omrade")
    assert page.status_code == 200
    assert "Medlem: samverkansavtalet, ersättning och serviceavgift" in page.text
    assert "Utanför antagningsområdet (bara hemkommun)" in page.text
    form = {"code": "2480", "name": "Umeå", "terms": "outside"}
    form["csrf_token"] = form_token(officer, "/antagning/omrade")
    saved = officer.post("/antagning/omrade", data=form, follow_redirects=False)
    assert saved.status_code == 303
    assert "Kommunens villkor är sparade." in officer.get(saved.headers["location"]).text
    listed = officer.get("/api/v1/area").json()
    assert {"code": "2480", "name": "Umeå", "terms": "outside"} in listed


def test_a_municipality_code_that_cannot_be_used_is_refused_on_the_page_and_in_the_api(
    world: World, officer: TestClient
) -> None:
    form = {"code": "24", "name": "", "terms": "member", "_page": "/antagning/omrade"}
    form["csrf_token"] = form_token(officer, "/antagning/omrade")
    refused = officer.post("/antagning/omrade", data=form)
    assert refused.status_code == 422
    page = refused.text
    assert "<h1>Antagningsområdet</h1>" in page
    assert "Kommunkoden ska vara fyra siffror" in page  # the field's help
    assert '<a href="#code">Värdet har inte rätt form.</a>' in page
    assert 'name="code" type="text" value="24"' in page
    assert '<a href="#name">Fyll i fältet.</a>' in page
    assert 'value="member" selected' in page
    assert "Kommunens villkor är sparade." not in page
    answer = officer.put(
        "/api/v1/area/0305",
        json={"name": "Håbo", "terms": "admission_and_compensation"},
        headers=api_headers(officer),
    )
    assert answer.status_code == 200, answer.text
    with world.database() as session:
        m = pt.municipality
        rows = session.execute(select(m.c.code, m.c.member, m.c.admission_terms)).all()
    assert sorted(tuple(r) for r in rows) == [
        ("0180", True, "member"),
        ("0305", False, "admission_and_compensation"),
        ("0380", False, "outside"),
    ]
