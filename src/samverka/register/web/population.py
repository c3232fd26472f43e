"""The admission officer's page for loading a population extract into the youth register.

* ``/register/folkbokforing`` (GET): the form: the extract's date and the file (.csv, the
  columns of docs/formats.md, "The youth register").
* ``/register/folkbokforing`` (POST): reads the whole file (every bad row listed, nothing
  saved), then ``load_population``. An extract with nobody in the age band, or one that would
  remove more than the allowed share of the register, is refused with a confirmation step: the
  page names how many would leave, and the officer sends the file again with the box ticked
  that confirms exactly that number (``bekrafta``). Nothing is changed until then; the
  confirmation goes to the audit trail with the load.

``read_extract`` is shared with the API (``entrypoints.api.population``).
"""

from __future__ import annotations

import re
import tempfile
from datetime import date
from pathlib import Path, PurePath
from typing import Annotated, Final

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, Response
from starlette.concurrency import run_in_threadpool

from samverka.errors import InvalidInput, RemovalsNotConfirmed, RowError
from samverka.platform.access.domain.actors import Actor, Role
from samverka.platform.web.auth import require
from samverka.platform.web.context import web_context
from samverka.platform.web.deps import Now, Work
from samverka.platform.web.i18n import N_
from samverka.platform.web.templating import render
from samverka.register.domain.population import ChangeKind, PopulationRecord
from samverka.register.files.population_file import read_population_file
from samverka.register.ports import UnitOfWork
from samverka.register.services.register import LoadReport, load_population

MAXIMUM_FILE_BYTES: Final = 64 * 1024 * 1024  # 150,000 persons take about 12 MB
PAGE: Final = "register/population_load.html"
PATH: Final = "/register/folkbokforing"
UNSAFE_IN_NAMES: Final = re.compile(r"[^\w. \-]")

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
Officer = Annotated[Actor, Depends(require(Role.OFFICER))]


def read_extract(
    uow: UnitOfWork, name: str, content: bytes, extract_date: date
) -> list[PopulationRecord]:
    """Every row of an uploaded extract, checked; ``InvalidInput`` listing every problem."""
    if len(content) > MAXIMUM_FILE_BYTES:
        raise InvalidInput([RowError(name, 0, "", "the file is larger than 64 MB")])
    if PurePath(name).suffix.lower() != ".csv":
        raise InvalidInput([RowError(name, 0, "", "the file must be a .csv file")])
    with uow:
        municipalities = uow.catalogue.municipality_codes()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(content)
        return read_population_file(path, extract_date=extract_date, municipalities=municipalities)


def load_extract(
    request: Request,
    uow: UnitOfWork,
    actor: Actor,
    upload: tuple[str, bytes],
    extract_date: date,
    confirmed: int | None,
    now: Now,
) -> LoadReport:
    """Read and load an uploaded extract as ``actor``, with the configured removal share."""
    name, content = upload
    records = read_extract(uow, name, content, extract_date)
    return load_population(
        uow,
        records=records,
        extract_date=extract_date,
        source=name,
        actor=actor.audit_name,
        now=now,
        removal_share=web_context(request).settings.population_removal_share,
        confirmed_removals=confirmed,
    )


async def uploaded(file: UploadFile) -> tuple[str, bytes]:
    """The upload's file name, made safe to write (letters, digits, space, ``.-_``), and
    at most one byte more than the limit."""
    name = UNSAFE_IN_NAMES.sub("_", PurePath(file.filename or "").name)[:100].strip(". ")
    return name or "uttag.csv", await file.read(MAXIMUM_FILE_BYTES + 1)


@router.get(PATH, name="population_load_form", response_class=HTMLResponse)
def form_page(request: Request, actor: Officer, now: Now) -> Response:
    return render(request, PAGE, _context(request, now.date()))


@router.post(PATH, name="population_load", response_class=HTMLResponse)
async def load(
    request: Request,
    actor: Officer,
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
