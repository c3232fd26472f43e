"""Benchmark of the exports: a region's admitted list in each format, from the database to bytes.

Run from the repository root::

    .venv/bin/python -m benchmarks.exports                   # 30,000 applicants, SQLite
    .venv/bin/python -m benchmarks.exports --applicants 5000 --runs 5

A fresh SQLite database (a file in a temporary directory) is loaded with the demo region
(``build_demo_region``, through the services an admission office uses) and a final round is run;
that setup is timed but is not the export. Then, ``--runs`` times for each format (``csv`` for
Swedish Excel, ``csv-maskin``, ``xlsx``), the round's admitted list is exported as the page does
it (``round_lists.export_sheet`` with the officer's view, then ``table_chunks``, every chunk
taken as the streamed response takes it) and timed from the outside: the query, the rows and
the file. Also shown: the CPU time of the process (what the export costs whatever else the
machine runs; the wall-clock time grows with the machine's load, printed at the end), the time
to the first chunk (what a user waits before the download starts) and the file's size. Every
file is read back once (CSV with ``csv``, XLSX with openpyxl) and must hold the header and one
row per admitted applicant.

Issue 15's target: any export of the region in under 2 s. The report goes to stdout, progress to
stderr.
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar

import openpyxl
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from samverka import bootstrap
from samverka.admission.db import tables as t
from samverka.admission.demo import build_demo_region, loading_steps
from samverka.admission.domain.rounds import RoundKind
from samverka.admission.queries.round_lists import ExportKind, Viewer, export_sheet
from samverka.admission.services.rounds import run_round
from samverka.config import Settings
from samverka.platform.access.domain.actors import Actor, Role
from samverka.platform.files.exports import FileFormat, table_chunks
from samverka.unit_of_work import SqlUnitOfWork

ACTOR = Actor("benchmark", Role.OFFICER, "benchmark")
TARGET_S = 2.0
T = TypeVar("T")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--applicants", type=int, default=30_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--year", type=int, default=2026)
    parser.add_argument("--seed", type=int, default=20260701)
    options = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="samverka-bench-exports-") as directory:
        url = f"sqlite:///{Path(directory) / 'exports.db'}"
        factory = bootstrap.database(Settings(database_url=url))
        uow = SqlUnitOfWork(factory)
        region = _timed(
            "building the demo region",
            lambda: build_demo_region(
                year=options.year, applicants=options.applicants, seed=options.seed
            ),
        )[0]
        for label, action in loading_steps(uow, region, year=options.year, actor=ACTOR):
            _timed(label, action)
        summary, _ = _timed(
            "the final round",
            lambda: run_round(
                uow,
                year=options.year,
                kind=RoundKind.FINAL,
                seed=options.seed,
                actor=ACTOR,
                now=datetime(options.year, 7, 1, tzinfo=UTC),
            ),
        )
        with factory() as session:
            admitted = session.scalar(
                select(func.count()).where(
                    t.placement.c.round_id == summary.round_id,
                    t.placement.c.offering_id.is_not(None),
                )
            )
        print(f"\nExports of the admitted list: {admitted:,} rows, {options.runs} runs each")
        print(
            f"{'format':<12}{'median s':>10}{'max s':>10}{'CPU s':>8}"
            f"{'first chunk s':>15}{'size MB':>10}"
        )
        worst = 0.0
        for file_format in FileFormat:
            times: list[float] = []
            firsts: list[float] = []
            cpu: list[float] = []
            content = b""
            for _ in range(options.runs):
                cpu_before = time.process_time()
                seconds, first, content = _export(
                    factory, options.year, summary.round_id, file_format
                )
                cpu.append(time.process_time() - cpu_before)
                times.append(seconds)
                firsts.append(first)
            rows = _read_back(content, file_format)
            if rows != (admitted or 0) + 1:
                sys.exit(f"{file_format}: {rows} rows read back, expected {(admitted or 0) + 1}")
            worst = max(worst, max(times))
            print(
                f"{file_format.value:<12}{statistics.median(times):>10.2f}{max(times):>10.2f}"
                f"{statistics.median(cpu):>8.2f}"
                f"{statistics.median(firsts):>15.3f}{len(content) / 1e6:>10.1f}"
            )
        verdict = "met" if worst < TARGET_S else "NOT met"
        print(f"\nTarget < {TARGET_S:.0f} s for every format: {verdict} (slowest {worst:.2f} s)")
        load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
        print(f"Load average of the machine (1, 5, 15 min): {load} on {os.cpu_count()} cores")
        factory.kw["bind"].dispose()


def _export(
    factory: sessionmaker[Session], year: int, round_id: int, file_format: FileFormat
) -> tuple[float, float, bytes]:
    """One export as the page makes it: the seconds in all, to the first chunk, the bytes."""
    started = time.perf_counter()
    with factory() as session:
        sheet = export_sheet(
            session, year, round_id, ExportKind.PLACEMENTS, Viewer(may_see_protected=False)
        )
    parts: list[bytes] = []
    first = 0.0
    for chunk in table_chunks(file_format, sheet):
        if chunk and not first:
            first = time.perf_counter() - started
        parts.append(chunk)
    return time.perf_counter() - started, first, b"".join(parts)


def _read_back(content: bytes, file_format: FileFormat) -> int:
    if file_format is FileFormat.XLSX:
        workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True)
        return sum(1 for _ in workbook.worksheets[0].iter_rows(values_only=True))
    delimiter = ";" if file_format is FileFormat.CSV else ","
    text = content.decode("utf-8-sig")
    return sum(1 for _ in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))


def _timed(label: str, action: Callable[[], T]) -> tuple[T, float]:
    print(f"{label} …", end="", file=sys.stderr, flush=True)
    started = time.perf_counter()
    value = action()
    seconds = time.perf_counter() - started
    print(f" {seconds:.1f} s", file=sys.stderr, flush=True)
    return value, seconds


if __name__ == "__main__":
    main()
