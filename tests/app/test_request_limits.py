"""Request bodies have a size limit that is checked before authentication and form parsing:
a body announced or streamed beyond it is answered 413, as an error page in the user's language
or as the API's JSON error, and nothing is read, parsed or stored.

Source: issue 11 point 6 ("request bodies have a size limit before authentication and
parsing"); RFC 9110 §15.5.14 (413 Content Too Large); docs/security.md, "Files and limits".
The limit is the setting ``SAMVERKA_MAXIMUM_REQUEST_MB``; these tests set 1 MB.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import argon2
import pytest
from database_fixtures import NewDatabase
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker
from starlette.requests import Request
from web_support import api_headers, form_token, signed_in

from samverka.config import Settings, SettingsError
from samverka.platform.access.domain.actors import Actor, Role
from samverka.platform.access.local_login import LocalLogin
from samverka.platform.access.passwords import Argon2idHasher
from samverka.platform.access.services.authentication import Credentials, create_account
from samverka.platform.access.services.login_throttle import LoginThrottle
from samverka.platform.web.i18n import LANGUAGE_COOKIE
from samverka.unit_of_work import SqlUnitOfWork
from samverka.web_app import create_app

PASSWORD = "correct horse battery"
CREATED = datetime(2026, 1, 10, 9, tzinfo=UTC)
CHEAP = Argon2idHasher(argon2.PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
LIMIT = 1024 * 1024
TOO_MUCH = b"x" * (LIMIT + 1)


class CountingLogin(LocalLogin):
    """The real local login, counting how often it is asked."""

    asked = 0

    def authenticate(self, credentials: Credentials) -> Actor:
        self.asked += 1
        return super().authenticate(credentials)


@pytest.fixture
def database(tmp_path: Path, new_sqlite_database: NewDatabase) -> sessionmaker[Session]:
    factory = new_sqlite_database(Settings(database_url=f"sqlite:///{tmp_path}/t.db"))
    create_account(
        SqlUnitOfWork(factory),
        actor=Actor("cli:test", Role.OFFICER, "command line"),
        username="kansli",
        display_name="Kim Kansli",
        role=Role.ASSOCIATION_STAFF,
        password=PASSWORD,
        passwords=CHEAP,
        now=CREATED,
    )
    return factory


@pytest.fixture
def login(database: sessionmaker[Session]) -> CountingLogin:
    return CountingLogin(
        lambda: SqlUnitOfWork(database), CHEAP, LoginThrottle(clock=lambda: CREATED)
    )


@pytest.fixture
def app(tmp_path: Path, database: sessionmaker[Session], login: CountingLogin) -> FastAPI:
    settings = Settings(database_url=f"sqlite:///{tmp_path}/t.db", maximum_request_bytes=LIMIT)
    return create_app(settings, session_factory=database, authenticator=login)


@pytest.fixture
def staff(app: FastAPI) -> Iterator[TestClient]:
    yield from signed_in(app, "kansli", PASSWORD)


@pytest.fixture
def forms_parsed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Records every request whose form Starlette starts to parse (for the CSRF check or the
    route's fields); a body refused by its announced length must never get there."""
    parsed: list[str] = []
    real = Request.form

    def recording(request: Request, **limits: object) -> object:
        parsed.append(request.url.path)
        return real(request, **limits)  # type: ignore[arg-type]

    monkeypatch.setattr(Request, "form", recording)
    return parsed


def test_an_announced_body_beyond_the_limit_is_413_before_sign_in_is_even_tried(
    app: FastAPI, login: CountingLogin, forms_parsed: list[str]
) -> None:
    with TestClient(app) as client:
        data = {"username": "kansli", "password": "x" * (LIMIT + 1)}
        answer = client.post("/logga-in", data=data, follow_redirects=False)

    assert answer.status_code == 413
    assert "Det du skickade är för stort" in answer.text
    assert login.asked == 0
    assert forms_parsed == []


def test_an_upload_beyond_the_limit_is_413_before_the_signed_out_client_is_told_to_sign_in(
    app: FastAPI,
) -> None:
    with TestClient(app) as client:
        files = {"file": ("budget.xlsx", TOO_MUCH, "application/octet-stream")}
        answer = client.post("/forbund/budget/import", files=files)

    assert answer.status_code == 413  # not 401 (sign in) nor 403 (CSRF): refused first


def test_a_signed_in_upload_beyond_the_limit_is_413_and_its_form_is_never_parsed(
    staff: TestClient, forms_parsed: list[str]
) -> None:
    token = form_token(staff, "/forbund/budget")
    files = {"file": ("budget.csv", b"enhet;\xc3\xa5r;typ;rad;belopp\n" + TOO_MUCH, "text/csv")}

    answer = staff.post("/forbund/budget/import", data={"csrf_token": token}, files=files)

    assert answer.status_code == 413
    assert forms_parsed == []
    assert "Det du skickade är för stort" in answer.text
    assert "större än 1 MB" in answer.text


