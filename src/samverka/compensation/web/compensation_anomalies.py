"""The anomalies of the compensation: ``/ersattning/avvikelser`` (the officer, the municipalities).

``?manad=YYYY-MM`` (default: the newest booked month) shows the month's accounting (the
region's placed pupils on the measurement date = paid + the home municipality's own schools +
anomalies; issue 13 point 2) and its anomalies, each with the pupil, the placement, the home
municipality and the reason in the page's language, 100 a page (``?sida=``). A municipality sees
its own pupils' and schools' anomalies; the officer sees the region's, or one municipality's
with ``?kommun=CODE``. Protected identities are masked for everyone but the officer
(``compensation.queries.compensation_anomalies``).
"""

from __future__ import annotations

from typing import Annotated, Final

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from samverka.compensation.domain.month_lines import UnpaidReason
from samverka.compensation.http import OwnMunicipalityPlace
from samverka.compensation.queries.compensation_anomalies import month_account, month_anomalies
from samverka.compensation.web.compensation import MonthQuery, chosen_month
from samverka.platform.web.context import web_context
from samverka.platform.web.i18n import N_
from samverka.platform.web.templating import render

PAGE_SIZE: Final = 100
REASON_LABELS: Final[dict[UnpaidReason, str]] = {
    UnpaidReason.OWN_MUNICIPALITY: N_("Egen kommuns skola: ingen ersättning mellan kommuner"),
    UnpaidReason.NO_REGISTRATION: N_(
        "Ingen folkbokföring på mätdagen: hemkommunen som ska betala är okänd"
    ),
    UnpaidReason.OVERLAPPING_PLACEMENTS: N_(
        "Två placeringar på mätdagen (dubbla elever): skolorna ska reda ut dem"
    ),
    UnpaidReason.OVERLAPPING_REGISTRATIONS: N_(
        "Två folkbokföringar på mätdagen: hemkommunen är oklar"
    ),
    UnpaidReason.DUPLICATE_PUPIL: N_("Eleven finns två gånger i underlaget"),
    UnpaidReason.NO_PRICE: N_("Inget pris för programmet i årets prislistor"),
    UnpaidReason.NO_ADOPTED_PRICE_LIST: N_("Hemkommunen har inte antagit någon prislista"),
    UnpaidReason.HOME_OUTSIDE_AREA_INDEPENDENT: N_(
        "Hemkommun utanför området och fristående skola: hemkommunen betalar direkt"
    ),
    UnpaidReason.ADDITIONAL_GRANT_OTHER_HOME: N_(
        "Tilläggsbeloppet beslutades av en annan kommun än hemkommunen"
    ),
}

router = APIRouter(include_in_schema=False)


@router.get("/ersattning/avvikelser", name="compensation_anomalies", response_class=HTMLResponse)
def anomalies_page(
    request: Request,
    place: OwnMunicipalityPlace,
    month: MonthQuery = None,
    page: Annotated[int, Query(alias="sida", ge=1, le=1_000_000)] = 1,
) -> Response:
    chosen = chosen_month(request, month)
    municipality = None if place.actor is None else place.actor.municipality_code
    with web_context(request).reads() as session:
        rows, total = month_anomalies(
            session,
            place.signed_in,
            chosen,
            municipality=municipality,
            limit=PAGE_SIZE,
            offset=(page - 1) * PAGE_SIZE,
        )
        account = month_account(session, place.signed_in, chosen)
    context = {
        "place": place,
        "month": str(chosen),
        "rows": rows,
        "total": total,
        "page": page,
        "pages": max(1, -(-total // PAGE_SIZE)),
        "account": account,
        "labels": REASON_LABELS,
    }
    return render(request, "compensation/anomalies.html", context)
