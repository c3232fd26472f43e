"""The API of a municipality official under ``/api/v1/municipality``: own residents only.

* ``GET /municipality/residents``: the residents' choices and latest published result,
  paginated; protected identities masked (``personal_id`` null) but for the officer.
* ``GET /municipality/statistics``: totals of the residents and figures per programme.

The admission officer may use them too, for one municipality at a time named by the query
parameter ``municipality`` (required of the officer: 422 without it, 404 for an unknown one),
and sees protected identities there. An official naming another municipality is 403
(``platform.access.domain.scope``).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel

from samverka.platform.access.domain.actors import Actor, Role
from samverka.platform.api.pagination import Page, Pagination, pagination
from samverka.platform.api.routes import ERRORS, PREFIX
from samverka.platform.web.context import web_context
from samverka.platform.web.deps import current_year
from samverka.platform.web.workplace import CODE_PATTERN, find_workplace
from samverka.register.http import MunicipalityWork
from samverka.register.queries import municipality_view
from samverka.register.queries.municipality_view import municipality_statistics, residents

MUNICIPALITY = "municipality"
CHOSEN = Query(
    alias=MUNICIPALITY,
    pattern=CODE_PATTERN,
    description="The municipality to work in: required of the admission officer; "
    "an official may name only their own.",
)


def municipality_workplace(
    request: Request, actor: MunicipalityWork, chosen: Annotated[str | None, CHOSEN] = None
) -> Actor:
    """The working actor (``platform.access.domain.scope``)."""
    return find_workplace(
        request, actor, Role.MUNICIPALITY, MUNICIPALITY, chosen, municipality_view.municipalities
    ).working


router = APIRouter(prefix=f"{PREFIX}/municipality", tags=["municipality"], responses=ERRORS)
Official = Annotated[Actor, Depends(municipality_workplace)]


class ResidentOut(BaseModel):
    personal_id: str | None
    name: str
    protected_identity: bool
    choices: list[str]
    placed_code: str | None
    placed_rank: int | None


class ProgrammeOut(BaseModel):
    programme: str
    first_choice_applicants: int
    placed: int


class MunicipalityStatisticsOut(BaseModel):
    municipality_code: str
    round_id: int | None
    applicants: int
    placed: int
    placed_first_choice: int
    first_choice_share: Decimal | None
    programmes: list[ProgrammeOut]


@router.get("/residents")
def resident_list(
    request: Request, actor: Official, pages: Annotated[Pagination, Depends(pagination)]
) -> Page[ResidentOut]:
    with web_context(request).reads() as session:
        found, total = residents(
            session, current_year(request), actor, limit=pages.limit, offset=pages.offset
        )
    items = [ResidentOut.model_validate(r, from_attributes=True) for r in found]
    return pages.page(items, total)


@router.get("/statistics")
def statistics(request: Request, actor: Official) -> MunicipalityStatisticsOut:
    with web_context(request).reads() as session:
        figures = municipality_statistics(session, current_year(request), actor)
    return MunicipalityStatisticsOut(
        municipality_code=figures.municipality_code,
        round_id=None if figures.round is None else figures.round.id,
        applicants=figures.applicants,
        placed=figures.placed,
        placed_first_choice=figures.placed_first_choice,
        first_choice_share=figures.first_choice_share,
        programmes=[
            ProgrammeOut.model_validate(p, from_attributes=True) for p in figures.programmes
        ],
    )
