"""``create_app``: the web application and the API, assembled from settings and two ports.

Nothing is built at import time. ``samverka.bootstrap.web_app(settings)`` calls this with the
real database and the local-password ``Authenticator``; tests call it with their own.

* Sessions: Starlette's signed session cookie ``samverka_session`` (HttpOnly, SameSite=Lax,
  Secure outside development, 8 hours from the last change), holding the username, the role
  and the CSRF token.
* Every unsafe request is checked for the CSRF token (``csrf.protect``, app-wide).
* A request body larger than ``Settings.maximum_request_bytes`` is refused with 413 before the
  session is used or a form parsed (``body_limit``).
* Errors: one mapping (``errors``), JSON under ``/api/``, an error page elsewhere.
* The OpenAPI document is at ``/api/v1/openapi.json``, its documentation at ``/api/v1/docs``.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from datetime import timedelta
from pathlib import Path

import anyio.to_thread
from fastapi import Depends, FastAPI
from fastapi.staticfiles import StaticFiles
from sqlalchemy.orm import Session, sessionmaker
from starlette.middleware.sessions import SessionMiddleware

from samverka.adapters.db.engine import reading_sessions
from samverka.config import Settings
from samverka.entrypoints.api import applicant as api_applicant
from samverka.entrypoints.api import board as api_board
from samverka.entrypoints.api import calendar as api_calendar
from samverka.entrypoints.api import compensation as api_compensation
from samverka.entrypoints.api import counsellor as api_counsellor
from samverka.entrypoints.api import kaa as api_kaa
from samverka.entrypoints.api import member_fees as api_member_fees
from samverka.entrypoints.api import municipality as api_municipality
from samverka.entrypoints.api import operations_plan as api_operations_plan
from samverka.entrypoints.api import plan_document as api_plan_document
from samverka.entrypoints.api import register as api_register
from samverka.entrypoints.api import rounds as api_rounds
from samverka.entrypoints.api import routes as api_routes
from samverka.entrypoints.api import school as api_school
from samverka.entrypoints.api import school_decisions as api_school_decisions
from samverka.entrypoints.api import state_grants as api_state_grants
from samverka.entrypoints.web import (
    applicant,
    association,
    auth,
    board,
    counsellor,
    csrf,
    member_fees,
    municipality,
    officer,
    operations_plan,
    pages,
    plan_document,
    school,
    school_decisions,
    state_grants,
    supplements,
    year_calendar,
)
from samverka.entrypoints.web import compensation as compensation_pages
from samverka.entrypoints.web import kaa as kaa_pages
from samverka.entrypoints.web import register as register_pages
from samverka.entrypoints.web.body_limit import BodySizeLimit
from samverka.entrypoints.web.context import WebContext
from samverka.entrypoints.web.errors import install_error_handlers
from samverka.entrypoints.web.headers import SecurityHeaders
from samverka.entrypoints.web.i18n import Catalogue
from samverka.entrypoints.web.layout import page_context
from samverka.entrypoints.web.templating import build_templates
from samverka.services.authentication import Authenticator

STATIC = Path(__file__).with_name("static")
SESSION_COOKIE = "samverka_session"
SESSION_AGE = timedelta(hours=8)
OPENAPI_URL = "/api/v1/openapi.json"
DOCS_URL = "/api/v1/docs"


def create_app(
    settings: Settings,
    *,
    session_factory: sessionmaker[Session],
    authenticator: Authenticator,
) -> FastAPI:
    app = FastAPI(
        title="Samverka",
        summary="Upper-secondary admission (gymnasieantagning) of an inter-municipal association.",
        openapi_url=OPENAPI_URL,
        docs_url=DOCS_URL,
        redoc_url=None,
        dependencies=[Depends(csrf.protect)],
        lifespan=_serving_threads(settings.database_pool_size),
    )
    catalogue = Catalogue(settings.languages)
    templates = build_templates(page_context, catalogue)
    reads = reading_sessions(session_factory)
    app.state.samverka = WebContext(
        settings, session_factory, reads, authenticator, catalogue, templates
    )
    app.add_middleware(BodySizeLimit, maximum_bytes=settings.maximum_request_bytes)
    app.add_middleware(
        SessionMiddleware,
        secret_key=settings.secret_key,
        session_cookie=SESSION_COOKIE,
        max_age=int(SESSION_AGE.total_seconds()),
        same_site="lax",
        https_only=not settings.development,
    )
    app.add_middleware(SecurityHeaders, without_policy={DOCS_URL})
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    install_error_handlers(app)
    for router in (pages.router, auth.router, api_routes.router):
        app.include_router(router)
    app.include_router(officer.router)
    app.include_router(year_calendar.router)
    app.include_router(supplements.router)
    app.include_router(api_calendar.router)
    app.include_router(api_rounds.router)
    app.include_router(applicant.router)
    app.include_router(api_applicant.router)
    for extra in (school.router, municipality.router, api_school.router, api_municipality.router):
        app.include_router(extra)
    for decisions in (school_decisions.router, api_school_decisions.router):
        app.include_router(decisions)
    app.include_router(compensation_pages.router)
    app.include_router(api_compensation.router)
    app.include_router(register_pages.router)
    app.include_router(kaa_pages.router)
    app.include_router(api_register.router)
    app.include_router(api_kaa.router)
    app.include_router(counsellor.router)
    app.include_router(api_counsellor.router)
    _include_association(app)
    return app


def _include_association(app: FastAPI) -> None:
    """The association's own economics and steering: member fees, state grants, the operations
    plan and budget, board work and agreements, as pages and API."""
    app.include_router(association.router)
    for area in (member_fees, state_grants, operations_plan, plan_document, board):
        app.include_router(area.router)
    for api_area in (api_member_fees, api_state_grants, api_operations_plan, api_plan_document):
        app.include_router(api_area.router)
    app.include_router(api_board.router)


def _serving_threads(count: int) -> Callable[[FastAPI], AbstractAsyncContextManager[None]]:
    """A lifespan that serves at most ``count`` requests at once, one per pooled database
    connection: every page and API handler runs in a worker thread and holds a connection, and
    more threads than connections would only queue for them while contending for the GIL."""

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        anyio.to_thread.current_default_thread_limiter().total_tokens = count
        yield

    return lifespan
