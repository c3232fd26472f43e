"""The admission officer's page of active sessions: who is signed in, and ending sessions.

* ``GET /konton/sessioner``: every current session — account, role, since, last seen (Swedish
  time), address and browser — the newest first.
* ``POST /konton/sessioner/{session_id}/avsluta``: ends that session at once.
* ``POST /konton/{username}/sessioner/avsluta``: ends every session of the account.

Both go through ``platform.access.services.web_sessions.end_sessions`` with the officer's audit
name; the person signed out is asked to sign in at their next request (issue 11, point 8; OWASP ASVS
4.0.3 V3.3.4 and V7.1.3). Every form carries the CSRF token (checked application-wide).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Final
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from samverka.platform.access.domain.actors import Actor, Role
from samverka.platform.access.services.web_sessions import (
    ActiveSession,
    active_sessions,
    end_sessions,
)
from samverka.platform.web.auth import require
from samverka.platform.web.context import web_context
from samverka.platform.web.templating import render

SWEDEN: Final = ZoneInfo("Europe/Stockholm")
PAGE: Final = "/konton/sessioner"

router = APIRouter(include_in_schema=False)
Officer = Annotated[Actor, Depends(require(Role.OFFICER))]
SessionNumber = Annotated[int, Path(ge=1, le=2**31 - 1)]


@dataclass(frozen=True, slots=True)
class SessionLine:
    id: int
    username: str
    display_name: str
    role: Role
    since: str
    last_seen: str
    address: str
    browser: str

    @classmethod
    def of(cls, session: ActiveSession) -> SessionLine:
        actor = session.actor
        return cls(
            session.id,
            actor.username,
            actor.display_name,
            actor.role,
            swedish_time(session.started_at),
            swedish_time(session.last_seen_at),
            session.client_address,
            session.user_agent,
        )


def _hours(seconds: float) -> float | int:
    hours = seconds / 3600
    return int(hours) if hours.is_integer() else round(hours, 1)


def swedish_time(moment: datetime) -> str:
    return moment.astimezone(SWEDEN).strftime("%Y-%m-%d %H:%M")


@router.get(PAGE, name="account_sessions", response_class=HTMLResponse)
def sessions_page(
    request: Request, officer: Officer, ended: Annotated[int | None, Query(ge=0)] = None
) -> Response:
    context = web_context(request)
    found = active_sessions(
        context.unit_of_work(),
        actor=officer,
        policy=context.sessions,
        now=context.clock(),
    )
    page = {
        "sessions": [SessionLine.of(session) for session in found],
        "ended": ended,
        "idle_minutes": int(context.sessions.idle_timeout.total_seconds() // 60),
        "lifetime_hours": _hours(context.sessions.lifetime.total_seconds()),
    }
    return render(request, "officer/sessions.html", page)


@router.post(PAGE + "/{session_id}/avsluta", name="end_session")
def end_one(request: Request, officer: Officer, session_id: SessionNumber) -> Response:
    return _ended(request, officer, session_id=session_id)


@router.post("/konton/{username}/sessioner/avsluta", name="end_account_sessions")
def end_all_of_account(request: Request, officer: Officer, username: str) -> Response:
    return _ended(request, officer, username=username)


def _ended(
    request: Request, officer: Actor, *, session_id: int | None = None, username: str | None = None
) -> Response:
    context = web_context(request)
    count = end_sessions(
        context.unit_of_work(),
        actor=officer,
        now=context.clock(),
        session_id=session_id,
        username=username,
    )
    return RedirectResponse(f"{PAGE}?ended={count}", status_code=303)
