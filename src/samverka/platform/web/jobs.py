"""Long work started from a page: run in a background thread, followed on a status page.

A page that starts something that takes seconds or minutes (an admission round, a compensation
run) answers at once with a redirect to a status page, which reloads itself
(``status_headers``) until the job is done and then shows its result or why it failed.

The jobs are kept in the database (``platform.db.background_jobs``, table ``background_job``),
not in one process's memory (issue 15, point 13): the worker that runs a job writes its
progress (``BackgroundJobs.save``) and its end there, and whichever worker of ``samverka serve
--workers N`` answers the status page reads it from there (the worker that runs it shows it as
it is now: on SQLite its progress is stored only when that need not wait for the work's own
write transaction). A job's own fields (its inputs, its
progress, its result: dataclasses, enums, numbers, decimals, dates and text) are stored as JSON
and read back into the job's class by their type hints. A job not heard from for
``STALE_AFTER`` (its process was stopped) is shown as failed (``STOPPED``). The newest
``KEPT_JOBS`` finished jobs of a kind are kept. The thread keeps the request's clock
(``contextvars``).

What the status page says of a failure is Swedish (English on request) from the catalogue: a
refusal's own text and parameters, or, for anything else, the general internal error's title
and advice; the text of an unexpected exception goes to the log only, never to the page.
"""

from __future__ import annotations

import contextvars
import dataclasses
import enum
import gettext
import logging
import threading
import types
import typing
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any, Final, Generic, TypeVar

from fastapi import Request

from samverka.errors import N_, NotFound, SamverkaError, worded
from samverka.platform.clock import now
from samverka.platform.db.background_jobs import BackgroundJobStore, StoredJob
from samverka.platform.web.context import web_context
from samverka.platform.web.errors import INTERNAL_ERROR, ErrorKind, kind_of

log = logging.getLogger(__name__)

REFRESH_SECONDS: Final = 2
KEPT_JOBS: Final = 50
STALE_AFTER: Final = timedelta(hours=1)
STOPPED: Final = ErrorKind(
    500,
    "internal_error",
    N_("Körningen avbröts innan den blev klar"),
    N_("Tjänsten startades om medan körningen pågick. Starta körningen igen."),
    shows_message=False,
)


@dataclass(slots=True, kw_only=True)
class Job:
    """One job's state; a kind of job adds its inputs and its result."""

    id: str = field(default_factory=lambda: uuid.uuid4().hex)
    started_at: datetime = field(default_factory=now)
    failure: ErrorKind | None = None
    message: str | None = None  # the refusal in Swedish, as the log and the CLI say it
    text: str = ""  # the refusal's Swedish text (a msgid) and its parameters, for the page
    parameters: dict[str, Any] = field(default_factory=dict)
    finished: bool = False

    @property
    def working(self) -> bool:
        return not self.finished

    def said(self, translations: gettext.NullTranslations) -> str:
        """The refusal in the page's language."""
        return worded(translations.gettext(self.text), self.parameters) if self.text else ""


J = TypeVar("J", bound=Job)


@dataclass(slots=True)
class RunningJobs:
    """The jobs an application (one worker process) runs, as they are now: their progress
    may not be stored yet."""

    jobs: dict[str, Job] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)


