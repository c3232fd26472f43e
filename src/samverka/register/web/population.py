"""The admission officer's page for loading a population extract into the youth register.

* ``/register/folkbokforing`` (GET): the form: the extract's date and the file (.csv, the
  columns of docs/formats.md, "The youth register").
* ``/register/folkbokforing`` (POST): reads the whole file (every bad row listed, nothing
  saved), then ``load_population``. An extract with nobody in the age band, or one that would
  remove more than the allowed share of the register, is refused with a confirmation step: the
  page names how many would leave, and the officer sends the file again with the box ticked
  that confirms exactly that number (``bekrafta``). Nothing is changed until then; the
  confirmation goes to the audit trail with the load.

``read_extract`` is shared with the API (``register.api.population``).
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Final

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, Response
from starlette.concurrency import run_in_threadpool

from samverka.errors import InvalidInput, RemovalsNotConfirmed
from samverka.platform.web.context import web_context
from samverka.platform.web.deps import Now, Work
from samverka.platform.web.i18n import N_
from samverka.platform.web.templating import render
from samverka.register.domain.population import ChangeKind
from samverka.register.http import PopulationLoad, load_extract, uploaded

PAGE: Final = "register/population_load.html"
PATH: Final = "/register/folkbokforing"

CHANGE_LABELS: Final = {
    ChangeKind.NEW: N_("Nya i registret"),
    ChangeKind.MOVED: N_("Flyttat till en annan kommun"),
    ChangeKind.ADDRESS_CHANGED: N_("Ny adress"),
    ChangeKind.NAME_CHANGED: N_("Nytt namn"),
    ChangeKind.PROTECTION_CHANGED: N_("Ändrat skydd av identitet"),
    ChangeKind.LEFT_REGION: N_("Lämnat regionen"),
    ChangeKind.AGED_OUT: N_("Äldre än åldersspannet"),
}

router = APIRouter(include_in_schema=False)


@router.get(PATH, name="population_load_form", response_class=HTMLResponse)
def form_page(request: Request, actor: PopulationLoad, now: Now) -> Response:
    return render(request, PAGE, _context(request, now.date()))


@router.post(PATH, name="population_load", response_class=HTMLResponse)
async def load(
    request: Request,
    actor: PopulationLoad,
    uow: Work,
    now: Now,
    datum: Annotated[date, Form()],
    file: Annotated[UploadFile, File()],
    bekrafta: Annotated[int | None, Form(ge=0)] = None,
) -> Response:
    upload = await uploaded(file)
    context = _context(request, datum)
    try:
        report = await run_in_threadpool(
            load_extract, request, uow, actor, upload, datum, bekrafta, now
        )
    except InvalidInput as invalid:
        return render(request, PAGE, {**context, "errors": invalid.errors}, status_code=422)
    except RemovalsNotConfirmed as refused:
        confirm = {"confirm": refused, "confirmed": bekrafta}
        return render(request, PAGE, {**context, **confirm}, status_code=409)
    return render(request, PAGE, {**context, "report": report})


def _context(request: Request, day: date) -> dict[str, object]:
    share = web_context(request).settings.population_removal_share
    return {
        "day": day,
        "percent": (share * 100).normalize(),
        "change_labels": CHANGE_LABELS,
        "errors": (),
        "report": None,
        "confirm": None,
        "confirmed": None,
    }
