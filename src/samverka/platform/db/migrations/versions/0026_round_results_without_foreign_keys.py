"""A round's placements, reserve lists and cut-offs written without a foreign-key check per row
(issue 15, point 14), as its explanations are since migration 0024.

``placement``, ``reserve`` and ``cutoff`` lose their foreign keys (to the round, the applicant
and the offering): a final round writes some 30,000 placements, as many reserve places and
1,500 cut-offs at once, write-once, and each foreign key checked every row (a trigger on
PostgreSQL, a look-up in the parent's index on SQLite). The code guarantees the keys: the rows
are written in the round's own transaction, right after the round's row, with the ids of that
round and of the year's applicants and offerings just read (``round_repository``, which refuses
an identity number or code it has not read); applicants, offerings and rounds are never
deleted. On SQLite the tables are rebuilt without them and keep their append-only triggers and
indexes.

Revision ID: 0026
Revises: 0025
Create Date: 2026-12-07 21:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

from alembic import op

revision: str = "0026"
down_revision: str | Sequence[str] | None = "0025"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


FOREIGN_KEYS: Final = {
    table: tuple(
        (f"fk_{table}_{column}_{target}", target, column)
        for column, target in (
            ("round_id", "admission_round"),
            ("applicant_id", "applicant"),
            ("offering_id", "offering"),
        )
        if not (table == "cutoff" and column == "applicant_id")
    )
    for table in ("placement", "reserve", "cutoff")
}


def _rebuilt_on_sqlite(table: str, change: str) -> None:
    """Rebuild ``table`` on SQLite with its foreign keys dropped or created (``change``),
    keeping its append-only triggers (a rebuild drops them with the table)."""
    connection = op.get_bind()
    triggers = connection.exec_driver_sql(
        f"SELECT sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = '{table}'"
    ).scalars()
    saved = list(triggers)
    with op.batch_alter_table(table, recreate="always") as batch:
        for name, target, column in FOREIGN_KEYS[table]:
            if change == "drop":
                batch.drop_constraint(name, type_="foreignkey")
            else:
                batch.create_foreign_key(name, target, [column], ["id"])
    for sql in saved:
        connection.exec_driver_sql(sql)


def upgrade() -> None:
    for table, keys in FOREIGN_KEYS.items():
        if op.get_bind().dialect.name == "sqlite":
            _rebuilt_on_sqlite(table, "drop")
            continue
        for name, _, _ in keys:
            op.drop_constraint(name, table, type_="foreignkey")


def downgrade() -> None:
    for table, keys in FOREIGN_KEYS.items():
        if op.get_bind().dialect.name == "sqlite":
            _rebuilt_on_sqlite(table, "create")
            continue
        for name, target, column in keys:
            op.create_foreign_key(name, table, target, [column], ["id"])
