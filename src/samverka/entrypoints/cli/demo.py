"""`samverka demo`: a fresh demo database for the Stockholm region, and a whole admission year.

Builds the 26 member municipalities, about 180 school units and 1,500 offerings, about 30,000
applicants with autumn and final grades and their choices, then runs the preliminary round,
the final round, replies and two reserve rounds through the same services an admission office
uses, and prints a summary.
"""

from __future__ import annotations

import os
import random
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import Annotated, TypeVar

import typer

from samverka import bootstrap
from samverka.adapters.db.unit_of_work import SqlUnitOfWork
from samverka.adapters.demo_region import DemoRegion, build_demo_region, loading_steps
from samverka.config import Settings
from samverka.domain.admission.replies import ReplyKind
from samverka.domain.admission.rounds import RoundKind
from samverka.services.replies import register_replies
from samverka.services.rounds import RoundSummary, publish_round, run_round

ACTOR = "demo"
T = TypeVar("T")


def demo(
    database: Annotated[Path, typer.Option(help="SQLite file for the demo; made afresh.")] = Path(
        "samverka-demo.db"
    ),
    applicants: Annotated[int, typer.Option(help="Number of applicants.")] = 30_000,
    year: Annotated[int, typer.Option(help="Admission year.")] = 2026,
    seed: Annotated[
        int, typer.Option(help="Seed of the data, the lottery and the replies.")
    ] = 2026,
) -> None:
    """Build a fresh demo database and run a whole admission year on it."""
    started = time.perf_counter()
    for suffix in ("", "-wal", "-shm"):
        Path(f"{database}{suffix}").unlink(missing_ok=True)
    settings = Settings(database_url=f"sqlite:///{database}")
    uow = SqlUnitOfWork(
        _step("Creating and migrating the database", lambda: bootstrap.database(settings))
    )
    region = _step(
        f"Generating {applicants:,} applicants".replace(",", " "),
        lambda: build_demo_region(year=year, applicants=applicants, seed=seed),
    )
    _load(uow, region, year)
    summaries = _rounds(uow, region, year, seed)
    applicant = next(iter(region.applications))
    _print_summary(summaries, time.perf_counter() - started, database, applicant)


def _step(label: str, action: Callable[[], T]) -> T:
    typer.echo(f"  {label} …", nl=False)
    started = time.perf_counter()
    result = action()
    typer.echo(f" {time.perf_counter() - started:.1f} s")
    return result


def _load(uow: SqlUnitOfWork, region: DemoRegion, year: int) -> None:
    for label, action in loading_steps(uow, region, year=year, actor=ACTOR):
        _step(label, action)


def _rounds(uow: SqlUnitOfWork, region: DemoRegion, year: int, seed: int) -> list[RoundSummary]:
    rng = random.Random(seed)
    summaries = []
    plan = [
        (RoundKind.PRELIMINARY, datetime(year, 4, 15, tzinfo=UTC)),
        (RoundKind.FINAL, datetime(year, 7, 1, tzinfo=UTC)),
        (RoundKind.RESERVE, datetime(year, 8, 1, tzinfo=UTC)),
        (RoundKind.RESERVE, datetime(year, 8, 15, tzinfo=UTC)),
    ]
    for kind, now in plan:
        summary = _step(
            f"Running the {kind.value} round",
            partial(run_round, uow, year=year, kind=kind, seed=seed, actor=ACTOR, now=now),
        )
        publish_round(uow, year=year, round_id=summary.round_id, actor=ACTOR, now=now)
        summaries.append(summary)
        if kind is not RoundKind.PRELIMINARY:
            _reply(uow, region, year, rng, now)
    return summaries


def _reply(
    uow: SqlUnitOfWork, region: DemoRegion, year: int, rng: random.Random, now: datetime
) -> None:
    """Some applicants decline or leave the reserve lists; the rest do not reply (= accept)."""
    replies = {}
    for pid in region.applications:
        draw = rng.random()
        if draw < 0.04:
            replies[pid] = ReplyKind.DECLINE
        elif draw < 0.10:
            replies[pid] = ReplyKind.ACCEPT_WITHOUT_RESERVE
    register_replies(uow, year=year, replies=replies, actor=ACTOR, now=now)


def _print_summary(
    summaries: list[RoundSummary], seconds: float, database: Path, applicant: str
) -> None:
    typer.echo("")
    typer.echo(
        f"{'round':<6} {'kind':<12} {'applicants':>10} {'placed':>8} "
        f"{'1st choice':>11} {'unplaced':>9} {'engine':>8}"
    )
    for s in summaries:
        share = s.first_choice / s.placed if s.placed else 0.0
        typer.echo(
            f"{s.round_id:<6} {s.kind.value:<12} {s.applicants:>10} {s.placed:>8} "
            f"{share:>10.0%} {s.applicants - s.placed:>9} {s.timings['compute']:>7.2f}s"
        )
    final = summaries[1].round_id
    command = f"SAMVERKA_DATABASE_URL=sqlite:///{database} {_samverka()}"
    typer.echo(f"\nDone in {seconds:.0f} s. The demo database is {database}. Next, try:")
    typer.echo(f"  {command} rounds list")
    typer.echo(f"  {command} reports statistics --round {final}")
    typer.echo(f"  {command} rounds explain {applicant} --round {final}")
    typer.echo(f"  {command} reports export --round {final} --what reserves --out reserves.xlsx")


def _samverka() -> str:
    """How to call this command again from here (the console script in .venv/bin)."""
    script = Path(sys.argv[0])
    return os.path.relpath(script) if script.name == "samverka" and script.exists() else "samverka"
