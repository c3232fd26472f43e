"""Web sessions held on the server: starting one at sign-in, ending them, seeing who is signed in.

The rules (when a session is current, how its token is kept) are in
``platform.access.domain.web_sessions``; sources: OWASP ASVS 4.0.3 V3.2–V3.3, NIST SP 800-63B §7.2,
and issue 11, point 8. Every start and end is written to the audit trail (entity ``web_session``,
keyed by the session's number), never the token.

* ``start_web_session``: a new random token (256 bits) for an account that has just signed in;
  the browser gets the token, the database its digest. Sessions past their absolute end for a
  day are deleted here.
* ``end_web_session``: signing out ends the browser's own session at once.
* ``end_sessions``: an admission officer ends one session, or every session of an account.
* ``end_sessions_of_account``: within another use case's unit of work (deactivating an account,
  setting its password), every open session of the account ends in the same transaction.
* ``active_sessions``: the officer's list of current sessions (account, role, since, last seen,
  address).
* ``record_seen``: a request's moment, written at most once a minute per session.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from samverka.errors import N_, NotFound, NotPermitted
from samverka.platform.access.domain.actors import Actor, Role, normalise_username
from samverka.platform.access.domain.audited import SessionStarted, SessionStatus
from samverka.platform.access.domain.web_sessions import (
    EndReason,
    SessionPolicy,
    SessionTimes,
    is_current,
    token_digest,
)
from samverka.platform.access.ports import NewWebSession, SessionEnd, UnitOfWork, WebSessionRow
from samverka.platform.services.audit_records import Change, record_change, record_changes

KEPT_AFTER_EXPIRY = timedelta(days=1)
TOKEN_BYTES = 32  # 256 bits (ASVS V3.2.2 asks for at least 64)


@dataclass(frozen=True, slots=True)
class StartedSession:
    id: int
    token: str  # for the browser's cookie only; never stored


@dataclass(frozen=True, slots=True)
class ActiveSession:
    """A current session as the officer sees it."""

    id: int
    actor: Actor
    started_at: datetime
    last_seen_at: datetime
    client_address: str
    user_agent: str

    @classmethod
    def of(cls, row: WebSessionRow) -> ActiveSession:
        times = row.times
        return cls(
            row.id,
            row.actor,
            times.started_at,
            times.last_seen_at,
            row.client_address,
            row.user_agent,
        )


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def start_web_session(
    uow: UnitOfWork,
    *,
    actor: Actor,
    client_address: str,
    user_agent: str,
    policy: SessionPolicy,
    now: datetime,
    replacing: str | None = None,
    make_token: Callable[[], str] = new_token,
) -> StartedSession:
    """A new session for ``actor``, who has just signed in; the browser's earlier session
    (its token ``replacing``), if any, ends: the id always changes at sign-in."""
    token = make_token()
    with uow:
        account = uow.accounts.by_username(actor.username)
        if account is None or not account.active:
            raise NotPermitted(N_("Kontot får inte logga in."))
        if replacing is not None:
            _end_own(uow, replacing, now)
        times = SessionTimes(now, now, policy.expires_at(now))
        new = NewWebSession(token_digest(token), account.id, times, client_address, user_agent)
        session_id = uow.web_sessions.add(new)
        uow.web_sessions.purge(expired_before=now - KEPT_AFTER_EXPIRY)
        started = SessionStarted(actor.username, client_address)
        record_change(
            uow.audit, actor, "web_session", session_id, "start", before=None, after=started, at=now
        )
        uow.commit()
    return StartedSession(session_id, token)


def end_web_session(uow: UnitOfWork, *, token: str, now: datetime) -> None:
    """Sign out: the session of ``token`` ends at once (nothing happens if it has ended)."""
    with uow:
        _end_own(uow, token, now)
        uow.commit()


def end_sessions(
    uow: UnitOfWork,
    *,
    actor: Actor,
    now: datetime,
    session_id: int | None = None,
    username: str | None = None,
) -> int:
    """An officer ends the session ``session_id``, or every open session of ``username``;
    how many ended."""
    _require_officer(actor)
    with uow:
        if session_id is not None:
            row = uow.web_sessions.by_id(session_id)
            if row is None or row.times.ended_at is not None:
                raise NotFound(N_("Det finns ingen öppen session %(session)s."), session=session_id)
            ids = [row.id]
        else:
            ids = _open_ids(uow, username or "", now)
        _end(uow, ids, actor, EndReason.ENDED_BY_OFFICER, now)
        uow.commit()
    return len(ids)


def end_sessions_of_account(
    uow: UnitOfWork, *, username: str, actor: Actor, reason: EndReason, now: datetime
) -> None:
    """Inside a use case's open unit of work: every open session of ``username`` ends."""
    ids = uow.web_sessions.open_session_ids_of(normalise_username(username), now=now)
    _end(uow, ids, actor, reason, now)


def active_sessions(
    uow: UnitOfWork, *, actor: Actor, policy: SessionPolicy, now: datetime
) -> list[ActiveSession]:
    """Every current session, the newest first; for an admission officer."""
    _require_officer(actor)
    with uow:
        rows = uow.web_sessions.open_sessions(now=now)
    return [
        ActiveSession.of(row)
        for row in rows
        if row.account_active and is_current(row.times, policy, now)
    ]


def record_seen(uow: UnitOfWork, *, session_id: int, now: datetime) -> None:
    """The session was used at ``now`` (for its idle timeout); not audited: nothing changes
    but the moment."""
    with uow:
        uow.web_sessions.mark_seen(session_id, now)
        uow.commit()


def _open_ids(uow: UnitOfWork, username: str, now: datetime) -> list[int]:
    name = normalise_username(username)
    if uow.accounts.by_username(name) is None:
        raise NotFound(N_("Det finns inget konto %(username)s."), username=repr(name))
    return uow.web_sessions.open_session_ids_of(name, now=now)


def _end_own(uow: UnitOfWork, token: str, now: datetime) -> None:
    row = uow.web_sessions.by_digest(token_digest(token))
    if row is not None and row.times.ended_at is None:
        _end(uow, [row.id], row.actor, EndReason.SIGNED_OUT, now)


def _end(uow: UnitOfWork, ids: list[int], actor: Actor, reason: EndReason, now: datetime) -> None:
    """End the sessions ``ids`` as ``actor`` for ``reason``, each audited."""
    end = SessionEnd(now, actor.audit_name, reason)
    uow.web_sessions.end(ids, end)
    ended = SessionStatus(open=False, ended_by=end.by, reason=reason)
    changes = [Change("web_session", i, "end", SessionStatus(open=True), ended) for i in ids]
    record_changes(uow.audit, actor, changes, at=now)


def _require_officer(actor: Actor) -> None:
    if actor.role is not Role.OFFICER:
        raise NotPermitted(N_("Bara en antagningshandläggare får se och avsluta sessioner."))
