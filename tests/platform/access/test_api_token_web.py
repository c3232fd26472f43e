"""API tokens end to end: a program signs in to the API with ``Authorization: Bearer`` and acts
as the token's role in its one scope; the officer makes and revokes tokens on the page and on
the command line (issue 15, point 12).

The year: Norra (11111111: NORRA-NA, NORRA-EK) and Södra (22222222: SODRA-ES); three pupils
of Stockholm (0180) chose NORRA-NA, then SODRA-ES; the final round is published and pupil 1 has
accepted. Alva is the admission officer.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import argon2
import pytest
from admission_year_builders import (
    AFTER_FINAL,
    IN_APPLICATION_PERIOD,
    OFFICE,
    YEAR,
    open_year,
    personal_id,
    pupil,
)
from database_fixtures import NewDatabase
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker
from typer.testing import CliRunner
from web_support import CSRF_FIELD, api_headers, form_token

from samverka.admission.domain.replies import ReplyKind
from samverka.admission.domain.rounds import RoundKind
from samverka.admission.services.applications import ChoiceRequest, register_applications
from samverka.admission.services.pupils import import_pupils
from samverka.admission.services.replies import reply
from samverka.admission.services.rounds import publish_round, run_round
from samverka.cli import app as command_line
from samverka.config import Settings
from samverka.platform import clock as system_clock
from samverka.platform.access.domain.actors import Actor, Role
from samverka.platform.access.local_login import LocalLogin
from samverka.platform.access.passwords import Argon2idHasher
from samverka.platform.access.services.api_tokens import create_api_token, revoke_api_token
from samverka.platform.access.services.authentication import create_account
from samverka.platform.access.services.login_throttle import LoginThrottle
from samverka.unit_of_work import SqlUnitOfWork
from samverka.web_app import create_app

PASSWORD = "correct horse battery"
OFFICER = Actor("alva", Role.OFFICER, "Alva Berg")
CHEAP = Argon2idHasher(argon2.PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
NORRA, SODRA = "11111111", "22222222"
NOW = AFTER_FINAL + timedelta(hours=1)
PUPILS = (1, 2, 3)


class MovableClock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@dataclass
class World:
    app: FastAPI
    database: sessionmaker[Session]
    clock: MovableClock
    settings: Settings

    def token(self, role: Role = Role.SCHOOL, scope: str = NORRA, days: int = 30) -> str:
        created = create_api_token(
            SqlUnitOfWork(self.database),
            actor=OFFICER,
            name=f"System {role.value} {scope}",
            role=role,
            scope=scope,
            expires_at=self.clock.now + timedelta(days=days),
            now=self.clock.now,
        )
        return created.secret

    def program(self, secret: str) -> TestClient:
        """A client that sends no cookie of its own: a program with its token."""
        return TestClient(self.app, headers={"Authorization": f"Bearer {secret}"})


def _build(database: sessionmaker[Session]) -> None:
    open_year(SqlUnitOfWork(database))
    pupils = [pupil(serial, "B" if serial == 1 else "C") for serial in PUPILS]
    import_pupils(
        SqlUnitOfWork(database), year=YEAR, pupils=pupils, actor=OFFICE, now=IN_APPLICATION_PERIOD
    )
    register_applications(
        SqlUnitOfWork(database),
        year=YEAR,
        applications={
            personal_id(serial): [ChoiceRequest("NORRA-NA"), ChoiceRequest("SODRA-ES")]
            for serial in PUPILS
        },
        actor=OFFICE,
        by_admission_office=True,
        now=IN_APPLICATION_PERIOD,
    )
    uow = SqlUnitOfWork(database)
    final = run_round(uow, year=YEAR, kind=RoundKind.FINAL, seed=7, actor=OFFICE, now=AFTER_FINAL)
    publish_round(uow, year=YEAR, round_id=final.round_id, actor=OFFICE, now=AFTER_FINAL)
    reply(
        SqlUnitOfWork(database),
        year=YEAR,
        personal_id=personal_id(1),
        kind=ReplyKind.ACCEPT,
        actor=OFFICE,
        now=NOW,
    )
    create_account(
        SqlUnitOfWork(database),
        actor=OFFICE,
        username="alva",
        display_name="Alva Berg",
        role=Role.OFFICER,
        password=PASSWORD,
        passwords=CHEAP,
        now=IN_APPLICATION_PERIOD,
    )


@pytest.fixture
def world(tmp_path: Path, new_sqlite_database: NewDatabase) -> World:
    settings = Settings(database_url=f"sqlite:///{tmp_path}/t.db")
    database = new_sqlite_database(settings)
    _build(database)
    clock = MovableClock(NOW)
    login = LocalLogin(lambda: SqlUnitOfWork(database), CHEAP, LoginThrottle(clock=clock))
    app = create_app(settings, session_factory=database, authenticator=login, clock=clock)
    return World(app, database, clock, settings)


@pytest.fixture
def alva(world: World) -> Iterator[TestClient]:
    with TestClient(world.app) as client:
        data = {"username": "alva", "password": PASSWORD, "csrf_token": form_token(client)}
        assert client.post("/logga-in", data=data, follow_redirects=False).status_code == 303
        yield client


# -- acting as the token's role and scope ---------------------------------------------------------
def test_a_school_token_reads_its_own_offerings_lists_with_each_reply(world: World) -> None:
    program = world.program(world.token())
    me = program.get("/api/v1/me").json()
    assert (me["role"], me["school_unit_codes"]) == ("school", [NORRA])
    lists = program.get("/api/v1/school/offerings/NORRA-NA/lists")
    assert lists.status_code == 200, lists.text
    body = lists.json()
    assert body["round_kind"] == "final"
    [admitted] = body["admitted"]
    assert (admitted["personal_id"], admitted["reply"]) == (personal_id(1), "accept")
    assert admitted["choice_rank"] == 1
    reserves = body["reserves"]
    assert [line["position"] for line in reserves] == list(range(1, len(reserves) + 1))
    assert {line["personal_id"] for line in reserves} <= {personal_id(2), personal_id(3)}
    assert all(line["reply"] is None for line in reserves)


def test_a_token_for_school_a_cannot_read_school_bs_lists(world: World) -> None:
    program = world.program(world.token(scope=NORRA))
    assert program.get("/api/v1/school/offerings/SODRA-ES/lists").status_code == 404
    other = program.get("/api/v1/school/offerings", params={"school_unit": SODRA})
    assert other.status_code == 403
    codes = {o["code"] for o in program.get("/api/v1/school/offerings").json()}
    assert codes == {"NORRA-NA", "NORRA-EK"}
    assert program.get("/api/v1/pupils").status_code == 403  # a school is not a counsellor
    assert program.get("/api/v1/sessions").status_code == 403  # nor the officer


def test_a_municipality_token_reads_its_residents_results_and_no_other_municipalitys(
    world: World,
) -> None:
    program = world.program(world.token(Role.MUNICIPALITY, "0180"))
    residents = program.get("/api/v1/municipality/residents")
    assert residents.status_code == 200
    placed = {r["personal_id"]: r["placed_code"] for r in residents.json()["items"]}
    assert placed[personal_id(1)] == "NORRA-NA"
    other = program.get("/api/v1/municipality/residents", params={"municipality": "0182"})
    assert other.status_code == 403


def test_a_revoked_expired_or_unknown_token_gets_401(world: World) -> None:
    secret = world.token(days=1)
    program = world.program(secret)
    assert program.get("/api/v1/school/offerings").status_code == 200
    world.clock.now = NOW + timedelta(days=1)
    expired = program.get("/api/v1/school/offerings")
    assert expired.status_code == 401
    assert expired.json()["error"]["code"] == "unauthenticated"
    world.clock.now = NOW
    other = world.token()
    revoke_api_token(SqlUnitOfWork(world.database), actor=OFFICER, token_id=2, now=NOW)
    assert world.program(other).get("/api/v1/school/offerings").status_code == 401
    for wrong in (secret[:-1] + ("A" if secret[-1] != "A" else "B"), "not-a-token", ""):
        answer = world.program(wrong).get("/api/v1/me")
        assert answer.status_code == 401, wrong


def test_a_bearer_request_needs_no_csrf_token_and_a_cookie_request_still_does(
    world: World, alva: TestClient
) -> None:
    program = world.program(world.token())
    body = {"places": 3, "discretionary_places": 0}
    answer = program.put("/api/v1/school/offerings/NORRA-EK/places", json=body)
    assert answer.status_code == 204, answer.text
    as_officer = alva.put(
        "/api/v1/school/offerings/NORRA-EK/places", params={"school_unit": NORRA}, json=body
    )
    assert as_officer.status_code == 403
    with_token = alva.put(
        "/api/v1/school/offerings/NORRA-EK/places",
        params={"school_unit": NORRA},
        json=body,
        headers=api_headers(alva),
    )
    assert with_token.status_code == 204


def test_a_bad_token_is_refused_even_with_a_signed_in_cookie(
    world: World, alva: TestClient
) -> None:
    answer = alva.get("/api/v1/me", headers={"Authorization": "Bearer svk_" + "x" * 43})
    assert answer.status_code == 401
    assert alva.get("/api/v1/me").json()["username"] == "alva"  # the cookie alone still works


def test_a_token_never_opens_a_page(world: World) -> None:
    program = world.program(world.token(Role.SCHOOL))
    anonymous = TestClient(world.app)
    for path in ("/skola", "/skola/utbildningar/NORRA-NA", "/elever", "/konton/api-nycklar"):
        page = program.get(path, follow_redirects=False)
        assert page.status_code == anonymous.get(path, follow_redirects=False).status_code
        assert page.status_code in (401, 303), path
        assert "Elev 1" not in page.text
    refused = program.post("/skola/utbildningar/NORRA-EK/platser", data={"places": "9"})
    assert refused.status_code in (401, 403)


# -- the officer's page and command line ----------------------------------------------------------
def test_the_officer_makes_a_token_sees_its_secret_once_and_revokes_it(
    world: World, alva: TestClient
) -> None:
    page = alva.get("/konton/api-nycklar")
    assert page.status_code == 200
    assert "Det finns inga API-nycklar än." in page.text
    data = {
        "name": "Norras elevsystem",
        "role": "school",
        "scope": NORRA,
        "valid_through": "2026-12-31",
        "csrf_token": form_token(alva, "/konton/api-nycklar"),
        "_page": "/konton/api-nycklar",
        "_form": "ny",
    }
    created = alva.post("/konton/api-nycklar", data=data)
    assert created.status_code == 201
    secret = created.text.split('<code id="ny-nyckel">')[1].split("</code>")[0]
    assert secret.startswith("svk_")
    listed = alva.get("/konton/api-nycklar")
    assert "Norras elevsystem" in listed.text
    assert secret not in listed.text
    assert "Aldrig" in listed.text
    assert world.program(secret).get("/api/v1/school/offerings").status_code == 200
    assert "Aldrig" not in alva.get("/konton/api-nycklar").text  # the last use is shown
    token = CSRF_FIELD.search(listed.text)
    assert token is not None
    revoked = alva.post(
        "/konton/api-nycklar/1/aterkalla",
        data={"csrf_token": token.group(1)},
        follow_redirects=False,
    )
    assert revoked.status_code == 303
    after = alva.get(revoked.headers["location"])
    assert "Nyckeln Norras elevsystem är återkallad och fungerar inte längre." in after.text
    assert world.program(secret).get("/api/v1/school/offerings").status_code == 401


def test_a_refused_token_form_comes_back_in_swedish_with_the_input_kept(
    alva: TestClient,
) -> None:
    data = {
        "name": "Södras system",
        "role": "municipality",
        "scope": "9999",
        "valid_through": "2026-06-01",
        "csrf_token": form_token(alva, "/konton/api-nycklar"),
        "_page": "/konton/api-nycklar",
        "_form": "ny",
    }
    refused = alva.post("/konton/api-nycklar", data=data)
    assert refused.status_code == 422
    assert "Det finns ingen kommun med den koden." in refused.text
    assert "Sista giltighetsdagen måste vara i dag eller senare." in refused.text
    assert 'value="Södras system"' in refused.text
    assert "ny-nyckel" not in refused.text


def test_the_command_line_creates_lists_and_revokes_tokens(world: World) -> None:
    env = {"SAMVERKA_DATABASE_URL": world.settings.database_url}
    runner = CliRunner()
    arguments = ["tokens", "create", "Kommunens system", "--role", "municipality"]
    created = runner.invoke(
        command_line, [*arguments, "--scope", "0180", "--valid-through", "2099-01-01"], env=env
    )
    assert created.exit_code != 0  # more than a year ahead
    later = (system_clock.today() + timedelta(days=60)).isoformat()
    created = runner.invoke(
        command_line, [*arguments, "--scope", "0180", "--valid-through", later], env=env
    )
    assert created.exit_code == 0, created.output
    secret = created.output.split()[-1]
    assert secret.startswith("svk_")
    listed = runner.invoke(command_line, ["tokens", "list"], env=env)
    assert "Kommunens system" in listed.output
    assert "usable" in listed.output
    assert secret not in listed.output
    revoked = runner.invoke(command_line, ["tokens", "revoke", "1"], env=env)
    assert revoked.exit_code == 0, revoked.output
    assert "revoked" in runner.invoke(command_line, ["tokens", "list"], env=env).output


# -- the grade import of a counsellor's system ----------------------------------------------------
def _csv(*rows: str) -> bytes:
    return ("personnummer;namn;hemkommun;skolenhetskod;EN;MA;SV\n" + "\n".join(rows)).encode()


def test_a_counsellors_system_imports_grades_and_gets_every_bad_row_as_json(
    world: World,
) -> None:
    program = world.program(world.token(Role.COUNSELLOR, NORRA))
    good = _csv(f"{personal_id(40)};Ny Elev;0180;{NORRA};C;C;C")
    answer = program.post(
        "/api/v1/pupils/grades",
        data={"term": "final"},
        files={"file": ("elever.csv", good, "text/csv")},
    )
    assert answer.status_code == 200, answer.text
    assert answer.json() == {"created": 1, "updated": 0, "unchanged": 0}
    bad = _csv(
        f"{personal_id(41)};Annan Elev;0180;{SODRA};C;C;C",
        f"{personal_id(42)};Tredje Elev;0180;{NORRA};Q;C;C",
    )
    refused = program.post(
        "/api/v1/pupils/grades",
        data={"term": "final"},
        files={"file": ("elever.csv", bad, "text/csv")},
    )
    assert refused.status_code == 422
    rows = refused.json()["error"]["rows"]
    assert {row["line"] for row in rows} == {2, 3}
    assert all(row["source"] == "elever.csv" for row in rows)
