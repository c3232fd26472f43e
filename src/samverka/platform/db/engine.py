"""Creating the database engine (SQLite by default, PostgreSQL in production) and sessions."""

from __future__ import annotations

import json
import json.encoder
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Engine, create_engine, event, make_url
from sqlalchemy.orm import Session, sessionmaker

from samverka.config import DEFAULT_BUSY_TIMEOUT


def make_engine(
    url: str,
    *,
    pool_size: int | None = None,
    busy_timeout: float = DEFAULT_BUSY_TIMEOUT,
    **options: Any,
) -> Engine:
    """An engine for ``url``; with ``pool_size``, a pool keeping that many connections open and
    lending as many more for bursts (an in-memory SQLite database has one connection anyway).

    On SQLite (in WAL mode: readers never wait for the writer) a write waits up to
    ``busy_timeout`` seconds for another connection's write transaction to end before it fails
    (``DatabaseBusy`` from the unit of work), so that a long round run or load in one process
    does not make a short write in another fail with "database is locked"."""
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    parsed = make_url(url)
    sqlite = parsed.get_backend_name() == "sqlite"
    in_memory = sqlite and parsed.database in (None, "", ":memory:")
    if pool_size is not None and not in_memory:
        options |= {"pool_size": pool_size, "max_overflow": pool_size}
    if sqlite:
        options["connect_args"] = {"timeout": busy_timeout, **options.get("connect_args", {})}
    engine = create_engine(url, json_serializer=to_json, **options)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def reading_sessions(sessions: sessionmaker[Session]) -> sessionmaker[Session]:
    """Sessions on the same connections as ``sessions`` for pages and queries that only read.

    Each statement runs on its own (autocommit): no ``BEGIN`` before and no ``ROLLBACK`` when
    the connection goes back to the pool, two round trips saved on every request. What a read
    sees is unchanged on PostgreSQL, whose default READ COMMITTED level gives every statement
    a fresh snapshot inside a transaction too. Never write through these sessions: a unit of
    work keeps using ``sessions``, whose transaction makes its writes all-or-nothing.
    """
    bind = sessions.kw["bind"]
    if not isinstance(bind, Engine):
        raise TypeError("the sessions must be bound to an engine")
    return sessionmaker(bind.execution_options(isolation_level="AUTOCOMMIT"))


def to_json(value: object) -> str:
    """JSON for JSON columns; decimals and moments as text, sets and tuples as lists. Exactly
    ``json.dumps(value, default=…, sort_keys=True, ensure_ascii=False)``, by one encoder made
    once (an audit batch encodes tens of thousands of values; the hashes seal these bytes)."""
    return _ENCODER.encode(value)


def _json_default(value: object) -> object:
    if isinstance(value, Decimal | datetime | date):
        return str(value)
    if isinstance(value, set | frozenset):
        return sorted(value, key=str)
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


_ENCODER = json.JSONEncoder(default=_json_default, sort_keys=True, ensure_ascii=False)


def json_encoder() -> Callable[[object], str]:
    """``to_json`` without its set-up on every call, for the audit trail's batches: the C
    encoder ``JSONEncoder.encode`` makes for each value, made once with the same options, and
    without the check for circular references (an audited value is a tree: one circular
    would fail with ``RecursionError``). ``to_json`` itself where Python has no C encoder."""
    make = getattr(json.encoder, "c_make_encoder", None)
    if make is None:
        return to_json
    e = _ENCODER
    quote = (
        json.encoder.encode_basestring_ascii if e.ensure_ascii else json.encoder.encode_basestring
    )
    chunks = make(
        None,
        e.default,
        quote,
        e.indent,
        e.key_separator,
        e.item_separator,
        e.sort_keys,
        e.skipkeys,
        e.allow_nan,
    )
    join = "".join

    def encode(value: object) -> str:
        return join(chunks(value, 0))

    return encode


def _sqlite_pragmas(connection: Any, _record: Any) -> None:
    """Foreign keys checked; and ``recursive_triggers``, so that the deletion an ``INSERT OR
    REPLACE`` makes of a conflicting row fires that table's DELETE triggers: over a row of an
    append-only table, the statement is refused (migration 0014)."""
    cursor = connection.cursor()
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute("PRAGMA recursive_triggers = ON")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA synchronous = NORMAL")
    cursor.close()
