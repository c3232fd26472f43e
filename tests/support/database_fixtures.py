"""Integration fixtures: every test runs on SQLite and on PostgreSQL, over real connections.

PostgreSQL is the server at ``SAMVERKA_TEST_POSTGRES_URL`` when that is set (its user must be
allowed to CREATE DATABASE), else a throwaway server started for the session from the system's
binaries (``pg_config --bindir``, ``/usr/lib/postgresql/*/bin``): trust auth, listening only on a
Unix socket in a temporary directory, stopped and deleted at the end. Without binaries the
PostgreSQL half fails in CI (``CI`` set) and is skipped, with the reason, elsewhere.

Fixtures, for a test that takes any of them (``[sqlite]`` and ``[postgresql]`` in its id):

``database_url``        (session) a database migrated with ``upgrade()``, shared by the session
``engine``              (session) an engine on it
``connection``          one connection inside an outer transaction, rolled back after the test
``uow``                 a ``SqlUnitOfWork`` on that connection: each of its sessions runs in a
                        SAVEPOINT, so a service's ``commit()`` stays inside the test
``session``             a plain ``Session`` on the same connection, to arrange and assert
``empty_database_url``  a fresh database, never migrated, dropped after the test

And for tests that build a world of their own on an SQLite file (the web, API and command-line
tests), ``new_sqlite_database``: ``bootstrap.database(settings)`` for a new file, which copies a
file migrated once for the session (``migrated_sqlite_file``) instead of running every migration
again for each test.
"""

from __future__ import annotations

import os
import pwd
import shutil
import sqlite3
import subprocess
import tempfile
import uuid
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager, suppress
from pathlib import Path
from typing import Any, NoReturn

import pytest
from sqlalchemy import Connection, Engine, event, make_url
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import NullPool

from samverka import bootstrap
from samverka.config import Settings
from samverka.platform.db.engine import make_engine
from samverka.platform.db.migrate import upgrade
from samverka.unit_of_work import SqlUnitOfWork

BACKENDS = ["sqlite", "postgresql"]
NewDatabase = Callable[[Settings], sessionmaker[Session]]
POSTGRES_URL_VARIABLE = "SAMVERKA_TEST_POSTGRES_URL"
SERVER_USER = "postgres"
SERVER_SETTINGS = {
    "listen_addresses": "",
    "port": "5432",
    "fsync": "off",
    "synchronous_commit": "off",
    "full_page_writes": "off",
}


# -- a throwaway PostgreSQL server ------------------------------------------------------------
def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in {"", "0", "false", "no"}


def _unavailable(reason: str) -> NoReturn:
    """Without PostgreSQL: fail loudly in CI, skip (saying why) on a developer's machine."""
    if _in_ci():
        pytest.fail(f"PostgreSQL is required in CI: {reason}", pytrace=False)
    pytest.skip(f"PostgreSQL tests skipped: {reason} (or set {POSTGRES_URL_VARIABLE})")


def _version(bindir: Path) -> float:
    try:
        return float(bindir.parent.name)
    except ValueError:
        return 0.0


def _bindir_candidates() -> list[Path]:
    candidates = []
    pg_config = shutil.which("pg_config")
    if pg_config:
        found = subprocess.run([pg_config, "--bindir"], capture_output=True, text=True)
        if found.returncode == 0:
            candidates.append(Path(found.stdout.strip()))
    debian = Path("/usr/lib/postgresql").glob("*/bin")
    candidates += sorted(debian, key=_version, reverse=True)
    initdb = shutil.which("initdb")
    if initdb:
        candidates.append(Path(initdb).parent)
    return candidates


def _find_bindir() -> Path | None:
    for bindir in _bindir_candidates():
        if (bindir / "initdb").is_file() and (bindir / "pg_ctl").is_file():
            return bindir
    return None


