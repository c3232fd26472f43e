"""Faults and concurrent writers on SQLite and PostgreSQL, with real ``samverka`` processes.

* ``kill -9`` in the middle of a round run, a compensation run and a population load (paused
  just before its commit, with everything written in its transaction) leaves nothing of it,
  and the same command run again succeeds.
* Two concurrent runs of each (the second starts while the first holds the writer lock) never
  both commit: exactly one does, and the other gets a clear message, never a traceback.
* A long writer in one process does not make a short write in another fail: on SQLite it waits
  (the busy timeout) and then succeeds; on PostgreSQL it does not wait at all; with no busy
  timeout it fails with a clear message, not "database is locked".

Sources: issue 11 point 5 and its fault and concurrency checks; ``platform.ports.WriterLocks``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from admission_year_builders import OFFICE
from writer_processes import (
    NOW,
    OCTOBER,
    YEAR,
    arrange_world,
    counts,
    database_name,
    october_extract,
    postgresql_database,
    sqlite_copy,
    start,
    unit_of_work,
)

from samverka.admission.domain.rounds import RoundKind
from samverka.admission.services.rounds import run_round
from samverka.compensation.domain.period import Month
from samverka.compensation.services.compensation import run_month
from samverka.platform.db.migrate import upgrade
from samverka.register.files.population_file import read_population_file
from samverka.register.services.register import load_population

CONCURRENT = "sparades medan den här väntade; inget av den här sparades"


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def template(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """The world, made once per backend: a file, or a PostgreSQL database to copy."""
    if request.param == "sqlite":
        path = tmp_path_factory.mktemp("world") / "template.db"
        upgrade(f"sqlite:///{path}")
        arrange_world(f"sqlite:///{path}")
        yield str(path)
        return
    with postgresql_database(request.getfixturevalue("postgresql_server")) as url:
        upgrade(url)
        arrange_world(url)
        yield url


@pytest.fixture
def world(template: str, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[str]:
    """A fresh copy of the world for one test."""
    if not template.startswith("postgresql"):
        yield sqlite_copy(Path(template), tmp_path)
        return
    server = request.getfixturevalue("postgresql_server")
    with postgresql_database(server, template=database_name(template)) as url:
        yield url


def _round(_directory: Path) -> list[str]:
    return ["rounds", "run", "--kind", "final", "--seed", "7", "--year", str(YEAR)]


def _compensation(_directory: Path) -> list[str]:
    return ["compensation", "run", "--month", f"{YEAR}-09"]


def _population(directory: Path) -> list[str]:
    extract = october_extract(directory)
    return ["register", "load-population", str(extract), "--date", f"{YEAR}-10-01"]


def _round_again(url: str, _directory: Path) -> None:
    run_round(unit_of_work(url), year=YEAR, kind=RoundKind.FINAL, seed=7, actor=OFFICE, now=NOW)


def _compensation_again(url: str, _directory: Path) -> None:
    run_month(unit_of_work(url), month=Month(YEAR, 9), actor=OFFICE, now=NOW)


def _population_again(url: str, directory: Path) -> None:
    uow = unit_of_work(url)
    with uow:
        municipalities = uow.catalogue.municipality_codes()
    extract = directory / "oktober.csv"
    records = read_population_file(extract, extract_date=OCTOBER, municipalities=municipalities)
    load_population(
        uow, records=records, extract_date=OCTOBER, source=extract.name, actor=OFFICE, now=NOW
    )


@dataclass(frozen=True)
class WriterCase:
    kind: str  # the writer lock's kind, which names its pause points
    command: Callable[[Path], list[str]]  # the ``samverka`` command, given a directory for files
    again: Callable[[str, Path], None]  # the same through the service, in this process
    written: tuple[str, ...]  # the tables it writes
    one: str  # the table that gets one row per run


WRITERS = {
    "round": WriterCase(
        "admission_round", _round, _round_again, ("rounds", "placements", "explanations"), "rounds"
    ),
    "compensation": WriterCase(
        "compensation_run", _compensation, _compensation_again, ("runs", "lines", "digests"), "runs"
    ),
    "population": WriterCase(
        "population_load", _population, _population_again, ("loads", "changes", "periods"), "loads"
    ),
}


@pytest.mark.parametrize("writer", WRITERS)
def test_killing_a_writer_just_before_its_commit_leaves_no_half_result(
    world: str, tmp_path: Path, writer: str
) -> None:
    case = WRITERS[writer]
    before = counts(world)
    killed = start(
        world, case.command(tmp_path), tmp_path / "killed", pause_at=[f"{case.kind}.commit"]
    )
    killed.wait_for(f"{case.kind}.commit")  # everything is written, nothing is committed
    killed.kill()
    assert counts(world) == before
    case.again(world, tmp_path)  # and the same work done again succeeds
    after = counts(world)
    assert all(after[table] > before[table] for table in case.written), (before, after)
    assert after[case.one] == before[case.one] + 1
    assert after["audit"] > before["audit"]


@pytest.mark.parametrize("writer", WRITERS)
def test_two_concurrent_runs_never_both_commit(world: str, tmp_path: Path, writer: str) -> None:
    case, kind = WRITERS[writer], WRITERS[writer].kind
    before = counts(world)
    command = case.command(tmp_path)
    first = start(world, command, tmp_path / "first", pause_at=[f"{kind}.locked"])
    second = start(world, command, tmp_path / "second", pause_at=[f"{kind}.begin"])
    first.wait_for(f"{kind}.locked")  # the first holds the lock
    second.release(f"{kind}.begin")
    second.wait_for(f"{kind}.claimed")  # the second has read the lock and will wait for it
    first.release(f"{kind}.locked")
    first_code, first_output = first.finish()
    second_code, second_output = second.finish()
    assert first_code == 0, first_output
    assert second_code == 1, second_output
    assert CONCURRENT in second_output
    assert "Traceback" not in second_output
    assert counts(world)[case.one] == before[case.one] + 1


def test_a_long_round_does_not_make_a_short_write_in_another_process_fail(
    world: str, tmp_path: Path
) -> None:
    """On SQLite a load waits for the round's write (the busy timeout), and without a busy
    timeout it fails with a clear message; on PostgreSQL it does not wait at all."""
    sqlite = not world.startswith("postgresql")
    paused = ["population_load.begin"]
    round_run = start(
        world, _round(tmp_path), tmp_path / "round", pause_at=["admission_round.locked"]
    )
    load = start(world, _population(tmp_path), tmp_path / "load", pause_at=paused)
    hasty = (
        start(world, _population(tmp_path), tmp_path / "hasty", pause_at=paused, busy_timeout="0")
        if sqlite
        else None
    )
    round_run.wait_for(
        "admission_round.locked"
    )  # the round holds its lock (SQLite: the database's)
    if hasty is not None:
        hasty.release("population_load.begin")
        code, output = hasty.finish()
        assert code == 1, output
        assert "Databasen var upptagen av en annan skrivning" in output
        assert "Traceback" not in output
        assert "database is locked" not in output
    load.release("population_load.begin")
    load.wait_for("population_load.claimed")  # about to write
    if sqlite:
        round_run.release("admission_round.locked")  # the load waits for it, then writes
        code, output = load.finish()
    else:
        code, output = load.finish()  # row locks: a load never waits for a round
        round_run.release("admission_round.locked")
    assert code == 0, output
    assert round_run.finish()[0] == 0
    after = counts(world)
    assert (after["rounds"], after["loads"]) == (1, 2)
