"""Tampering as the database's owner would: the guards of a table lifted inside the test's
transaction (and back when it is rolled back), to show what only the hash chain then catches."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Connection, text


@contextmanager
def guards_lifted(connection: Connection, table: str) -> Iterator[None]:
    """``table``'s triggers off while inside; an owner may do this, the application's role
    may not (it does not own the table)."""
    if connection.dialect.name == "postgresql":
        connection.execute(text(f"ALTER TABLE {table} DISABLE TRIGGER USER"))
        yield
        connection.execute(text(f"ALTER TABLE {table} ENABLE TRIGGER USER"))
        return
    found = text("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = :t")
    triggers = connection.execute(found, {"t": table}).all()
    for name, _ in triggers:
        connection.execute(text(f"DROP TRIGGER {name}"))
    yield
    for _, sql in triggers:
        connection.execute(text(sql))
