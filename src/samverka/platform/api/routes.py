"""The API's routes under ``/api/v1``: who is signed in, and the session.

Signing in is done on the sign-in page (``/logga-in``); the API then rides on the same session
cookie. ``GET /api/v1/session`` gives the CSRF token that unsafe API requests must send in the
``X-CSRF-Token`` header.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request, Response

from samverka.platform.access.domain.actors import Actor
from samverka.platform.api.schemas import ActorOut, ErrorOut, SessionOut
from samverka.platform.web.auth import current_actor, end_session, require
from samverka.platform.web.csrf import csrf_token

PREFIX = "/api/v1"
# The error answers any route may give, declared once for every route (each answer is the one
# error body, ``{"error": {"code", "message", "rows"}}``); a router may say more of one.
ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorOut, "description": "The body could not be read (`bad_request`)."},
    401: {"model": ErrorOut, "description": "Nobody is signed in (`unauthenticated`)."},
    403: {"model": ErrorOut, "description": "Not permitted, or no CSRF token (`not_permitted`)."},
    404: {"model": ErrorOut, "description": "No such thing, or not yours (`not_found`)."},
    409: {"model": ErrorOut, "description": "Contradicts the current state (`conflict`)."},
    413: {"model": ErrorOut, "description": "The body is larger than allowed (`too_large`)."},
    422: {
        "model": ErrorOut,
        "description": "The input is not valid; every problem in `rows` (`invalid_input`).",
    },
}

router = APIRouter(prefix=PREFIX, responses=ERRORS)


@router.get("/me", tags=["session"], summary="The signed-in person")
def me(actor: Annotated[Actor, Depends(require())]) -> ActorOut:
    return ActorOut.of(actor)


@router.get("/session", tags=["session"], summary="Who is signed in, and the CSRF token")
def session(request: Request, actor: Annotated[Actor | None, Depends(current_actor)]) -> SessionOut:
    signed_in = None if actor is None else ActorOut.of(actor)
    return SessionOut(actor=signed_in, csrf_token=csrf_token(request))


@router.delete("/session", tags=["session"], summary="Sign out", status_code=204)
def sign_out(request: Request) -> Response:
    end_session(request)
    return Response(status_code=204)
