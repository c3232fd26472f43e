"""The writer lock and the unit of work's clear errors, on SQLite and PostgreSQL, with two real
connections in two threads (``platform.ports.WriterLocks``, ``platform.db.writer_locks``).

Each test orders the two writers for certain through the lock's named points (a callback that
sets and waits on ``threading.Event``s): no sleeps, no assertion on speed. The processes of
``test_faults.py`` do the same with whole commands.

Source: issue 11 point 5.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from decimal import Decimal

import pytest
from sqlalchemy import Engine, func, insert, select, text
from sqlalchemy.orm import sessionmaker
from sqlalchemy.pool import NullPool

from samverka.config import Settings, SettingsError
from samverka.errors import ConcurrentChange, DatabaseBusy
from samverka.platform.db import tables as pt
from samverka.platform.db.engine import make_engine
from samverka.platform.db.migrate import upgrade
from samverka.platform.ports import WriterKind
from samverka.unit_of_work import SqlUnitOfWork

AT = datetime(2026, 9, 1, 8, tzinfo=UTC)
KIND = WriterKind.POPULATION_LOAD
WAIT = 300.0  # a bound against hanging only


@pytest.fixture
def engine(empty_database_url: str) -> Iterator[Engine]:
    upgrade(empty_database_url)
    engine = make_engine(empty_database_url, poolclass=NullPool)
    yield engine
    engine.dispose()


class Points:
    """A checkpoint that records the points reached and can hold a writer at one of them."""

    def __init__(self, hold_at: str = "") -> None:
        self.reached: dict[str, threading.Event] = {}
        self.hold_at = hold_at
        self.go_on = threading.Event()

    def __call__(self, point: str) -> None:
        self.reached.setdefault(point, threading.Event()).set()
        if point == self.hold_at:
            assert self.go_on.wait(WAIT), f"never released from {point}"

    def wait_for(self, point: str) -> None:
        event = self.reached.setdefault(point, threading.Event())
        assert event.wait(WAIT), f"never reached {point}"


def _write(engine: Engine, points: Points, name: str, *, fail: bool = False) -> None:
    """Take the lock, record ``name`` as a municipality, and commit (or fail before it)."""
    uow = SqlUnitOfWork(sessionmaker(engine), points)
    with uow:
        uow.locks.take(KIND, "register", holder=name, at=AT)
        uow.session.execute(insert(pt.municipality).values(code=name, name=name))
        if fail:
            raise RuntimeError("the first writer fails")
        uow.commit()


class Thread(threading.Thread):
    """A writer in a thread of its own; ``error`` is what it raised."""

    def __init__(self, work: Callable[[], None]) -> None:
        super().__init__(daemon=True)
        self.work = work
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            self.work()
        except BaseException as error:  # handed to the test
            self.error = error

    def done(self) -> BaseException | None:
        self.join(WAIT)
        assert not self.is_alive(), "the writer never finished"
        return self.error


def _saved(engine: Engine) -> list[str]:
    with engine.connect() as connection:
        codes = connection.execute(select(pt.municipality.c.code).order_by("code"))
        return list(codes.scalars())


@pytest.mark.parametrize("first_time", [True, False], ids=["new lock", "lock taken before"])
def test_a_second_writer_that_waited_gets_concurrent_change_and_saves_nothing(
    engine: Engine, first_time: bool
) -> None:
    if not first_time:
        _write(engine, Points(), "0100")
    first_points, second_points = Points(hold_at=f"{KIND}.locked"), Points()
    first = Thread(lambda: _write(engine, first_points, "0180"))
    first.start()
    first_points.wait_for(f"{KIND}.locked")
    second = Thread(lambda: _write(engine, second_points, "0182"))
    second.start()
    second_points.wait_for(f"{KIND}.claimed")  # it has read the lock the first holds
    first_points.go_on.set()
    assert first.done() is None
    error = second.done()
    assert isinstance(error, ConcurrentChange)
    assert (
        "En inläsning av folkbokföringen av 0180, startad 2026-09-01 10:00:00, sparades medan"
        in str(error)
    )
    assert _saved(engine) == (["0180"] if first_time else ["0100", "0180"])


def test_a_writer_that_starts_after_the_first_committed_goes_on(engine: Engine) -> None:
    _write(engine, Points(), "0180")
    _write(engine, Points(), "0182")
    assert _saved(engine) == ["0180", "0182"]


def test_a_second_writer_goes_on_when_the_first_rolls_back(engine: Engine) -> None:
    first_points, second_points = Points(hold_at=f"{KIND}.locked"), Points()
    first = Thread(lambda: _write(engine, first_points, "0180", fail=True))
    first.start()
    first_points.wait_for(f"{KIND}.locked")
    second = Thread(lambda: _write(engine, second_points, "0182"))
    second.start()
    second_points.wait_for(f"{KIND}.claimed")
    first_points.go_on.set()
    assert isinstance(first.done(), RuntimeError)
    assert second.done() is None
    assert _saved(engine) == ["0182"]


def test_writers_of_different_keys_do_not_stop_each_other(engine: Engine) -> None:
    uow = SqlUnitOfWork(sessionmaker(engine))
    with uow:
        uow.locks.take(WriterKind.ADMISSION_ROUND, "2026", holder="a", at=AT)
        uow.commit()
    with uow:
        uow.locks.take(WriterKind.ADMISSION_ROUND, "2027", holder="b", at=AT)
        uow.locks.take(WriterKind.COMPENSATION_RUN, "all", holder="b", at=AT)
        uow.commit()
    with engine.connect() as connection:
        versions = connection.execute(
            select(pt.writer_lock.c.key, pt.writer_lock.c.version).order_by("key")
        ).all()
    assert [tuple(row) for row in versions] == [("2026", 1), ("2027", 1), ("all", 1)]


def test_a_write_blocked_past_the_busy_timeout_is_a_clear_database_busy(
    empty_database_url: str,
) -> None:
    """SQLite: another connection holds the write lock; with no busy timeout the write fails at
    once, and the unit of work says so clearly, not "database is locked"."""
    if not empty_database_url.startswith("sqlite"):
        pytest.skip("PostgreSQL locks rows; its lock timeout is mapped the same way")
    upgrade(empty_database_url)
    holder = make_engine(empty_database_url, poolclass=NullPool)
    hasty = make_engine(empty_database_url, poolclass=NullPool, busy_timeout=0)
    try:
        with holder.connect() as connection:
            connection.exec_driver_sql("BEGIN IMMEDIATE")  # the write lock, as a long round holds
            uow = SqlUnitOfWork(sessionmaker(hasty))
            with pytest.raises(DatabaseBusy, match="upptagen av en annan skrivning") as busy:
                _take(uow)
            assert "database is locked" in str(busy.value.__cause__)
            connection.exec_driver_sql("ROLLBACK")
    finally:
        holder.dispose()
        hasty.dispose()


def _take(uow: SqlUnitOfWork) -> None:
    with uow:
        uow.locks.take(KIND, "register", holder="b", at=AT)


def _add_stockholm_again(uow: SqlUnitOfWork) -> None:
    with uow:
        uow.session.execute(insert(pt.municipality).values(code="0180", name="Igen"))
        uow.commit()


def test_the_sqlite_busy_timeout_is_the_setting(tmp_path_factory: pytest.TempPathFactory) -> None:
    path = tmp_path_factory.mktemp("busy") / "t.db"
    for seconds, expected in ((30.0, 30000), (2.5, 2500)):
        engine = make_engine(f"sqlite:///{path}", busy_timeout=seconds)
        with engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == expected
        engine.dispose()
    settings = Settings.from_environment({"SAMVERKA_DATABASE_BUSY_TIMEOUT": "12.5"})
    assert settings.database_busy_timeout == 12.5
    assert Settings.from_environment({}).database_busy_timeout == 30.0


def test_a_unique_constraint_hit_by_a_concurrent_writer_is_a_concurrent_change(
    engine: Engine,
) -> None:
    uow = SqlUnitOfWork(sessionmaker(engine))
    with uow:
        uow.session.execute(insert(pt.municipality).values(code="0180", name="Stockholm"))
        uow.commit()
    with pytest.raises(ConcurrentChange, match="sparade samma sak samtidigt"):
        _add_stockholm_again(uow)
    with engine.connect() as connection:
        count = connection.execute(select(func.count()).select_from(pt.municipality))
        assert count.scalar_one() == 1
        assert connection.execute(text("SELECT name FROM municipality")).scalar() == "Stockholm"


def test_the_removal_share_and_the_pause_points_are_settings() -> None:
    settings = Settings.from_environment({"SAMVERKA_POPULATION_REMOVAL_PERCENT": "12,5"})
    assert settings.population_removal_share == Decimal("0.125")
    assert Settings.from_environment({}).population_removal_share == Decimal("0.10")
    with pytest.raises(SettingsError, match="procentsats från 0 till 100"):
        Settings.from_environment({"SAMVERKA_POPULATION_REMOVAL_PERCENT": "150"})
    with pytest.raises(SettingsError, match="ska vara ett tal"):
        Settings.from_environment({"SAMVERKA_POPULATION_REMOVAL_PERCENT": "tio"})
    paused = {
        "SAMVERKA_ENVIRONMENT": "development",
        "SAMVERKA_PAUSE_DIR": "/tmp/x",
        "SAMVERKA_PAUSE_AT": "a.locked, b.commit",
    }
    assert Settings.from_environment(paused).pause_at == ("a.locked", "b.commit")
    production = {**paused, "SAMVERKA_ENVIRONMENT": "production", "SAMVERKA_SECRET_KEY": "k" * 40}
    with pytest.raises(SettingsError, match="bara för feltesterna"):
        Settings.from_environment(production)
    with pytest.raises(SettingsError, match="behöver SAMVERKA_PAUSE_DIR"):
        Settings.from_environment(
            {"SAMVERKA_ENVIRONMENT": "development", "SAMVERKA_PAUSE_AT": "a.locked"}
        )