def test_the_error_page_speaks_english_to_someone_who_chose_english(app: FastAPI) -> None:
    with TestClient(app, cookies={LANGUAGE_COOKIE: "en"}) as client:
        answer = client.post("/logga-in", content=TOO_MUCH)

    assert answer.status_code == 413
    assert "What you sent is too large" in answer.text


def test_the_api_answers_413_as_json_like_its_other_errors(staff: TestClient) -> None:
    answer = staff.post(
        "/api/v1/association/budget/import",
        headers=api_headers(staff),
        files={"file": ("budget.xlsx", TOO_MUCH, "application/octet-stream")},
    )

    assert answer.status_code == 413
    error = answer.json()["error"]
    assert error["code"] == "too_large"
    assert error["message"] == "Det som skickades är större än 1 MB, det mesta som läses."
    assert error["rows"] == []


def _chunks() -> Iterator[bytes]:
    for _ in range(3):
        yield b"y" * (LIMIT // 2)


def test_a_streamed_body_without_a_length_is_counted_and_refused_past_the_limit(
    staff: TestClient,
) -> None:
    headers = {
        **api_headers(staff),
        "Content-Type": "multipart/form-data; boundary=grans",
    }

    answer = staff.post("/api/v1/association/budget/import", headers=headers, content=_chunks())

    assert answer.status_code == 413
    assert answer.json()["error"]["code"] == "too_large"


def test_a_body_larger_than_its_announced_length_is_counted_and_refused(
    staff: TestClient,
) -> None:
    headers = {
        **api_headers(staff),
        "Content-Type": "application/json",
        "Content-Length": "2",
    }

    answer = staff.post("/api/v1/association/budget/units", headers=headers, content=_chunks())

    assert answer.status_code == 413


def test_a_body_within_the_limit_is_served_as_before(staff: TestClient) -> None:
    token = form_token(staff, "/forbund/budget")
    content = "enhet;år;typ;rad;belopp\nOkänd;2026;budget;intäkter;1\n".encode()

    answer = staff.post(
        "/forbund/budget/import",
        data={"csrf_token": token},
        files={"file": ("budget.csv", content, "text/csv")},
    )

    assert answer.status_code == 422  # read and checked: the unit is unknown
    assert "Okänd" in answer.text


def test_the_limit_is_a_setting_in_whole_megabytes_and_a_bad_value_is_refused() -> None:
    environment = {"SAMVERKA_MAXIMUM_REQUEST_MB": "5"}
    assert Settings.from_environment(environment).maximum_request_bytes == 5 * 1024 * 1024
    assert Settings.from_environment({}).maximum_request_bytes == 20 * 1024 * 1024
    for bad in ("0", "many", "5000"):
        with pytest.raises(SettingsError, match="SAMVERKA_MAXIMUM_REQUEST_MB"):
            Settings.from_environment({"SAMVERKA_MAXIMUM_REQUEST_MB": bad})


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _answer_to_headers_only(port: int, deadline: float) -> bytes:
    """The server's answer to a request announcing 50 MB whose body is never sent."""
    request = (
        b"POST /api/v1/association/budget/import HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        b"Content-Type: multipart/form-data; boundary=b\r\nContent-Length: 52428800\r\n\r\n"
    )
    give_up = time.monotonic() + deadline
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=30) as connection:
                connection.sendall(request)
                answer = b""
                while chunk := connection.recv(65536):  # the server closes the connection
                    answer += chunk
                return answer
        except ConnectionRefusedError:
            if time.monotonic() > give_up:
                raise
            time.sleep(0.1)


def test_a_real_server_answers_413_and_closes_without_waiting_for_the_body(
    tmp_path: Path, database: sessionmaker[Session]
) -> None:
    port = _free_port()
    samverka = Path(sys.executable).with_name("samverka")
    environment = {
        **os.environ,
        "SAMVERKA_DATABASE_URL": f"sqlite:///{tmp_path}/t.db",
        "SAMVERKA_MAXIMUM_REQUEST_MB": "1",
        "SAMVERKA_ENVIRONMENT": "development",  # no key needed on loopback
    }
    command = [str(samverka), "serve", "--port", str(port), "--no-access-log"]
    server = subprocess.Popen(command, env=environment, stderr=subprocess.PIPE, text=True)
    try:
        answer = _answer_to_headers_only(port, deadline=180)  # a bound on start-up, not a timing
    finally:
        server.terminate()
        server.communicate(timeout=30)

    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 413 ")
    assert b"connection: close" in head.lower()
    assert json.loads(body)["error"]["code"] == "too_large"
