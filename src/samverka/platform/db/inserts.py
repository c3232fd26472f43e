"""Inserting rows: one with its generated id back, or many at the speed of the driver.

``bulk_insert`` is for the large writes of an admission year (a million grades, a round's
placements and reserve lists): it converts values with each column's own bind processor once,
then hands the rows to the driver — ``COPY`` on PostgreSQL, ``executemany`` on SQLite —
instead of building SQLAlchemy parameters row by row.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from typing import Any

from sqlalchemy import Table, insert
from sqlalchemy.orm import Session


def insert_returning_id(session: Session, table: Table, values: Mapping[str, Any]) -> int:
    return int(
        session.execute(insert(table).values(dict(values)).returning(table.c.id)).scalar_one()
    )


def bulk_insert(session: Session, table: Table, rows: Sequence[Mapping[str, Any]]) -> None:
    if not rows:
        return
    names = list(rows[0])
    bulk_insert_values(session, table, names, [tuple(row[name] for name in names) for row in rows])


def bulk_insert_values(
    session: Session,
    table: Table,
    names: Sequence[str],
    values: Sequence[tuple[Any, ...]],
    *,
    ready: Collection[str] = (),
) -> None:
    """Insert ``values``, tuples in the order of the columns ``names``: the fastest path, for
    callers that build a hundred thousand rows (a compensation run's lines).

    Only the columns whose type converts values for the driver are converted, a column at a
    time; the others, and those named in ``ready`` (e.g. JSON columns given their JSON text),
    are handed over as they are.
    """
    if not values:
        return
    connection = session.connection()
    dialect = connection.dialect
    processors = [
        None if name in ready else table.c[name].type.bind_processor(dialect) for name in names
    ]
    if any(process is not None for process in processors):
        columns: list[Sequence[Any]] = list(zip(*values, strict=True))
        for index, process in enumerate(processors):
            if process is not None:
                columns[index] = [None if v is None else process(v) for v in columns[index]]
        values = list(zip(*columns, strict=True))
    raw = connection.connection.dbapi_connection
    assert raw is not None
    quoted = ", ".join(dialect.identifier_preparer.quote(name) for name in names)
    target = dialect.identifier_preparer.format_table(table)
    cursor = raw.cursor()
    try:
        if dialect.name == "postgresql":
            with cursor.copy(f"COPY {target} ({quoted}) FROM STDIN") as copy:
                for value in values:
                    copy.write_row(value)
        else:
            marks = ", ".join("?" for _ in names)
            cursor.executemany(f"INSERT INTO {target} ({quoted}) VALUES ({marks})", values)
    finally:
        cursor.close()
