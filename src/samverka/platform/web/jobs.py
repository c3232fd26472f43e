"""Long work started from a page: run in a background thread, followed on a status page.

A page that starts something that takes seconds or minutes (an admission round, a compensation
run) answers at once with a redirect to a status page, which reloads itself
(``status_headers``) until the job is done and then shows its result or why it failed. The
jobs of a kind are kept in memory per application (``jobs_of``), the newest ``KEPT_JOBS``
finished ones; the work itself is stored by the services as usual, so a restart loses only the
status pages. The thread keeps the request's clock (``contextvars``).
"""

from __future__ import annotations

import contextvars
import gettext
import logging
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Final, Generic, TypeVar

from fastapi import Request

from samverka.errors import N_, NotFound, SamverkaError, worded
from samverka.platform.clock import now
from samverka.platform.web.errors import INTERNAL_ERROR, ErrorKind, kind_of

log = logging.getLogger(__name__)

REFRESH_SECONDS: Final = 2
KEPT_JOBS: Final = 50


@dataclass(slots=True, kw_only=True)
class Job:
    """One job's state; a kind of job adds its inputs and its result."""

    id: str = field(default_factory=lambda: uuid.uuid4().hex)
    started_at: datetime = field(default_factory=now)
    failure: ErrorKind | None = None
    message: str | None = None  # the refusal in Swedish, as the log and the CLI say it
    text: str = ""  # the refusal's Swedish text (a msgid) and its parameters, for the page
    parameters: dict[str, object] = field(default_factory=dict)
    done: threading.Event = field(default_factory=threading.Event)

    def said(self, translations: gettext.NullTranslations) -> str:
        """The refusal in the page's language."""
        return worded(translations.gettext(self.text), self.parameters) if self.text else ""


J = TypeVar("J", bound=Job)


class BackgroundJobs(Generic[J]):
    """The jobs of one kind, each run in its own thread, kept in memory."""

    def __init__(self, what: str) -> None:
        self._what = what  # for the log and the 404: "round run", "compensation run"
        self._jobs: dict[str, J] = {}
        self._lock = threading.Lock()

    def start(self, job: J, work: Callable[[J], None]) -> J:
        """Run ``work(job)`` in a thread; ``work`` sets the job's result. A refusal of the
        services becomes the job's failure with its message; anything else is logged and shown
        as an internal error."""
        with self._lock:
            self._forget_old()
            self._jobs[job.id] = job
        run = contextvars.copy_context().run  # the thread keeps the request's clock
        thread = threading.Thread(target=run, args=(self._run, job, work), daemon=True)
        thread.start()
        return job

    def get(self, job_id: str) -> J:
        with self._lock:
            job = self._jobs.get(job_id)
        if job is None:
            raise NotFound(N_("Körningen %(job)s finns inte längre."), job=job_id)
        return job

    def _run(self, job: J, work: Callable[[J], None]) -> None:
        try:
            work(job)
        except SamverkaError as error:
            job.failure, job.message = kind_of(error), str(error)
            job.text, job.parameters = error.text, dict(error.parameters)
        except Exception:
            log.exception("%s %s failed", self._what, job.id)
            job.failure = INTERNAL_ERROR
        finally:
            job.done.set()

    def _forget_old(self) -> None:
        finished = [j for j in self._jobs.values() if j.done.is_set()]
        for job in finished[: max(0, len(self._jobs) - KEPT_JOBS + 1)]:
            del self._jobs[job.id]


_REGISTRY_LOCK = threading.Lock()


def jobs_of(request: Request, kind: type[J], what: str) -> BackgroundJobs[J]:
    """The application's jobs of ``kind`` (called ``what`` in messages), made on first use."""
    state = request.app.state
    with _REGISTRY_LOCK:
        by_kind: dict[type[Job], BackgroundJobs[J]] | None = getattr(state, "background_jobs", None)
        if by_kind is None:
            by_kind = state.background_jobs = {}
        jobs = by_kind.get(kind)
        if jobs is None:
            jobs = by_kind[kind] = BackgroundJobs(what)
    return jobs


def status_headers(job: Job) -> dict[str, str] | None:
    """The status page reloads itself while the job works (= ``<meta http-equiv="refresh">``)."""
    return None if job.done.is_set() else {"Refresh": str(REFRESH_SECONDS)}
