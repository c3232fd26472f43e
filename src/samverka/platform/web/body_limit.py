"""Request bodies within a size limit, checked before anyone is signed in or any form parsed.

Source: issue 11 point 6 ("request bodies have a size limit before authentication and
parsing"); RFC 9110 §15.5.14 (413 Content Too Large); what nginx (``client_max_body_size``)
and Django (``DATA_UPLOAD_MAX_MEMORY_SIZE``) do. Plain ASGI middleware, inside the session
middleware (which only checks the cookie's signature) and outside everything else:

1. A request whose ``Content-Length`` announces more than the limit is answered 413 at once,
   with ``Connection: close``: the application is not called, not a byte of the body is read,
   no account is looked up, no form is parsed. The answer is the one error mapping's
   (``errors.respond``): JSON under ``/api/``, else the error page in the request's language.
2. Otherwise every chunk the application reads is counted, whatever the headers say (a body
   sent in chunks has no length; a lying length is no help): past the limit the read raises
   ``BodyTooLarge``, an HTTP 413 that FastAPI passes on to the same mapping, and the route never
   runs. Forms are parsed only by reading, so a form is never parsed past the limit.

The limit is the setting ``SAMVERKA_MAXIMUM_REQUEST_MB`` (``Settings.maximum_request_bytes``).
"""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from samverka.errors import N_, worded
from samverka.platform.files.limits import size_text
from samverka.platform.web.auth import render_signed_out
from samverka.platform.web.errors import TOO_LARGE, Said, respond


class BodyTooLarge(HTTPException):
    """The request body is larger than the limit (413)."""

    def __init__(self, maximum_bytes: int) -> None:
        self.text = N_("Det som skickades är större än %(size)s, det mesta som läses.")
        self.parameters = {"size": size_text(maximum_bytes)}
        message = worded(self.text, self.parameters)
        super().__init__(status_code=413, detail=message, headers={"Connection": "close"})


class BodySizeLimit:
    def __init__(self, app: ASGIApp, *, maximum_bytes: int) -> None:
        self.app = app
        self.maximum_bytes = maximum_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if _announced(scope) > self.maximum_bytes:
            await self._refuse(scope, receive, send)
            return
        received = 0

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.maximum_bytes:
                    raise BodyTooLarge(self.maximum_bytes)
            return message

        await self.app(scope, counted, send)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        request = Request(scope, receive)
        render_signed_out(request)  # no account is read for a refused request
        refusal = BodyTooLarge(self.maximum_bytes)
        message = Said("", 0, "", refusal.text, refusal.parameters)
        response = respond(request, TOO_LARGE, message, headers=refusal.headers)
        await response(scope, receive, send)


def _announced(scope: Scope) -> int:
    """The body's length as the ``Content-Length`` header gives it (0 if none or not a number:
    the server refuses a malformed one, and the body is counted anyway)."""
    for name, value in scope["headers"]:
        if name == b"content-length":
            return int(value) if value.isdigit() else 0
    return 0
