"""`samverka demo`: a fresh demo database for the Stockholm region, and a whole admission year.

Builds the 26 member municipalities, about 180 school units and 1,500 offerings, about 30,000
applicants with autumn and final grades and their choices, then runs the preliminary round,
the final round, replies and two reserve rounds through the same services an admission office
uses, and prints a summary. Then it creates one demo account per role, all with the same
password (printed once; for development only), and serves the web application on this machine
until stopped (``--no-serve`` stops after the accounts).

Each demo database gets a secret key of its own (``demo_secret_key``): 48 random bytes kept
beside it in ``<database>.key``, readable by its owner only (0600), made afresh with the
database; the demo serves with it, and so may ``samverka serve`` with
``SAMVERKA_SECRET_KEY=$(cat samverka-demo.db.key)`` (issue 11, point 7: no secret by default).
"""

from __future__ import annotations

import os
import random
import secrets
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import Annotated, TypeVar

import typer
import uvicorn

from samverka import bootstrap
from samverka.admission.demo import DemoRegion, build_demo_region, loading_steps
from samverka.admission.domain.replies import ReplyKind
from samverka.admission.domain.rounds import RoundKind
from samverka.admission.services.replies import register_replies
from samverka.admission.services.rounds import RoundSummary, publish_round, run_round
from samverka.association.demo import load_demo_association
from samverka.config import DEVELOPMENT, Settings
from samverka.platform import clock
from samverka.platform.access.domain.actors import Actor, Role
from samverka.platform.access.passwords import Argon2idHasher
from samverka.platform.access.services.authentication import create_account
from samverka.register.demo import load_demo_register
from samverka.unit_of_work import SqlUnitOfWork

ACTOR = Actor("demo", Role.OFFICER, "demo")  # the admission office that runs the demo year
# Development only: the demo database lives on this machine and is served on loopback.
DEMO_PASSWORD = "samverka-demo-2026"
DEMO_MUNICIPALITY = "0180"
KEY_SUFFIX = ".key"
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
    port: Annotated[int, typer.Option(help="Port of the web application on 127.0.0.1.")] = 8000,
    serve: Annotated[
        bool, typer.Option("--serve/--no-serve", help="Serve the web application afterwards.")
    ] = True,
) -> None:
    """Build a fresh demo database, run a whole admission year on it and serve it on the web."""
    started = time.perf_counter()
    for suffix in ("", "-wal", "-shm", KEY_SUFFIX):
        Path(f"{database}{suffix}").unlink(missing_ok=True)
    settings = Settings(
        database_url=f"sqlite:///{database}",
        environment=DEVELOPMENT,
        secret_key=demo_secret_key(database),
    )
    uow = SqlUnitOfWork(
        _step("Creating and migrating the database", lambda: bootstrap.database(settings))
    )
    region = _step(
        f"Generating {applicants:,} applicants".replace(",", " "),
        lambda: build_demo_region(year=year, applicants=applicants, seed=seed),
    )
    _load(uow, region, year)
    summaries = _rounds(uow, region, year, seed)
    _step(
        "Loading the youth register (1 September) and the year-1 placements",
        partial(_register, uow, region, year),
    )
    _step(
        "Loading the association's fees, grants, operations plan, budget and board work",
        partial(load_demo_association, uow, year, clock.now()),
    )
    applicant = next(iter(region.applications))
    logins = _step("Creating one demo account per role", lambda: _accounts(uow, region, year))
    _print_summary(summaries, time.perf_counter() - started, database, applicant)
    _print_logins(logins, port)
    if serve:
        typer.echo("\nServing the web application (Ctrl-C stops it).")
        app = bootstrap.web_app(settings)
        uvicorn.run(app, host="127.0.0.1", port=port, server_header=False, proxy_headers=False)


def demo_secret_key(database: Path) -> str:
    """The secret key of the demo database ``database``, kept in ``<database>.key`` (mode
    0600); made now, at random, if there is none."""
    path = Path(f"{database}{KEY_SUFFIX}")
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text(encoding="ascii").strip()
    key = secrets.token_urlsafe(48)
    with os.fdopen(descriptor, "w", encoding="ascii") as file:
        file.write(key + "\n")
    return key


@dataclass(frozen=True, slots=True)
class _DemoAccount:
    role: Role
    username: str
    display_name: str
    personal_id: str | None = None
    units: tuple[str, ...] = ()
    municipality: str | None = None


