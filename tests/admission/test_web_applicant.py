"""The applicant's pages and API, through HTTP on a migrated SQLite file: the catalogue, ranking
choices inside and outside the windows, the published result with its reasons, the reply, and
that an applicant only ever reaches their own application."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import argon2
import pytest
from database_fixtures import NewDatabase
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker
from web_support import api_headers, form_token, personal_id

from samverka.admission.db import tables as at
from samverka.admission.domain.applicants import ApplicantRecord, PupilGrades
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
from samverka.admission.services.admission_year import open_admission_year
from samverka.admission.services.pupils import import_pupils
from samverka.admission.services.rounds import publish_round, run_round
from samverka.config import Settings
from samverka.platform.access.domain.actors import Actor, Role
from samverka.platform.access.local_login import LocalLogin
from samverka.platform.access.passwords import Argon2idHasher
from samverka.platform.access.services.authentication import create_account
from samverka.platform.access.services.login_throttle import LoginThrottle
from samverka.platform.domain.personal_id import parse_personal_id
from samverka.platform.web.deps import clock
from samverka.unit_of_work import SqlUnitOfWork
from samverka.web_app import create_app

YEAR = 2026
PASSWORD = "correct horse battery"
OFFICER = Actor("cli:test", Role.OFFICER, "command line")
IN_APPLICATION_PERIOD = datetime(YEAR, 2, 1, 12, tzinfo=UTC)
BETWEEN_WINDOWS = datetime(YEAR, 3, 10, 12, tzinfo=UTC)
AFTER_FINAL = datetime(YEAR, 7, 2, 12, tzinfo=UTC)
CHEAP = Argon2idHasher(argon2.PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
EXTRA_OFFERINGS = 20  # with the three below, two pages of the catalogue


ALICE, BO, CECILIA = personal_id(1), personal_id(2), personal_id(3)


def _pupil(serial: int, name: str, letter: str, missing: tuple[str, ...] = ()) -> PupilGrades:
    ordinary = {"SVA", "M1", "M2", "ML", "TSP"} | set(missing)
    record = ApplicantRecord(
        personal_id=parse_personal_id(personal_id(serial), today=date(YEAR, 2, 1)),
        name=name,
        home_municipality="0180",
    )
    grades = tuple(Grade(s, GradeLetter(letter)) for s in SUBJECTS if s not in ordinary)
    return PupilGrades(record, GradeTerm.FINAL, grades)


def _catalogue() -> Catalogue:
    extra = [Offering(f"NORRA-BA{n:02d}", "11111111", "BA", 10) for n in range(EXTRA_OFFERINGS)]
    return Catalogue(
        organisers=[
            Organiser("Stockholms stad", "municipal", "0180"),
            Organiser("Skolbolaget AB", "independent"),
        ],
        school_units=[
            SchoolUnit("11111111", "Norra gymnasiet", "Stockholms stad", "0180"),
            SchoolUnit("22222222", "Södra gymnasiet", "Skolbolaget AB", "0182"),
        ],
        offerings=[
            Offering("NORRA-NA", "11111111", "NA", 1, orientation="Naturvetenskap"),
            Offering("NORRA-EK", "11111111", "EK", 1, orientation="Ekonomi"),
            Offering("SODRA-ES", "22222222", "ES", 1, test_multiplier=Decimal(16)),
            *extra,
        ],
    )


class FakeClock:
    def __init__(self) -> None:
        self.now = IN_APPLICATION_PERIOD

    def __call__(self) -> datetime:
        return self.now


@dataclass
class World:
    app: FastAPI
    database: sessionmaker[Session]
    clock: FakeClock

    def client(self, username: str | None = None) -> TestClient:
        client = TestClient(self.app)
        if username is not None:
            form = {"username": username, "password": PASSWORD, "csrf_token": form_token(client)}
            assert client.post("/logga-in", data=form, follow_redirects=False).status_code == 303
        return client

    def run_and_publish_final_round(self) -> int:
        uow = SqlUnitOfWork(self.database)
        summary = run_round(
            uow, year=YEAR, kind=RoundKind.FINAL, seed=7, actor=OFFICER, now=AFTER_FINAL
        )
        publish_round(uow, year=YEAR, round_id=summary.round_id, actor=OFFICER, now=AFTER_FINAL)
        return summary.round_id

    def choices(self, pid: str) -> list[str]:
        with self.database() as session:
            c, a, o = at.choice, at.applicant, at.offering
            query = (
                select(o.c.code)
                .select_from(c)
                .join(a, a.c.id == c.c.applicant_id)
                .join(o, o.c.id == c.c.offering_id)
                .where(a.c.personal_id == pid)
                .order_by(c.c.rank)
            )
            return list(session.execute(query).scalars())


@pytest.fixture
def world(tmp_path: Path, new_sqlite_database: NewDatabase) -> World:
    settings = Settings(database_url=f"sqlite:///{tmp_path}/t.db")
    database = new_sqlite_database(settings)
    opened = datetime(YEAR, 1, 2, tzinfo=UTC)
    open_admission_year(
        SqlUnitOfWork(database),
        year=YEAR,
        region="Storsthlm",
        calendar=stockholm_calendar(YEAR),
        settings=YearSettings(),
        municipalities=[Municipality("0180", "Stockholm"), Municipality("0182", "Nacka")],
        catalogue=_catalogue(),
        actor=OFFICER,
        now=opened,
    )
    pupils = [
        _pupil(1, "Alice Ek", "A"),
        _pupil(2, "Bo Lind", "C"),
        _pupil(3, "Cecilia Berg", "E", missing=("FY",)),
    ]
    import_pupils(SqlUnitOfWork(database), year=YEAR, pupils=pupils, actor=OFFICER, now=opened)
    accounts = [
        ("alice", Role.APPLICANT, ALICE),
        ("bo", Role.APPLICANT, BO),
        ("cecilia", Role.APPLICANT, CECILIA),
        ("alva", Role.OFFICER, None),
    ]
    for username, role, pid in accounts:
        create_account(
            SqlUnitOfWork(database),
            actor=OFFICER,
            username=username,
            display_name=username.capitalize(),
            role=role,
            password=PASSWORD,
            passwords=CHEAP,
            personal_id=pid,
            now=opened,
        )
    login = LocalLogin(lambda: SqlUnitOfWork(database), CHEAP, LoginThrottle(clock=FakeClock()))
    app = create_app(settings, session_factory=database, authenticator=login)
    fake = FakeClock()
    app.dependency_overrides[clock] = fake
    return World(app, database, fake)


@pytest.fixture
def alice(world: World) -> Iterator[TestClient]:
    with world.client("alice") as client:
        yield client


@pytest.fixture
def bo(world: World) -> Iterator[TestClient]:
    with world.client("bo") as client:
        yield client


def _change(client: TestClient, action: str, code: str) -> tuple[int, str]:
    form = {
        "action": action,
        "offering_code": code,
        "csrf_token": form_token(client, "/min-ansokan"),
    }
    answer = client.post("/min-ansokan", data=form)
    return answer.status_code, answer.text


def _put(client: TestClient, codes: object) -> tuple[int, dict[str, object]]:
    answer = client.put("/api/v1/application", json=codes, headers=api_headers(client))
    return answer.status_code, answer.json()


def _ranked_on_page(text: str) -> list[str]:
    return re.findall(r'<th scope="row">([A-Z0-9-]+)(?:<br>|</th>)', text)


# -- the catalogue ------------------------------------------------------------------------------
def test_the_catalogue_finds_offerings_by_free_text_programme_and_municipality(
    alice: TestClient,
) -> None:
    page = alice.get("/katalog", params={"q": "södra"})
    assert page.status_code == 200
    assert "1 utbildning hittades" in page.text
    assert _ranked_on_page(page.text) == ["SODRA-ES"]
    by_programme = alice.get("/katalog", params={"program": "NA"})
    assert _ranked_on_page(by_programme.text) == ["NORRA-NA"]
    in_nacka = alice.get("/katalog", params={"kommun": "0182"})
    assert _ranked_on_page(in_nacka.text) == ["SODRA-ES"]
    orientation = alice.get("/katalog", params={"inriktning": "ekonomi"})
    assert _ranked_on_page(orientation.text) == ["NORRA-EK"]
    assert '<caption id="utbildningar-caption">' in page.text
    assert '<th scope="col">' in page.text


def test_the_catalogue_is_paginated_on_the_page_and_in_the_api(alice: TestClient) -> None:
    first = alice.get("/katalog")
    assert "23 utbildningar hittades" in first.text
    assert len(_ranked_on_page(first.text)) == 20
    assert "Sida 1 av 2" in first.text
    assert 'rel="next"' in first.text
    second = alice.get("/katalog", params={"sida": 2})
    assert len(_ranked_on_page(second.text)) == 3
    api = alice.get("/api/v1/catalogue", params={"limit": 5, "offset": 20}).json()
    assert (api["total"], api["limit"], api["offset"], len(api["items"])) == (23, 5, 20, 3)
    [school] = alice.get("/api/v1/catalogue", params={"q": "Södra"}).json()["items"]
    assert (school["code"], school["municipality_name"], school["has_test"]) == (
        "SODRA-ES",
        "Nacka",
        True,
    )
    assert alice.get("/api/v1/catalogue", params={"limit": 0}).status_code == 422


# -- ranking choices ----------------------------------------------------------------------------
def test_an_applicant_ranks_three_choices_from_the_catalogue_and_sees_them_in_order(
    alice: TestClient, world: World
) -> None:
    for code in ("NORRA-NA", "NORRA-EK", "SODRA-ES"):
        assert _change(alice, "add", code)[0] == 200
    status, text = _change(alice, "up", "SODRA-ES")
    assert status == 200
    assert "Dina val är sparade." in text
    assert _ranked_on_page(text) == ["NORRA-NA", "SODRA-ES", "NORRA-EK"]
    assert world.choices(ALICE) == ["NORRA-NA", "SODRA-ES", "NORRA-EK"]
    _change(alice, "down", "NORRA-NA")
    _change(alice, "remove", "NORRA-EK")
    assert world.choices(ALICE) == ["SODRA-ES", "NORRA-NA"]
    assert "Vald" in alice.get("/katalog", params={"q": "SODRA"}).text
    application = alice.get("/api/v1/application").json()
    assert [c["offering_code"] for c in application["choices"]] == ["SODRA-ES", "NORRA-NA"]
    assert application["may_change"] is True


def test_outside_the_windows_the_applicant_gets_the_swedish_refusal_and_nothing_changes(
    alice: TestClient, world: World
) -> None:
    _change(alice, "add", "NORRA-NA")
    world.clock.now = BETWEEN_WINDOWS
    status, text = _change(alice, "add", "NORRA-EK")
    assert status == 403
    assert "Du kan bara ändra dina val när ansökan eller omvalet är öppet." in text
    assert 'role="alert"' in text
    assert "Ansökan är stängd just nu." in text
    assert _put(alice, ["NORRA-EK"])[0] == 403
    assert world.choices(ALICE) == ["NORRA-NA"]


def test_a_closed_application_shows_the_choices_read_only_without_change_controls(
    alice: TestClient, world: World
) -> None:
    _change(alice, "add", "NORRA-NA")
    _change(alice, "add", "NORRA-EK")
    open_page = alice.get("/min-ansokan").text
    assert 'name="action"' in open_page
    assert "Flytta ned NORRA-NA" in open_page
    world.clock.now = BETWEEN_WINDOWS
    page = alice.get("/min-ansokan")
    assert page.status_code == 200
    assert "Ansökan är stängd just nu." in page.text
    assert _ranked_on_page(page.text) == ["NORRA-NA", "NORRA-EK"]
    main = page.text.split("<main", 1)[-1].split("</main>", 1)[0]  # not the sign-out form
    assert 'action="/min-ansokan"' not in main
    assert 'name="action"' not in main
    assert "<button" not in main
    for text in ("Flytta upp", "Flytta ned", "Ta bort", "Ändra", "Lägg till", "Utbildningens kod"):
        assert text not in main, text


def test_an_unknown_offering_on_the_page_is_named_in_swedish_and_nothing_changes(
    alice: TestClient, world: World
) -> None:
    _change(alice, "add", "NORRA-NA")
    status, text = _change(alice, "add", "finns-inte")
    assert status == 422
    assert "Det finns ingen utbildning med koden FINNS-INTE." in text
    assert world.choices(ALICE) == ["NORRA-NA"]


def test_bad_api_input_is_422_with_every_problem_and_changes_nothing(
    alice: TestClient, world: World
) -> None:
    assert _put(alice, ["NORRA-NA", "NORRA-EK"])[0] == 200
    status, unknown = _put(alice, ["NOPE", "NORRA-EK", "NORRA-EK"])
    assert status == 422
    error = unknown["error"]
    assert isinstance(error, dict)
    assert error["code"] == "invalid_input"
    assert [(row["line"], row["reason"]) for row in error["rows"]] == [
        (1, "Utbildningen 'NOPE' finns inte."),  # the API answers in Swedish unless asked
        (3, "'NORRA-EK' är vald två gånger."),
    ]
    bad_bodies: list[object] = [["A", "B", "C", "D", "E", "F"], {"codes": []}, [""], "NORRA-NA"]
    for bad in bad_bodies:
        assert _put(alice, bad)[0] == 422, bad
    assert world.choices(ALICE) == ["NORRA-NA", "NORRA-EK"]


# -- results and replies -----------------------------------------------------------------------
def _everyone_applies(world: World) -> None:
    for username, codes in (
        ("alice", ["NORRA-NA", "SODRA-ES", "NORRA-EK"]),
        ("bo", ["NORRA-NA", "NORRA-EK"]),
        ("cecilia", ["NORRA-NA", "NORRA-EK"]),
    ):
        with world.client(username) as client:
            assert _put(client, codes)[0] == 200


def test_after_the_final_round_is_published_the_applicant_sees_why_and_accepts(
    world: World, alice: TestClient
) -> None:
    _everyone_applies(world)
    assert "Det finns inget publicerat resultat för dig ännu." in alice.get("/mitt-resultat").text
    round_id = world.run_and_publish_final_round()
    world.clock.now = AFTER_FINAL
    page = alice.get("/mitt-resultat")
    assert page.status_code == 200
    assert "Slutligt antagningsbesked" in page.text
    assert "Du är antagen till NORRA-NA." in page.text
    assert '<td data-label="Resultat">Antagen</td>' in page.text
    assert "Prövas inte: du är antagen till ett högre val" in page.text
    form = {"reply": "accept", "csrf_token": form_token(alice, "/mitt-resultat")}
    replied = alice.post("/mitt-resultat", data=form)
    assert replied.status_code == 200
    assert "Ditt svar är sparat." in replied.text
    assert "Ditt senaste svar:" in replied.text
    result = alice.get("/api/v1/results").json()["result"]
    assert (result["round_id"], result["reply"], result["kind"]) == (round_id, "accept", "final")
    with world.database() as session:
        assert session.execute(select(func.count()).select_from(at.reply)).scalar_one() == 1


def test_a_reserve_and_an_ineligible_choice_are_explained_in_swedish(world: World) -> None:
    _everyone_applies(world)
    world.run_and_publish_final_round()
    with world.client("bo") as bo:
        page = bo.get("/mitt-resultat").text
        assert "Reserv nr 1:" in page
        assert "Under antagningsgränsen med 80 poäng" in page
        [na, ek] = bo.get("/api/v1/results").json()["result"]["choices"]
        assert (na["outcome"], na["reserve_position"]) == ("reserve", 1)
        assert Decimal(na["below_cutoff_by"]) == 80
        assert ek["outcome"] == "placed"
        answer = bo.post("/api/v1/replies", json={"reply": "decline"}, headers=api_headers(bo))
        assert answer.status_code == 200
        assert (
            bo.post("/api/v1/replies", json={"reply": "maybe"}, headers=api_headers(bo)).status_code
            == 422
        )
    with world.client("cecilia") as cecilia:
        page = cecilia.get("/mitt-resultat").text
        assert "Ej behörig: saknar godkänt i Fy" in page
        cecilia.get("/sprak/en")
        english = cecilia.get("/mitt-resultat").text
        assert "Not eligible: missing a pass in Fy" in english


def test_simulations_and_unpublished_rounds_are_never_shown(
    world: World, alice: TestClient
) -> None:
    _everyone_applies(world)
    uow = SqlUnitOfWork(world.database)
    for kind in (RoundKind.SIMULATION, RoundKind.FINAL):
        run_round(uow, year=YEAR, kind=kind, seed=1, actor=OFFICER, now=AFTER_FINAL)
    assert alice.get("/api/v1/results").json() == {"result": None}
    assert "Det finns inget publicerat resultat" in alice.get("/mitt-resultat").text


# -- who may see what ----------------------------------------------------------------------------
def test_an_applicant_never_sees_another_applicants_application_or_result(
    world: World, alice: TestClient, bo: TestClient
) -> None:
    _everyone_applies(world)
    world.run_and_publish_final_round()
    for path in ("/min-ansokan", "/mitt-resultat", "/api/v1/application", "/api/v1/results"):
        for query in ("", f"?personal_id={ALICE}", f"?personnummer={ALICE}"):
            seen = bo.get(path + query)
            assert seen.status_code == 200
            shown = seen.text.split("<main", 1)[-1].split("</main>", 1)[0]  # not the address
            shown = re.sub(r'name="_page" value="[^"]*"', "", shown)  # nor a form's, the same
            assert ALICE not in shown
            assert "Alice" not in shown
    assert [c["offering_code"] for c in bo.get("/api/v1/application").json()["choices"]] == [
        "NORRA-NA",
        "NORRA-EK",
    ]
    assert bo.get("/api/v1/results").json()["result"]["placed_offering_code"] == "NORRA-EK"


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/katalog"),
        ("GET", "/min-ansokan"),
        ("GET", "/mitt-resultat"),
        ("GET", "/api/v1/catalogue"),
        ("GET", "/api/v1/application"),
        ("PUT", "/api/v1/application"),
        ("GET", "/api/v1/results"),
        ("POST", "/api/v1/replies"),
    ],
)
def test_other_roles_are_refused_with_403_and_the_signed_out_with_401(
    world: World, method: str, path: str
) -> None:
    with world.client("alva") as officer:
        body = {"reply": "accept"} if path.endswith("replies") else ["NORRA-NA"]
        json = body if method != "GET" else None
        refused = officer.request(method, path, json=json, headers=api_headers(officer))
        assert refused.status_code == 403
    with world.client() as nobody:
        json = body if method != "GET" else None
        assert (
            nobody.request(method, path, json=json, headers=api_headers(nobody)).status_code == 401
        )


def test_a_page_form_without_the_csrf_token_is_refused_and_changes_nothing(
    alice: TestClient, world: World
) -> None:
    answer = alice.post("/min-ansokan", data={"action": "add", "offering_code": "NORRA-NA"})
    assert answer.status_code == 403
    assert world.choices(ALICE) == []


def test_the_pages_work_in_english_through_the_catalogue(alice: TestClient) -> None:
    alice.get("/sprak/en")
    assert "<h1>My application</h1>" in alice.get("/min-ansokan").text
    assert "<h1>Find programmes</h1>" in alice.get("/katalog").text


# -- a refused form comes back as its own page ---------------------------------------------------
def test_a_refused_choice_comes_back_with_the_code_kept_and_the_reason_at_its_field(
    alice: TestClient, world: World
) -> None:
    _change(alice, "add", "NORRA-NA")
    token = form_token(alice, "/min-ansokan")
    form = {"action": "add", "offering_code": "finns-inte", "csrf_token": token}
    refused = alice.post("/min-ansokan", data={**form, "_page": "/min-ansokan"})

    assert refused.status_code == 422
    page = refused.text
    assert "<h1>Min ansökan</h1>" in page
    assert "Uppgifterna behöver rättas" in page
    assert "Inget har sparats." in page
    assert '<a href="#offering_code">Det finns ingen utbildning med koden FINNS-INTE.</a>' in page
    assert 'id="offering_code-fel"' in page
    assert 'name="offering_code" type="text" value="finns-inte"' in page
    assert "Dina val är sparade." not in page
    assert world.choices(ALICE) == ["NORRA-NA"]


def test_a_refused_reply_comes_back_with_the_reason_at_its_field_and_nothing_is_saved(
    world: World, alice: TestClient
) -> None:
    _everyone_applies(world)
    world.run_and_publish_final_round()
    world.clock.now = AFTER_FINAL
    token = form_token(alice, "/mitt-resultat")
    form = {"reply": "kanske", "csrf_token": token, "_page": "/mitt-resultat"}
    refused = alice.post("/mitt-resultat", data=form)

    assert refused.status_code == 422
    page = refused.text
    assert "<h1>Mitt resultat</h1>" in page
    assert '<a href="#reply">Välj ett av alternativen.</a>' in page
    assert 'id="reply-fel"' in page
    assert "Ditt senaste svar:" not in page
    with world.database() as session:
        assert session.execute(select(func.count()).select_from(at.reply)).scalar_one() == 0
