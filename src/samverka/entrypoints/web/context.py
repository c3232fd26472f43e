"""What every request handler may reach: the application's parts, built once by ``create_app``.

Nothing here is built at import time; ``create_app`` stores a ``WebContext`` on the
application, and handlers get it with ``web_context(request)``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from fastapi import Request
from fastapi.templating import Jinja2Templates
from sqlalchemy.orm import Session, sessionmaker

from samverka.clock import Clock, system_clock
from samverka.config import Settings
from samverka.entrypoints.web.i18n import Catalogue
from samverka.services.authentication import Authenticator

API_PREFIX = "/api/"


@dataclass(frozen=True, slots=True)
class WebContext:
    settings: Settings
    session_factory: sessionmaker[Session]  # for units of work: one transaction each
    reads: sessionmaker[Session]  # for queries only: ``adapters.db.engine.reading_sessions``
    authenticator: Authenticator
    catalogue: Catalogue
    templates: Mapping[str, Jinja2Templates]  # by language code
    clock: Clock = system_clock  # the one clock of every request (``samverka.clock``)


def web_context(request: Request) -> WebContext:
    context = request.app.state.samverka
    if not isinstance(context, WebContext):
        raise TypeError("the application was not made by create_app()")
    return context


def is_api_request(request: Request) -> bool:
    return request.url.path.startswith(API_PREFIX)


def client_address(request: Request) -> str:
    """The client's address as the server sees it (uvicorn applies trusted proxy headers)."""
    return request.client.host if request.client is not None else "unknown"
