"""The municipality official's page ``/kommun``: the municipality's own residents with their
choices and latest published result, and the municipality's statistics.

Protected identities are masked; ``?sida=`` pages through the residents. The admission officer
may use the page too, for one municipality at a time chosen with ``?kommun=CODE`` (``/kommun``
without it lists the municipalities to choose from), and sees protected identities there as on
the officer's other pages. An official naming another municipality is refused (403); see
``platform.access.domain.scope``.
"""

from __future__ import annotations

from typing import Annotated, Final

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, Response

from samverka.platform.access.domain.actors import Role
from samverka.platform.web.context import web_context
from samverka.platform.web.deps import current_year
from samverka.platform.web.i18n import N_
from samverka.platform.web.templating import render
from samverka.platform.web.workplace import CODE_PATTERN, Workplace, choose, find_workplace
from samverka.register.http import MunicipalityWork
from samverka.register.queries import municipality_view
from samverka.register.queries.municipality_view import municipality_statistics, residents

PAGE_SIZE: Final = 50
MUNICIPALITY: Final = "kommun"


def municipality_workplace(
    request: Request,
    actor: MunicipalityWork,
    chosen: Annotated[str | None, Query(alias=MUNICIPALITY, pattern=CODE_PATTERN)] = None,
) -> Workplace:
    return find_workplace(
        request, actor, Role.MUNICIPALITY, MUNICIPALITY, chosen, municipality_view.municipalities
    )


router = APIRouter(include_in_schema=False)
Place = Annotated[Workplace, Depends(municipality_workplace)]


@router.get("/kommun", name="municipality", response_class=HTMLResponse)
def municipality_page(
    request: Request, place: Place, page: Annotated[int, Query(alias="sida", ge=1)] = 1
) -> Response:
    if place.actor is None:
        return choose(request, place, "/kommun", N_("Kommunernas sökande"))
    year, actor = current_year(request), place.actor
    with web_context(request).reads() as session:
        people, total = residents(
            session, year, actor, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE
        )
        statistics = municipality_statistics(session, year, actor)
    pages = max(1, -(-total // PAGE_SIZE))
    context = {"year": year, "residents": people, "total": total, "page": page, "pages": pages}
    return render(
        request,
        "municipality/residents.html",
        {**context, "statistics": statistics, "place": place},
    )
