"""The admission officer starts the month's compensation run from the page, as from the command
line (``samverka compensation run``):

* ``/ersattning/korning`` (officer): a form with the month, whether it is a correction run, how
  many earlier months to recheck and whether to recheck every pupil.
* Posting the form first shows what the run will do (the month, its kind, the months rechecked
  and, for a closed month, that only a correction run books in it), as booked lines are never
  changed; the run starts only when that is confirmed (``confirmed=true``).
* A run may take long, so it runs in a background thread (``platform.web.jobs``): the form
  answers at once with a status page (``/ersattning/korning/{id}``) that reloads itself until
  the run is done, then shows what was booked or why it failed.

The form is the API's body (``compensation.http.RunIn``) and the confirmation; a refused form
comes back as the page with the input kept and each problem at its field. The run goes through
the service (``run_month``) with the signed-in officer (an ``Actor``); the service audits it and
keeps to one run at a time (its writer lock). Every form carries the CSRF token (checked
application-wide).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Annotated, Final

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from samverka.compensation.domain.period import Month
from samverka.compensation.http import CompensationManage, RunIn
from samverka.compensation.services.compensation import RunReport, month_closing, run_month
from samverka.platform.clock import today
from samverka.platform.web.context import web_context
from samverka.platform.web.deps import now, unit_of_work
from samverka.platform.web.jobs import BackgroundJobs, Job, jobs_of, status_headers
from samverka.platform.web.templating import render

log = logging.getLogger(__name__)

PAGE: Final = "/ersattning/korning"

router = APIRouter(include_in_schema=False)


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
def run_form(request: Request, actor: CompensationManage) -> Response:
    context = {"month": str(Month.of(today())), "recheck_months": 12}
    return render(request, "compensation/run_form.html", context)


@router.post(PAGE, name="compensation_start_run")
def start_run(
    request: Request,
    actor: CompensationManage,
    form: Annotated[RunIn, Form()],
    confirmed: Annotated[bool, Form()] = False,
) -> Response:
    if not confirmed:
        month = Month.parse(form.month)
        first = month.back(form.recheck_months)
        closed = month_closing(unit_of_work(request), month=month)
        context = {"run": form, "first": str(first), "closed": closed}
        return render(request, "compensation/run_confirm.html", context)
    work = web_context(request).unit_of_work
    jobs = compensation_run_jobs(request)

    def run(job: CompensationRunJob) -> None:
        def progress(text: str) -> None:
            job.step = text
            jobs.save(job)  # any worker shows it

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
    jobs.start(job, run)
    return RedirectResponse(f"{PAGE}/{job.id}", status_code=303)


@router.get(PAGE + "/{job_id}", name="compensation_run", response_class=HTMLResponse)
def run_status(request: Request, actor: CompensationManage, job_id: str) -> Response:
    job = compensation_run_jobs(request).get(job_id)
    context = {"job": job, "working": job.working}
    return render(request, "compensation/run.html", context, headers=status_headers(job))
