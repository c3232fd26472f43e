"""``create_app``: the web application and the API, assembled from settings and two ports.

Nothing is built at import time. ``samverka.bootstrap.web_app(settings)`` calls this with the
real database and the local-password ``Authenticator``; tests call it with their own.

* Sessions are held on the server (``platform.access.services.web_sessions``); the browser's cookie
  carries only the session's random token (``browser_session``: HttpOnly, SameSite=Lax, Secure and
  ``__Host-`` outside development). They end after ``SAMVERKA_SESSION_IDLE_MINUTES`` without a
  request and ``SAMVERKA_SESSION_LIFETIME_HOURS`` after signing in.
* A program signs in to the API with a token (``Authorization: Bearer``, checked app-wide by
  ``platform.access.bearer`` before the CSRF check, which such a request does not need).
* Every unsafe request is checked for the CSRF token (``csrf.protect``, app-wide), an HMAC of
  the session under ``SAMVERKA_SECRET_KEY``. Without a key, only development runs, with a
  random key of its own.
* ``X-Forwarded-For`` is believed only from ``SAMVERKA_TRUSTED_PROXIES`` (``proxies``).
* Password checks run on threads of their own (``password_work``).
* A request body larger than ``Settings.maximum_request_bytes`` is refused with 413 before the
  session is used or a form parsed (``body_limit``).
* Errors: one mapping (``errors``), JSON under ``/api/``, an error page elsewhere.
* The OpenAPI document is at ``/api/v1/openapi.json``, its documentation at ``/api/v1/docs``
  (``platform.api.docs``: Swagger UI served from the application's own static files).
* Time: every request uses the application's ``clock`` (``samverka.platform.clock``; the system's
  time unless a test gives its own), set app-wide before any other dependency (``use_clock``).
"""

from __future__ import annotations

import secrets
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from pathlib import Path

import anyio.to_thread
from fastapi import Depends, FastAPI, Request
from fastapi.staticfiles import StaticFiles
from sqlalchemy.orm import Session, sessionmaker

from samverka.admission.api import admission_area as api_admission_area
from samverka.admission.api import applicant as api_applicant
from samverka.admission.api import calendar as api_calendar
from samverka.admission.api import counsellor as api_counsellor
from samverka.admission.api import inbox as api_inbox
from samverka.admission.api import person as api_person
from samverka.admission.api import reception as api_reception
from samverka.admission.api import rounds as api_rounds
from samverka.admission.api import school as api_school
from samverka.admission.api import school_decisions as api_school_decisions
from samverka.admission.api import school_rankings as api_school_rankings
from samverka.admission.domain.programme_names import programme_name
from samverka.admission.queries.admission_statistics import latest_admission_year
from samverka.admission.queries.reference_names import organiser_names, school_unit_names
from samverka.admission.web import (
    admission_area,
    applicant,
    counsellor,
    inbox,
    officer,
    person,
    reception,
    school,
    school_decisions,
    school_rankings,
    year_calendar,
)
from samverka.association import hub as association
from samverka.association.board.api import board as api_board
from samverka.association.board.web import board
from samverka.association.fees import api as api_member_fees
from samverka.association.fees import web as member_fees
from samverka.association.grants import api as api_state_grants
from samverka.association.grants import web as state_grants
from samverka.association.plan.api import document as api_plan_document
from samverka.association.plan.api import operations_plan as api_operations_plan
from samverka.association.plan.web import document as plan_document
from samverka.association.plan.web import operations_plan
from samverka.compensation.api import compensation as api_compensation
from samverka.compensation.api import compensation_anomalies as api_compensation_anomalies
from samverka.compensation.api import compensation_terms as api_compensation_terms
from samverka.compensation.queries.payee_names import payee_names
from samverka.compensation.web import (
    additional_grants,
    compensation_terms,
    price_proposals,
    supplements,
)
from samverka.compensation.web import compensation as compensation_pages
from samverka.compensation.web import compensation_anomalies as compensation_anomaly_pages
from samverka.compensation.web import compensation_runs as compensation_run_pages
from samverka.config import MAKE_A_KEY, Settings, SettingsError
from samverka.platform import clock as clocks
from samverka.platform.access import api as api_sessions
from samverka.platform.access import bearer
from samverka.platform.access.domain.web_sessions import SessionPolicy
from samverka.platform.access.passwords import Argon2idHasher
from samverka.platform.access.ports import PasswordHasher
from samverka.platform.access.services.authentication import Authenticator
from samverka.platform.access.web import account_sessions, api_tokens, own_password
from samverka.platform.access.web.password_work import PasswordWork
from samverka.platform.api import docs as api_docs
from samverka.platform.api import routes as api_routes
from samverka.platform.api.docs import OPENAPI_URL
from samverka.platform.clock import Clock, system_clock
from samverka.platform.db.engine import reading_sessions
from samverka.platform.web import auth, csrf, pages
from samverka.platform.web.body_limit import BodySizeLimit
from samverka.platform.web.browser_session import SessionCookies
from samverka.platform.web.context import WebContext, web_context
from samverka.platform.web.errors import install_error_handlers
from samverka.platform.web.headers import SecurityHeaders
from samverka.platform.web.i18n import Catalogue
from samverka.platform.web.layout import page_context
from samverka.platform.web.proxies import TrustedProxies
from samverka.platform.web.templating import TEMPLATES, ReferenceNames, build_templates
from samverka.register.api import kaa as api_kaa
from samverka.register.api import municipality as api_municipality
from samverka.register.api import population as api_population
from samverka.register.api import register as api_register
from samverka.register.web import kaa as kaa_pages
from samverka.register.web import kaa_list_file, municipality
from samverka.register.web import population as population_pages
from samverka.register.web import register as register_pages
from samverka.start_pages import router as start_pages
from samverka.unit_of_work import SqlUnitOfWork

