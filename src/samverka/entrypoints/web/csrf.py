"""Protection against cross-site request forgery: a per-session token on every unsafe request.

Procedure, for every request whose method is not GET, HEAD, OPTIONS or TRACE:

1. The expected token is the one stored in the signed session cookie (``csrf_token(request)``
   makes one the first time a form needs it, and ``renew_csrf_token`` replaces it at sign-in).
2. An API request (``/api/…``) must send it in the ``X-CSRF-Token`` header; a form must send
   it in the hidden field ``csrf_token`` (or, for scripts such as htmx, in the header).
3. A missing or different token is refused with ``CsrfRejected`` (403) before the route runs,
   so nothing is changed.

The check is an application-wide dependency, so no route can forget it.
"""

from __future__ import annotations

import secrets

from fastapi import Request

from samverka.entrypoints.web.context import is_api_request
from samverka.errors import NotPermitted

SESSION_KEY = "csrf"
FORM_FIELD = "csrf_token"
HEADER = "X-CSRF-Token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})


class CsrfRejected(NotPermitted):
    """An unsafe request without this session's CSRF token."""


def csrf_token(request: Request) -> str:
    """This session's token, made now if it has none."""
    token = request.session.get(SESSION_KEY)
    if not isinstance(token, str):
        token = renew_csrf_token(request)
    return token


def renew_csrf_token(request: Request) -> str:
    token = secrets.token_urlsafe(32)
    request.session[SESSION_KEY] = token
    return token


async def protect(request: Request) -> None:
    """Refuse an unsafe request that does not carry this session's token."""
    if request.method in SAFE_METHODS:
        return
    expected = request.session.get(SESSION_KEY)
    sent = request.headers.get(HEADER)
    if sent is None and not is_api_request(request):
        field = (await request.form()).get(FORM_FIELD)
        sent = field if isinstance(field, str) else None
    if not (isinstance(expected, str) and sent and _same(expected, sent)):
        raise CsrfRejected("the CSRF token is missing or wrong; reload the page and try again")


def _same(expected: str, sent: str) -> bool:
    # As bytes: compare_digest refuses str with characters outside ASCII.
    return secrets.compare_digest(expected.encode(), sent.encode())
