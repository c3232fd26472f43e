"""The admission officer starts the month's compensation run from the page, as from the command
line (``samverka compensation run``):

* ``/ersattning/korning`` (officer): a form with the month, whether it is a correction run, how
  many earlier months to recheck and whether to recheck every pupil.
* Posting the form first shows what the run will do (the month, its kind, the months rechecked
  and, for a closed month, that only a correction run books in it), as booked lines are never
  changed; the run starts only when that is confirmed (``confirmed=1``).
* A run may take long, so it runs in a background thread (``platform.web.jobs``): the form
  answers at once with a status page (``/ersattning/korning/{id}``) that reloads itself until
  the run is done, then shows what was booked or why it failed.

The run goes through the service (``run_month``) with the signed-in officer's audit name; the
service audits it and keeps to one run at a time (its writer lock). Every form carries the CSRF
token (checked application-wide).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Annotated, Final

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel, Field

from samverka.compensation.domain.period import Month
from samverka.compensation.http import MONTH_PATTERN
from samverka.compensation.services.compensation import RunReport, month_closing, run_month
from samverka.platform.access.domain.actors import Actor, Role
from samverka.platform.clock import today
from samverka.platform.web.auth import require
from samverka.platform.web.context import web_context
from samverka.platform.web.deps import now, unit_of_work
from samverka.platform.web.jobs import BackgroundJobs, Job, jobs_of, status_headers
from samverka.platform.web.templating import render

log = logging.getLogger(__name__)

PAGE: Final = "/ersattning/korning"

router = APIRouter(include_in_schema=False)
Officer = Annotated[Actor, Depends(require(Role.OFFICER))]


class RunForm(BaseModel):
    month: str = Field(pattern=MONTH_PATTERN)
    correction: bool = False
    recheck_months: int = Field(12, ge=0, le=36)
    full_recheck: bool = False
    confirmed: bool = False


# -- runs in the background ---------------------------------------------------------------------
@dataclass(slots=True, kw_only=True)
class CompensationRunJob(Job):
    month: Month
    correction: bool
    recheck_months: int
    full_recheck: bool
    report: RunReport | None = None
    step: str | None = None  # the step the run finished last


def compensation_run_jobs(request: Request) -> BackgroundJobs[CompensationRunJob]:
    """The application's compensation runs started from the page."""
    return jobs_of(request, CompensationRunJob, "compensation run")


# -- pages --------------------------------------------------------------------------------------
@router.get(PAGE, name="compensation_run_form", response_class=HTMLResponse)
def run_form(request: Request, actor: Officer) -> Response:
    context = {"month": str(Month.of(today())), "recheck_months": 12}
    return render(request, "compensation/run_form.html", context)


@router.post(PAGE, name="compensation_start_run")
def start_run(request: Request, actor: Officer, form: Annotated[RunForm, Form()]) -> Response:
    if not form.confirmed:
        month = Month.parse(form.month)
        first = month.back(form.recheck_months)
        closed = month_closing(unit_of_work(request), month=month)
        context = {"form": form, "first": str(first), "closed": closed}
        return render(request, "compensation/run_confirm.html", context)
    work = web_context(request).unit_of_work

    def run(job: CompensationRunJob) -> None:
        def progress(text: str) -> None:
            job.step = text

        job.report = run_month(
            work(),
            month=job.month,
            correction=job.correction,
            recheck_months=job.recheck_months,
            full_recheck=job.full_recheck,
            actor=actor,
            now=now(),
            progress=progress,
        )

    job = CompensationRunJob(
        month=Month.parse(form.month),
        correction=form.correction,
        recheck_months=form.recheck_months,
        full_recheck=form.full_recheck,
    )
    compensation_run_jobs(request).start(job, run)
    return RedirectResponse(f"{PAGE}/{job.id}", status_code=303)


@router.get(PAGE + "/{job_id}", name="compensation_run", response_class=HTMLResponse)
def run_status(request: Request, actor: Officer, job_id: str) -> Response:
    job = compensation_run_jobs(request).get(job_id)
    context = {"job": job, "working": not job.done.is_set()}
    return render(request, "compensation/run.html", context, headers=status_headers(job))
