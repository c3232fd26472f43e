"""A program's sign-in to the API: ``Authorization: Bearer <token>`` (RFC 6750), checked on
every API request before anything else reads who is signed in.

Procedure, an application-wide dependency run before the CSRF check (``web_app``):

1. Only API requests (``/api/…``) are looked at: a token never works on a page, where the
   request counts as not signed in by a token (a cookie still counts).
2. A request without an ``Authorization`` header, or with another scheme, is left to the
   session cookie.
3. A bearer token that is malformed, unknown, revoked or expired is refused with
   ``NotSignedIn`` (401), whatever cookie the request carries.
4. A usable token's actor (its role in its one scope,
   ``platform.access.domain.api_tokens.token_actor``) is this request's actor
   (``platform.web.signed_in.remember_bearer``), so the auth aliases and the services see the
   program as that role; its last use is written at most once a minute. Such a request needs
   no CSRF token (``platform.web.csrf``).
"""

from __future__ import annotations

from fastapi import Request
from starlette.concurrency import run_in_threadpool

from samverka.errors import N_, NotSignedIn
from samverka.platform.access.queries import api_token
from samverka.platform.access.services.api_tokens import secret_digest, token_in_use
from samverka.platform.web.context import is_api_request, web_context
from samverka.platform.web.signed_in import remember_bearer

SCHEME = "bearer"


async def authenticate(request: Request) -> None:
    """Make the request's usable API token its actor; 401 for a token that is not usable.
    Async, so that a request without a token (every page) takes no worker thread for it; a
    token is looked up on one."""
    header = request.headers.get("authorization")
    if header is None or not is_api_request(request):
        return
    scheme, _, secret = header.strip().partition(" ")
    if scheme.lower() != SCHEME:
        return
    digest = secret_digest(secret.strip())
    if digest is None:
        raise NotSignedIn(N_("API-nyckeln har fel form."))
    await run_in_threadpool(_use_token, request, digest)


def _use_token(request: Request, digest: str) -> None:
    context = web_context(request)
    with context.reads() as session:
        found = api_token(session, digest)
    actor = token_in_use(context.unit_of_work(), found=found, now=context.clock())
    if actor is None:
        raise NotSignedIn(N_("API-nyckeln är okänd, återkallad eller har gått ut."))
    remember_bearer(request, actor)
