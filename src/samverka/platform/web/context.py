"""What every request handler may reach: the application's parts, built once by ``create_app``.

Nothing here is built at import time; ``create_app`` stores a ``WebContext`` on the
application, and handlers get it with ``web_context(request)``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from fastapi import Request
from fastapi.templating import Jinja2Templates
from sqlalchemy.orm import Session, sessionmaker

from samverka.config import Settings
from samverka.platform.access.domain.web_sessions import SessionPolicy
from samverka.platform.access.ports import PasswordHasher
from samverka.platform.access.services.authentication import Authenticator
from samverka.platform.access.web.password_work import PasswordWork
from samverka.platform.clock import Clock
from samverka.platform.web.i18n import Catalogue

API_PREFIX = "/api/"


@dataclass(frozen=True, slots=True)
class WebContext:
    settings: Settings
    session_factory: sessionmaker[Session]  # for units of work: one transaction each
    reads: sessionmaker[Session]  # for queries only: ``platform.db.engine.reading_sessions``
    authenticator: Authenticator
    catalogue: Catalogue
    templates: Mapping[str, Jinja2Templates]  # by language code
    secret_key: bytes  # keys the CSRF tokens (``csrf``)
    sessions: SessionPolicy
    clock: Clock  # the one clock of every request (``samverka.platform.clock``); UTC moments
    password_work: PasswordWork  # argon2id off the page threads
    passwords: PasswordHasher  # for a new password (``own_password``)
    unit_of_work: Callable[[], Any]  # the composition root's SQL unit of work: every context's
    current_year: Callable[[Session], int]  # the newest admission year; ``NotFound`` without


def web_context(request: Request) -> WebContext:
    context = request.app.state.samverka
    if not isinstance(context, WebContext):
        raise TypeError("the application was not made by create_app()")
    return context


def is_api_request(request: Request) -> bool:
    return request.url.path.startswith(API_PREFIX)


def client_address(request: Request) -> str:
    """The client's address: the peer, or behind a trusted proxy the address it forwards
    (``proxies.TrustedProxies``)."""
    return request.client.host if request.client is not None else "unknown"
