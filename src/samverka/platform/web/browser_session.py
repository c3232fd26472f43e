"""The browser's two cookies, read and written by one ASGI middleware (``SessionCookies``).

* ``samverka_session`` (``__Host-samverka_session`` over HTTPS): the signed-in session's random
  token and nothing else — no username, no role. The server keeps the session
  (``platform.access.services.web_sessions``); the cookie lives no longer than the session's
  absolute lifetime.
* ``samverka_csrf`` (``__Host-samverka_csrf``): a random value for a visitor who is not signed
  in, to which the sign-in form's CSRF token is bound (``csrf``).

Both are HttpOnly, SameSite=Lax, Path=/, and Secure outside development; the ``__Host-`` prefix
(OWASP ASVS 4.0.3 V3.4.4) makes the browser refuse them unless they are Secure, for this host
only and for the whole site. Handlers change what is sent back through ``browser_session``
(``start``, ``end``, ``anonymous_value``); the middleware writes the ``Set-Cookie`` headers.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import timedelta

from fastapi import Request
from starlette.datastructures import MutableHeaders
from starlette.requests import cookie_parser
from starlette.types import ASGIApp, Message, Receive, Scope, Send

SESSION_COOKIE = "samverka_session"
ANONYMOUS_COOKIE = "samverka_csrf"
SECURE_PREFIX = "__Host-"
_SCOPE_KEY = "samverka.browser_session"


@dataclass(slots=True)
class BrowserSession:
    """What the browser sent, and what to send back."""

    token: str | None  # the session token the browser holds
    anonymous: str | None  # the value the anonymous CSRF token is bound to
    _set_token: str | None = None
    _clear_token: bool = False
    _set_anonymous: bool = field(default=False)

    def start(self, token: str) -> None:
        self.token, self._set_token, self._clear_token = token, token, False

    def end(self) -> None:
        if self.token is not None or self._set_token is not None:
            self.token, self._set_token, self._clear_token = None, None, True

    def anonymous_value(self) -> str:
        """The anonymous value, made now (and sent back) if the browser has none."""
        if self.anonymous is None:
            self.anonymous, self._set_anonymous = secrets.token_urlsafe(32), True
        return self.anonymous


def browser_session(request: Request) -> BrowserSession:
    found = request.scope.get(_SCOPE_KEY)
    if not isinstance(found, BrowserSession):
        raise TypeError("the application has no SessionCookies middleware")
    return found


class SessionCookies:
    def __init__(self, app: ASGIApp, *, secure: bool, lifetime: timedelta) -> None:
        self.app = app
        self.secure = secure
        self.max_age = int(lifetime.total_seconds())
        prefix = SECURE_PREFIX if secure else ""
        self.session_name, self.anonymous_name = prefix + SESSION_COOKIE, prefix + ANONYMOUS_COOKIE

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        sent = _cookies(scope)
        state = BrowserSession(sent.get(self.session_name), sent.get(self.anonymous_name))
        scope[_SCOPE_KEY] = state

        async def send_with_cookies(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for cookie in self._set_cookies(state):
                    headers.append("set-cookie", cookie)
            await send(message)

        await self.app(scope, receive, send_with_cookies)

    def _set_cookies(self, state: BrowserSession) -> list[str]:
        cookies = []
        if state._set_token is not None:
            cookies.append(self._cookie(self.session_name, state._set_token, self.max_age))
        elif state._clear_token:
            cookies.append(self._cookie(self.session_name, "", 0))
        if state._set_anonymous and state.anonymous is not None:
            cookies.append(self._cookie(self.anonymous_name, state.anonymous, None))
        return cookies

    def _cookie(self, name: str, value: str, max_age: int | None) -> str:
        parts = [f"{name}={value}", "Path=/", "HttpOnly", "SameSite=Lax"]
        if max_age is not None:
            parts.insert(1, f"Max-Age={max_age}")
        if max_age == 0:
            parts.insert(2, "expires=Thu, 01 Jan 1970 00:00:00 GMT")
        if self.secure:
            parts.append("Secure")
        return "; ".join(parts)


def _cookies(scope: Scope) -> dict[str, str]:
    found: dict[str, str] = {}
    for name, value in scope["headers"]:
        if name == b"cookie":
            found |= cookie_parser(value.decode("latin-1"))
    return found
