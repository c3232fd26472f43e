"""Sessions held on the server, through HTTP (issue 11, point 8; OWASP ASVS 4.0.3 V3.2–V3.4):
the cookie carries only an opaque token; signing out, deactivation and a new password end a
session that is in use elsewhere at once; the officer sees and ends sessions; sessions end
when idle or old; the id changes at sign-in; CSRF tokens are bound to the session.

Each attack is played by a second client holding a copy of the victim's cookie."""

from __future__ import annotations

import base64
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import argon2
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from httpx2 import Response
from sqlalchemy.orm import Session, sessionmaker
from web_support import form_token

from samverka import bootstrap
from samverka.config import Settings
from samverka.platform.access.domain.actors import Actor, Role
from samverka.platform.access.local_login import LocalLogin
from samverka.platform.access.passwords import Argon2idHasher
from samverka.platform.access.services.authentication import (
    create_account,
    deactivate_account,
    set_password,
)
from samverka.platform.access.services.login_throttle import LoginThrottle
from samverka.unit_of_work import SqlUnitOfWork
from samverka.web_app import create_app

PASSWORD = "correct horse battery"
CREATED = datetime(2026, 1, 10, 9, tzinfo=UTC)
COMMAND_LINE = Actor("cli:test", Role.OFFICER, "command line")
CHEAP = Argon2idHasher(argon2.PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
COOKIE = "samverka_session"


class FakeClock:
    def __init__(self) -> None:
        self.now = datetime(2026, 2, 1, 12, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def database(tmp_path: Path) -> sessionmaker[Session]:
    factory = bootstrap.database(Settings(database_url=f"sqlite:///{tmp_path}/t.db"))
    for username, role in (("alva", Role.OFFICER), ("anders", Role.ANALYST)):
        create_account(
            SqlUnitOfWork(factory),
            actor=COMMAND_LINE,
            username=username,
            display_name=username.title(),
            role=role,
            password=PASSWORD,
            passwords=CHEAP,
            now=CREATED,
        )
    return factory


@pytest.fixture
def app(tmp_path: Path, database: sessionmaker[Session], clock: FakeClock) -> FastAPI:
    settings = Settings(database_url=f"sqlite:///{tmp_path}/t.db")
    login = LocalLogin(lambda: SqlUnitOfWork(database), CHEAP, LoginThrottle(clock=clock))
    return create_app(
        settings, session_factory=database, authenticator=login, clock=clock, passwords=CHEAP
    )


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app) as client:
        yield client


def _sign_in(client: TestClient, username: str = "anders", password: str = PASSWORD) -> Response:
    data = {"username": username, "password": password, "csrf_token": form_token(client)}
    return client.post("/logga-in", data=data, follow_redirects=False)


def _copy(app: FastAPI, client: TestClient) -> TestClient:
    """A second client with a copy of ``client``'s session cookie (stolen or shared)."""
    thief = TestClient(app)
    thief.cookies.set(COOKIE, str(client.cookies.get(COOKIE)))
    return thief


def _me(client: TestClient) -> int:
    return client.get("/api/v1/me").status_code


# -- the cookie ----------------------------------------------------------------------------------
def test_the_cookie_carries_only_an_opaque_random_token(client: TestClient) -> None:
    _sign_in(client)
    token = str(client.cookies.get(COOKIE))
    assert len(token) >= 43
    padded = token + "=" * (-len(token) % 4)
    decoded = base64.urlsafe_b64decode(padded)
    for secret in (b"anders", b"analyst", b"csrf", b"username", b"role"):
        assert secret not in decoded
        assert secret.decode() not in token


def test_a_made_up_token_signs_nobody_in(app: FastAPI) -> None:
    with TestClient(app) as forger:
        forger.cookies.set(COOKIE, "A" * 43)
        assert _me(forger) == 401


# -- ending a session that is in use elsewhere ----------------------------------------------------
def test_signing_out_ends_the_session_for_a_copy_of_the_cookie_at_once(
    app: FastAPI, client: TestClient
) -> None:
    _sign_in(client)
    thief = _copy(app, client)
    assert _me(thief) == 200
    signed_out = client.post("/logga-ut", data={"csrf_token": form_token(client, "/")})
    assert signed_out.status_code == 200
    assert _me(thief) == 401
    assert _me(client) == 401


def test_signing_out_through_the_api_ends_the_session_for_a_copy_of_the_cookie(
    app: FastAPI, client: TestClient
) -> None:
    _sign_in(client)
    thief = _copy(app, client)
    token = client.get("/api/v1/session").json()["csrf_token"]
    assert client.delete("/api/v1/session", headers={"X-CSRF-Token": token}).status_code == 204
    assert _me(thief) == 401


def test_deactivating_the_account_ends_its_session_in_use_elsewhere_at_once(
    app: FastAPI, client: TestClient, database: sessionmaker[Session]
) -> None:
    _sign_in(client)
    other = _copy(app, client)
    deactivate_account(SqlUnitOfWork(database), actor=COMMAND_LINE, username="anders", now=CREATED)
    assert (_me(client), _me(other)) == (401, 401)


def test_a_new_password_ends_every_session_of_the_account_at_once(
    app: FastAPI, client: TestClient, database: sessionmaker[Session]
) -> None:
    _sign_in(client)
    with TestClient(app) as elsewhere:
        _sign_in(elsewhere)
        set_password(
            SqlUnitOfWork(database),
            actor=COMMAND_LINE,
            username="anders",
            password="a brand new passphrase",
            passwords=CHEAP,
            now=CREATED,
        )
        assert (_me(client), _me(elsewhere)) == (401, 401)
    assert _sign_in(client, password="a brand new passphrase").status_code == 303


# -- expiry ---------------------------------------------------------------------------------------
def test_a_session_idle_for_thirty_minutes_ends(client: TestClient, clock: FakeClock) -> None:
    _sign_in(client)
    clock.now += timedelta(minutes=29)
    assert _me(client) == 200  # and is seen now
    clock.now += timedelta(minutes=29)
    assert _me(client) == 200
    clock.now += timedelta(minutes=30)
    assert _me(client) == 401


def test_a_session_in_constant_use_ends_twelve_hours_after_signing_in(
    client: TestClient, clock: FakeClock
) -> None:
    _sign_in(client)
    for _ in range(12 * 4 - 1):
        clock.now += timedelta(minutes=15)
        assert _me(client) == 200
    clock.now += timedelta(minutes=15)
    assert _me(client) == 401


# -- fixation and CSRF ----------------------------------------------------------------------------
def test_a_token_planted_before_sign_in_is_not_the_session_afterwards(
    app: FastAPI, client: TestClient
) -> None:
    planted = "planted-by-an-attacker-0123456789abcdefghijk"
    client.cookies.set(COOKIE, planted, domain="testserver.local")
    assert _sign_in(client).status_code == 303
    assert client.cookies.get(COOKIE) != planted
    with TestClient(app) as attacker:
        attacker.cookies.set(COOKIE, planted)
        assert _me(attacker) == 401


def test_signing_in_again_ends_the_earlier_session(app: FastAPI, client: TestClient) -> None:
    _sign_in(client)
    before = _copy(app, client)
    _sign_in(client, "alva")
    assert _me(before) == 401
    assert client.get("/api/v1/me").json()["username"] == "alva"


def test_the_csrf_token_of_one_session_is_refused_in_another(
    app: FastAPI, client: TestClient
) -> None:
    _sign_in(client)
    with TestClient(app) as other:
        _sign_in(other, "alva")
        stolen = other.get("/api/v1/session").json()["csrf_token"]
    refused = client.delete("/api/v1/session", headers={"X-CSRF-Token": stolen})
    assert refused.status_code == 403
    assert _me(client) == 200


def test_the_csrf_token_from_before_signing_in_is_no_longer_accepted(client: TestClient) -> None:
    before = form_token(client)
    _sign_in(client)
    refused = client.post("/logga-ut", data={"csrf_token": before})
    assert refused.status_code == 403
    assert _me(client) == 200


# -- the officer ----------------------------------------------------------------------------------
def test_the_officer_sees_who_is_signed_in_and_ends_a_session(
    app: FastAPI, client: TestClient
) -> None:
    _sign_in(client)
    with TestClient(app, headers={"User-Agent": "Officer browser"}) as officer:
        _sign_in(officer, "alva")
        page = officer.get("/konton/sessioner")
        assert page.status_code == 200
        assert "Anders (anders)" in page.text
        assert "analytiker" in page.text.lower()
        listed = officer.get("/api/v1/sessions").json()
        assert {s["username"] for s in listed} == {"anders", "alva"}
        assert not [s for s in listed if "token" in str(s).lower()]
        [anders] = [s for s in listed if s["username"] == "anders"]
        ended = officer.post(
            f"/konton/sessioner/{anders['id']}/avsluta",
            data={"csrf_token": form_token(officer, "/konton/sessioner")},
            follow_redirects=False,
        )
        assert (ended.status_code, ended.headers["location"]) == (303, "/konton/sessioner?ended=1")
        assert _me(client) == 401
        assert "1 session avslutades." in officer.get(ended.headers["location"]).text


def test_the_officer_ends_every_session_of_an_account_through_the_api(
    app: FastAPI, client: TestClient
) -> None:
    _sign_in(client)
    with TestClient(app) as second, TestClient(app) as officer:
        _sign_in(second)
        _sign_in(officer, "alva")
        token = officer.get("/api/v1/session").json()["csrf_token"]
        ended = officer.delete("/api/v1/accounts/anders/sessions", headers={"X-CSRF-Token": token})
        assert ended.json() == {"ended": 2}
        assert (_me(client), _me(second), _me(officer)) == (401, 401, 200)


def test_nobody_but_the_officer_may_see_or_end_sessions(client: TestClient) -> None:
    _sign_in(client)
    assert client.get("/konton/sessioner").status_code == 403
    assert client.get("/api/v1/sessions").status_code == 403


# -- changing one's own password ------------------------------------------------------------------
def _change(client: TestClient, current: str, new: str, again: str | None = None) -> Response:
    data = {
        "current_password": current,
        "new_password": new,
        "repeat_password": new if again is None else again,
        "csrf_token": form_token(client, "/konto/losenord"),
    }
    return client.post("/konto/losenord", data=data, follow_redirects=False)


def test_a_new_own_password_ends_the_other_sessions_and_keeps_this_browser_signed_in(
    app: FastAPI, client: TestClient
) -> None:
    _sign_in(client)
    before = _copy(app, client)
    changed = _change(client, PASSWORD, "a brand new passphrase")
    assert (changed.status_code, changed.headers["location"]) == (
        303,
        "/konto/losenord?changed=true",
    )
    assert "Lösenordet är bytt." in client.get(changed.headers["location"]).text
    assert _me(client) == 200  # a new session for this browser …
    assert _me(before) == 401  # … and the old one, copied elsewhere, has ended
    with TestClient(app) as fresh:
        assert _sign_in(fresh, password="a brand new passphrase").status_code == 303


def test_a_common_or_mismatched_new_password_is_refused_in_the_readers_language(
    client: TestClient,
) -> None:
    _sign_in(client)
    common = _change(client, PASSWORD, "Password2026!")
    assert common.status_code == 422
    assert "ett av de vanligaste lösenorden" in common.text
    client.get("/sprak/en")
    mismatched = _change(client, PASSWORD, "one new passphrase", "another passphrase")
    assert mismatched.status_code == 422
    assert "The two new passwords are not the same." in mismatched.text
    short = _change(client, PASSWORD, "short", "short")
    assert short.status_code == 422
    assert "The new password must have at least 12 characters." in short.text
    assert _me(client) == 200


def test_guessing_the_current_password_on_the_change_form_is_throttled(
    client: TestClient,
) -> None:
    _sign_in(client)
    for _ in range(5):
        wrong = _change(client, "a wrong guess", "a brand new passphrase")
        assert wrong.status_code == 403
        assert "Det nuvarande lösenordet stämmer inte." in wrong.text
    throttled = _change(client, PASSWORD, "a brand new passphrase")
    assert throttled.status_code == 429
    assert throttled.headers["retry-after"] == "1"
