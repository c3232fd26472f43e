"""Benchmark: loading a population file of 150,000 persons into the youth register.

Run from the repository root::

    .venv/bin/python -m benchmarks.population_load [--persons 150000] [--backends sqlite,postgresql]

For each backend a fresh, migrated database gets the member municipalities, then

1. the first extract (every person NEW) is read from its CSV file, validated, compared with the
   empty register and stored — timed from the file to the committed transaction;
2. a second extract a month later with about 3 % changes (moves, departures, newcomers, address,
   protection and name changes) is loaded the same way, with change detection against the
   150,000 persons stored.

The target is 60 s per load (the issue). The report goes to stdout, progress to stderr.
"""

from __future__ import annotations

import argparse
import platform
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from benchmarks.final_round import BACKENDS, _backends, _database
from samverka import bootstrap
from samverka.admission.demo_data import municipalities
from samverka.admission.domain.catalogue import Municipality
from samverka.config import Settings
from samverka.platform import clock
from samverka.platform.access.domain.actors import Actor, Role
from samverka.register.demo import changed, synthetic_population, write_population_file
from samverka.register.files.population_file import read_population_file
from samverka.register.services.register import LoadReport, load_population
from samverka.unit_of_work import SqlUnitOfWork

TARGET_S = 60.0
FIRST = date(2026, 9, 1)
SECOND = date(2026, 10, 1)


def _progress(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def _load(
    uow: SqlUnitOfWork, path: Path, day: date, codes: list[str]
) -> tuple[float, float, LoadReport]:
    started = time.perf_counter()
    records = read_population_file(path, extract_date=day, municipalities=codes)
    read_s = time.perf_counter() - started
    report = load_population(
        uow,
        records=records,
        extract_date=day,
        source=path.name,
        actor=Actor("benchmark", Role.OFFICER, "benchmark"),
        now=clock.now(),
    )
    return read_s, time.perf_counter() - started, report


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.population_load")
    parser.add_argument("--persons", type=int, default=150_000)
    parser.add_argument("--backends", type=_backends, default=BACKENDS)
    parser.add_argument("--postgres-url")
    args = parser.parse_args(argv)
    members = [Municipality(code, name) for code, name in municipalities()]
    codes = [m.code for m in members]
    lines = []
    with tempfile.TemporaryDirectory(prefix="samverka-population-") as tmp:
        _progress(f"Synthesising {args.persons} persons and a second extract with ~3 % changes")
        started = time.perf_counter()
        first = synthetic_population(args.persons, codes, FIRST)
        second = changed(first, codes, SECOND)
        first_file = write_population_file(Path(tmp) / "population-1.csv", first)
        second_file = write_population_file(Path(tmp) / "population-2.csv", second)
        lines.append(f"synthesised in {time.perf_counter() - started:.1f} s")
        for backend in args.backends:
            _progress(f"[{backend}]")
            with _database(backend, args.postgres_url) as (url, description):
                factory = bootstrap.database(Settings(database_url=url))
                uow = SqlUnitOfWork(factory)
                with uow:
                    uow.catalogue.add_municipalities(members)
                    uow.commit()
                lines.append(f"{backend} ({description}):")
                for label, path, day in (
                    ("first", first_file, FIRST),
                    ("second", second_file, SECOND),
                ):
                    _progress(f"  loading the {label} extract")
                    read_s, total_s, report = _load(uow, path, day, codes)
                    verdict = "OK" if total_s < TARGET_S else "OVER TARGET"
                    counts = ", ".join(f"{k.value} {v}" for k, v in report.changes.items() if v)
                    lines.append(
                        f"  {label} extract: {report.persons} persons,"
                        f" {report.total_changes} changes ({counts});"
                        f" read+validate {read_s:.1f} s, total {total_s:.1f} s"
                        f" (target {TARGET_S:.0f} s: {verdict})"
                    )
                factory.kw["bind"].dispose()
    print(f"Population load benchmark, {args.persons} persons, Python {platform.python_version()}")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
