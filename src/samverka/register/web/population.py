"""The admission officer's page for loading a population extract into the youth register.

* ``/register/folkbokforing`` (GET): the form: the extract's date and the file (.csv, the
  columns of docs/formats.md, "The youth register").
* ``/register/folkbokforing`` (POST): reads the whole file, then ``load_population``. A bad file
  is refused as every refused form is (``platform.web.forms``): the page again, 422, every bad
  row listed at the top with its line and column, the date kept and the file to choose again;
  nothing saved. An extract with nobody in the age band, or one that would remove more than
  the allowed share of the register, is refused with a confirmation step: the page names how
  many would leave, and the officer sends the file again with the box ticked that confirms
  exactly that number (``confirm_removals``). Nothing is changed until then; the confirmation
  goes to the audit trail with the load.

The form's fields are the API's (``register.http.PopulationLoadIn``: ``date``,
``confirm_removals``, ``file``); ``read_extract`` is shared with the API
(``register.api.population``).
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Final

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, Response
from starlette.concurrency import run_in_threadpool

from samverka.errors import RemovalsNotConfirmed
from samverka.platform.web.context import web_context
from samverka.platform.web.deps import Now, Work
from samverka.platform.web.i18n import N_
from samverka.platform.web.templating import render
from samverka.register.domain.population import ChangeKind
from samverka.register.http import (
    PopulationLoad,
    PopulationLoadIn,
    load_extract,
    swedish_day,
    uploaded,
)

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
    return render(request, PAGE, _context(request, swedish_day(now)))


@router.post(PATH, name="population_load", response_class=HTMLResponse)
async def load(
    request: Request,
    actor: PopulationLoad,
    uow: Work,
    now: Now,
    form: Annotated[PopulationLoadIn, Form()],
    file: Annotated[UploadFile, File()],
) -> Response:
    upload = await uploaded(file)
    day, confirmed = form.extract_date, form.confirm_removals
    context = _context(request, day)
    try:
        report = await run_in_threadpool(
            load_extract, request, uow, actor, upload, day, confirmed, now
        )
    except RemovalsNotConfirmed as refused:  # a question to the officer, not a wrong field
        confirm = {"confirm": refused, "confirmed": confirmed}
        return render(request, PAGE, {**context, **confirm}, status_code=409)
    return render(request, PAGE, {**context, "report": report})


def _context(request: Request, day: date) -> dict[str, object]:
    share = web_context(request).settings.population_removal_share
    return {
        "day": day,
        "percent": (share * 100).normalize(),
        "change_labels": CHANGE_LABELS,
        "report": None,
        "confirm": None,
        "confirmed": None,
    }
