"""Web sessions held on the server, on SQLite and PostgreSQL (OWASP ASVS 4.0.3 V3.2–V3.3; issue
11, point 8): started at sign-in with a fresh token kept only as its digest, ended by signing
out, by an officer, by deactivation or a new password, and listed for the officer, audited."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import argon2
import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from samverka.admission.ports import UnitOfWork
from samverka.errors import NotFound, NotPermitted
from samverka.platform.access.db.tables import web_session
from samverka.platform.access.domain.actors import Actor, Role
from samverka.platform.access.domain.web_sessions import SessionPolicy, token_digest
from samverka.platform.access.passwords import Argon2idHasher
from samverka.platform.access.services.authentication import (
    create_account,
    deactivate_account,
    set_password,
)
from samverka.platform.access.services.web_sessions import (
    active_sessions,
    end_sessions,
    end_web_session,
    record_seen,
    start_web_session,
)

OFFICER = Actor("officer", Role.OFFICER, "Olle Officer")
NOW = datetime(2026, 2, 1, 8, tzinfo=UTC)
POLICY = SessionPolicy()
CHEAP = Argon2idHasher(argon2.PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))


def _account(uow: UnitOfWork, username: str, role: Role = Role.ANALYST) -> Actor:
    return create_account(
        uow,
        actor=OFFICER,
        username=username,
        display_name=username.title(),
        role=role,
        password="correct horse battery",
        passwords=CHEAP,
        now=NOW,
    ).actor


def _start(uow: UnitOfWork, actor: Actor, at: datetime = NOW, replacing: str | None = None) -> str:
    return start_web_session(
        uow,
        actor=actor,
        client_address="192.0.2.10",
        user_agent="Firefox",
        policy=POLICY,
        now=at,
        replacing=replacing,
    ).token


def _open(uow: UnitOfWork, at: datetime = NOW) -> list[str]:
    return [s.actor.username for s in active_sessions(uow, actor=OFFICER, policy=POLICY, now=at)]


def test_a_session_keeps_only_the_digest_of_its_token(uow: UnitOfWork, session: Session) -> None:
    token = _start(uow, _account(uow, "alva"))
    assert len(token) >= 43  # 256 bits, URL-safe base64
    stored = session.execute(select(web_session.c.token_digest)).scalars().all()
    assert stored == [token_digest(token)]
    assert token not in repr(session.execute(select(web_session)).all())


def test_signing_in_again_ends_the_browsers_earlier_session(uow: UnitOfWork) -> None:
    alva = _account(uow, "alva")
    first = _start(uow, alva)
    second = _start(uow, alva, replacing=first)
    assert second != first
    assert _open(uow) == ["alva"]


def test_signing_out_ends_the_session_at_once_and_is_audited(uow: UnitOfWork) -> None:
    alva = _account(uow, "alva")
    started = start_web_session(
        uow, actor=alva, client_address="192.0.2.10", user_agent="", policy=POLICY, now=NOW
    )
    end_web_session(uow, token=started.token, now=NOW + timedelta(minutes=5))
    assert _open(uow) == []
    with uow:
        events = uow.audit.events("web_session", str(started.id))
    actions = [(e["actor"], e["action"], (e["after"] or {}).get("reason")) for e in events]
    assert actions == [("analyst:alva", "start", None), ("analyst:alva", "end", "signed_out")]
    assert started.token not in repr(events)


def test_deactivating_an_account_ends_all_its_sessions(uow: UnitOfWork) -> None:
    alva, bo = _account(uow, "alva"), _account(uow, "bo")
    _start(uow, alva)
    _start(uow, alva)
    _start(uow, bo)
    deactivate_account(uow, actor=OFFICER, username="alva", now=NOW)
    assert _open(uow) == ["bo"]


def test_setting_a_password_ends_all_the_accounts_sessions(uow: UnitOfWork) -> None:
    alva = _account(uow, "alva")
    _start(uow, alva)
    set_password(
        uow,
        actor=alva,
        username="alva",
        password="a brand new passphrase",
        current_password="correct horse battery",
        passwords=CHEAP,
        now=NOW,
    )
    assert _open(uow) == []


def test_an_officer_ends_one_session_or_all_of_an_account(uow: UnitOfWork) -> None:
    alva, bo = _account(uow, "alva"), _account(uow, "bo")
    _start(uow, alva)
    _start(uow, alva)
    _start(uow, bo)
    [bos] = [
        s.id
        for s in active_sessions(uow, actor=OFFICER, policy=POLICY, now=NOW)
        if s.actor.username == "bo"
    ]
    assert end_sessions(uow, actor=OFFICER, now=NOW, session_id=bos) == 1
    assert end_sessions(uow, actor=OFFICER, now=NOW, username="ALVA") == 2
    assert _open(uow) == []
    with pytest.raises(NotFound):
        end_sessions(uow, actor=OFFICER, now=NOW, session_id=bos)
    with pytest.raises(NotFound):
        end_sessions(uow, actor=OFFICER, now=NOW, username="nobody")


def test_only_an_officer_sees_or_ends_sessions(uow: UnitOfWork) -> None:
    alva = _account(uow, "alva")
    _start(uow, alva)
    with pytest.raises(NotPermitted):
        active_sessions(uow, actor=alva, policy=POLICY, now=NOW)
    with pytest.raises(NotPermitted):
        end_sessions(uow, actor=alva, now=NOW, username="alva")


def test_the_officers_list_leaves_out_idle_and_expired_sessions(uow: UnitOfWork) -> None:
    alva, bo = _account(uow, "alva"), _account(uow, "bo")
    _start(uow, alva)
    bos = start_web_session(
        uow, actor=bo, client_address="::1", user_agent="", policy=POLICY, now=NOW
    )
    later = NOW + timedelta(minutes=29)
    record_seen(uow, session_id=bos.id, now=later)
    assert _open(uow, NOW + timedelta(minutes=31)) == ["bo"]  # alva has been idle
    assert _open(uow, NOW + timedelta(hours=12)) == []  # bo is past the lifetime


def test_a_deactivated_account_cannot_start_a_session(uow: UnitOfWork) -> None:
    alva = _account(uow, "alva")
    deactivate_account(uow, actor=OFFICER, username="alva", now=NOW)
    with pytest.raises(NotPermitted):
        _start(uow, alva)


def test_sessions_a_day_past_their_end_are_deleted_at_the_next_sign_in(
    uow: UnitOfWork, session: Session
) -> None:
    alva = _account(uow, "alva")
    _start(uow, alva)
    _start(uow, alva, at=NOW + timedelta(hours=12 + 24, seconds=1))
    assert len(session.execute(select(web_session.c.id)).all()) == 1
