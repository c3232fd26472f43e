"""No secret by default, and a sign-in throttle that never locks out the real user, through
the command line and HTTP (issue 11, points 7 and 10; OWASP ASVS 4.0.3 V2.2.1, V14.1.x).

* ``samverka serve`` refuses to start without ``SAMVERKA_SECRET_KEY`` unless development is
  set explicitly and it listens on loopback; the demo keeps a random key beside its database.
* The throttle is in the database: two web workers share it.
* ``X-Forwarded-For`` is believed only from ``SAMVERKA_TRUSTED_PROXIES``.
* Password checks run on a bounded pool of their own: a crowd signing in never takes the
  threads that serve pages, and when the pool's queue is full, sign-in answers 503 at once.
"""

from __future__ import annotations

import stat
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import argon2
import pytest
import uvicorn
from fastapi import FastAPI
from fastapi.testclient import TestClient
from httpx2 import Response
from sqlalchemy.orm import Session, sessionmaker
from typer.testing import CliRunner
from web_support import form_token

from samverka import bootstrap
from samverka.cli import app as command_line
from samverka.config import Settings, parse_networks
from samverka.demo import demo_secret_key
from samverka.platform.access.domain.actors import Actor, Role
from samverka.platform.access.local_login import LocalLogin
from samverka.platform.access.passwords import Argon2idHasher
from samverka.platform.access.services.authentication import create_account
from samverka.platform.access.services.login_throttle import LoginThrottle
from samverka.unit_of_work import SqlUnitOfWork
from samverka.web_app import create_app

PASSWORD = "correct horse battery"
CREATED = datetime(2026, 1, 10, 9, tzinfo=UTC)
COMMAND_LINE = Actor("cli:test", Role.OFFICER, "command line")
CHEAP = Argon2idHasher(argon2.PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
PROXY, CLIENT, OTHER = "10.0.0.5", "192.0.2.10", "198.51.100.7"


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


def _app(
    settings: Settings,
    database: sessionmaker[Session],
    clock: FakeClock | None = None,
    hasher: Argon2idHasher = CHEAP,
) -> FastAPI:
    clock = clock or FakeClock()
    login = LocalLogin(lambda: SqlUnitOfWork(database), hasher, LoginThrottle(clock=clock))
    return create_app(settings, session_factory=database, authenticator=login, clock=clock)


def _sign_in(
    client: TestClient, password: str = PASSWORD, headers: dict[str, str] | None = None
) -> Response:
    data = {"username": "alva", "password": password, "csrf_token": form_token(client)}
    return client.post("/logga-in", data=data, headers=headers or {}, follow_redirects=False)


# -- point 7: no secret by default ---------------------------------------------------------------
@pytest.fixture
def served(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, object]]:
    calls: list[dict[str, object]] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **options: calls.append(options))
    return calls


def _serve(settings: Settings, *arguments: str, **variables: str) -> tuple[int, str]:
    environment = {
        "SAMVERKA_DATABASE_URL": settings.database_url,
        "SAMVERKA_ENVIRONMENT": "",
        "SAMVERKA_SECRET_KEY": "",
        **variables,
    }
    result = CliRunner().invoke(command_line, ["serve", *arguments], env=environment)
    return result.exit_code, result.output


def test_serve_refuses_to_start_without_a_key_when_development_is_not_set(
    settings: Settings, served: list[dict[str, object]]
) -> None:
    code, output = _serve(settings)
    assert code == 1
    assert "fel: SAMVERKA_SECRET_KEY är inte satt." in output
    assert "SAMVERKA_ENVIRONMENT=development" in output
    assert "secrets.token_urlsafe" in output
    assert served == []


def test_serve_refuses_to_start_without_a_key_in_development_off_loopback(
    settings: Settings, served: list[dict[str, object]]
) -> None:
    for host in ("0.0.0.0", "192.0.2.1", "::"):
        code, output = _serve(settings, "--host", host, SAMVERKA_ENVIRONMENT="development")
        assert (code, "SAMVERKA_SECRET_KEY är inte satt" in output) == (1, True), host
    assert served == []


def test_serve_starts_without_a_key_only_in_development_on_loopback(
    settings: Settings, served: list[dict[str, object]]
) -> None:
    for host in ("127.0.0.1", "::1", "localhost"):
        code, output = _serve(settings, "--host", host, SAMVERKA_ENVIRONMENT="development")
        assert code == 0, output
    assert [call["proxy_headers"] for call in served] == [False, False, False]


def test_serve_starts_anywhere_with_a_real_key(
    settings: Settings, served: list[dict[str, object]]
) -> None:
    key = "k" * 48
    code, output = _serve(settings, "--host", "0.0.0.0", SAMVERKA_SECRET_KEY=key)
    assert code == 0, output
    code, output = _serve(settings, SAMVERKA_SECRET_KEY="too short")
    assert (
        code,
        "fel: SAMVERKA_SECRET_KEY ska vara ett slumpat värde på minst 32 tecken" in output,
    ) == (1, True)


def test_the_demo_keeps_a_random_key_per_database_readable_by_its_owner_only(
    tmp_path: Path,
) -> None:
    first = demo_secret_key(tmp_path / "one.db")
    assert demo_secret_key(tmp_path / "one.db") == first  # kept
    assert demo_secret_key(tmp_path / "two.db") != first  # per database
    assert len(first) >= 64
    kept = tmp_path / "one.db.key"
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600
    assert kept.read_text().strip() == first


