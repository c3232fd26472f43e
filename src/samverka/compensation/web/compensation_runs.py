"""The admission officer starts the month's compensation run from the page, as from the command
line (``samverka compensation run``):

* ``/ersattning/korning`` (officer): a form with the month, whether it is a correction run, how
  many earlier months to recheck and whether to recheck every pupil.
* Posting the form first shows what the run will do (the month, its kind, the months rechecked
  and, for a closed month, that only a correction run books in it), as booked lines are never
  changed; the run starts only when that is confirmed (``confirmed=1``).
* A run may take long, so it runs in a background thread (``CompensationRunJobs``): the form
  answers at once with a status page (``/ersattning/korning/{id}``) that reloads itself until
  the run is done, then shows what was booked or why it failed.

The run goes through the service (``run_month``) with the signed-in officer's audit name; the
service audits it and keeps to one run at a time (its writer lock). Every form carries the CSRF
token (checked application-wide).
"""

from __future__ import annotations

import contextvars
import logging
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Annotated, Any, Final

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel, Field

from samverka.compensation.domain.period import Month
from samverka.compensation.http import MONTH_PATTERN
from samverka.compensation.services.compensation import RunReport, month_closing, run_month
from samverka.errors import NotFound, SamverkaError
from samverka.platform.access.domain.actors import Actor, Role
from samverka.platform.clock import today
from samverka.platform.web.auth import require
from samverka.platform.web.context import web_context
from samverka.platform.web.deps import now, unit_of_work
from samverka.platform.web.errors import INTERNAL_ERROR, ErrorKind, kind_of
from samverka.platform.web.templating import render

log = logging.getLogger(__name__)

REFRESH_SECONDS: Final = 2
KEPT_JOBS: Final = 50
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
@dataclass(slots=True)
class CompensationRunJob:
    id: str
    month: Month
    correction: bool
    recheck_months: int
    full_recheck: bool
    started_at: datetime
    report: RunReport | None = None
    failure: ErrorKind | None = None
    message: str | None = None
    step: str | None = None  # the step the run finished last
    done: threading.Event = field(default_factory=threading.Event)


class CompensationRunJobs:
    """Compensation runs started from the page, each in its own thread, kept in memory."""

    def __init__(self, unit_of_work: Callable[[], Any]) -> None:
        self._unit_of_work = unit_of_work
        self._jobs: dict[str, CompensationRunJob] = {}
        self._lock = threading.Lock()

    def start(self, form: RunForm, actor: Actor) -> CompensationRunJob:
        job = CompensationRunJob(
            uuid.uuid4().hex,
            Month.parse(form.month),
            form.correction,
            form.recheck_months,
            form.full_recheck,
            now(),
        )
        with self._lock:
            self._forget_old()
            self._jobs[job.id] = job
        run = contextvars.copy_context().run  # the thread keeps the request's clock
        thread = threading.Thread(target=run, args=(self._run, job, actor.audit_name), daemon=True)
        thread.start()
        return job

    def get(self, job_id: str) -> CompensationRunJob:
        with self._lock:
            job = self._jobs.get(job_id)
        if job is None:
            raise NotFound(f"no compensation run {job_id}")
        return job

    def _run(self, job: CompensationRunJob, actor: str) -> None:
        def progress(text: str) -> None:
            job.step = text

        try:
            job.report = run_month(
                self._unit_of_work(),
                month=job.month,
                correction=job.correction,
                recheck_months=job.recheck_months,
                full_recheck=job.full_recheck,
                actor=actor,
                now=now(),
                progress=progress,
            )
        except SamverkaError as error:
            job.failure, job.message = kind_of(error), str(error)
        except Exception:
            log.exception("compensation run %s failed", job.id)
            job.failure = INTERNAL_ERROR
        finally:
            job.done.set()

    def _forget_old(self) -> None:
        finished = [j for j in self._jobs.values() if j.done.is_set()]
        for job in finished[: max(0, len(self._jobs) - KEPT_JOBS + 1)]:
            del self._jobs[job.id]


_JOBS_LOCK = threading.Lock()


def compensation_run_jobs(request: Request) -> CompensationRunJobs:
    """The application's ``CompensationRunJobs``, made on first use."""
    state = request.app.state
    with _JOBS_LOCK:
        if not isinstance(getattr(state, "compensation_run_jobs", None), CompensationRunJobs):
            state.compensation_run_jobs = CompensationRunJobs(web_context(request).unit_of_work)
        jobs: CompensationRunJobs = state.compensation_run_jobs
    return jobs


# -- pages --------------------------------------------------------------------------------------
@router.get(PAGE, name="compensation_run_form", response_class=HTMLResponse)
def run_form(request: Request, actor: Officer) -> Response:
    context = {"month": str(Month.of(today())), "recheck_months": 12}
    return render(request, "compensation/run_form.html", context)


@router.post(PAGE, name="compensation_start_run")
def start_run(request: Request, actor: Officer, form: Annotated[RunForm, Form()]) -> Response:
    if not form.confirmed:
        month = Month.parse(form.month)
        first = month
        for _ in range(form.recheck_months):
            first = first.previous()
        closed = month_closing(unit_of_work(request), month=month)
        context = {"form": form, "first": str(first), "closed": closed}
        return render(request, "compensation/run_confirm.html", context)
    job = compensation_run_jobs(request).start(form, actor)
    return RedirectResponse(f"{PAGE}/{job.id}", status_code=303)


@router.get(PAGE + "/{job_id}", name="compensation_run", response_class=HTMLResponse)
def run_status(request: Request, actor: Officer, job_id: str) -> Response:
    job = compensation_run_jobs(request).get(job_id)
    working = not job.done.is_set()
    headers = {"Refresh": str(REFRESH_SECONDS)} if working else None  # = <meta http-equiv>
    context = {"job": job, "working": working}
    return render(request, "compensation/run.html", context, headers=headers)
