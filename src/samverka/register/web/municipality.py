"""The municipality official's page ``/kommun``: the municipality's own residents with their
choices and latest published result, and the municipality's statistics.

The page is headed with the municipality's name. Protected identities are masked; the list of
residents may be narrowed to those placed or not placed in the latest published round
(``?status=placerade|oplacerade``) and to those who chose a programme (``?program=NA``), and
``?sida=`` pages through it, 50 at a time (the narrowing kept on every page). The admission officer
may use the page too, for one municipality at a time chosen with ``?kommun=CODE`` (``/kommun``
without it lists the municipalities to choose from), and sees protected identities there as on
the officer's other pages. An official naming another municipality is refused (403); see
``platform.access.domain.scope``.
"""

from __future__ import annotations

from typing import Annotated, Final

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, Response

from samverka.admission.domain.programme_names import programme_name
from samverka.platform.access.domain.actors import Role
from samverka.platform.web.context import web_context
from samverka.platform.web.deps import current_year
from samverka.platform.web.i18n import N_
from samverka.platform.web.templating import render
from samverka.platform.web.workplace import CODE_PATTERN, Workplace, choose, find_workplace
from samverka.register.http import MunicipalityWork
from samverka.register.queries import municipality_view
from samverka.register.queries.municipality_view import (
    PlacementStatus,
    ResidentFilter,
    municipality_name,
    municipality_statistics,
    resident_programmes,
    residents,
)

PAGE_SIZE: Final = 50
STATUS_TEXTS: Final = {
    PlacementStatus.PLACED: N_("Placerade"),
    PlacementStatus.UNPLACED: N_("Inte placerade"),
}
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
    request: Request,
    place: Place,
    page: Annotated[int, Query(alias="sida", ge=1, le=100_000)] = 1,
    status: Annotated[PlacementStatus | None, Query()] = None,
    programme: Annotated[str | None, Query(alias="program", max_length=8)] = None,
) -> Response:
    if place.actor is None:
        return choose(request, place, "/kommun", N_("Kommunernas sökande"))
    year, actor = current_year(request), place.actor
    assert actor.municipality_code is not None
    narrow = ResidentFilter(status, programme or None)
    with web_context(request).reads() as session:
        people, total = residents(
            session, year, actor, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE, narrow=narrow
        )
        statistics = municipality_statistics(session, year, actor)
        name = municipality_name(session, actor.municipality_code)
        programmes = resident_programmes(session, year, actor)
    pages = max(1, -(-total // PAGE_SIZE))
    context = {
        "year": year,
        "residents": people,
        "total": total,
        "page": page,
        "pages": pages,
        "municipality": name,
        "programmes": [(code, _programme(code)) for code in programmes],
        "status": status.value if status else "",
        "programme": narrow.programme or "",
        "statuses": [(s.value, STATUS_TEXTS[s]) for s in PlacementStatus],
    }
    return render(
        request,
        "municipality/residents.html",
        {**context, "statistics": statistics, "place": place},
    )


def _programme(code: str) -> str:
    """A programme as the list of choices names it: its name and code (``NA``: its code)."""
    name = programme_name(code)
    return f"{name} ({code})" if name else code
