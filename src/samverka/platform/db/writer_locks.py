"""Writer locks in the database: one row per kind and key, taken first in a writer's transaction.

``take`` reads the row's ``version`` and then writes it, conditionally::

    UPDATE writer_lock SET version = :seen + 1, holder = …, taken_at = …
     WHERE kind = :kind AND key = :key AND version = :seen

(or inserts the row, ``ON CONFLICT DO NOTHING``, the first time). The write holds the row until
the transaction ends, so a second writer's write waits: on PostgreSQL for the row lock, on
SQLite for the database's write lock (within the busy timeout). When the first commits, the
second's condition no longer holds (the version moved on), it changes no row, and it gets
``ConcurrentChange``; when the first rolls back or its process dies, the row is as before and
the second goes on. A writer that reads the version after the first committed goes on too.
Both databases behave the same; no lock outlives its transaction, so a killed process leaves
nothing to clean up.

``checkpoint`` is called at named points (``<kind>.begin`` before the version is read,
``<kind>.claimed`` after it is read, ``<kind>.locked`` once the lock is held, and
``<kind>.commit`` by the unit of work just before it commits): the fault tests pause a process
there (``platform.db.pause_points``).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Final
from zoneinfo import ZoneInfo

from sqlalchemy import select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from samverka.errors import N_, ConcurrentChange
from samverka.platform.db.tables import writer_lock
from samverka.platform.ports import WriterKind

Checkpoint = Callable[[str], None]
SWEDEN = ZoneInfo("Europe/Stockholm")
# The refusal of the writer that waited, per kind of work: who saved what, and when it started.
_SAVED_MEANWHILE: Final = {
    WriterKind.POPULATION_LOAD: N_(
        "En inläsning av folkbokföringen av %(holder)s, startad %(started)s, sparades medan "
        "den här väntade; inget av den här sparades. Se efter vad som gäller nu och gör om det "
        "om det fortfarande behövs."
    ),
    WriterKind.ADMISSION_ROUND: N_(
        "En körning eller publicering av en omgång i antagningsåret %(key)s av %(holder)s, "
        "startad %(started)s, sparades medan den här väntade; inget av den här sparades. Se "
        "efter vad som gäller nu och gör om det om det fortfarande behövs."
    ),
    WriterKind.COMPENSATION_RUN: N_(
        "En körning av ersättningarna eller en stängning av en månad av %(holder)s, startad "
        "%(started)s, sparades medan den här väntade; inget av den här sparades. Se efter vad "
        "som gäller nu och gör om det om det fortfarande behövs."
    ),
}


def no_checkpoint(_point: str) -> None:
    """Outside the fault tests nothing happens at the named points."""


class SqlWriterLocks:
    def __init__(self, session: Session, checkpoint: Checkpoint = no_checkpoint) -> None:
        self._s = session
        self._checkpoint = checkpoint
        self.held: list[WriterKind] = []

    def take(self, kind: WriterKind, key: str, *, holder: str, at: datetime) -> None:
        w = writer_lock
        here = (w.c.kind == kind.value) & (w.c.key == key)
        self._checkpoint(f"{kind.value}.begin")
        seen = self._s.execute(select(w.c.version).where(here)).scalar_one_or_none()
        self._checkpoint(f"{kind.value}.claimed")
        values = {"holder": holder[:80], "taken_at": at}
        if seen is None:
            taken = self._insert_if_missing({"kind": kind.value, "key": key, **values})
        else:
            bump = update(w).where(here, w.c.version == seen).values(version=seen + 1, **values)
            taken = self._s.execute(bump.returning(w.c.version)).first() is not None
        if not taken:
            raise self._lost(kind, key)
        self.held.append(kind)
        self._checkpoint(f"{kind.value}.locked")

    def before_commit(self) -> None:
        for kind in self.held:
            self._checkpoint(f"{kind.value}.commit")

    def _insert_if_missing(self, values: dict[str, object]) -> bool:
        """True when this inserted the row; False when another writer's row came first."""
        row = {**values, "version": 1}
        dialect = postgresql if self._s.get_bind().dialect.name == "postgresql" else sqlite
        insert = dialect.insert(writer_lock).values(row).on_conflict_do_nothing()
        return self._s.execute(insert.returning(writer_lock.c.version)).first() is not None

    def _lost(self, kind: WriterKind, key: str) -> ConcurrentChange:
        w = writer_lock
        winner = self._s.execute(
            select(w.c.holder, w.c.taken_at).where(w.c.kind == kind.value, w.c.key == key)
        ).one()
        moment: datetime = winner.taken_at
        if moment.tzinfo is None:  # SQLite keeps no offset; stored in UTC
            moment = moment.replace(tzinfo=UTC)
        started = moment.astimezone(SWEDEN)
        return ConcurrentChange(
            _SAVED_MEANWHILE[kind],
            key=key,
            holder=winner.holder,
            started=f"{started:%Y-%m-%d %H:%M:%S}",
        )
