"""Benchmark of the compensation service with a database: a monthly run and a year recomputed.

Run from the repository root::

    .venv/bin/python -m benchmarks.compensation_runs                   # 100,000 pupils
    .venv/bin/python -m benchmarks.compensation_runs --pupils 20000 --backends sqlite

For each backend (SQLite in a temporary file; PostgreSQL on ``--postgres-url`` or a throwaway
local server, as ``benchmarks.final_round``) a fresh migrated database gets the price list and
supplement tiers through the services, then:

1. **Monthly run**: ``compensation.services.compensation.run_month`` for January with nothing booked
   before: read the pupils, compute, store the lines (COPY on PostgreSQL), reconcile the stored sums
   against the lines. Target < 5 s.
2. **Setup**: February–October are run through the same service, each rechecking the months
   before it for the pupils whose data changed since they were booked (none here: timed,
   reported as "monthly runs with history").
3. **November run with 5 % of pupils changed since October, incremental**: 5 % of the pupils
   get retroactive changes (an interruption dated back or a late move); the regular November
   run rechecks January–October for those pupils only (their booked lines read by pupil) and
   books the month, reversals and new lines. Target < 5 s.
4. **Year recomputed with corrections**: another 5 % of the pupils get retroactive changes; the
   December run with ``full_recheck=True`` rechecks January–November for everyone against the
   ~1.1 million booked lines and books reversals and new lines. Target < 30 s.
5. **The year's reconciliation check** (``compensation.queries.compensation_check``): the statements
   of every month against the lines, every run's stored counts and totals, and every service month's
   placed pupils (the register on the measurement date) against the paid and the unpaid
   pupil-months. Target < 10 s (issue 13).

The pupils are the synthetic ones of ``benchmarks.compensation`` (26 municipalities, 60
independent organisers, 18 programmes), given to the service as its ``PupilSource``: the register
is not in the timed path (its own ``pupil_records`` is measured by the register's benchmarks).
Their placements as the December run sees them are also written to the register's tables (not
timed), for the check to count the placed pupils of every month.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from sqlalchemy import insert, text
from sqlalchemy.orm import Session, sessionmaker

from benchmarks.compensation import (
    MUNICIPALITIES,
    TARGET_MONTH_S,
    TARGET_YEAR_S,
    YEAR,
    _pupil,
    _retroactive_changes,
    _school_units,
    _tariff,
)
from benchmarks.final_round import _database
from samverka.admission.db import tables as at
from samverka.compensation.domain.organiser import Organiser
from samverka.compensation.domain.period import Month
from samverka.compensation.domain.pupil_record import PupilRecord
from samverka.compensation.queries.compensation_check import reconciliation_check
from samverka.compensation.services.compensation import (
    COMMON,
    RunReport,
    import_price_list,
    run_month,
    set_supplement_tiers,
)
from samverka.platform.access.domain.actors import Actor, Role
from samverka.platform.db import tables as pt
from samverka.platform.db.engine import make_engine
from samverka.platform.db.inserts import bulk_insert, insert_returning_id
from samverka.platform.db.migrate import upgrade
from samverka.register.db import tables as rt
from samverka.unit_of_work import SqlUnitOfWork

NOW = datetime(YEAR, 12, 20, tzinfo=UTC)
TARGET_CHECK_S = 10.0
OFFICER = Actor("benchmark", Role.OFFICER, "benchmark")


@dataclass
class SyntheticSource:
    pupils: list[PupilRecord]

    def pupil_records(self, first: date, last: date) -> list[PupilRecord]:
        return self.pupils


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.compensation_runs")
    parser.add_argument("--pupils", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--postgres-url", default=None)
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    units = _school_units(rng, args.pupils)
    pupils = [_pupil(rng, index, units) for index in range(args.pupils)]
    changed = _retroactive_changes(rng, pupils)
    changed_again = _retroactive_changes(rng, changed)
    print(
        f"{args.pupils:,} synthetic pupils, {len(MUNICIPALITIES)} municipalities;"
        f" Python {sys.version.split()[0]}; source: synthetic (not the register)"
    )
    for backend in args.backends.split(","):
        with _database(backend, args.postgres_url) as (url, how):
            _progress(f"{backend}: {how}")
            print(_bench(backend, url, pupils, changed, changed_again))


def _bench(
    backend: str,
    url: str,
    pupils: list[PupilRecord],
    changed: list[PupilRecord],
    changed_again: list[PupilRecord],
) -> str:
    upgrade(url)
    engine = make_engine(url)
    factory = sessionmaker(engine)

    def uow() -> SqlUnitOfWork:
        return SqlUnitOfWork(factory)

    tariff = _tariff()
    import_price_list(uow(), price_list=tariff.prices.agreed, kind=COMMON, actor=OFFICER, now=NOW)
    assert tariff.supplements is not None
    set_supplement_tiers(uow(), year=YEAR, tiers=tariff.supplements.tiers, actor=OFFICER, now=NOW)
    source = SyntheticSource(pupils)
    january, january_s = _run(uow(), Month(YEAR, 1), source)
    _progress(f"{backend}: January {january_s:.2f} s, {january.lines:,} lines")
    history: list[tuple[Month, float, RunReport]] = []
    for number in range(2, 11):
        report, seconds = _run(uow(), Month(YEAR, number), source)
        history.append((report.month, seconds, report))
        _progress(f"{backend}: {report.month} {seconds:.2f} s ({report.timings})")
    november, november_s = _run(uow(), Month(YEAR, 11), SyntheticSource(changed))
    assert not november.full_recheck
    _progress(f"{backend}: November (5 % changed) {november_s:.2f} s ({november.timings})")
    december, december_s = _run(
        uow(), Month(YEAR, 12), SyntheticSource(changed_again), full_recheck=True
    )
    _progress(f"{backend}: December (recompute) {december_s:.2f} s ({december.timings})")
    with factory() as session:
        _register(session, changed_again)
        session.commit()
    with factory() as session:
        server = _server_cpu(session)
        started, cpu, server_started = time.perf_counter(), time.process_time(), server()
        check = reconciliation_check(session, OFFICER, YEAR)
        check_s, check_cpu = time.perf_counter() - started, time.process_time() - cpu
        server_cpu = None if server_started is None else (server() or 0) - server_started
    engine.dispose()

    def verdict(seconds: float, target: float) -> str:
        return f"target < {target:g} s: {'met' if seconds < target else 'NOT met'}"

    slowest = max(history, key=lambda item: item[1])
    return "\n".join(
        [
            f"-- {backend}",
            f"monthly run (January, nothing booked before): {january_s:.2f} s,"
            f" {january.lines:,} lines, {january.total:,} SEK; {verdict(january_s, TARGET_MONTH_S)}"
            f"  [{_phases(january)}]",
            "monthly runs February–October (each rechecking the months before, incremental,"
            " nothing changed):"
            + "".join(f" {m.month:02d}: {s:.1f} s;" for m, s, _ in history)
            + f" slowest {slowest[0]} {slowest[1]:.2f} s",
            f"November run with 5 % of pupils changed since October, incremental"
            f" ({len(november.rechecked)} months rechecked for {november.rechecked_pupils:,}"
            f" pupils): {november_s:.2f} s, {november.regular_lines:,} regular and"
            f" {november.correction_lines:,} correction lines"
            f" ({november.correction_total:,} SEK); {verdict(november_s, TARGET_MONTH_S)}"
            f"  [{_phases(november)}]",
            f"year recomputed with corrections (December, full recheck of"
            f" {len(december.rechecked)} months, another 5 % changed):"
            f" {december_s:.2f} s, {december.regular_lines:,} regular and"
            f" {december.correction_lines:,} correction lines"
            f" ({december.correction_total:,} SEK); {verdict(december_s, TARGET_YEAR_S)}"
            f"  [{_phases(december)}]",
            f"reconciliation check of the year: {check.lines:,} lines, {check.totals_checked:,}"
            f" totals, {check.runs_checked} runs, {sum(m.placed for m in check.months):,}"
            f" placed pupil-months in {check_s:.2f} s (CPU: this process {check_cpu:.2f} s"
            + ("" if server_cpu is None else f", the database server {server_cpu:.2f} s")
            + "):"
            f" {'reconciled' if check.reconciled else 'NOT reconciled'};"
            f" {verdict(check_s, TARGET_CHECK_S)}",
        ]
    )


def _server_cpu(session: Session) -> Callable[[], float | None]:
    """The CPU seconds so far of the PostgreSQL backend serving ``session``, when the server
    runs on this machine (a shared machine's wall-clock times say little); None elsewhere."""
    if session.get_bind().dialect.name != "postgresql":
        return lambda: None
    stat = Path(f"/proc/{session.execute(text('SELECT pg_backend_pid()')).scalar()}/stat")

    def seconds() -> float | None:
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            return None
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    return seconds


def _register(session: Session, pupils: list[PupilRecord]) -> None:
    """The pupils' municipalities, organisers, school units and placements in the register."""
    units = {(p.organiser, p.school_unit) for pupil in pupils for p in pupil.placements}
    homes = {r.municipality for pupil in pupils for r in pupil.registrations}
    session.execute(
        insert(pt.municipality),
        [{"code": code, "name": f"Kommun {code}", "member": True} for code in sorted(homes)],
    )
    home = sorted(homes)[0]  # where an independent school lies does not matter here
    organiser_ids: dict[Organiser, int] = {}
    for organiser in sorted({organiser for organiser, _ in units}):
        values = {
            "name": str(organiser),
            "kind": "municipal" if organiser.is_municipality else "independent",
            "municipality_code": organiser.code if organiser.is_municipality else None,
            "organisation_number": None if organiser.is_municipality else organiser.code,
        }
        organiser_ids[organiser] = insert_returning_id(session, at.organiser, values)
    session.execute(
        insert(at.school_unit),
        [
            {
                "code": unit,
                "name": f"Skolenhet {unit}",
                "organiser_id": organiser_ids[organiser],
                "municipality_code": organiser.code if organiser.is_municipality else home,
            }
            for organiser, unit in sorted(units)
        ],
    )
    rows = [
        {
            "personal_id": pupil.pupil_id,
            "school_unit_code": p.school_unit,
            "programme": p.programme,
            "orientation": p.orientation or "",
            "start": p.start,
            "end": p.end,
            "end_reason": None if p.end is None else "interrupted",
        }
        for pupil in pupils
        for p in pupil.placements
    ]
    bulk_insert(session, rt.school_placement, rows)


def _run(
    uow: SqlUnitOfWork, month: Month, source: SyntheticSource, *, full_recheck: bool = False
) -> tuple[RunReport, float]:
    started = time.perf_counter()
    report = run_month(
        uow, month=month, actor=OFFICER, now=NOW, source=source, full_recheck=full_recheck
    )
    return report, time.perf_counter() - started


def _phases(report: RunReport) -> str:
    return ", ".join(f"{name} {seconds:.2f} s" for name, seconds in report.timings.items())


def _progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


if __name__ == "__main__":
    main()