def _accounts(uow: SqlUnitOfWork, region: DemoRegion, year: int) -> list[tuple[Role, str]]:
    """One account per role; the applicant is a real demo applicant with a result, the
    counsellor works at their year-9 school and the school gives their first choice."""
    pid = next(iter(region.applications))
    record = next(p.applicant for p in region.pupils if p.applicant.personal_id.canonical == pid)
    units = {o.code: o.school_unit_code for o in region.catalogue.offerings}
    first_choice_unit = units[region.applications[pid][0].offering_code]
    counsellor_unit = record.school_unit_code or first_choice_unit
    accounts = [
        _DemoAccount(Role.OFFICER, "handlaggare", "Demo Handläggare"),
        _DemoAccount(Role.ANALYST, "analytiker", "Demo Analytiker"),
        _DemoAccount(Role.ASSOCIATION_STAFF, "kansli", "Demo Förbundskansliet"),
        _DemoAccount(Role.BOARD_MEMBER, "styrelse", "Demo Styrelseledamot"),
        _DemoAccount(Role.APPLICANT, "sokande", record.name, personal_id=pid),
        _DemoAccount(Role.COUNSELLOR, "syv", "Demo SYV", units=(counsellor_unit,)),
        _DemoAccount(Role.SCHOOL, "skola", "Demo Rektor", units=(first_choice_unit,)),
        _DemoAccount(
            Role.MUNICIPALITY, "kommun", "Demo Kommunhandläggare", municipality=DEMO_MUNICIPALITY
        ),
    ]
    actor = ACTOR
    passwords = _HashedOnce(Argon2idHasher())
    now = datetime(year, 1, 10, tzinfo=UTC)
    for account in accounts:
        create_account(
            uow,
            actor=actor,
            username=account.username,
            display_name=account.display_name,
            role=account.role,
            password=DEMO_PASSWORD,
            passwords=passwords,
            personal_id=account.personal_id,
            school_unit_codes=account.units,
            municipality_code=account.municipality,
            now=now,
        )
    return [(account.role, account.username) for account in accounts]


class _HashedOnce:
    """A ``PasswordHasher`` that hashes each password once (at argon2id's full cost) and hands
    the same hash to every account given it: the demo's accounts share one password, and
    hashing it for each of them was most of the time their creation took."""

    def __init__(self, hasher: Argon2idHasher) -> None:
        self._hasher = hasher
        self._hashes: dict[str, str] = {}

    def hash_password(self, password: str) -> str:
        found = self._hashes.get(password)
        if found is None:
            found = self._hashes[password] = self._hasher.hash_password(password)
        return found

    def verify_password(self, password_hash: str, password: str) -> bool:
        return self._hasher.verify_password(password_hash, password)

    def needs_rehash(self, password_hash: str) -> bool:
        return self._hasher.needs_rehash(password_hash)


def _print_logins(logins: list[tuple[Role, str]], port: int) -> None:
    typer.echo(f"\nThe web application: http://127.0.0.1:{port}/  (API: /api/v1/docs)")
    typer.echo(f"Demo password for every account (development only): {DEMO_PASSWORD}")
    for role, username in logins:
        typer.echo(f"  {role.value:<13} {username}")


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


def _register(uow: SqlUnitOfWork, region: DemoRegion, year: int) -> None:
    load_demo_register(
        uow,
        year=year,
        municipalities=[m.code for m in region.municipalities if m.terms.in_admission_area],
        pupils=region.pupils,
        now=datetime(year, 9, 1, tzinfo=UTC),
        offerings=region.catalogue.offerings,
    )


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
    typer.echo(f"  (its secret key for `samverka serve` is in {database}{KEY_SUFFIX})")
    typer.echo(f"  {command} rounds list")
    typer.echo(f"  {command} reports statistics --round {final}")
    typer.echo(f"  {command} rounds explain {applicant} --round {final}")
    typer.echo(f"  {command} reports export --round {final} --what reserves --out reserves.xlsx")
    typer.echo(f"  {command} prices import docs/examples/price-list-2026.csv --year 2026")
    typer.echo(f"  {command} compensation run --month 2026-09")


def _samverka() -> str:
    """How to call this command again from here (the console script in .venv/bin)."""
    script = Path(sys.argv[0])
    return os.path.relpath(script) if script.name == "samverka" and script.exists() else "samverka"
