"""The municipality official's page ``/kommun``: the municipality's own residents with their
choices and latest published result, and the municipality's statistics.

Protected identities are always masked; ``?sida=`` pages through the residents.
"""

from __future__ import annotations

from typing import Annotated, Final

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, Response

from samverka.domain.access.actors import Actor, Role
from samverka.entrypoints.web.auth import require
from samverka.entrypoints.web.context import web_context
from samverka.entrypoints.web.officer import current_year
from samverka.entrypoints.web.templating import render
from samverka.queries.municipality_view import municipality_statistics, residents

PAGE_SIZE: Final = 50

router = APIRouter(include_in_schema=False)
Official = Annotated[Actor, Depends(require(Role.MUNICIPALITY))]


@router.get("/kommun", name="municipality", response_class=HTMLResponse)
def municipality_page(
    request: Request, actor: Official, page: Annotated[int, Query(alias="sida", ge=1)] = 1
) -> Response:
    year = current_year(request)
    with web_context(request).session_factory() as session:
        people, total = residents(
            session, year, actor, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE
        )
        statistics = municipality_statistics(session, year, actor)
    pages = max(1, -(-total // PAGE_SIZE))
    context = {"year": year, "residents": people, "total": total, "page": page, "pages": pages}
    return render(request, "municipality/residents.html", {**context, "statistics": statistics})
