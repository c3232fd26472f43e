"""A row in any table of the schema, with made-up values and real parent rows, for tests that
only need *a* row (to try to change or delete it), not a meaningful one. Columns that may be
empty are left empty."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    Connection,
    Date,
    DateTime,
    Integer,
    LargeBinary,
    Numeric,
    String,
    Table,
    Text,
    insert,
)

_serial = itertools.count(1)


def insert_row(connection: Connection, table: Table) -> dict[str, Any]:
    """Insert a row into ``table`` (and, first, one into each table it refers to); its values."""
    values: dict[str, Any] = {}
    for column in table.columns:
        foreign_key = next(iter(column.foreign_keys), None)
        if foreign_key is not None and foreign_key.column.table is not table:
            parent = insert_row(connection, foreign_key.column.table)
            values[column.name] = parent[foreign_key.column.name]
        elif foreign_key is not None or column is table.autoincrement_column or column.nullable:
            continue  # left empty; the database numbers the row
        else:
            values[column.name] = _value(column)
    key = connection.execute(insert(table).values(values).returning(*table.primary_key)).one()
    return values | dict(key._mapping)


def another_value(column: Column[Any], current: object) -> object:
    """A value for ``column`` that is not ``current``."""
    if isinstance(column.type, Boolean):
        return not current
    return _value(column)


# Columns whose made-up value must be one the schema's rules start from.
_STARTING_VALUES: dict[tuple[str, str], object] = {("admission_round", "status"): "stored"}


def _value(column: Column[Any]) -> object:
    starting = _STARTING_VALUES.get((column.table.name, column.name))
    if starting is not None:
        return starting
    serial = next(_serial)
    kind = column.type
    if isinstance(kind, Boolean):
        return False
    if isinstance(kind, Integer | BigInteger):
        return serial
    if isinstance(kind, Numeric):
        return Decimal(serial)
    if isinstance(kind, DateTime):
        return datetime(2026, 1, 1, tzinfo=UTC) + timedelta(minutes=serial)
    if isinstance(kind, Date):
        return date(2026, 1, 1) + timedelta(days=serial % 3650)
    if isinstance(kind, JSON):
        return {"serial": serial}
    if isinstance(kind, LargeBinary):
        return f"x{serial}".encode()
    if isinstance(kind, String) and kind.length:
        return str(serial).zfill(kind.length)[-kind.length :]
    if isinstance(kind, String | Text):
        return f"x{serial}"
    raise TypeError(f"no made-up value for {column.table.name}.{column.name}: {kind!r}")
