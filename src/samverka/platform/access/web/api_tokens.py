"""The admission officer's page of API tokens: the keys with which programs use the API.

* ``GET /konton/api-nycklar``: every token (name, role, school unit or municipality, made,
  valid through, last used, state), the newest first, and the form that makes one.
* ``POST /konton/api-nycklar``: makes a token for a role and its one school unit or
  municipality, a name and the last day it works (at most a year ahead); the page shows its
  secret this once and never again (the database keeps only its digest).
* ``POST /konton/api-nycklar/{token_id}/aterkalla``: revokes the token at once.

Both go through ``platform.access.services.api_tokens`` with the officer's audit name (issue 15,
point 12). A refused form is shown again with the reasons in Swedish at their fields. Tokens
work only on the API (``platform.access.bearer``), never on a page such as this one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Annotated, Final

from fastapi import APIRouter, Depends, Form, Path, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import Field

from samverka.errors import InvalidInput
from samverka.platform.access.domain import api_tokens as rules
from samverka.platform.access.domain.actors import WORKPLACE_ROLES, Actor, Role
from samverka.platform.access.services.api_tokens import (
    ApiTokenSummary,
    CreatedToken,
    create_api_token,
    list_api_tokens,
    revoke_api_token,
)
from samverka.platform.access.web.account_sessions import swedish_time
from samverka.platform.domain.swedish_time import (
    end_of_swedish_day,
    last_swedish_day,
    swedish_today,
)
from samverka.platform.http import UseCaseModel
from samverka.platform.web.auth import require
from samverka.platform.web.context import web_context
from samverka.platform.web.forms import FieldProblem, show_refusal
from samverka.platform.web.i18n import N_
from samverka.platform.web.templating import render

PAGE: Final = "/konton/api-nycklar"
TEMPLATE: Final = "api_tokens.html"
DEFAULT_LIFETIME: Final = timedelta(days=90)
LATEST: Final = rules.MAXIMUM_LIFETIME - timedelta(days=1)  # its end still within the rule
ROLES: Final = (Role.SCHOOL, Role.COUNSELLOR, Role.MUNICIPALITY)
REASONS: Final = {
    rules.NAME_MISSING: N_("Ge nyckeln ett namn, till exempel systemets namn."),
    rules.NAME_TOO_LONG: N_("Namnet får ha högst 80 tecken."),
    rules.ROLE_NOT_SCOPED: N_("Välj skola, studie- och yrkesvägledare eller kommun."),
    rules.SCOPE_MALFORMED: N_("Skriv en skolenhetskod eller kommunkod med siffror."),
    rules.UNKNOWN_SCHOOL_UNIT: N_("Det finns ingen skolenhet med den koden."),
    rules.UNKNOWN_MUNICIPALITY: N_("Det finns ingen kommun med den koden."),
    rules.EXPIRY_PASSED: N_("Sista giltighetsdagen måste vara i dag eller senare."),
    rules.EXPIRY_TOO_FAR: N_("Nyckeln kan gälla högst ett år framåt."),
}
assert set(ROLES) == WORKPLACE_ROLES

router = APIRouter(include_in_schema=False)
Officer = Annotated[Actor, Depends(require(Role.OFFICER))]
TokenNumber = Annotated[int, Path(ge=1, le=2**31 - 1)]


class ApiTokenIn(UseCaseModel):
    """A new API token: its name, role, one school unit or municipality, and last valid day."""

    name: str = Field(max_length=rules.NAME_LENGTH)
    role: Role
    scope: str = Field(max_length=20)
    valid_through: date


@dataclass(frozen=True, slots=True)
class TokenLine:
    id: int
    name: str
    role: Role
    scope: str
    created: str
    created_by: str
    valid_through: date
    last_used: str | None
    revoked: str | None
    usable: bool

    @classmethod
    def of(cls, token: ApiTokenSummary) -> TokenLine:
        return cls(
            token.id,
            token.name,
            token.role,
            token.scope,
            swedish_time(token.created_at),
            token.created_by,
            last_swedish_day(token.expires_at),
            None if token.last_used_at is None else swedish_time(token.last_used_at),
            None if token.revoked_at is None else swedish_time(token.revoked_at),
            token.usable,
        )


@router.get(PAGE, name="api_tokens", response_class=HTMLResponse)
def tokens_page(
    request: Request, officer: Officer, revoked: Annotated[int | None, Query(ge=1)] = None
) -> Response:
    return _page(request, officer, revoked=revoked)


@router.post(PAGE, name="create_api_token")
def create(request: Request, officer: Officer, form: Annotated[ApiTokenIn, Form()]) -> Response:
    context = web_context(request)
    try:
        created = create_api_token(
            context.unit_of_work(),
            actor=officer,
            name=form.name,
            role=form.role,
            scope=form.scope,
            expires_at=end_of_swedish_day(form.valid_through),
            now=context.clock(),
        )
    except InvalidInput as refusal:
        problems = [
            FieldProblem(error.field, REASONS.get(error.reason, error.reason))
            for error in refusal.errors
        ]
        show_refusal(request, problems, form.model_dump(), form="ny")
        return _page(request, officer, status_code=422)
    return _page(request, officer, created=created, status_code=201)


@router.post(PAGE + "/{token_id}/aterkalla", name="revoke_api_token")
def revoke(request: Request, officer: Officer, token_id: TokenNumber) -> Response:
    context = web_context(request)
    revoke_api_token(context.unit_of_work(), actor=officer, token_id=token_id, now=context.clock())
    return RedirectResponse(f"{PAGE}?revoked={token_id}", status_code=303)


def _page(
    request: Request,
    officer: Actor,
    *,
    created: CreatedToken | None = None,
    revoked: int | None = None,
    status_code: int = 200,
) -> Response:
    context = web_context(request)
    now = context.clock()
    tokens = list_api_tokens(context.unit_of_work(), actor=officer, now=now)
    page = {
        "tokens": [TokenLine.of(token) for token in tokens],
        "created": created,
        "revoked": next((t.name for t in tokens if t.id == revoked), None),
        "roles": ROLES,
        "default_valid_through": swedish_today(now + DEFAULT_LIFETIME).isoformat(),
        "latest_valid_through": swedish_today(now + LATEST).isoformat(),
    }
    return render(request, TEMPLATE, page, status_code=status_code)
