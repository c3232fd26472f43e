"""The admission area, for the admission officer: ``/antagning/omrade`` (issue 12 point 9).

The page lists every municipality with its terms (member, admission and compensation, admission
only, outside: ``admission.domain.area``), and a form adds a municipality or changes its terms
through ``set_area_terms`` (audited), e.g. a home municipality outside the area whose pupils are
to be imported. The form is the API's ``http.PartyIn`` with the municipality's code (four
digits), which the API has in its path; a code or name that cannot be used shows the form again
with the reason at its field and the input kept (422, ``platform.web.forms``), and changes
nothing.
"""

from __future__ import annotations

from typing import Annotated, Final

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from samverka.admission.domain.area import AreaTerms
from samverka.admission.http import PartyIn, YearAdmin
from samverka.admission.queries.admission_area import area_parties
from samverka.admission.services.admission_area import set_area_terms
from samverka.platform.web.context import web_context
from samverka.platform.web.deps import now, unit_of_work
from samverka.platform.web.i18n import N_
from samverka.platform.web.templating import render

TERMS_NAMES: Final = {
    AreaTerms.MEMBER: N_("Medlem: samverkansavtalet, ersättning och serviceavgift"),
    AreaTerms.ADMISSION_AND_COMPENSATION: N_(
        "Samverkansavtalet: antagning och ersättning, inte medlem"
    ),
    AreaTerms.ADMISSION_ONLY: N_("Endast antagning"),
    AreaTerms.OUTSIDE: N_("Utanför antagningsområdet (bara hemkommun)"),
}

router = APIRouter(include_in_schema=False)


@router.get("/antagning/omrade", name="admission_area", response_class=HTMLResponse)
def area_page(request: Request, actor: YearAdmin) -> Response:
    return _page(request, saved="sparat" in request.query_params)


@router.post("/antagning/omrade", name="set_admission_area")
def save_terms(
    request: Request,
    actor: YearAdmin,
    code: Annotated[str, Form(pattern=r"^\s*\d{4}\s*$")],
    form: Annotated[PartyIn, Form()],
) -> Response:
    set_area_terms(
        unit_of_work(request),
        code=code.strip(),
        name=form.name,
        terms=form.terms,
        actor=actor,
        now=now(),
    )
    return RedirectResponse("/antagning/omrade?sparat=1", status_code=303)


def _page(request: Request, *, saved: bool = False) -> Response:
    with web_context(request).reads() as session:
        parties = area_parties(session)
    context = {"parties": parties, "names": TERMS_NAMES, "saved": saved}
    return render(request, "officer/area.html", context)
