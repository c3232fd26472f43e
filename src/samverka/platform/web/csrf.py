"""Protection against cross-site request forgery: a token bound to the browser's session on
every unsafe request.

The token is an HMAC-SHA256, under ``SAMVERKA_SECRET_KEY``, of what only this browser holds:

* signed in: the session's token (the server-side session, ``browser_session``), so that the
  CSRF token changes whenever the session does — at sign-in above all;
* not signed in (the sign-in form): a random value in the ``samverka_csrf`` cookie, made the
  first time a form needs it.

Procedure, for every request whose method is not GET, HEAD, OPTIONS or TRACE:

1. The expected token is the one of the browser's current session, or, if it has none, of its
   anonymous value; a browser with neither has no valid token.
2. An API request (``/api/…``) must send it in the ``X-CSRF-Token`` header; a form must send
   it in the hidden field ``csrf_token`` (or, for scripts such as htmx, in the header).
3. A missing or different token is refused with ``CsrfRejected`` (403) before the route runs,
   so nothing is changed.

An API request made with a program's token (``Authorization: Bearer``, checked before this by
``platform.access.bearer``) needs no CSRF token: a browser never adds that header by itself,
so no other site can make one, and the request acts as the token whatever cookie it carries.

The check is an application-wide dependency, so no route can forget it (OWASP ASVS 4.0.3
V4.2.2; the OWASP CSRF cheat sheet's synchronizer token, kept as an HMAC of the session id).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from fastapi import Request
from starlette.concurrency import run_in_threadpool

from samverka.errors import N_, NotPermitted
from samverka.platform.web.browser_session import browser_session
from samverka.platform.web.context import is_api_request, web_context
from samverka.platform.web.signed_in import bearer_actor, current_session

FORM_FIELD = "csrf_token"
HEADER = "X-CSRF-Token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})


class CsrfRejected(NotPermitted):
    """An unsafe request without this session's CSRF token."""


def csrf_token(request: Request) -> str:
    """The token this browser's forms and unsafe API requests must send."""
    expected = _expected(request)
    if expected is not None:
        return expected
    return _bound(request, "anonymous", browser_session(request).anonymous_value())


async def protect(request: Request) -> None:
    """Refuse an unsafe request that does not carry this session's token."""
    if request.method in SAFE_METHODS or bearer_actor(request) is not None:
        return
    expected = await run_in_threadpool(_expected, request)
    sent = request.headers.get(HEADER)
    if sent is None and not is_api_request(request):
        field = (await request.form()).get(FORM_FIELD)
        sent = field if isinstance(field, str) else None
    if not (expected and sent and _same(expected, sent)):
        raise CsrfRejected(
            N_("Formulärets kontrollkod saknas eller är fel. Ladda om sidan och försök igen.")
        )


def _expected(request: Request) -> str | None:
    signed_in = current_session(request)
    if signed_in is not None:
        return _bound(request, "session", signed_in.token)
    anonymous = browser_session(request).anonymous
    return None if anonymous is None else _bound(request, "anonymous", anonymous)


def _bound(request: Request, kind: str, value: str) -> str:
    key = web_context(request).secret_key
    return hmac.new(key, f"{kind}\n{value}".encode(), hashlib.sha256).hexdigest()


def _same(expected: str, sent: str) -> bool:
    # As bytes: compare_digest refuses str with characters outside ASCII.
    return secrets.compare_digest(expected.encode(), sent.encode())
