"""The API's sessions for the admission officer: who is signed in, and ending sessions.

``GET /api/v1/sessions`` lists every current session (account, role, since, last seen,
address, browser); ``DELETE /api/v1/sessions/{session_id}`` ends one and
``DELETE /api/v1/accounts/{username}/sessions`` every session of an account, at once and
audited (issue 11, point 8). The same service as the officer's page.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Request
from pydantic import BaseModel

from samverka.platform.access.domain.actors import Actor, Role
from samverka.platform.access.services.web_sessions import (
    ActiveSession,
    active_sessions,
    end_sessions,
)
from samverka.platform.api.routes import ERRORS, PREFIX
from samverka.platform.api.schemas import Moment
from samverka.platform.web.auth import require
from samverka.platform.web.context import web_context

router = APIRouter(prefix=PREFIX, responses=ERRORS, tags=["sessions"])
Officer = Annotated[Actor, Depends(require(Role.OFFICER))]
SessionNumber = Annotated[
    int, Path(ge=1, le=2**31 - 1, description="The session's number, from GET /sessions.")
]


class SessionOut(BaseModel):
    """A current web session (never its token)."""

    id: int
    username: str
    display_name: str
    role: Role
    started_at: Moment
    last_seen_at: Moment
    client_address: str
    user_agent: str

    @classmethod
    def of(cls, session: ActiveSession) -> SessionOut:
        actor = session.actor
        return cls(
            id=session.id,
            username=actor.username,
            display_name=actor.display_name,
            role=actor.role,
            started_at=session.started_at,
            last_seen_at=session.last_seen_at,
            client_address=session.client_address,
            user_agent=session.user_agent,
        )


class EndedOut(BaseModel):
    ended: int


@router.get("/sessions", summary="Every current web session (officer)")
def list_sessions(request: Request, officer: Officer) -> list[SessionOut]:
    context = web_context(request)
    found = active_sessions(
        context.unit_of_work(),
        actor=officer,
        policy=context.sessions,
        now=context.clock(),
    )
    return [SessionOut.of(session) for session in found]


@router.delete("/sessions/{session_id}", summary="End one web session (officer)")
def end_session(request: Request, officer: Officer, session_id: SessionNumber) -> EndedOut:
    context = web_context(request)
    uow = context.unit_of_work()
    count = end_sessions(uow, actor=officer, now=context.clock(), session_id=session_id)
    return EndedOut(ended=count)


@router.delete("/accounts/{username}/sessions", summary="End an account's web sessions (officer)")
def end_account_sessions(request: Request, officer: Officer, username: str) -> EndedOut:
    context = web_context(request)
    uow = context.unit_of_work()
    count = end_sessions(uow, actor=officer, now=context.clock(), username=username)
    return EndedOut(ended=count)
