"""The API's population load (admission officer): ``POST /api/v1/register/population``.

A multipart form with the extract (``file``, .csv as in docs/formats.md), its ``date`` and,
when the load needs it, ``confirm_removals``: the number of persons leaving the register that
the officer confirms. An extract with nobody in the age band, or one that would remove more
than the allowed share of the register, is refused with 409 ``removals_not_confirmed`` whose
message names that number; nothing is changed until it is sent back exactly. Another load
saved while this one waited is 409 ``concurrent_change``; a bad file is 422 with every row.
The fields other than the file are the page's too (``register.http.PopulationLoadIn``).
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Request, UploadFile
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from samverka.platform.api.routes import ERRORS, PREFIX
from samverka.platform.api.schemas import ErrorOut
from samverka.platform.web.deps import now, unit_of_work
from samverka.register.domain.population import ChangeKind
from samverka.register.http import PopulationLoad, PopulationLoadIn, load_extract, uploaded

RESPONSES: dict[int | str, dict[str, Any]] = {
    **ERRORS,
    409: {
        "model": ErrorOut,
        "description": "Removals to confirm (`removals_not_confirmed`), an extract not newer "
        "than the last (`conflict`), or another load saved meanwhile (`concurrent_change`).",
    },
    422: {"model": ErrorOut, "description": "Every bad row of the file (`invalid_input`)."},
}

router = APIRouter(prefix=PREFIX, tags=["register"], responses=RESPONSES)


class PopulationLoadOut(BaseModel):
    load_id: int
    extract_date: date
    persons: int = Field(description="In the register after the load (in the age band).")
    outside_band: int = Field(description="Rows of the extract outside the age band.")
    changes: dict[ChangeKind, int]
    confirmed_removals: int | None


@router.post("/register/population", status_code=201, summary="Load a population extract (officer)")
async def load_population_extract(
    request: Request,
    actor: PopulationLoad,
    form: Annotated[PopulationLoadIn, Form()],
    file: Annotated[UploadFile, File(description="The extract, .csv")],
) -> PopulationLoadOut:
    upload = await uploaded(file)
    uow = unit_of_work(request)
    report = await run_in_threadpool(
        load_extract, request, uow, actor, upload, form.extract_date, form.confirm_removals, now()
    )
    return PopulationLoadOut(
        load_id=report.load_id,
        extract_date=report.extract_date,
        persons=report.persons,
        outside_band=report.outside_band,
        changes=report.changes,
        confirmed_removals=report.confirmed_removals,
    )
