"""Signing in and out, and who is signed in: ``current_actor`` and ``require(*roles)``.

The sign-in form hands the ``Authenticator`` (local passwords today, OpenID Connect later) the
username, the password and the client's address. The check runs on the password threads
(``password_work``), never on the threads that serve pages; when too many sign-ins wait there
already, the form says so at once (503). On success a new server-side session starts with a
new random token (the browser's earlier session, if any, ends: no session fixation), and the
cookie carries only that token (``browser_session``). A refusal shows the form again: 401 with
"wrong username or password", or 429 with the time to wait after too many failures.

The form carries ``next``, the page that asked for sign-in (``/logga-in?next=/mitt-resultat``, as
the page "Du behöver logga in" links): after signing in the browser goes back there, if it is a
path on this site (``local_paths``), else to the start page.

Signing out ends the session on the server at once, so a copy of the cookie is worth nothing
afterwards (OWASP ASVS 4.0.3 V3.3.1).

A program signs in to the API with a token instead (``platform.access.bearer``). ``API_TOKEN``
declares that bearer scheme (RFC 6750) in the API's document (OpenAPI 3.1 Security Scheme
Object), so that ``/api/v1/docs`` offers "Authorize" with a token; ``require`` names it on the
operations a token's role (``WORKPLACE_ROLES``: counsellor, school, municipality) may call.
"""

from __future__ import annotations

import gettext
import math
from collections.abc import Callable
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from samverka.errors import N_, Busy, NotPermitted, NotSignedIn, TooManyAttempts
from samverka.platform.access.domain.actors import WORKPLACE_ROLES, Actor, Role
from samverka.platform.access.services.authentication import MAXIMUM_PASSWORD_LENGTH, Credentials
from samverka.platform.access.services.web_sessions import end_web_session, start_web_session
from samverka.platform.web.browser_session import browser_session
from samverka.platform.web.context import WebContext, client_address, web_context
from samverka.platform.web.local_paths import MAXIMUM_LENGTH, is_local_path, local_path
from samverka.platform.web.signed_in import (
    SignedIn,
    current_actor,
    current_session,
    remember,
)
from samverka.platform.web.templating import render, translations

__all__ = [
    "current_actor",
    "current_session",
    "end_session",
    "render_signed_out",
    "require",
    "router",
]
USER_AGENT_LENGTH = 300
API_TOKEN = HTTPBearer(
    scheme_name="apiToken",
    description=(
        "An API token (`svk_…`) made by the admission office on /konton/api-nycklar. It acts as "
        "one counsellor's, school's or municipality's role in one scope, and needs no CSRF "
        "token. The operations marked with it accept it; every operation also accepts a "
        "signed-in browser session (the cookie from /logga-in, with the `X-CSRF-Token` header "
        "on a change)."
    ),
    auto_error=False,  # without a token, the session decides
)
TokenHeader = Annotated[HTTPAuthorizationCredentials | None, Depends(API_TOKEN)]

router = APIRouter(include_in_schema=False)


class SignInForm(BaseModel):
    username: str = Field("", max_length=256)
    password: str = Field("", max_length=MAXIMUM_PASSWORD_LENGTH)
    next: str = Field("", max_length=MAXIMUM_LENGTH)


@router.get("/logga-in", name="sign_in_form", response_class=HTMLResponse)
def sign_in_form(
    request: Request, next_path: Annotated[str, Query(alias="next", max_length=MAXIMUM_LENGTH)] = ""
) -> Response:
    context = {"username": "", "refusal": None, "next": _kept(next_path)}
    return render(request, "sign_in.html", context)


@router.post("/logga-in", name="sign_in")
async def sign_in(request: Request, form: Annotated[SignInForm, Form()]) -> Response:
    context = web_context(request)
    credentials = Credentials(form.username, form.password, client_address(request))
    agent = request.headers.get("user-agent", "")[:USER_AGENT_LENGTH]
    earlier = browser_session(request).token

    def work() -> SignedIn:
        return _signed_in(context, credentials, agent, earlier)

    try:
        signed_in = await context.password_work.run(work)
    except (NotPermitted, Busy) as refusal:
        return await run_in_threadpool(_refused, request, form, refusal)
    browser_session(request).start(signed_in.token)
    remember(request, signed_in)
    return RedirectResponse(local_path(form.next or "/"), status_code=303)


