"""Benchmark: the whole demo, step by step (issue 15, point 14: the whole demo under 20 s).

Run from the repository root::

    .venv/bin/python -m benchmarks.demo [--applicants 30000] [--seed 2026] [--loading-only]

Does what ``samverka demo --no-serve`` does, with the same functions and in the same order,
into a fresh SQLite file in a temporary directory: create and migrate the database, generate
the region, open the year, import the pupils, register the applications, run and publish the
four rounds with the replies, load the youth register and the association's affairs, create
the demo accounts. Each step's wall-clock and CPU time (``time.process_time``, which other work
on a busy machine inflates much less) is printed, then the loading alone (every step but the
rounds) and the whole demo against the target, < 20 s. ``--loading-only`` stops after the
applications (the youth register needs the rounds).

Last the audit trail's hash chain is verified (``verify_audit_trail``): every change the demo
made must be in it, intact; otherwise the benchmark fails. Timings on a shared machine are noisy:
compare two versions by alternating runs at the same moment. The report goes to stdout.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import platform
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from samverka import bootstrap, demo
from samverka.admission.demo import build_demo_region, loading_steps
from samverka.association.demo import load_demo_association
from samverka.config import DEVELOPMENT, Settings
from samverka.platform import clock
from samverka.platform.services.audit_trail import verify_audit_trail
from samverka.unit_of_work import SqlUnitOfWork

TARGET_SECONDS = 20.0
T = TypeVar("T")


class _Steps:
    """Each step's label, wall-clock and CPU seconds, and whether it counts as loading."""

    def __init__(self) -> None:
        self.rows: list[tuple[str, float, float, bool]] = []

    def run(self, label: str, action: Callable[[], T], *, loading: bool = True) -> T:
        print(f"  {label} …", file=sys.stderr, flush=True)
        wall, cpu = time.perf_counter(), time.process_time()
        result = action()
        self.rows.append((label, time.perf_counter() - wall, time.process_time() - cpu, loading))
        return result


def _quietly(action: Callable[[], T]) -> T:
    """``action`` with what it prints sent to stderr, with the progress."""
    with contextlib.redirect_stdout(sys.stderr):
        return action()


def _demo(steps: _Steps, directory: Path, args: argparse.Namespace) -> SqlUnitOfWork:
    database = directory / "samverka-demo.db"
    settings = Settings(
        database_url=f"sqlite:///{database}",
        environment=DEVELOPMENT,
        secret_key=demo.demo_secret_key(database),
    )
    uow = SqlUnitOfWork(
        steps.run("create and migrate the database", lambda: bootstrap.database(settings))
    )
    region = steps.run(
        f"generate {args.applicants:,} applicants",
        lambda: build_demo_region(year=args.year, applicants=args.applicants, seed=args.seed),
    )
    for label, action in loading_steps(uow, region, year=args.year, actor=demo.ACTOR):
        steps.run(label[0].lower() + label[1:], action)
    if args.loading_only:
        return uow
    summaries = steps.run(
        "run and publish 4 rounds, with the replies",
        lambda: _quietly(lambda: demo._rounds(uow, region, args.year, args.seed)),
        loading=False,
    )
    if len(summaries) != 4:
        raise SystemExit(f"expected 4 rounds, got {len(summaries)}")
    steps.run(
        "load the youth register and the year-1 placements",
        lambda: demo._register(uow, region, args.year),
    )
    steps.run(
        "load the association's affairs",
        lambda: load_demo_association(uow, args.year, clock.now()),
    )
    steps.run("create the demo accounts", lambda: demo._accounts(uow, region, args.year))
    return uow


def _report(steps: _Steps, args: argparse.Namespace) -> None:
    width = max(len(label) for label, *_ in steps.rows)
    print(f"{'step':<{width}}  {'wall':>8}  {'CPU':>8}")
    print(f"{'-' * width}  {'-' * 8}  {'-' * 8}")
    for label, wall, cpu, _ in steps.rows:
        print(f"{label:<{width}}  {wall:>7.2f}s  {cpu:>7.2f}s")
    loading = [(wall, cpu) for _, wall, cpu, counts in steps.rows if counts]
    print(f"{'-' * width}  {'-' * 8}  {'-' * 8}")
    print(
        f"{'loading (every step but the rounds)':<{width}}  "
        f"{sum(w for w, _ in loading):>7.2f}s  {sum(c for _, c in loading):>7.2f}s"
    )
    wall = sum(row[1] for row in steps.rows)
    cpu = sum(row[2] for row in steps.rows)
    whole = "the steps run" if args.loading_only else "the whole demo"
    print(f"{whole:<{width}}  {wall:>7.2f}s  {cpu:>7.2f}s")
    verdict = "met" if wall < TARGET_SECONDS else "MISSED"
    print(f"\n{whole}: {wall:.1f} s wall-clock, {cpu:.1f} s CPU; target < 20 s: {verdict}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.demo")
    parser.add_argument("--applicants", type=int, default=30_000)
    parser.add_argument("--year", type=int, default=2026)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--loading-only", action="store_true")
    args = parser.parse_args(argv)
    print(f"{platform.processor() or platform.machine()}, {os.cpu_count()} CPUs; ", end="")
    print(f"Python {platform.python_version()}; load average {os.getloadavg()[0]:.2f}")
    steps = _Steps()
    with tempfile.TemporaryDirectory(prefix="samverka-demo-bench-") as tmp:
        uow = _demo(steps, Path(tmp), args)
        chain = verify_audit_trail(uow)
    _report(steps, args)
    print(f"audit trail: {chain.events:,} events, chain intact: {chain.intact}")
    print(f"load average at the end: {os.getloadavg()[0]:.2f}")
    if not chain.intact:
        raise SystemExit("the audit trail's hash chain does not verify")


if __name__ == "__main__":
    main()
