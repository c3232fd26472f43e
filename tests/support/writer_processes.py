"""Real ``samverka`` processes for the fault and concurrency tests, and a small world for them.

A process is started with ``SAMVERKA_PAUSE_DIR`` (and ``SAMVERKA_PAUSE_AT``), so the test knows
for certain where it is: it waits for the ``<point>.reached`` file that the process leaves at a
named point of its writer (``platform.db.pause_points``), then kills it (SIGKILL) or lets it go on
by making ``<point>.release``. Waiting has a generous bound only so that a broken process does
not hang the suite; no assertion depends on how fast anything runs.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from admission_year_builders import (
    IN_APPLICATION_PERIOD,
    OFFICE,
    YEAR,
    open_year,
    personal_id,
    pupil,
    submit_own_choices,
)
from sqlalchemy import func, make_url, select
from sqlalchemy.orm import sessionmaker
from sqlalchemy.pool import NullPool

from samverka.admission.db import tables as at
from samverka.admission.domain.calendar import GradeTerm
from samverka.admission.services.pupils import import_pupils
from samverka.compensation.db import tables as ct
from samverka.compensation.domain.price_list import Price, PriceList
from samverka.compensation.services.compensation import COMMON, import_price_list
from samverka.platform.access.domain.actors import Actor, Role
from samverka.platform.db import tables as pt
from samverka.platform.db.engine import make_engine
from samverka.register.db import tables as rt
from samverka.register.domain.placements import SchoolPlacement
from samverka.register.domain.population import PopulationRecord
from samverka.register.services.register import import_placements, load_population
from samverka.unit_of_work import SqlUnitOfWork

SAMVERKA = Path(sys.executable).with_name("samverka")
LONGEST_WAIT = 300.0  # seconds; a bound against hanging, never an expectation of speed
PUPILS = 24
NACKA = "0182"
SEPTEMBER, OCTOBER = date(YEAR, 9, 1), date(YEAR, 10, 1)
NOW = datetime(YEAR, 9, 1, 3, tzinfo=UTC)


@dataclass
class Writer:
    """A ``samverka`` command running in its own process."""

    process: subprocess.Popen[bytes]
    directory: Path

    def wait_for(self, point: str) -> None:
        """Until the process has reached ``point`` (fails if it ends before)."""
        reached = self.directory / f"{point}.reached"
        waited = 0.0
        while not reached.exists():
            if self.process.poll() is not None:
                pytest.fail(f"the process ended before {point}:\n{self.output()}")
            if waited > LONGEST_WAIT:
                self.kill()
                pytest.fail(f"the process never reached {point}:\n{self.output()}")
            time.sleep(0.02)
            waited += 0.02

    def release(self, point: str) -> None:
        (self.directory / f"{point}.release").touch()

    def kill(self) -> None:
        """``kill -9``: the process gets no chance to clean up."""
        os.kill(self.process.pid, signal.SIGKILL)
        self.process.wait(LONGEST_WAIT)

    def finish(self) -> tuple[int, str]:
        """Its exit code and everything it wrote, once it has ended."""
        try:
            code = self.process.wait(LONGEST_WAIT)
        except subprocess.TimeoutExpired:
            self.kill()
            pytest.fail(f"the process did not end:\n{self.output()}")
        return code, self.output()

    def output(self) -> str:
        return "".join(
            (self.directory / name).read_text(errors="replace")
            for name in ("stdout", "stderr")
            if (self.directory / name).exists()
        )


def start(
    url: str,
    arguments: Sequence[str],
    directory: Path,
    *,
    pause_at: Sequence[str] = (),
    busy_timeout: str = "300",
) -> Writer:
    """``samverka ARGUMENTS`` on the database at ``url``, its pause files in ``directory``."""
    directory.mkdir(parents=True)
    environment = {
        **os.environ,
        "SAMVERKA_DATABASE_URL": url,
        "SAMVERKA_ENVIRONMENT": "development",
        "SAMVERKA_PAUSE_DIR": str(directory),
        "SAMVERKA_PAUSE_AT": ",".join(pause_at),
        "SAMVERKA_DATABASE_BUSY_TIMEOUT": busy_timeout,
    }
    with (directory / "stdout").open("wb") as out, (directory / "stderr").open("wb") as err:
        process = subprocess.Popen(
            [str(SAMVERKA), *arguments], env=environment, stdout=out, stderr=err
        )
    return Writer(process, directory)


# -- the world -----------------------------------------------------------------------------------
def unit_of_work(url: str) -> SqlUnitOfWork:
    return SqlUnitOfWork(sessionmaker(make_engine(url, poolclass=NullPool)))


def residents(serials: range, municipality: str = NACKA) -> list[PopulationRecord]:
    """Young people of Nacka born 2010-03-01 (16 on the extract's date)."""
    return [
        PopulationRecord(personal_id(n), date(2010, 3, 1), f"Elev {n}", municipality)
        for n in serials
    ]


def arrange_world(url: str) -> None:
    """An admission year with applicants and choices; the September extract of the register;
    the applicants placed at Norra gymnasiet (Stockholm) from August; the price of NA. So that
    a final round, a compensation run for September (Nacka pays Stockholm) and the October
    extract each have real work to do."""
    uow = unit_of_work(url)
    open_year(uow)
    pupils = [pupil(n, "ABCDE"[n % 5]) for n in range(1, PUPILS + 1)]
    pupils += [pupil(n, "C", term=GradeTerm.AUTUMN) for n in range(1, PUPILS + 1)]
    import_pupils(uow, year=YEAR, pupils=pupils, actor=OFFICE, now=IN_APPLICATION_PERIOD)
    for n in range(1, PUPILS + 1):
        codes = ("NORRA-NA", "NORRA-EK", "SODRA-ES")[n % 3 :]
        submit_own_choices(uow, n, *codes)
    load_population(
        uow,
        records=residents(range(1, PUPILS + 1)),
        extract_date=SEPTEMBER,
        source="september.csv",
        actor=OFFICE,
        now=NOW,
    )
    officer = Actor("officer", Role.OFFICER, "Officer")
    placements = [
        SchoolPlacement(personal_id(n), "11111111", "NA", "", date(YEAR, 8, 15))
        for n in range(1, PUPILS + 1)
    ]
    import_placements(uow, actor=officer, placements=placements, now=NOW)
    prices = PriceList(YEAR, (Price("NA", None, Decimal(120000)),))
    import_price_list(uow, price_list=prices, kind=COMMON, actor=OFFICE, now=NOW)


def october_extract(directory: Path) -> Path:
    """The October extract: two persons moved to Stockholm, one left, two new."""
    records = residents(range(3, PUPILS)) + residents(range(1, 3), "0180")
    records += residents(range(PUPILS + 1, PUPILS + 3))
    lines = ["personnummer,namn,kommunkod"]
    lines += [f"{r.personal_id},{r.name},{r.municipality}" for r in records]
    path = directory / "oktober.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


# -- a world made once per backend, copied for each test -------------------------------------------
def _on_server(server_url: str, statement: str) -> None:
    engine = make_engine(server_url, isolation_level="AUTOCOMMIT", poolclass=NullPool)
    try:
        with engine.connect() as connection:
            connection.exec_driver_sql(statement)
    finally:
        engine.dispose()


@contextmanager
def postgresql_database(server_url: str, template: str | None = None) -> Iterator[str]:
    """A new database on the server (a copy of ``template``), dropped afterwards."""
    name = f"samverka_faults_{uuid.uuid4().hex[:12]}"
    copy = f' TEMPLATE "{template}"' if template else ""
    _on_server(server_url, f'CREATE DATABASE "{name}"{copy}')
    try:
        yield make_url(server_url).set(database=name).render_as_string(hide_password=False)
    finally:
        _on_server(server_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def database_name(url: str) -> str:
    name = make_url(url).database
    assert name is not None
    return name


def sqlite_copy(template: Path, directory: Path) -> str:
    """A copy of a closed SQLite database (its write-ahead log checkpointed into it)."""
    engine = make_engine(f"sqlite:///{template}", poolclass=NullPool)
    with engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()
    copy = directory / "world.db"
    shutil.copyfile(template, copy)
    return f"sqlite:///{copy}"


def counts(url: str) -> dict[str, int]:
    """How many rows each writer's tables hold, and the audit trail."""
    watched = {
        "rounds": at.admission_round,
        "placements": at.placement,
        "explanations": at.round_explanation,
        "loads": rt.population_load,
        "changes": rt.register_change,
        "periods": rt.registration_period,
        "runs": ct.compensation_run,
        "lines": ct.compensation_line,
        "digests": ct.compensation_pupil_digest,
        "audit": pt.audit_event,
    }
    engine = make_engine(url, poolclass=NullPool)
    try:
        with engine.connect() as connection:
            return {
                name: connection.execute(select(func.count()).select_from(table)).scalar_one()
                for name, table in watched.items()
            }
    finally:
        engine.dispose()
