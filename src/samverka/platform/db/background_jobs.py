"""The store of background jobs (``platform.web.jobs``): one row per job in ``background_job``,
written by the process that runs it and read by any worker process (issue 15, point 13).

Each write is its own short transaction, apart from the work's own: the job's row says when it
started, when it was last updated and when it finished, and holds the job's fields as JSON.
Only the newest ``kept`` finished jobs of a kind are kept.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, insert, select, update
from sqlalchemy.orm import Session, sessionmaker

from samverka.platform.db.tables import background_job as j


@dataclass(frozen=True, slots=True)
class StoredJob:
    id: str
    kind: str
    started_at: datetime
    updated_at: datetime
    finished_at: datetime | None
    state: dict[str, Any]


class BackgroundJobStore:
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def add(self, job: StoredJob, *, kept: int) -> None:
        """Store a new job, and forget the finished jobs of its kind beyond the ``kept``
        newest."""
        with self._sessions() as session, session.begin():
            old = (
                select(j.c.id)
                .where(j.c.kind == job.kind, j.c.finished_at.is_not(None))
                .order_by(j.c.started_at.desc(), j.c.id)
                .offset(max(0, kept - 1))
            )
            stale = list(session.execute(old).scalars())
            if stale:
                session.execute(delete(j).where(j.c.id.in_(stale)))
            session.execute(
                insert(j).values(
                    id=job.id,
                    kind=job.kind,
                    started_at=job.started_at,
                    updated_at=job.updated_at,
                    finished_at=job.finished_at,
                    state=job.state,
                )
            )

    def update(
        self,
        job_id: str,
        state: dict[str, Any],
        at: datetime,
        *,
        finished: bool = False,
        wait: bool = True,
    ) -> None:
        """Store the job's state; without ``wait``, a write that SQLite would make wait for
        another write transaction (the job's own work, on another connection) fails at once
        instead (``OperationalError``)."""
        values: dict[str, Any] = {"state": state, "updated_at": at}
        if finished:
            values["finished_at"] = at
        with self._sessions() as session:
            connection = session.connection()
            sqlite = connection.dialect.name == "sqlite"
            waited = None
            if sqlite and not wait:
                waited = connection.exec_driver_sql("PRAGMA busy_timeout").scalar()
                connection.exec_driver_sql("PRAGMA busy_timeout = 0")
            try:
                session.execute(update(j).where(j.c.id == job_id).values(values))
                session.commit()
            finally:
                if waited is not None:
                    session.rollback()
                    session.connection().exec_driver_sql(f"PRAGMA busy_timeout = {int(waited)}")

    def get(self, kind: str, job_id: str) -> StoredJob | None:
        with self._sessions() as session:
            row = session.execute(select(j).where(j.c.id == job_id, j.c.kind == kind)).first()
        if row is None:
            return None
        return StoredJob(
            row.id, row.kind, row.started_at, row.updated_at, row.finished_at, dict(row.state)
        )