CONTEXTS_WITH_PAGES = ("admission", "register", "compensation", "association")
STATIC = Path(__file__).parent / "platform" / "web" / "static"
# Each context's pages render its own templates; the platform's layout comes first.
TEMPLATE_DIRECTORIES = (
    TEMPLATES,
    *(Path(__file__).parent / context / "templates" for context in CONTEXTS_WITH_PAGES),
)


def create_app(
    settings: Settings,
    *,
    session_factory: sessionmaker[Session],
    authenticator: Authenticator,
    clock: Clock = system_clock,
    passwords: PasswordHasher | None = None,
) -> FastAPI:
    """The application; ``clock`` (default: the system's) is the one clock of every request
    (``samverka.platform.clock``), sessions' times included, and ``passwords`` (default: argon2id
    with its production parameters) hashes new passwords."""
    app = FastAPI(
        title="Samverka",
        summary="Upper-secondary admission (gymnasieantagning) of an inter-municipal association.",
        openapi_url=OPENAPI_URL,
        docs_url=None,
        redoc_url=None,
        dependencies=[Depends(use_clock), Depends(bearer.authenticate), Depends(csrf.protect)],
        lifespan=_serving_threads(settings.database_pool_size),
    )
    catalogue = Catalogue(settings.languages)
    templates = build_templates(
        page_context, catalogue, TEMPLATE_DIRECTORIES, programme_name, _reference_names
    )
    reads = reading_sessions(session_factory)
    sessions = SessionPolicy(settings.session_idle_timeout, settings.session_lifetime)
    app.state.samverka = WebContext(
        settings,
        session_factory,
        reads,
        authenticator,
        catalogue,
        templates,
        secret_key=_secret_key(settings),
        sessions=sessions,
        clock=clock,
        password_work=PasswordWork(
            threads=settings.password_hashing_threads, queue=settings.password_hashing_queue
        ),
        passwords=passwords or Argon2idHasher(),
        unit_of_work=lambda: SqlUnitOfWork(session_factory),
        current_year=latest_admission_year,
    )
    app.add_middleware(BodySizeLimit, maximum_bytes=settings.maximum_request_bytes)
    app.add_middleware(
        SessionCookies, secure=not settings.development, lifetime=settings.session_lifetime
    )
    app.add_middleware(SecurityHeaders)
    app.add_middleware(TrustedProxies, trusted=settings.trusted_proxies)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    install_error_handlers(app)
    for router in (start_pages, pages.router, auth.router, api_routes.router, api_docs.router):
        app.include_router(router)
    app.include_router(officer.router)
    app.include_router(account_sessions.router)
    app.include_router(api_tokens.router)
    app.include_router(own_password.router)
    app.include_router(api_sessions.router)
    app.include_router(year_calendar.router)
    app.include_router(admission_area.router)
    app.include_router(api_admission_area.router)
    app.include_router(supplements.router)
    app.include_router(api_calendar.router)
    app.include_router(api_rounds.router)
    app.include_router(applicant.router)
    app.include_router(api_applicant.router)
    for extra in (school.router, municipality.router, api_school.router, api_municipality.router):
        app.include_router(extra)
    for decisions in (
        school_decisions.router,
        api_school_decisions.router,
        school_rankings.router,
        api_school_rankings.router,
    ):
        app.include_router(decisions)
    app.include_router(compensation_pages.router)
    for terms in (additional_grants, price_proposals, compensation_terms):
        app.include_router(terms.router)
    app.include_router(api_compensation.router)
    app.include_router(compensation_anomaly_pages.router)
    app.include_router(compensation_run_pages.router)
    app.include_router(api_compensation_anomalies.router)
    app.include_router(api_compensation_terms.router)
    app.include_router(register_pages.router)
    app.include_router(kaa_pages.router)
    app.include_router(kaa_list_file.router)
    app.include_router(api_register.router)
    app.include_router(population_pages.router)
    app.include_router(api_population.router)
    app.include_router(api_kaa.router)
    app.include_router(counsellor.router)
    app.include_router(reception.router)
    app.include_router(api_reception.router)
    app.include_router(api_counsellor.router)
    app.include_router(person.router)
    app.include_router(api_person.router)
    app.include_router(inbox.router)
    app.include_router(api_inbox.router)
    _include_association(app)
    return app


