"""The sign-in throttle's counts in the database (``access_tables.sign_in_throttle``), shared
by every web worker. A count is replaced only if it is still the one read (compare and set),
so that two workers counting the same key at once never lose an attempt."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from datetime import datetime

from sqlalchemy import ColumnElement, and_, delete, insert, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from samverka.platform.access.db.tables import sign_in_throttle as throttle
from samverka.platform.access.db.tables import utc
from samverka.platform.access.domain.sign_in_throttle import ThrottleCount, ThrottleKey
from samverka.platform.access.ports import ThrottleSubject


class SqlSignInThrottleRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def counts(
        self, subjects: Collection[ThrottleSubject]
    ) -> Mapping[ThrottleSubject, ThrottleCount]:
        if not subjects:
            return {}
        query = select(throttle).where(or_(*(_is(subject) for subject in subjects)))
        return {
            (ThrottleKey(row.kind), row.subject): ThrottleCount(
                row.failures, utc(row.last_failure_at)
            )
            for row in self._session.execute(query)
        }

    def replace(
        self, subject: ThrottleSubject, seen: ThrottleCount | None, new: ThrottleCount
    ) -> bool:
        if new.last_failure_at is None:
            raise ValueError("a stored count has a last failure")
        values = {"failures": new.failures, "last_failure_at": utc(new.last_failure_at)}
        if seen is None:
            kind, digest = subject
            try:
                with self._session.begin_nested():
                    self._session.execute(
                        insert(throttle).values(kind=kind.value, subject=digest, **values)
                    )
            except IntegrityError:  # another worker counted it first
                return False
            return True
        replaced = self._session.execute(
            update(throttle)
            .where(_is(subject))
            .where(throttle.c.failures == seen.failures)
            .where(throttle.c.last_failure_at == _moment(seen))
            .values(values)
        )
        return bool(replaced.rowcount == 1)  # type: ignore[attr-defined]

    def forget(self, subjects: Collection[ThrottleSubject]) -> None:
        if subjects:
            self._session.execute(delete(throttle).where(or_(*(_is(s) for s in subjects))))

    def purge(self, *, last_failure_before: datetime) -> None:
        self._session.execute(
            delete(throttle).where(throttle.c.last_failure_at < utc(last_failure_before))
        )


def _is(subject: ThrottleSubject) -> ColumnElement[bool]:
    kind, digest = subject
    return and_(throttle.c.kind == kind.value, throttle.c.subject == digest)


def _moment(count: ThrottleCount) -> datetime | None:
    return None if count.last_failure_at is None else utc(count.last_failure_at)