@router.post("/logga-ut", name="sign_out")
def sign_out(request: Request) -> Response:
    end_session(request)
    return RedirectResponse("/", status_code=303)


def end_session(request: Request) -> None:
    """Sign out: the browser's session ends on the server and its cookie is cleared."""
    browser = browser_session(request)
    if browser.token is not None:
        context = web_context(request)
        uow = context.unit_of_work()
        end_web_session(uow, token=browser.token, now=context.clock())
    browser.end()
    remember(request, None)


def render_signed_out(request: Request) -> None:
    """This request's pages show nobody signed in, and no session is read for it (a request
    refused before sign-in, such as a body too large)."""
    remember(request, None)


def require(*roles: Role) -> Callable[..., Actor]:
    """A dependency: the signed-in actor, if it has one of ``roles`` (any role if none given);
    else ``NotSignedIn`` (401) or ``NotPermitted`` (403). Where a token's role is among
    ``roles`` (or any role will do), the dependency also names ``API_TOKEN``, so that the API's
    document marks the operation as one a token may call."""

    def signed_in(request: Request) -> Actor:
        actor = current_actor(request)
        if actor is None:
            raise NotSignedIn(N_("Logga in först."))
        if roles and actor.role not in roles:
            raise NotPermitted(N_("Ditt konto har inte en roll som får göra detta."))
        return actor

    if roles and not WORKPLACE_ROLES & set(roles):
        return signed_in

    def signed_in_or_by_token(request: Request, _token: TokenHeader) -> Actor:
        return signed_in(request)  # the token, if any, was checked by ``bearer.authenticate``

    return signed_in_or_by_token


def _signed_in(
    context: WebContext, credentials: Credentials, agent: str, earlier: str | None
) -> SignedIn:
    """On the password threads: check the password, then start the session."""
    actor = context.authenticator.authenticate(credentials)
    started = start_web_session(
        context.unit_of_work(),
        actor=actor,
        client_address=credentials.client_address,
        user_agent=agent,
        policy=context.sessions,
        now=context.clock(),
        replacing=earlier,
    )
    return SignedIn(started.id, actor, started.token)


def _kept(next_path: str) -> str:
    """The page to go back to after signing in, if it is one of this site's (else none)."""
    return next_path if is_local_path(next_path) else ""


def _refused(request: Request, form: SignInForm, refusal: NotPermitted | Busy) -> Response:
    """The form again, with why the sign-in was refused (and still the page to go back to)."""
    message, status, headers = refusal_text(translations(request), refusal)
    context = {"username": form.username, "refusal": message, "next": _kept(form.next)}
    return render(request, "sign_in.html", context, status_code=status, headers=headers)


def refusal_text(
    texts: gettext.NullTranslations, refusal: NotPermitted | Busy
) -> tuple[str, int, dict[str, str]]:
    """Why a sign-in (or a password check) was refused, in the reader's language: the text,
    the status and the headers (``Retry-After``)."""
    if isinstance(refusal, Busy):
        seconds = max(1, math.ceil(refusal.retry_after.total_seconds()))
        message = texts.gettext("Många loggar in just nu. Försök igen om en liten stund.")
        return message, 503, {"Retry-After": str(seconds)}
    if not isinstance(refusal, TooManyAttempts):
        return texts.gettext("Fel användarnamn eller lösenord."), 401, {}
    seconds = max(1, math.ceil(refusal.retry_after.total_seconds()))
    headers = {"Retry-After": str(seconds)}
    if seconds < 60:
        message = texts.ngettext(
            "För många misslyckade försök. Försök igen om %(num)d sekund.",
            "För många misslyckade försök. Försök igen om %(num)d sekunder.",
            seconds,
        )
        return message % {"num": seconds}, 429, headers
    minutes = math.ceil(seconds / 60)
    message = texts.ngettext(
        "För många misslyckade försök. Försök igen om %(num)d minut.",
        "För många misslyckade försök. Försök igen om %(num)d minuter.",
        minutes,
    )
    return message % {"num": minutes}, 429, headers
