"""Signing in and out, and who is signed in: ``current_actor`` and ``require(*roles)``.

The sign-in form hands the ``Authenticator`` (local passwords today, OpenID Connect later) the
username, the password and the client's address. On success the session is started afresh,
holding the username and role only, with a new CSRF token; ``current_actor`` reads the account
again on each request (``queries.accounts``), so a deactivated account is signed out at once.
A refusal shows the form again: 401 with "wrong username or password", or 429 with the time
to wait after too many failures.
"""

from __future__ import annotations

import gettext
import math
from collections.abc import Callable
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel, Field

from samverka.domain.access.actors import Actor, Role
from samverka.entrypoints.web.context import client_address, web_context
from samverka.entrypoints.web.csrf import renew_csrf_token
from samverka.entrypoints.web.templating import render, translations
from samverka.errors import NotPermitted, NotSignedIn, TooManyAttempts
from samverka.queries.accounts import signed_in_actor
from samverka.services.authentication import MAXIMUM_PASSWORD_LENGTH, Credentials

SESSION_USERNAME = "username"
SESSION_ROLE = "role"
_ACTOR_CACHE = "samverka_actor"

router = APIRouter(include_in_schema=False)


class SignInForm(BaseModel):
    username: str = Field("", max_length=256)
    password: str = Field("", max_length=MAXIMUM_PASSWORD_LENGTH)


@router.get("/logga-in", name="sign_in_form", response_class=HTMLResponse)
def sign_in_form(request: Request) -> Response:
    return render(request, "sign_in.html", {"username": "", "refusal": None})


@router.post("/logga-in", name="sign_in")
def sign_in(request: Request, form: Annotated[SignInForm, Form()]) -> Response:
    credentials = Credentials(form.username, form.password, client_address(request))
    try:
        actor = web_context(request).authenticator.authenticate(credentials)
    except NotPermitted as refusal:
        return _refused(request, form.username, refusal)
    start_session(request, actor)
    return RedirectResponse("/", status_code=303)


@router.post("/logga-ut", name="sign_out")
def sign_out(request: Request) -> Response:
    end_session(request)
    return RedirectResponse("/", status_code=303)


def start_session(request: Request, actor: Actor) -> None:
    """A fresh session for ``actor``: nothing kept from before, a new CSRF token."""
    request.session.clear()
    request.session.update({SESSION_USERNAME: actor.username, SESSION_ROLE: actor.role.value})
    renew_csrf_token(request)
    setattr(request.state, _ACTOR_CACHE, actor)


def end_session(request: Request) -> None:
    request.session.clear()
    setattr(request.state, _ACTOR_CACHE, None)


def render_signed_out(request: Request) -> None:
    """This request's pages show nobody signed in, and no account is read for it (a request
    refused before sign-in, such as a body too large)."""
    setattr(request.state, _ACTOR_CACHE, None)


def current_actor(request: Request) -> Actor | None:
    """The signed-in actor, or ``None``; read once per request."""
    if hasattr(request.state, _ACTOR_CACHE):
        cached: Actor | None = getattr(request.state, _ACTOR_CACHE)
        return cached
    username, role = request.session.get(SESSION_USERNAME), request.session.get(SESSION_ROLE)
    actor = None
    if isinstance(username, str) and isinstance(role, str):
        with web_context(request).reads() as session:
            actor = signed_in_actor(session, username, role)
        if actor is None:  # deactivated, or its role changed, since it signed in
            end_session(request)
    setattr(request.state, _ACTOR_CACHE, actor)
    return actor


def require(*roles: Role) -> Callable[[Request], Actor]:
    """A dependency: the signed-in actor, if it has one of ``roles`` (any role if none given);
    else ``NotSignedIn`` (401) or ``NotPermitted`` (403)."""

    def signed_in(request: Request) -> Actor:
        actor = current_actor(request)
        if actor is None:
            raise NotSignedIn("sign in first")
        if roles and actor.role not in roles:
            allowed = ", ".join(role.value for role in roles)
            raise NotPermitted(f"this needs one of the roles: {allowed}")
        return actor

    return signed_in


def _refused(request: Request, username: str, refusal: NotPermitted) -> Response:
    """The form again, with why the sign-in was refused."""
    message, status, headers = _refusal(translations(request), refusal)
    context = {"username": username, "refusal": message}
    return render(request, "sign_in.html", context, status_code=status, headers=headers)


def _refusal(
    texts: gettext.NullTranslations, refusal: NotPermitted
) -> tuple[str, int, dict[str, str]]:
    if not isinstance(refusal, TooManyAttempts):
        return texts.gettext("Fel användarnamn eller lösenord."), 401, {}
    seconds = max(1, math.ceil(refusal.retry_after.total_seconds()))
    minutes = math.ceil(seconds / 60)
    message = texts.ngettext(
        "För många misslyckade försök. Försök igen om %(num)d minut.",
        "För många misslyckade försök. Försök igen om %(num)d minuter.",
        minutes,
    )
    return message % {"num": minutes}, 429, {"Retry-After": str(seconds)}