async def use_clock(request: Request) -> None:
    """The application's clock for this request (async: it sets the request task's context,
    which the handler's worker thread inherits)."""
    clocks.use(web_context(request).clock)


def _include_association(app: FastAPI) -> None:
    """The association's own economics and steering: member fees, state grants, the operations
    plan and budget, board work and agreements, as pages and API."""
    app.include_router(association.router)
    for area in (member_fees, state_grants, operations_plan, plan_document, board):
        app.include_router(area.router)
    for api_area in (api_member_fees, api_state_grants, api_operations_plan, api_plan_document):
        app.include_router(api_area.router)
    app.include_router(api_board.router)


def _reference_names(request: Request) -> ReferenceNames:
    """The organisers' and school units' names a page shows beside their codes: the
    admission's organisers and school units and the compensation's payees."""
    with web_context(request).reads() as session:
        organisers = {**organiser_names(session), **payee_names(session)}
        return ReferenceNames(organisers, school_unit_names(session))


def _secret_key(settings: Settings) -> bytes:
    """The key of the CSRF tokens: ``SAMVERKA_SECRET_KEY``; in development without one, a
    random key for this process (forms open across a restart must then be reloaded)."""
    if settings.secret_key is not None:
        return settings.secret_key.encode()
    if not settings.development:
        raise SettingsError(
            f"SAMVERKA_SECRET_KEY måste vara satt när SAMVERKA_ENVIRONMENT är "
            f"{settings.environment!r}; gör ett värde med: {MAKE_A_KEY}"
        )
    return secrets.token_bytes(32)


def _serving_threads(count: int) -> Callable[[FastAPI], AbstractAsyncContextManager[None]]:
    """A lifespan that serves at most ``count`` requests at once, one per pooled database
    connection: every page and API handler runs in a worker thread and holds a connection, and
    more threads than connections would only queue for them while contending for the GIL."""

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        anyio.to_thread.current_default_thread_limiter().total_tokens = count
        yield

    return lifespan