def _server_owner() -> str | None:
    """The user to run the server as: ``postgres`` when we are root (initdb refuses root)."""
    if os.geteuid() != 0:
        return None
    try:
        pwd.getpwnam(SERVER_USER)
    except KeyError:
        _unavailable(f"running as root and there is no {SERVER_USER!r} user to run the server")
    if shutil.which("runuser") is None:
        _unavailable("running as root and `runuser` is missing")
    return SERVER_USER


def _run(command: list[str], owner: str | None, cwd: Path) -> None:
    if owner is not None:
        command = ["runuser", "-u", owner, "--", *command]
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=120)
    if done.returncode != 0:
        output = f"{done.stdout}{done.stderr}"
        raise RuntimeError(f"{' '.join(command)} exited {done.returncode}:\n{output}")


def _owned_directory(path: Path, owner: str | None) -> Path:
    path.mkdir(exist_ok=True)
    if owner is not None:
        entry = pwd.getpwnam(owner)
        os.chown(path, entry.pw_uid, entry.pw_gid)
    return path


def _configure(data: Path, sockets: Path) -> None:
    settings = dict(SERVER_SETTINGS, unix_socket_directories=str(sockets))
    lines = [f"{name} = '{value}'" for name, value in settings.items()]
    with (data / "postgresql.conf").open("a") as conf:
        conf.write("\n# samverka test server\n" + "\n".join(lines) + "\n")


def _start_server(bindir: Path, root: Path, owner: str | None) -> str:
    data, sockets, log = root / "data", _owned_directory(root / "sockets", owner), root / "log"
    initdb = [str(bindir / "initdb"), "-D", str(data), "-U", SERVER_USER, "-A", "trust"]
    _run([*initdb, "-E", "UTF8", "--locale=C", "--no-sync"], owner, root)
    _configure(data, sockets)
    try:
        _run([str(bindir / "pg_ctl"), "-D", str(data), "-l", str(log), "-w", "start"], owner, root)
    except RuntimeError as error:
        server_log = log.read_text() if log.exists() else "(no log)"
        raise RuntimeError(f"{error}\nserver log:\n{server_log}") from error
    port = SERVER_SETTINGS["port"]
    return f"postgresql://{SERVER_USER}@/postgres?host={sockets}&port={port}"


def _stop_server(bindir: Path, root: Path, owner: str | None) -> None:
    stop = [str(bindir / "pg_ctl"), "-D", str(root / "data"), "-m", "fast", "-w", "stop"]
    try:
        _run(stop, owner, root)
    finally:
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="session")
def postgresql_server() -> Iterator[str]:
    """URL of a PostgreSQL server on which the tests may create and drop databases."""
    external = os.environ.get(POSTGRES_URL_VARIABLE)
    if external:
        yield external
        return
    bindir = _find_bindir()
    if bindir is None:
        _unavailable("no PostgreSQL server binaries (initdb, pg_ctl) found")
    owner = _server_owner()
    root = _owned_directory(Path(tempfile.mkdtemp(prefix="samverka-pg-")), owner)
    try:
        url = _start_server(bindir, root, owner)
    except (RuntimeError, subprocess.TimeoutExpired) as error:
        with suppress(RuntimeError, subprocess.TimeoutExpired):
            _stop_server(bindir, root, owner)  # in case it started after all; deletes root
        pytest.fail(f"could not start a throwaway PostgreSQL server: {error}", pytrace=False)
    try:
        yield url
    finally:
        _stop_server(bindir, root, owner)


# -- databases -----------------------------------------------------------------------------
def _on_server(server_url: str, statement: str) -> None:
    engine = make_engine(server_url, isolation_level="AUTOCOMMIT", poolclass=NullPool)
    try:
        with engine.connect() as connection:
            connection.exec_driver_sql(statement)
    finally:
        engine.dispose()


