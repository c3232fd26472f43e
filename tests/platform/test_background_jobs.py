"""Background jobs live in the database, not in one worker's memory (issue 15, point 13): a job
started by one worker process is shown by any other with its progress and its result, read back
into the job's own class; a job whose worker stopped is shown as failed. Two
``BackgroundJobs`` with their own ``RunningJobs`` on one database stand for two workers.
"""

from __future__ import annotations

import gettext
import logging
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from enum import StrEnum

import pytest
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import NullPool

from samverka.errors import Conflict, NotFound
from samverka.platform.clock import now
from samverka.platform.db.background_jobs import BackgroundJobStore, StoredJob
from samverka.platform.db.engine import make_engine
from samverka.platform.web.errors import INTERNAL_ERROR
from samverka.platform.web.jobs import (
    STOPPED,
    BackgroundJobs,
    Job,
    RunningJobs,
    decode,
    encode,
)

WAIT = 30.0  # a bound against hanging only


class Kind(StrEnum):
    FINAL = "final"


@dataclass(frozen=True, slots=True)
class Line:
    month: date
    amount: Decimal


@dataclass(frozen=True, slots=True)
class Result:
    kind: Kind
    total: Decimal
    lines: tuple[Line, ...]
    timings: dict[str, float]
    note: str | None = None


@dataclass(slots=True, kw_only=True)
class ExampleJob(Job):
    seed: int
    step: str | None = None
    result: Result | None = None
    seen: list[int] = field(default_factory=list)


RESULT = Result(
    Kind.FINAL,
    Decimal("1234.50"),
    (Line(date(2026, 9, 1), Decimal("0.10")), Line(date(2026, 10, 1), Decimal("-3"))),
    {"load": 0.25, "store": 1.5},
)


@pytest.fixture
def sessions(database_url: str) -> Iterator[sessionmaker[Session]]:
    engine = make_engine(database_url, poolclass=NullPool)
    yield sessionmaker(engine)
    engine.dispose()


def _worker(sessions: sessionmaker[Session]) -> BackgroundJobs[ExampleJob]:
    return BackgroundJobs(ExampleJob, "example run", BackgroundJobStore(sessions), RunningJobs())


def _finished(worker: BackgroundJobs[ExampleJob], job_id: str) -> ExampleJob:
    deadline = now() + timedelta(seconds=WAIT)
    while (job := worker.get(job_id)).working:
        assert now() < deadline, "the job never finished"
        threading.Event().wait(0.02)
    return job


def _started(worker: BackgroundJobs[ExampleJob], work: Callable[[ExampleJob], None]) -> ExampleJob:
    return worker.start(ExampleJob(seed=7), work)


def test_a_job_started_on_one_worker_is_shown_with_its_result_by_another(
    sessions: sessionmaker[Session],
) -> None:
    one, other = _worker(sessions), _worker(sessions)

    def work(job: ExampleJob) -> None:
        job.result = RESULT
        job.seen.append(job.seed)

    job = _started(one, work)
    shown = _finished(other, job.id)

    assert shown.result == RESULT
    assert shown.seen == [7]
    assert (shown.failure, shown.message, shown.seed) == (None, None, 7)
    assert shown.started_at == job.started_at
    assert _finished(one, job.id) == shown


def test_the_progress_a_worker_saves_is_shown_by_another_while_the_job_works(
    sessions: sessionmaker[Session],
) -> None:
    one, other = _worker(sessions), _worker(sessions)
    saved, go_on = threading.Event(), threading.Event()

    def work(job: ExampleJob) -> None:
        job.step = "halfway"
        one.save(job)
        saved.set()
        assert go_on.wait(WAIT)
        job.result = RESULT

    job = _started(one, work)
    assert saved.wait(WAIT)
    working = other.get(job.id)
    assert working.working
    assert working.step == "halfway"
    assert working.result is None
    go_on.set()
    assert _finished(other, job.id).result == RESULT


def test_a_refusal_is_the_jobs_failure_with_its_message_on_every_worker(
    sessions: sessionmaker[Session],
) -> None:
    one, other = _worker(sessions), _worker(sessions)

    def work(job: ExampleJob) -> None:
        raise Conflict("a reserve round needs a published final round")

    shown = _finished(other, _started(one, work).id)

    assert shown.failure is not None
    assert shown.failure.code == "conflict"
    assert shown.message == "a reserve round needs a published final round"


def test_an_unexpected_failure_is_logged_and_the_job_says_only_the_general_error(
    sessions: sessionmaker[Session], caplog: pytest.LogCaptureFixture
) -> None:
    one, other = _worker(sessions), _worker(sessions)

    def work(job: ExampleJob) -> None:
        raise RuntimeError("disk full while writing the round")

    with caplog.at_level(logging.ERROR, logger="samverka.platform.web.jobs"):
        shown = _finished(other, _started(one, work).id)

    assert shown.failure == INTERNAL_ERROR
    assert (shown.message, shown.text, shown.parameters) == (None, "", {})
    assert shown.said(gettext.NullTranslations()) == ""
    assert "disk full while writing the round" in caplog.text  # for the log only


def test_a_job_whose_worker_stopped_long_ago_is_shown_as_failed(
    sessions: sessionmaker[Session],
) -> None:
    store = BackgroundJobStore(sessions)
    long_ago = now() - timedelta(hours=2)
    job = ExampleJob(seed=3, started_at=long_ago)
    store.add(StoredJob(job.id, "example run", long_ago, long_ago, None, encode(job)), kept=50)

    shown = _worker(sessions).get(job.id)

    assert not shown.working
    assert shown.failure == STOPPED
    assert shown.failure.title == "Körningen avbröts innan den blev klar"


def test_an_unknown_job_or_one_of_another_kind_is_not_found(
    sessions: sessionmaker[Session],
) -> None:
    one = _worker(sessions)
    job = _started(one, lambda job: None)
    _finished(one, job.id)
    other_kind = BackgroundJobs(
        ExampleJob, "other run", BackgroundJobStore(sessions), RunningJobs()
    )

    with pytest.raises(NotFound):
        _worker(sessions).get("0123456789abcdef")
    with pytest.raises(NotFound):
        other_kind.get(job.id)


def test_only_the_newest_finished_jobs_of_a_kind_are_kept(
    sessions: sessionmaker[Session],
) -> None:
    store = BackgroundJobStore(sessions)
    start = datetime(2020, 1, 1, tzinfo=UTC)
    ids = []
    for minute in range(4):
        at = start + timedelta(minutes=minute)
        job = ExampleJob(seed=minute, started_at=at, finished=True)
        store.add(StoredJob(job.id, "kept run", at, at, at, encode(job)), kept=2)
        ids.append(job.id)

    assert [store.get("kept run", i) is not None for i in ids] == [False, False, True, True]


def test_a_job_reads_back_equal_to_what_was_stored() -> None:
    job = ExampleJob(seed=1, step="done", result=RESULT, failure=INTERNAL_ERROR, finished=True)

    assert decode(ExampleJob, encode(job)) == job
