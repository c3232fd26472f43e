"""The price proposal page (``compensation.services.price_proposals``; seed 001, "Gemensam
gymnasieregion": the association proposes the next year's list and supplement tiers so that the
municipalities can decide before 1 December):

* ``/ersattning/prislista?ar=Y`` (the admission officer, the municipalities, the association's
  staff and the board): the year's proposal (uplift, tiers' own uplifts, date, reference,
  deadline), every member municipality's decision (adopted, not adopted, own list; date,
  reference, late) and who has not decided yet. Without ``ar``: the newest proposal's year.
* POST ``/ersattning/prislista/forslag`` (the association's staff, the officer): make the
  proposal of a year from the year before's list.
* POST ``/ersattning/prislista/beslut`` (a municipality for itself; the officer for the
  municipality chosen with ``?kommun=``): record the municipality's decision.
* POST ``/ersattning/prislista/egen`` (the same): the municipality's own list for the year, a
  price-list file (docs/formats.md), before it records "own list".

No personal data is on these pages. The proposal and the decision are the API's
(``compensation.http.ProposalIn``, ``DecisionIn``; on the page a level's own uplift is typed
``2:6, 3:6``). A refused form comes back as the page with the input kept and each problem at
its field (a file's rows in the summary at the top); nothing is stored.
"""

from __future__ import annotations

import tempfile
from pathlib import Path, PurePath
from typing import Annotated, Final

from fastapi import APIRouter, File, Form, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from samverka.compensation.domain.price_list import PriceRounding
from samverka.compensation.domain.price_proposal import DecisionOutcome
from samverka.compensation.files.price_list_file import read_price_list_file
from samverka.compensation.http import (
    DecisionIn,
    OwnMunicipalityPlace,
    PriceProposalRead,
    PriceProposalWrite,
    ProposalIn,
)
from samverka.compensation.queries.compensation_terms_view import (
    latest_proposal_year,
    proposal_overview,
)
from samverka.compensation.services.price_proposals import (
    import_own_price_list,
    propose_prices,
    record_price_decision,
)
from samverka.compensation.web.compensation import options
from samverka.errors import InvalidInput, RowError
from samverka.platform.access.domain.actors import Role
from samverka.platform.web.context import web_context
from samverka.platform.web.deps import Now, Work
from samverka.platform.web.i18n import N_
from samverka.platform.web.templating import render

PAGE: Final = "/ersattning/prislista"
MAXIMUM_FILE_BYTES: Final = 2_000_000
OUTCOME_NAMES: Final = {
    DecisionOutcome.ADOPTED: N_("Antagen"),
    DecisionOutcome.NOT_ADOPTED: N_("Inte antagen"),
    DecisionOutcome.OWN_LIST: N_("Egen prislista"),
}

router = APIRouter(include_in_schema=False)
YearQuery = Annotated[int | None, Query(alias="ar", ge=2001, le=2100)]


@router.get(PAGE, name="price_proposal", response_class=HTMLResponse)
def proposal_page(request: Request, actor: PriceProposalRead, year: YearQuery = None) -> Response:
    with web_context(request).reads() as session:
        chosen = year or latest_proposal_year(session)
        overview = None if chosen is None else proposal_overview(session, actor, chosen)
    context = {
        "overview": overview,
        "year": chosen,
        "outcomes": OUTCOME_NAMES,
        "outcome_options": options(request, OUTCOME_NAMES),
        "may_propose": actor.role in {Role.OFFICER, Role.ASSOCIATION_STAFF},
        "own_code": actor.municipality_code,
        "done": request.query_params.get("klart"),
    }
    return render(request, "compensation/price_proposal.html", context)


@router.post(PAGE + "/forslag", name="price_proposal_make")
def make_proposal(
    actor: PriceProposalWrite, uow: Work, now: Now, form: Annotated[ProposalIn, Form()]
) -> Response:
    propose_prices(
        uow,
        actor=actor,
        year=form.year,
        percent=form.percent,
        level_percent=form.level_percent,
        rounding=PriceRounding(),
        proposed_on=form.proposed_on,
        reference=form.reference,
        now=now,
    )
    return RedirectResponse(f"{PAGE}?ar={form.year}&klart=forslag", status_code=303)


@router.post(PAGE + "/beslut", name="price_proposal_decision")
def record_decision(
    place: OwnMunicipalityPlace,
    uow: Work,
    now: Now,
    year: Annotated[int, Form(ge=2001, le=2100)],
    form: Annotated[DecisionIn, Form()],
) -> Response:
    actor = place.working
    decision = form.decision(year, actor.municipality_code or "")
    record_price_decision(uow, actor=actor, decision=decision, now=now)
    return RedirectResponse(place.link(PAGE, ar=year, klart="beslut"), status_code=303)


@router.post(PAGE + "/egen", name="price_proposal_own_list")
async def own_list(
    place: OwnMunicipalityPlace,
    uow: Work,
    now: Now,
    year: Annotated[int, Form(ge=2001, le=2100)],
    file: Annotated[UploadFile, File()],
) -> Response:
    actor = place.working
    content = await file.read(MAXIMUM_FILE_BYTES + 1)
    name = PurePath(file.filename or "prislista.csv").name
    if len(content) > MAXIMUM_FILE_BYTES:
        raise InvalidInput([RowError(name, 0, "", N_("Filen är större än 2 MB."))])
    code = actor.municipality_code or ""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(content)
        prices = read_price_list_file(path, year=year, municipalities=[code])
    import_own_price_list(uow, actor=actor, municipality=code, price_list=prices, now=now)
    return RedirectResponse(place.link(PAGE, ar=year, klart="egen"), status_code=303)
