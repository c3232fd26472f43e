"""The municipality's tilläggsbelopp page (skollagen 16 kap. 54 §, 17 kap. 36 §;
``compensation.services.additional_grants``):

* ``/ersattning/tillaggsbelopp``: the municipality's decisions (pupil, kind, amount per year or
  month, period, decision), with forms to record one, to import a file of them (CSV, the
  format of docs/formats.md) and to end one. A protected pupil's identity number is masked for
  everyone but the admission officer.
* POST ``/ersattning/tillaggsbelopp`` (one decision), ``…/fil`` (a file, all or nothing) and
  ``…/{decision_id}/avsluta`` (the last month paid).

The municipality's finance officer works for their own municipality; the admission officer
chooses one with ``?kommun=`` as on the other municipality pages, audited as themselves. Bad
input is answered by the error page with every problem, and nothing is stored.
"""

from __future__ import annotations

import tempfile
from datetime import date
from decimal import Decimal
from pathlib import Path, PurePath
from typing import Annotated, Final

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi import Path as PathParameter
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel, Field

from samverka.compensation.domain.additional_grant import AdditionalKind, AmountPeriod
from samverka.compensation.domain.period import Month
from samverka.compensation.files.additional_grant_file import read_additional_grant_file
from samverka.compensation.queries.compensation_terms_view import additional_grants
from samverka.compensation.services.additional_grants import (
    GrantRequest,
    end_additional_grant,
    record_additional_grants,
)
from samverka.errors import InvalidInput, RowError
from samverka.platform.web.context import web_context
from samverka.platform.web.deps import Now, Work
from samverka.platform.web.i18n import N_
from samverka.platform.web.templating import render
from samverka.platform.web.workplace import choose
from samverka.register.web.municipality import Place

PAGE: Final = "/ersattning/tillaggsbelopp"
# YYYY-MM of a year 1–9999 (there is no year 0: its days cannot be computed)
MONTH_PATTERN: Final = r"^(000[1-9]|00[1-9]\d|0[1-9]\d{2}|[1-9]\d{3})-(0[1-9]|1[0-2])$"
MAXIMUM_FILE_BYTES: Final = 2_000_000
KIND_NAMES: Final = {
    AdditionalKind.MOTHER_TONGUE: N_("Modersmål"),
    AdditionalKind.NIU: N_("NIU"),
    AdditionalKind.EXTRAORDINARY_SUPPORT: N_("Extraordinärt stöd"),
    AdditionalKind.OTHER: N_("Övrigt"),
}
PERIOD_NAMES: Final = {AmountPeriod.YEAR: N_("per år"), AmountPeriod.MONTH: N_("per månad")}

router = APIRouter(include_in_schema=False)


class GrantForm(BaseModel):
    personal_id: str = Field(min_length=10, max_length=13)
    kind: AdditionalKind
    amount: str = Field(min_length=1, max_length=20)
    per: AmountPeriod
    first: str = Field(pattern=MONTH_PATTERN)
    last: str = Field(default="", pattern=r"^(\d{4}-(0[1-9]|1[0-2]))?$")
    decided_on: date
    reference: str = Field(min_length=1, max_length=100)


class EndForm(BaseModel):
    last: str = Field(pattern=MONTH_PATTERN)


def amount_field(text: str, field: str = "amount") -> Decimal:
    """An amount typed in a form: ``,`` or ``.`` as the decimal mark, spaces between
    thousands allowed."""
    cleaned = text.strip().replace("\xa0", "").replace(" ", "").replace(",", ".")
    try:
        value = Decimal(cleaned)
    except ArithmeticError:
        value = Decimal("NaN")
    if not value.is_finite():
        raise InvalidInput([RowError("request", 0, field, f"{text!r} is not an amount in SEK")])
    return value


@router.get(PAGE, name="additional_grants", response_class=HTMLResponse)
def grants_page(request: Request, place: Place) -> Response:
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
        "done": request.query_params.get("klart"),
    }
    return render(request, "compensation/additional_grants.html", context)


@router.post(PAGE, name="additional_grant_add")
def add_grant(place: Place, uow: Work, now: Now, form: Annotated[GrantForm, Form()]) -> Response:
    actor = place.working
    request = GrantRequest(
        personal_id=form.personal_id,
        municipality=actor.municipality_code or "",
        kind=form.kind.value,
        amount=amount_field(form.amount),
        per=form.per.value,
        first=Month.parse(form.first),
        last=Month.parse(form.last) if form.last else None,
        decided_on=form.decided_on,
        reference=form.reference,
    )
    record_additional_grants(uow, actor=actor, requests=[request], now=now)
    return RedirectResponse(place.link(PAGE, klart="beslut"), status_code=303)


@router.post(PAGE + "/fil", name="additional_grant_file")
async def import_grants(
    place: Place, uow: Work, now: Now, file: Annotated[UploadFile, File()]
) -> Response:
    actor = place.working
    content = await file.read(MAXIMUM_FILE_BYTES + 1)
    name = PurePath(file.filename or "tillaggsbelopp.csv").name
    if len(content) > MAXIMUM_FILE_BYTES:
        raise InvalidInput([RowError(name, 0, "", "the file is larger than 2 MB")])
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(content)
        requests = read_additional_grant_file(path, municipality=actor.municipality_code or "")
    record_additional_grants(uow, actor=actor, requests=requests, now=now)
    return RedirectResponse(place.link(PAGE, klart="fil"), status_code=303)


@router.post(PAGE + "/{decision_id}/avsluta", name="additional_grant_end")
def end_grant(
    place: Place,
    uow: Work,
    now: Now,
    decision_id: Annotated[int, PathParameter(ge=1, le=2**31 - 1)],
    form: Annotated[EndForm, Form()],
) -> Response:
    end_additional_grant(
        uow, actor=place.working, decision_id=decision_id, last=Month.parse(form.last), now=now
    )
    return RedirectResponse(place.link(PAGE, klart="avslutat"), status_code=303)
