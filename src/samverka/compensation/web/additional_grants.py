"""The municipality's tilläggsbelopp page (skollagen 16 kap. 54 §, 17 kap. 36 §;
``compensation.services.additional_grants``):

* ``/ersattning/tillaggsbelopp``: the municipality's decisions (pupil, kind, amount per year or
  month, period, decision), with forms to record one, to import a file of them (CSV, the
  format of docs/formats.md) and to end one. A protected pupil's identity number is masked for
  everyone but the admission officer.
* POST ``/ersattning/tillaggsbelopp`` (one decision), ``…/fil`` (a file, all or nothing) and
  ``…/{decision_id}/avsluta`` (the last month paid).

The municipality's finance officer works for their own municipality; the admission officer
chooses one with ``?kommun=`` as on the other municipality pages, audited as themselves. A
decision is the API's (``compensation.http.GrantIn``). A refused form comes back as the page
with the input kept and each problem at its field (a file's rows in the summary at the top);
nothing is stored.
"""

from __future__ import annotations

import tempfile
from pathlib import Path, PurePath
from typing import Annotated, Final

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi import Path as PathParameter
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from samverka.compensation.domain.additional_grant import AdditionalKind, AmountPeriod
from samverka.compensation.domain.period import Month
from samverka.compensation.files.additional_grant_file import read_additional_grant_file
from samverka.compensation.http import GrantEndIn, GrantIn, OwnMunicipalityPlace
from samverka.compensation.queries.compensation_terms_view import additional_grants
from samverka.compensation.services.additional_grants import (
    end_additional_grant,
    record_additional_grants,
)
from samverka.compensation.web.compensation import options
from samverka.errors import InvalidInput, RowError
from samverka.platform.web.context import web_context
from samverka.platform.web.deps import Now, Work
from samverka.platform.web.i18n import N_
from samverka.platform.web.templating import render
from samverka.platform.web.workplace import choose

PAGE: Final = "/ersattning/tillaggsbelopp"
MAXIMUM_FILE_BYTES: Final = 2_000_000
KIND_NAMES: Final = {
    AdditionalKind.MOTHER_TONGUE: N_("Modersmål"),
    AdditionalKind.NIU: N_("NIU"),
    AdditionalKind.EXTRAORDINARY_SUPPORT: N_("Extraordinärt stöd"),
    AdditionalKind.OTHER: N_("Övrigt"),
}
PERIOD_NAMES: Final = {AmountPeriod.YEAR: N_("per år"), AmountPeriod.MONTH: N_("per månad")}

router = APIRouter(include_in_schema=False)


@router.get(PAGE, name="additional_grants", response_class=HTMLResponse)
def grants_page(request: Request, place: OwnMunicipalityPlace) -> Response:
    if place.actor is None:
        return choose(request, place, PAGE, N_("Tilläggsbelopp"))
    code = place.actor.municipality_code or ""
    with web_context(request).reads() as session:
        rows = additional_grants(session, place.actor, code)
    context = {
        "place": place,
        "code": code,
        "rows": rows,
        "kinds": KIND_NAMES,
        "periods": PERIOD_NAMES,
        "kind_options": options(request, KIND_NAMES),
        "period_options": options(request, PERIOD_NAMES),
        "done": request.query_params.get("klart"),
    }
    return render(request, "compensation/additional_grants.html", context)


@router.post(PAGE, name="additional_grant_add")
def add_grant(
    place: OwnMunicipalityPlace, uow: Work, now: Now, form: Annotated[GrantIn, Form()]
) -> Response:
    actor = place.working
    request = form.request(actor.municipality_code or "")
    record_additional_grants(uow, actor=actor, requests=[request], now=now)
    return RedirectResponse(place.link(PAGE, klart="beslut"), status_code=303)


@router.post(PAGE + "/fil", name="additional_grant_file")
async def import_grants(
    place: OwnMunicipalityPlace, uow: Work, now: Now, file: Annotated[UploadFile, File()]
) -> Response:
    actor = place.working
    content = await file.read(MAXIMUM_FILE_BYTES + 1)
    name = PurePath(file.filename or "tillaggsbelopp.csv").name
    if len(content) > MAXIMUM_FILE_BYTES:
        raise InvalidInput([RowError(name, 0, "", N_("Filen är större än 2 MB."))])
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(content)
        requests = read_additional_grant_file(path, municipality=actor.municipality_code or "")
    record_additional_grants(uow, actor=actor, requests=requests, now=now)
    return RedirectResponse(place.link(PAGE, klart="fil"), status_code=303)


@router.post(PAGE + "/{decision_id}/avsluta", name="additional_grant_end")
def end_grant(
    place: OwnMunicipalityPlace,
    uow: Work,
    now: Now,
    decision_id: Annotated[int, PathParameter(ge=1, le=2**31 - 1)],
    form: Annotated[GrantEndIn, Form()],
) -> Response:
    end_additional_grant(
        uow, actor=place.working, decision_id=decision_id, last=Month.parse(form.last), now=now
    )
    return RedirectResponse(place.link(PAGE, klart="avslutat"), status_code=303)
