"""The admission area, for the admission officer: ``/antagning/omrade`` (issue 12 point 9).

The page lists every municipality with its terms (member, admission and compensation, admission
only, outside: ``admission.domain.area``), and a form adds a municipality or changes its terms
through ``set_area_terms`` (audited), e.g. a home municipality outside the area whose pupils are
to be imported. A code or name that cannot be used shows the form again with the reason (422)
and changes nothing.
"""

from __future__ import annotations

from typing import Annotated, Final

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel, Field

from samverka.admission.domain.area import AreaTerms
from samverka.admission.queries.admission_area import area_parties
from samverka.admission.services.admission_area import set_area_terms
from samverka.errors import InvalidInput
from samverka.platform.access.domain.actors import Actor, Role
from samverka.platform.web.auth import require
from samverka.platform.web.context import web_context
from samverka.platform.web.deps import now, unit_of_work
from samverka.platform.web.i18n import N_
from samverka.platform.web.templating import render, translations

TERMS_NAMES: Final = {
    AreaTerms.MEMBER: N_("Medlem: samverkansavtalet, ersättning och serviceavgift"),
    AreaTerms.ADMISSION_AND_COMPENSATION: N_(
        "Samverkansavtalet: antagning och ersättning, inte medlem"
    ),
    AreaTerms.ADMISSION_ONLY: N_("Endast antagning"),
    AreaTerms.OUTSIDE: N_("Utanför antagningsområdet (bara hemkommun)"),
}
BAD_CODE: Final = N_("Kommunkoden ska vara fyra siffror, till exempel 0380.")
BAD_NAME: Final = N_("Skriv kommunens namn (högst 80 tecken).")

router = APIRouter(include_in_schema=False)
Officer = Annotated[Actor, Depends(require(Role.OFFICER))]


class AreaForm(BaseModel):
    code: str = Field("", max_length=10)
    name: str = Field("", max_length=200)
    terms: AreaTerms


@router.get("/antagning/omrade", name="admission_area", response_class=HTMLResponse)
def area_page(request: Request, actor: Officer) -> Response:
    return _page(request, saved="sparat" in request.query_params)


@router.post("/antagning/omrade", name="set_admission_area")
def save_terms(request: Request, actor: Officer, form: Annotated[AreaForm, Form()]) -> Response:
    try:
        set_area_terms(
            unit_of_work(request),
            code=form.code.strip(),
            name=form.name,
            terms=form.terms,
            actor=actor,
            now=now(),
        )
    except InvalidInput as refusal:
        texts = translations(request)
        fields = {error.field for error in refusal.errors}
        problems = [texts.gettext(BAD_CODE)] if "code" in fields else []
        problems += [texts.gettext(BAD_NAME)] if "name" in fields else []
        return _page(request, problems=problems, status_code=422)
    return RedirectResponse("/antagning/omrade?sparat=1", status_code=303)


def _page(
    request: Request,
    *,
    saved: bool = False,
    problems: list[str] | None = None,
    status_code: int = 200,
) -> Response:
    with web_context(request).reads() as session:
        parties = area_parties(session)
    context = {
        "parties": parties,
        "names": TERMS_NAMES,
        "saved": saved,
        "problems": problems or [],
    }
    return render(request, "officer/area.html", context, status_code=status_code)
