"""One writer at a time where it matters: the port every such use case takes its lock through.

A use case whose two concurrent runs must never both commit (a population load, an admission
round run or publication, a compensation run or month closing) first takes the writer lock of
its ``WriterKind`` and key in its unit of work (``uow.locks.take``), before it reads anything.
The lock is held until the unit of work ends (commit or rollback, also when the process dies):

* a second writer of the same kind and key waits while the first is working, and when the
  first has committed it gets ``ConcurrentChange`` naming who committed what and when; nothing
  of it is saved. If the first rolls back (or is killed), the second goes on;
* a writer that starts after the first has committed goes on: it sees what the first saved.

So two runs that overlap in time never both commit, and the one that does sees every earlier
commit (docs/security.md, "One writer, no half results"). The adapter does this with one row
per kind and key (``adapters.db.writer_locks``), the same way on SQLite and PostgreSQL.

Source: issue 11, point 5.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Protocol


class WriterKind(StrEnum):
    """What may have only one writer at a time, with the key it is taken for."""

    POPULATION_LOAD = "population_load"  # key: "register" (there is one register)
    ADMISSION_ROUND = "admission_round"  # key: the admission year; runs and publications
    COMPENSATION_RUN = "compensation_run"  # key: "all" (a run rechecks up to 12 months)

    def describe(self, key: str) -> str:
        if self is WriterKind.POPULATION_LOAD:
            return "a population load"
        if self is WriterKind.ADMISSION_ROUND:
            return f"a round run or publication of admission year {key}"
        return "a compensation run or month closing"


REGISTER_KEY = "register"
ALL_MONTHS_KEY = "all"


class WriterLocks(Protocol):
    def take(self, kind: WriterKind, key: str, *, holder: str, at: datetime) -> None:
        """Make this unit of work the only writer of ``kind`` and ``key`` until it ends;
        raises ``ConcurrentChange`` when another one committed while this one waited."""
        ...