# -- point 10: the throttle in the database, shared by workers -----------------------------------
def test_two_workers_share_the_sign_in_throttle(
    settings: Settings, database: sessionmaker[Session]
) -> None:
    clock = FakeClock()
    first, second = _app(settings, database, clock), _app(settings, database, clock)
    with TestClient(first) as one, TestClient(second) as two:
        for client in (one, two, one, two, one):
            assert _sign_in(client, "a wrong guess").status_code == 401
        refused = _sign_in(two)
        assert refused.status_code == 429
        assert "Försök igen om 1 sekund." in refused.text
        clock.now += timedelta(seconds=1)
        assert _sign_in(two).status_code == 303


def test_a_forwarded_for_header_from_an_untrusted_peer_does_not_escape_the_throttle(
    settings: Settings, database: sessionmaker[Session]
) -> None:
    app = _app(settings, database)
    with TestClient(app, client=(OTHER, 40000)) as attacker:
        for serial in range(5):
            spoofed = {"X-Forwarded-For": f"203.0.113.{serial}"}
            assert _sign_in(attacker, "a wrong guess", spoofed).status_code == 401
        fresh = {"X-Forwarded-For": "203.0.113.99"}
        assert _sign_in(attacker, "a wrong guess", fresh).status_code == 429


def test_behind_a_trusted_proxy_each_client_is_throttled_on_its_own(
    settings: Settings, database: sessionmaker[Session]
) -> None:
    trusted = replace(settings, trusted_proxies=parse_networks(f"{PROXY}/32"))
    app = _app(trusted, database)
    with TestClient(app, client=(PROXY, 40000)) as proxy:
        for _ in range(5):
            attacked = {"X-Forwarded-For": OTHER}
            assert _sign_in(proxy, "a wrong guess", attacked).status_code == 401
        assert _sign_in(proxy, "a wrong guess", {"X-Forwarded-For": OTHER}).status_code == 429
        real_user = {"X-Forwarded-For": f"{OTHER}, {CLIENT}"}  # the attacker's part is skipped
        assert _sign_in(proxy, PASSWORD, real_user).status_code == 303
        listed = proxy.get("/api/v1/sessions").json()
        assert [session["client_address"] for session in listed] == [CLIENT]


# -- point 10: password checks on a pool of their own --------------------------------------------
class BlockingHasher(Argon2idHasher):
    """Verifies only once ``release`` is set: a password check that takes as long as we like."""

    def __init__(self) -> None:
        super().__init__(argon2.PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
        self.started = threading.Event()
        self.release = threading.Event()

    def verify_password(self, password_hash: str, password: str) -> bool:
        self.started.set()
        assert self.release.wait(timeout=30)
        return super().verify_password(password_hash, password)


@dataclass
class Blocked:
    client: TestClient  # one client, one event loop, shared by the threads below
    hasher: BlockingHasher


@pytest.fixture
def blocked(settings: Settings, database: sessionmaker[Session]) -> Iterator[Blocked]:
    """An application with one thread for pages (``database_pool_size=1``), one password
    thread and no queue, whose password checks wait until released."""
    hasher = BlockingHasher()
    narrow = replace(
        settings, database_pool_size=1, password_hashing_threads=1, password_hashing_queue=0
    )
    with TestClient(_app(narrow, database, hasher=hasher)) as client:
        yield Blocked(client, hasher)
        hasher.release.set()


def _in_background(work: Callable[[], int]) -> tuple[threading.Thread, list[int]]:
    answers: list[int] = []
    thread = threading.Thread(target=lambda: answers.append(work()))
    thread.start()
    return thread, answers


def _password_check_under_way(blocked: Blocked) -> tuple[threading.Thread, list[int]]:
    token = form_token(blocked.client)
    data = {"username": "alva", "password": PASSWORD, "csrf_token": token}
    thread, answers = _in_background(
        lambda: blocked.client.post("/logga-in", data=data, follow_redirects=False).status_code
    )
    assert blocked.hasher.started.wait(timeout=30)
    return thread, answers


def test_when_the_password_pool_is_full_sign_in_answers_503_at_once(blocked: Blocked) -> None:
    checking, signed_in = _password_check_under_way(blocked)
    with TestClient(blocked.client.app) as other:
        busy = _sign_in(other)
    assert busy.status_code == 503
    assert busy.headers["retry-after"] == "2"
    assert "Många loggar in just nu." in busy.text
    blocked.hasher.release.set()
    checking.join(timeout=30)
    assert signed_in == [303]


def test_a_sign_in_waiting_for_its_password_check_takes_no_thread_that_serves_pages(
    blocked: Blocked,
) -> None:
    """While the one password thread is busy, a page on the same event loop, which has one
    thread for pages, still answers: the sign-in waits without holding that thread."""
    checking, signed_in = _password_check_under_way(blocked)
    page, answered = _in_background(lambda: blocked.client.get("/logga-in").status_code)
    page.join(timeout=30)  # a deadlock guard only: the page needs no password thread
    assert answered == [200]
    blocked.hasher.release.set()
    checking.join(timeout=30)
    assert signed_in == [303]
