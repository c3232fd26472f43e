"""Benchmark: the audit records of the demo's pupil import (issue 15, point 14).

Run from the repository root::

    .venv/bin/python -m benchmarks.audit_records [--applicants 30000] [--runs 5]

The demo region's pupil records (autumn and final grades) are imported as the demo does it,
each time into a fresh, migrated SQLite database with the year opened. Two figures, each the
best and the median of ``--runs`` runs:

1. the audit record alone, in memory: every change the import audits (the applicant created and
   each term's grade sheet) turned into its audited form, its JSON text, its place in the hash
   chain and its row for the driver, as ``record_changes`` and the audit trail's flush do it;
2. the whole import (``import_pupils``), from the rows to the committed transaction.

Timings on a shared machine are noisy: compare two versions by alternating runs at the same
moment. The report goes to stdout, progress to stderr.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from samverka import bootstrap
from samverka.admission.demo import DemoRegion, build_demo_region, loading_steps
from samverka.admission.services import pupils as pupil_import
from samverka.config import DEVELOPMENT, Settings
from samverka.platform.access.domain.actors import Actor, Role
from samverka.platform.db import audit_repository
from samverka.platform.domain.audit_chain import EMPTY
from samverka.platform.ports import AuditEvent
from samverka.platform.services.audit_records import Change, record_changes
from samverka.unit_of_work import SqlUnitOfWork

YEAR = 2026
AT = datetime(YEAR, 1, 15, tzinfo=UTC)
ACTOR = Actor("benchmark@storsthlm", Role.OFFICER, "Antagningen")


class _Kept:
    """An audit trail that keeps the events recorded, to be encoded and chained in memory."""

    def __init__(self) -> None:
        self.events: list[AuditEvent] = []

    def record_many(self, events: list[AuditEvent]) -> None:
        self.events.extend(events)


def _changes(region: DemoRegion) -> list[Change]:
    """Every change the first import of the region's pupils audits, built as the import does."""
    changes: list[Change] = []
    seen: set[str] = set()
    for pupil in region.pupils:
        pid = pupil.applicant.personal_id.canonical
        record = None if pid not in seen else pupil.applicant
        seen.add(pid)
        changes += pupil_import._changes(record, {}, pupil)
    return changes


def _audit_record(changes: list[Change]) -> tuple[float, float]:
    started = _now()
    trail = _Kept()
    record_changes(trail, ACTOR, changes, at=AT)  # type: ignore[arg-type]
    contents = audit_repository._contents(trail.events)
    audit_repository._rows(EMPTY, contents, audit_repository._driver_moment("sqlite+pysqlite"))
    return _since(started)


def _import(region: DemoRegion) -> tuple[float, float]:
    with tempfile.TemporaryDirectory(prefix="samverka-audit-records-") as tmp:
        settings = Settings(
            database_url=f"sqlite:///{Path(tmp) / 'samverka.db'}",
            environment=DEVELOPMENT,
            secret_key="benchmark-" * 4,
        )
        uow = SqlUnitOfWork(bootstrap.database(settings))
        (_, opening), (_, importing) = loading_steps(uow, region, year=YEAR, actor=ACTOR)[:2]
        opening()
        started = _now()
        importing()
        return _since(started)


def _now() -> tuple[float, float]:
    return time.perf_counter(), time.process_time()


def _since(started: tuple[float, float]) -> tuple[float, float]:
    """The wall-clock and CPU seconds since ``started`` (``_now``)."""
    wall, cpu = _now()
    return wall - started[0], cpu - started[1]


def _figures(label: str, timings: list[tuple[float, float]]) -> str:
    """Best and median of the wall-clock and of the CPU seconds (CPU: steadier on a busy
    machine)."""
    walls, cpus = [wall for wall, _ in timings], [cpu for _, cpu in timings]
    return (
        f"{label:<44} best {min(walls):6.2f} s   median {statistics.median(walls):6.2f} s   "
        f"CPU best {min(cpus):6.2f} s   median {statistics.median(cpus):6.2f} s   "
        f"({len(timings)} runs)"
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.audit_records")
    parser.add_argument("--applicants", type=int, default=30_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args(argv)
    print(f"Generating {args.applicants} applicants", file=sys.stderr, flush=True)
    region = build_demo_region(year=YEAR, applicants=args.applicants, seed=args.seed)
    changes = _changes(region)
    records, imports = [], []
    for run in range(1, args.runs + 1):
        print(f"Run {run} of {args.runs}", file=sys.stderr, flush=True)
        records.append(_audit_record(changes))
        imports.append(_import(region))
    print(f"{len(region.pupils):,} pupil records, {len(changes):,} audit events")
    print(_figures("audit record (snapshot, JSON, hash chain)", records))
    print(_figures("whole import into SQLite", imports))


if __name__ == "__main__":
    main()
