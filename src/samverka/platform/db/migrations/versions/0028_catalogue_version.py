"""The catalogue's version: a counter that every write to the year's catalogue moves on
(issue 15, point 15: the applicant pages under load).

``catalogue_version`` holds one row (``id`` 1). Triggers on the tables an applicant page reads
the same for everyone — ``admission_year`` (its calendar and settings), ``municipality`` (the
area's terms), ``organiser``, ``school_unit``, ``offering`` and ``admission_round`` (the
published round) — add one to it in the same transaction as the write, whoever writes: a
service, a migration or SQL by hand. Each web process keeps what it read of those tables and
reads them again when the counter has moved (``admission.queries.year_facts``), so a change
made through any process is seen at the next request of every other. On PostgreSQL one trigger
per table and statement; on SQLite one per table and kind of write, for each row. A later
migration that rebuilds one of these tables on SQLite (a batch operation) must create its
triggers again (``tests/admission/test_year_facts.py`` writes to each table and checks).

Revision ID: 0028
Revises: 0027
Create Date: 2026-12-07 21:30:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0028"
down_revision: str | Sequence[str] | None = "0027"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

WATCHED = (
    "admission_year",
    "municipality",
    "organiser",
    "school_unit",
    "offering",
    "admission_round",
)
_BUMP = "UPDATE catalogue_version SET version = version + 1 WHERE id = 1"
_FUNCTION = "samverka_bump_catalogue_version"
_VERBS = ("INSERT", "UPDATE", "DELETE")


def _sqlite_triggers() -> list[str]:
    return [
        f"CREATE TRIGGER {table}_bumps_catalogue_version_{verb.lower()} AFTER {verb} ON {table} "
        f"BEGIN {_BUMP}; END"
        for table in WATCHED
        for verb in _VERBS
    ]


def _postgresql_triggers() -> list[str]:
    return [
        f"CREATE FUNCTION {_FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$ "
        f"BEGIN {_BUMP}; RETURN NULL; END $$",
        *(
            f"CREATE TRIGGER {table}_bumps_catalogue_version AFTER INSERT OR UPDATE OR DELETE "
            f"OR TRUNCATE ON {table} FOR EACH STATEMENT EXECUTE FUNCTION {_FUNCTION}()"
            for table in WATCHED
        ),
    ]


def upgrade() -> None:
    op.create_table(
        "catalogue_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_catalogue_version")),
    )
    op.execute("INSERT INTO catalogue_version (id, version) VALUES (1, 1)")
    dialect = op.get_context().dialect.name
    for statement in _sqlite_triggers() if dialect == "sqlite" else _postgresql_triggers():
        op.execute(statement)


def downgrade() -> None:
    if op.get_context().dialect.name == "sqlite":
        for table in WATCHED:
            for verb in _VERBS:
                op.execute(f"DROP TRIGGER IF EXISTS {table}_bumps_catalogue_version_{verb.lower()}")
    else:
        for table in WATCHED:
            op.execute(f"DROP TRIGGER IF EXISTS {table}_bumps_catalogue_version ON {table}")
        op.execute(f"DROP FUNCTION IF EXISTS {_FUNCTION}()")
    op.drop_table("catalogue_version")
