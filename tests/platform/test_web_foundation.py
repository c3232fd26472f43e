"""The web application's foundation, through HTTP: signing in and out, the session cookie,
CSRF, the language switch, the error mapping and the API's `/me`, on a migrated SQLite file."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Annotated

import anyio.to_thread
import argon2
import httpx2
import pytest
import uvicorn
from fastapi import Depends, FastAPI
from fastapi.responses import HTMLResponse
from fastapi.routing import iter_route_contexts
from fastapi.testclient import TestClient
from httpx2 import Response
from sqlalchemy import text
from sqlalchemy.orm import Session, sessionmaker
from typer.testing import CliRunner
from web_support import form_token

from samverka import bootstrap
from samverka.cli import app as command_line
from samverka.config import Settings, SettingsError
from samverka.errors import InvalidInput, RowError
from samverka.platform.access.domain.actors import Actor, Role
from samverka.platform.access.local_login import LocalLogin
from samverka.platform.access.passwords import Argon2idHasher
from samverka.platform.access.services.authentication import create_account, deactivate_account
from samverka.platform.access.services.login_throttle import LoginThrottle
from samverka.platform.db.engine import reading_sessions
from samverka.platform.web.auth import require
from samverka.unit_of_work import SqlUnitOfWork
from samverka.web_app import create_app

PASSWORD = "correct horse battery"
CREATED = datetime(2026, 1, 10, 9, tzinfo=UTC)
COMMAND_LINE = Actor("cli:test", Role.OFFICER, "command line")
PLACEHOLDER = re.compile(r"\{[^}]+\}")
PRODUCTION_KEY = "a-production-secret-key-of-enough-length-0123456789"
# Cheap parameters keep the tests fast; the production defaults are tested with the accounts.
CHEAP = Argon2idHasher(argon2.PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))


class FakeClock:
    def __init__(self) -> None:
        self.now = datetime(2026, 2, 1, 12, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(database_url=f"sqlite:///{tmp_path}/t.db")


@pytest.fixture
def database(settings: Settings) -> sessionmaker[Session]:
    factory = bootstrap.database(settings)
    create_account(
        SqlUnitOfWork(factory),
        actor=COMMAND_LINE,
        username="alva",
        display_name="Alva Berg",
        role=Role.OFFICER,
        password=PASSWORD,
        passwords=CHEAP,
        now=CREATED,
    )
    return factory


def _app(settings: Settings, database: sessionmaker[Session]) -> FastAPI:
    throttle = LoginThrottle(clock=FakeClock())
    login = LocalLogin(lambda: SqlUnitOfWork(database), CHEAP, throttle)
    return create_app(settings, session_factory=database, authenticator=login)


@pytest.fixture
def app(settings: Settings, database: sessionmaker[Session]) -> FastAPI:
    return _app(settings, database)


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app) as client:
        yield client


def _sign_in(client: TestClient, password: str = PASSWORD, username: str = "alva") -> Response:
    data = {"username": username, "password": password, "csrf_token": form_token(client)}
    return client.post("/logga-in", data=data, follow_redirects=False)


def _session_cookie(response: Response) -> str:
    cookies = [c for c in response.headers.get_list("set-cookie") if "samverka_session=" in c]
    assert len(cookies) == 1, response.headers
    return cookies[0].lower()


def _signed_in_as(client: TestClient) -> str | None:
    me = client.get("/api/v1/me")
    return str(me.json()["username"]) if me.status_code == 200 else None


# -- signing in ---------------------------------------------------------------------------------
def test_signing_in_starts_an_httponly_samesite_lax_session_and_greets_the_officer(
    client: TestClient,
) -> None:
    signed_in = _sign_in(client)
    assert signed_in.status_code == 303
    assert signed_in.headers["location"] == "/"
    cookie = _session_cookie(signed_in)
    assert "httponly" in cookie
    assert "samesite=lax" in cookie
    assert "max-age=43200" in cookie  # the session's absolute lifetime: 12 hours
    assert "secure" not in cookie  # development, on plain http
    start = client.get("/")
    assert "Välkommen, Alva Berg!" in start.text
    assert "Du är inloggad som antagningshandläggare." in start.text


def test_in_production_the_session_cookie_is_also_secure(
    tmp_path: Path, database: sessionmaker[Session]
) -> None:
    production = Settings(
        database_url=f"sqlite:///{tmp_path}/t.db",
        environment="production",
        secret_key=PRODUCTION_KEY,
    )
    with TestClient(_app(production, database), base_url="https://testserver") as client:
        signed_in = _sign_in(client)
        assert signed_in.status_code == 303
        assert "secure" in _session_cookie(signed_in)
        assert _signed_in_as(client) == "alva"


def test_a_wrong_password_shows_the_swedish_message_again_and_starts_no_session(
    client: TestClient,
) -> None:
    refused = _sign_in(client, password="not the password")
    assert refused.status_code == 401
    assert "Fel användarnamn eller lösenord." in refused.text
    assert 'value="alva"' in refused.text
    assert 'aria-invalid="true"' in refused.text
    assert _signed_in_as(client) is None


def test_after_five_failures_even_the_right_password_is_answered_429_for_a_second(
    client: TestClient,
) -> None:
    for _ in range(5):
        assert _sign_in(client, password="a wrong guess").status_code == 401
    throttled = _sign_in(client)
    assert throttled.status_code == 429
    assert "För många misslyckade försök. Försök igen om 1 sekund." in throttled.text
    assert throttled.headers["retry-after"] == "1"
    assert _signed_in_as(client) is None


def test_the_start_page_offers_to_sign_in_to_someone_signed_out(client: TestClient) -> None:
    start = client.get("/")
    assert start.status_code == 200
    assert '<a class="button" href="/logga-in">Logga in</a>' in start.text


def test_a_deactivated_account_is_signed_out_at_its_next_request(
    client: TestClient, database: sessionmaker[Session]
) -> None:
    _sign_in(client)
    assert _signed_in_as(client) == "alva"
    deactivate_account(SqlUnitOfWork(database), actor=COMMAND_LINE, username="alva", now=CREATED)
    assert _signed_in_as(client) is None


# -- CSRF ---------------------------------------------------------------------------------------
def test_signing_in_without_or_with_a_wrong_csrf_token_is_refused_with_403(
    client: TestClient,
) -> None:
    form_token(client)  # the session has a token; the requests below do not send it
    credentials = {"username": "alva", "password": PASSWORD}
    without = client.post("/logga-in", data=credentials)
    wrong = client.post("/logga-in", data={**credentials, "csrf_token": "forged"})
    assert (without.status_code, wrong.status_code) == (403, 403)
    assert "Formuläret har gått ut" in wrong.text
    assert _signed_in_as(client) is None


def test_signing_out_without_the_csrf_token_is_refused_and_changes_nothing(
    client: TestClient,
) -> None:
    _sign_in(client)
    assert client.post("/logga-ut").status_code == 403
    assert client.post("/logga-ut", data={"csrf_token": "forged"}).status_code == 403
    assert _signed_in_as(client) == "alva"


def test_an_unsafe_api_request_needs_the_token_in_its_header_not_in_a_form_field(
    client: TestClient,
) -> None:
    _sign_in(client)
    token = client.get("/api/v1/session").json()["csrf_token"]
    refused = client.request("DELETE", "/api/v1/session", data={"csrf_token": token})
    assert refused.status_code == 403
    assert refused.json()["error"]["code"] == "not_permitted"
    assert _signed_in_as(client) == "alva"
    signed_out = client.delete("/api/v1/session", headers={"X-CSRF-Token": token})
    assert signed_out.status_code == 204
    assert _signed_in_as(client) is None


def test_signing_in_renews_the_csrf_token(client: TestClient) -> None:
    before = form_token(client)
    _sign_in(client)
    assert form_token(client, "/") != before


# -- signing out --------------------------------------------------------------------------------
def test_signing_out_clears_the_session(client: TestClient) -> None:
    _sign_in(client)
    signed_out = client.post(
        "/logga-ut", data={"csrf_token": form_token(client, "/")}, follow_redirects=False
    )
    assert signed_out.status_code == 303
    assert "expires=thu, 01 jan 1970" in _session_cookie(signed_out)
    assert _signed_in_as(client) is None
    assert '<a href="/logga-in">Logga in</a>' in client.get("/").text


# -- languages ----------------------------------------------------------------------------------
def test_the_language_switch_gives_english_texts_and_goes_back_to_the_page(
    client: TestClient,
) -> None:
    swedish = client.get("/logga-in")
    assert '<html lang="sv">' in swedish.text
    assert 'href="/sprak/en?next=%2Flogga-in"' in swedish.text
    switched = client.get("/sprak/en", params={"next": "/logga-in"}, follow_redirects=False)
    assert switched.status_code == 303
    assert switched.headers["location"] == "/logga-in"
    english = client.get("/logga-in")
    assert '<html lang="en">' in english.text
    assert "<h1>Sign in</h1>" in english.text
    assert "Username" in english.text
    assert "Wrong username or password." in _sign_in(client, password="nope nope nope").text
    client.get("/sprak/sv")
    assert "<h1>Logga in</h1>" in client.get("/logga-in").text


def test_the_language_switch_never_sends_anyone_to_another_site(client: TestClient) -> None:
    for elsewhere in ("//evil.example/", "https://evil.example/", "/\\evil.example"):
        switched = client.get("/sprak/en", params={"next": elsewhere}, follow_redirects=False)
        assert switched.headers["location"] == "/"


def test_an_unknown_language_is_not_found(client: TestClient) -> None:
    assert client.get("/sprak/xx").status_code == 404


# -- the API ------------------------------------------------------------------------------------
def test_me_is_401_unauthenticated_when_signed_out_and_the_actor_when_signed_in(
    client: TestClient,
) -> None:
    signed_out = client.get("/api/v1/me")
    assert signed_out.status_code == 401
    assert signed_out.json()["error"]["code"] == "unauthenticated"
    assert signed_out.json()["error"]["rows"] == []
    _sign_in(client)
    assert client.get("/api/v1/me").json() == {
        "username": "alva",
        "role": "officer",
        "display_name": "Alva Berg",
        "personal_id": None,
        "school_unit_codes": [],
        "municipality_code": None,
    }


def test_the_openapi_document_describes_the_api_and_not_the_pages(client: TestClient) -> None:
    document = client.get("/api/v1/openapi.json").json()
    assert {"/api/v1/me", "/api/v1/session"} <= set(document["paths"])
    assert not [path for path in document["paths"] if not path.startswith("/api/v1/")]
    assert client.get("/api/v1/docs").status_code == 200


# -- errors -------------------------------------------------------------------------------------
def test_an_unknown_address_is_a_swedish_page_or_api_json_with_404(client: TestClient) -> None:
    page = client.get("/finns-inte")
    assert page.status_code == 404
    assert "<h1>Sidan finns inte</h1>" in page.text
    answer = client.get("/api/v1/finns-inte")
    assert answer.status_code == 404
    assert answer.json()["error"]["code"] == "not_found"


def test_a_405_names_in_its_allow_header_every_method_of_every_route_on_the_path(
    client: TestClient,
) -> None:
    """RFC 9110 15.5.6: a 405 carries ``Allow`` with the methods the resource supports: of every
    route on the path (``/api/v1/session`` is two routes, GET and DELETE), not only the first."""
    answer = client.patch("/api/v1/session")
    assert answer.status_code == 405
    assert answer.json()["error"]["code"] == "method_not_allowed"
    assert _allowed(answer) == {"GET", "DELETE"}
    page = client.put("/logga-in")
    assert page.status_code == 405
    assert "Det går inte att göra så" in page.text
    assert _allowed(page) == {"GET", "POST"}
    assert _allowed(client.post("/static/samverka.css")) == {"GET", "HEAD"}


UNUSED_METHOD = "PROPFIND"  # no route answers it, so every path answers 405 with its methods


def test_every_route_s_methods_are_in_the_allow_header_of_a_405_on_its_path(app: FastAPI) -> None:
    missing = []
    with TestClient(app) as client:
        for route in iter_route_contexts(app.routes):
            methods = route.methods
            if not methods:
                continue  # the static files' mount: in the test above
            path = PLACEHOLDER.sub("1", str(route.path))
            answer = client.request(UNUSED_METHOD, path)
            if answer.status_code == 405 and methods <= _allowed(answer):
                continue
            missing.append(f"{path}: {answer.status_code} {answer.headers.get('allow')}")
    assert not missing


def _allowed(answer: Response) -> set[str]:
    return {method.strip() for method in answer.headers.get("allow", "").split(",") if method}


def test_a_role_that_is_not_required_is_refused_with_403(app: FastAPI, client: TestClient) -> None:
    @app.get("/api/v1/analysts-only")
    def analysts_only(actor: Annotated[Actor, Depends(require(Role.ANALYST))]) -> str:
        return actor.username

    _sign_in(client)
    refused = client.get("/api/v1/analysts-only")
    assert refused.status_code == 403
    assert refused.json()["error"] == {
        "code": "not_permitted",
        "message": "Ditt konto har inte en roll som får göra detta.",
        "rows": [],
    }


def test_invalid_input_lists_every_problem_as_json_rows_or_on_the_page(
    app: FastAPI, client: TestClient
) -> None:
    problems = [RowError("pupils.csv", 3, "grade", "not a grade"), RowError("form", 0, "x", "?")]

    @app.post("/api/v1/imports")
    @app.post("/import", response_class=HTMLResponse)
    def refuse() -> None:
        raise InvalidInput(problems)

    token = form_token(client)
    answer = client.post("/api/v1/imports", headers={"X-CSRF-Token": token})
    assert answer.status_code == 422
    assert answer.json()["error"]["code"] == "invalid_input"
    assert answer.json()["error"]["rows"][0] == {
        "source": "pupils.csv",
        "line": 3,
        "field": "grade",
        "reason": "not a grade",
    }
    page = client.post("/import", data={"csrf_token": token})
    assert page.status_code == 422
    assert "Uppgifterna behöver rättas" in page.text
    assert "pupils.csv, rad 3 (grade): not a grade" in page.text


def test_an_unexpected_failure_is_a_500_without_its_details(app: FastAPI) -> None:
    @app.get("/api/v1/broken")
    @app.get("/trasig", response_class=HTMLResponse)
    def broken() -> None:
        raise RuntimeError("secret internals")

    with TestClient(app, raise_server_exceptions=False) as client:
        answer, page = client.get("/api/v1/broken"), client.get("/trasig")
    assert (answer.status_code, page.status_code) == (500, 500)
    assert answer.json()["error"]["code"] == "internal_error"
    assert "Något gick fel hos oss" in page.text
    assert "secret internals" not in answer.text + page.text


def test_every_response_carries_the_security_headers(client: TestClient) -> None:
    page = client.get("/logga-in")
    assert page.headers["x-content-type-options"] == "nosniff"
    assert page.headers["x-frame-options"] == "DENY"
    assert "frame-ancestors 'none'" in page.headers["content-security-policy"]
    assert page.headers["cache-control"] == "no-store"
    style = client.get("/static/samverka.css")
    assert style.status_code == 200
    assert "no-store" not in style.headers.get("cache-control", "")


# -- settings and wiring ------------------------------------------------------------------------
def test_the_web_application_is_not_built_in_production_without_a_real_secret_key(
    tmp_path: Path, database: sessionmaker[Session]
) -> None:
    unset = Settings.from_environment({"SAMVERKA_DATABASE_URL": f"sqlite:///{tmp_path}/t.db"})
    assert (unset.environment, unset.secret_key) == ("production", None)
    with pytest.raises(SettingsError, match="SAMVERKA_SECRET_KEY måste vara satt"):
        _app(unset, database)
    with pytest.raises(SettingsError, match="minst 32 tecken"):
        Settings.from_environment(
            {"SAMVERKA_ENVIRONMENT": "production", "SAMVERKA_SECRET_KEY": "short"}
        )
    production = Settings.from_environment(
        {"SAMVERKA_ENVIRONMENT": "production", "SAMVERKA_SECRET_KEY": PRODUCTION_KEY}
    )
    assert production.secret_key == PRODUCTION_KEY
    assert PRODUCTION_KEY not in repr(production)
    assert not Settings.from_environment({}).development  # development is never assumed


def test_the_composition_root_serves_the_web_app_on_the_configured_database(
    settings: Settings, database: sessionmaker[Session]
) -> None:
    with TestClient(bootstrap.web_app(settings)) as client:
        assert _sign_in(client).status_code == 303
        assert _signed_in_as(client) == "alva"


def test_samverka_serve_runs_uvicorn_with_the_web_app(
    monkeypatch: pytest.MonkeyPatch, settings: Settings
) -> None:
    served: list[tuple[object, str, int]] = []

    def fake_run(app: object, *, host: str, port: int, **_: object) -> None:
        served.append((app, host, port))

    monkeypatch.setattr(uvicorn, "run", fake_run)
    environment = {
        "SAMVERKA_DATABASE_URL": settings.database_url,
        "SAMVERKA_ENVIRONMENT": "development",
    }
    result = CliRunner().invoke(command_line, ["serve", "--port", "8123"], env=environment)
    assert result.exit_code == 0, result.output
    assert "http://127.0.0.1:8123/" in result.output
    [(app, host, port)] = served
    assert (isinstance(app, FastAPI), host, port) == (True, "127.0.0.1", 8123)


def test_samverka_serve_refuses_to_start_in_production_without_a_secret_key(
    settings: Settings,
) -> None:
    environment = {
        "SAMVERKA_DATABASE_URL": settings.database_url,
        "SAMVERKA_ENVIRONMENT": "production",
        "SAMVERKA_SECRET_KEY": "",
    }
    result = CliRunner().invoke(command_line, ["serve"], env=environment)
    assert result.exit_code == 1
    assert "fel: SAMVERKA_SECRET_KEY är inte satt." in result.output
    assert "error" not in result.output


def test_samverka_serve_names_a_bad_setting_in_swedish_and_keeps_its_name(
    settings: Settings,
) -> None:
    environment = {
        "SAMVERKA_DATABASE_URL": settings.database_url,
        "SAMVERKA_ENVIRONMENT": "development",
        "SAMVERKA_DATABASE_POOL_SIZE": "many",
    }
    result = CliRunner().invoke(command_line, ["serve"], env=environment)
    assert result.exit_code == 1
    assert "fel: SAMVERKA_DATABASE_POOL_SIZE ska vara ett heltal, inte 'many'" in result.output
    assert "must be" not in result.output


def test_samverka_serve_with_workers_serves_from_several_processes(settings: Settings) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    samverka = Path(sys.executable).with_name("samverka")
    command = [str(samverka), "serve", "--port", str(port), "--workers", "2", "--no-access-log"]
    environment = {
        **os.environ,
        "SAMVERKA_DATABASE_URL": settings.database_url,
        "SAMVERKA_ENVIRONMENT": "development",
    }
    server = subprocess.Popen(command, env=environment, stderr=subprocess.PIPE, text=True)
    try:
        answer = _first_answer(f"http://127.0.0.1:{port}/logga-in", deadline=120)
        assert answer.status_code == 200
        assert "Logga in" in answer.text
    finally:
        server.terminate()
        _, log = server.communicate(timeout=120)
    assert log.count("Started server process") == 2, log


def _first_answer(url: str, *, deadline: float) -> httpx2.Response:
    give_up = time.monotonic() + deadline
    while True:
        try:
            return httpx2.get(url)
        except httpx2.TransportError:
            if time.monotonic() > give_up:
                raise
            time.sleep(0.1)


def test_the_database_pool_size_is_a_setting_and_bounds_requests_served_at_once(
    settings: Settings, database: sessionmaker[Session]
) -> None:
    assert Settings.from_environment({}).database_pool_size == 4
    chosen = Settings.from_environment({"SAMVERKA_DATABASE_POOL_SIZE": "7"})
    assert chosen.database_pool_size == 7
    for wrong in ("0", "many", "1001"):
        with pytest.raises(SettingsError, match="SAMVERKA_DATABASE_POOL_SIZE"):
            Settings.from_environment({"SAMVERKA_DATABASE_POOL_SIZE": wrong})
    login = LocalLogin(lambda: SqlUnitOfWork(database), CHEAP, LoginThrottle(clock=FakeClock()))
    app = create_app(
        replace(settings, database_pool_size=3), session_factory=database, authenticator=login
    )
    with TestClient(app) as client:  # the lifespan runs
        assert client.portal is not None
        assert client.portal.call(_worker_threads) == 3
    assert bootstrap.database(replace(settings, database_pool_size=3)).kw["bind"].pool.size() == 3


async def _worker_threads() -> float:
    return anyio.to_thread.current_default_thread_limiter().total_tokens


def test_reading_sessions_run_each_statement_on_its_own_and_see_committed_writes(
    database: sessionmaker[Session],
) -> None:
    reads = reading_sessions(database)
    with reads() as session:
        assert session.connection().get_execution_options()["isolation_level"] == "AUTOCOMMIT"
        with database.begin() as writer:
            writer.execute(text("UPDATE account SET display_name = 'Alva B'"))
        name = session.execute(text("SELECT display_name FROM account")).scalar()
    assert name == "Alva B"
    with database() as session:
        assert "isolation_level" not in session.connection().get_execution_options()


def test_signing_in_is_throttled_per_username_for_fifteen_minutes_only(
    settings: Settings, database: sessionmaker[Session]
) -> None:
    clock = FakeClock()
    login = LocalLogin(lambda: SqlUnitOfWork(database), CHEAP, LoginThrottle(clock=clock))
    app = create_app(settings, session_factory=database, authenticator=login)
    with TestClient(app) as client:
        for _ in range(5):
            _sign_in(client, password="a wrong guess")
        assert _sign_in(client).status_code == 429
        clock.now += timedelta(minutes=15)
        assert _sign_in(client).status_code == 303