class BackgroundJobs(Generic[J]):
    """The jobs of one kind (``what``: "round run"), each run in a thread of the process that
    started it, kept in the database."""

    def __init__(
        self, kind: type[J], what: str, store: BackgroundJobStore, running: RunningJobs
    ) -> None:
        self._kind = kind
        self._what = what  # for the log, the 404 and the table: "round run", "compensation run"
        self._store = store
        self._running = running

    def start(self, job: J, work: Callable[[J], None]) -> J:
        """Store the job, then run ``work(job)`` in a thread; ``work`` sets the job's result
        (and may ``save`` its progress). A refusal of the services becomes the job's failure
        with its message; anything else is logged and shown as an internal error."""
        at = now()
        stored = StoredJob(job.id, self._what, job.started_at, at, None, encode(job))
        self._store.add(stored, kept=KEPT_JOBS)
        with self._running.lock:
            self._running.jobs[job.id] = job
        run = contextvars.copy_context().run  # the thread keeps the request's clock
        thread = threading.Thread(target=run, args=(self._run, job, work), daemon=True)
        thread.start()
        return job

    def get(self, job_id: str) -> J:
        """The job as this process runs it, or as last stored by the process that does."""
        with self._running.lock:
            running = self._running.jobs.get(job_id)
        if isinstance(running, self._kind):
            return running
        stored = self._store.get(self._what, job_id)
        if stored is None:
            raise NotFound(N_("Körningen %(job)s finns inte längre."), job=job_id)
        job: J = decode(self._kind, stored.state)
        if not job.finished and now() - _utc(stored.updated_at) > STALE_AFTER:
            job.failure, job.finished = STOPPED, True  # its process was stopped
        return job

    def save(self, job: J) -> None:
        """Store the job's progress for the other processes, if that can be done without
        waiting for the work's own transaction (SQLite); it never stops the work."""
        try:
            self._store.update(job.id, encode(job), now(), wait=False)
        except Exception:
            log.info("the progress of %s %s was not stored now", self._what, job.id)

    def _run(self, job: J, work: Callable[[J], None]) -> None:
        try:
            work(job)
        except SamverkaError as error:
            job.failure, job.message = kind_of(error), str(error)
            job.text, job.parameters = error.text, dict(error.parameters)
        except Exception:  # its text is for the log; the page says the general error
            log.exception("%s %s failed", self._what, job.id)
            job.failure, job.message, job.text, job.parameters = INTERNAL_ERROR, None, "", {}
        finally:
            job.finished = True
            try:
                self._store.update(job.id, encode(job), now(), finished=True)
            except Exception:
                log.exception("the end of %s %s was not stored", self._what, job.id)
            finally:
                with self._running.lock:
                    self._running.jobs.pop(job.id, None)


_REGISTRY_LOCK = threading.Lock()


def jobs_of(request: Request, kind: type[J], what: str) -> BackgroundJobs[J]:
    """The jobs of ``kind`` (called ``what`` in messages and in the table)."""
    state = request.app.state
    with _REGISTRY_LOCK:
        running: RunningJobs | None = getattr(state, "running_jobs", None)
        if running is None:
            running = state.running_jobs = RunningJobs()
    store = BackgroundJobStore(web_context(request).session_factory)
    return BackgroundJobs(kind, what, store, running)


def status_headers(job: Job) -> dict[str, str] | None:
    """The status page reloads itself while the job works (= ``<meta http-equiv="refresh">``)."""
    return None if job.finished else {"Refresh": str(REFRESH_SECONDS)}


def _utc(moment: datetime) -> datetime:
    """SQLite gives a moment back without its zone; it was stored in UTC."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment


# -- a job's fields as JSON ---------------------------------------------------------------------
def encode(value: Any) -> Any:
    """``value`` (a dataclass, and what its fields hold) as JSON values."""
    if value is None or isinstance(value, bool | int | float | str):
        return value.value if isinstance(value, enum.Enum) else value
    if isinstance(value, enum.Enum):
        return encode(value.value)
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, date):  # a datetime too
        return value.isoformat()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: encode(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {str(key): encode(item) for key, item in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [encode(item) for item in value]
    raise TypeError(f"a background job cannot store a {type(value).__name__}")


def decode(hint: Any, data: Any) -> Any:
    """``data`` (from ``encode``) read back as ``hint``, a type as the job's fields name it."""
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        options = [option for option in typing.get_args(hint) if option is not type(None)]
        if data is None:
            return None
        return decode(options[0], data) if len(options) == 1 else data
    if origin in (tuple, list, set, frozenset):
        items = typing.get_args(hint)
        item = items[0] if items else Any
        return origin(decode(item, value) for value in data)
    if origin is dict:
        key, item = typing.get_args(hint)
        return {decode(key, k): decode(item, v) for k, v in data.items()}
    if hint is Any or data is None:
        return data
    if isinstance(hint, type):
        if dataclasses.is_dataclass(hint):
            hints = typing.get_type_hints(hint)
            values = {
                f.name: decode(hints[f.name], data[f.name])
                for f in dataclasses.fields(hint)
                if f.init and f.name in data
            }
            return hint(**values)
        if issubclass(hint, enum.Enum) or hint in (Decimal, int, float, str, bool):
            return hint(data)
        if issubclass(hint, datetime):
            return datetime.fromisoformat(data)
        if issubclass(hint, date):
            return date.fromisoformat(data)
    raise TypeError(f"a background job cannot read a {hint!r}")
