"""Who is signed in: the browser's session token, looked up on the server on every request.

``current_session`` reads the session with its account in one query on a unique index
(``platform.access.queries.signed_in_session``), once per request, on a connection of the
reading sessions' engine (autocommit, without an ORM session). The session counts only while it
is current — not ended, not idle past ``SAMVERKA_SESSION_IDLE_MINUTES``, not past its lifetime —
and its account is active; otherwise the browser's cookie is cleared and nobody is signed in.
So signing out, an officer ending the session, deactivating the account or setting its
password takes effect at the very next request, in every worker. The account's role and scope
are always the stored ones and never travel in a cookie. The session's last request is written
at most once a minute (``platform.access.domain.web_sessions.SEEN_PRECISION``).

An API request a program makes with a token (``Authorization: Bearer``) acts as the token's
actor (``platform.access.bearer`` checks the token and calls ``remember_bearer``): then
``current_actor`` is that actor, whatever cookie the request carries, and ``bearer_actor``
tells the CSRF check that no cookie speaks for the request.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from fastapi import Request
from sqlalchemy import Engine

from samverka.platform.access.domain.actors import Actor
from samverka.platform.access.domain.web_sessions import is_current, needs_seen_update, token_digest
from samverka.platform.access.queries import signed_in_session
from samverka.platform.access.services.web_sessions import record_seen
from samverka.platform.web.browser_session import browser_session
from samverka.platform.web.context import WebContext, web_context

_CACHE = "samverka_signed_in"
_BEARER = "samverka_bearer"


@dataclass(frozen=True, slots=True)
class SignedIn:
    session_id: int
    actor: Actor
    token: str = field(repr=False)


def current_session(request: Request) -> SignedIn | None:
    """The browser's current session, or ``None``; looked up once per request."""
    if hasattr(request.state, _CACHE):
        cached: SignedIn | None = getattr(request.state, _CACHE)
        return cached
    browser = browser_session(request)
    found = None if browser.token is None else _look_up(request, browser.token)
    if found is None:
        browser.end()
    remember(request, found)
    return found


def current_actor(request: Request) -> Actor | None:
    """The signed-in actor (a program's token's actor first), or ``None``."""
    program = bearer_actor(request)
    if program is not None:
        return program
    signed_in = current_session(request)
    return None if signed_in is None else signed_in.actor


def remember(request: Request, signed_in: SignedIn | None) -> None:
    """``signed_in`` is this request's session from now on (after signing in or out)."""
    setattr(request.state, _CACHE, signed_in)


def remember_bearer(request: Request, actor: Actor) -> None:
    """This API request is made with a usable token, which acts as ``actor``."""
    setattr(request.state, _BEARER, actor)


def bearer_actor(request: Request) -> Actor | None:
    """The actor of this request's API token, if it was made with one."""
    actor: Actor | None = getattr(request.state, _BEARER, None)
    return actor


def _reading_engine(context: WebContext) -> Engine:
    """The engine of the reading sessions (autocommit): the look-up needs no ORM session."""
    bind = context.reads.kw["bind"]
    if not isinstance(bind, Engine):
        raise TypeError("the reading sessions must be bound to an engine")
    return bind


def _look_up(request: Request, token: str) -> SignedIn | None:
    context = web_context(request)
    now = context.clock()
    with _reading_engine(context).connect() as connection:
        row = signed_in_session(connection, token_digest(token))
    if row is None or not row.account_active or not is_current(row.times, context.sessions, now):
        return None
    if needs_seen_update(row.times, now):
        record_seen(context.unit_of_work(), session_id=row.id, now=now)
    return SignedIn(row.id, row.actor, token)