@contextmanager
def _fresh_postgresql_database(server_url: str) -> Iterator[str]:
    name = f"samverka_test_{uuid.uuid4().hex[:12]}"
    _on_server(server_url, f'CREATE DATABASE "{name}"')
    try:
        yield make_url(server_url).set(database=name).render_as_string(hide_password=False)
    finally:
        _on_server(server_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def sqlite_database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('sqlite') / 'samverka.db'}"
    upgrade(url)
    return url


@pytest.fixture(scope="session")
def postgresql_database_url(postgresql_server: str) -> Iterator[str]:
    with _fresh_postgresql_database(postgresql_server) as url:
        upgrade(url)
        yield url


@pytest.fixture(scope="session", params=BACKENDS)
def database_url(request: pytest.FixtureRequest) -> str:
    """A migrated database, one per backend for the whole session."""
    return str(request.getfixturevalue(f"{request.param}_database_url"))


@pytest.fixture(params=BACKENDS)
def empty_database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh database that was never migrated, dropped after the test."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'empty.db'}"
        return
    with _fresh_postgresql_database(request.getfixturevalue("postgresql_server")) as url:
        yield url


# -- a new SQLite database, copied from one migrated once ---------------------------------------
def copy_sqlite(source: Path, target: Path) -> Path:
    """A copy of the SQLite database ``source`` at ``target`` (SQLite's backup: consistent
    whatever its journal holds)."""
    with (
        closing(sqlite3.connect(source)) as original,
        closing(sqlite3.connect(target)) as copy,
    ):
        original.backup(copy)
    return target


@pytest.fixture(scope="session")
def migrated_sqlite_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An SQLite file migrated to the newest revision, once for the session; only copied."""
    path = tmp_path_factory.mktemp("migrated") / "migrated.db"
    upgrade(f"sqlite:///{path}")
    return path


@pytest.fixture(scope="session")
def new_sqlite_database(migrated_sqlite_file: Path) -> NewDatabase:
    """``bootstrap.database(settings)`` for a new SQLite file at ``settings.database_url``: the
    session's migrated file copied there, then opened as current (no migration to run)."""

    def new(settings: Settings) -> sessionmaker[Session]:
        url = make_url(settings.database_url)
        assert url.get_backend_name() == "sqlite", url
        assert url.database, url
        path = Path(url.database)
        assert not path.exists(), f"{path} exists: a new database only"
        copy_sqlite(migrated_sqlite_file, path)
        return bootstrap.database(settings, migrate=False)

    return new


# -- connections, sessions and the unit of work -----------------------------------------------
def _driver_autocommit(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.isolation_level = None


def _emit_begin(connection: Connection) -> None:
    connection.exec_driver_sql("BEGIN")


def _real_sqlite_transactions(engine: Engine) -> None:
    """Let SQLAlchemy emit BEGIN, not pysqlite, so SAVEPOINTs nest in the outer transaction."""
    event.listen(engine, "connect", _driver_autocommit)
    event.listen(engine, "begin", _emit_begin)


@pytest.fixture(scope="session")
def engine(database_url: str) -> Iterator[Engine]:
    engine = make_engine(database_url)
    if engine.dialect.name == "sqlite":
        _real_sqlite_transactions(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def connection(engine: Engine) -> Iterator[Connection]:
    """One connection in an outer transaction that is rolled back after the test."""
    with engine.connect() as connection:
        outer = connection.begin()
        try:
            yield connection
        finally:
            if outer.is_active:
                outer.rollback()


@pytest.fixture
def session_factory(connection: Connection) -> sessionmaker[Session]:
    """Sessions joined into the test's transaction; commit() releases a SAVEPOINT only."""
    return sessionmaker(bind=connection, join_transaction_mode="create_savepoint")


@pytest.fixture
def uow(session_factory: sessionmaker[Session]) -> SqlUnitOfWork:
    return SqlUnitOfWork(session_factory)


@pytest.fixture
def session(session_factory: sessionmaker[Session]) -> Iterator[Session]:
    """A plain session on the test's connection: sees what the unit of work committed."""
    with session_factory() as session:
        yield session
