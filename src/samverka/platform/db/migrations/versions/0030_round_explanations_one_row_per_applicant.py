"""A round's explanations stored one row per applicant instead of one per choice (issue 15,
point 14: a final round of 30,000 applicants wrote 120,000 rows of ``choice_explanation``, most
of the cost of storing it).

* ``round_explanation`` (``round_id``, ``applicant_id``; ``choices``): the applicant's choices
  packed as a compact JSON array, in rank order, of ``[rank, offering_id, outcome, score,
  cutoff, reserve_position, failures, reception, reception_ground, fri_kvot, school_rank,
  cutoff_rank]``, scores and cut-offs as decimal text (``admission.db.round_repository``).
* ``round_choice_count`` (``round_id``, ``offering_id``; ``choices``, ``first_choices``): the
  round's choices counted per offering, for the statistics page, which counted them over the
  old table's index.

Both are history like the table they replace (``platform.db.append_only``): triggers refuse
UPDATE and DELETE (and TRUNCATE on PostgreSQL), and they have no foreign keys (0024). Existing
rounds' explanations are moved over and ``choice_explanation`` is dropped (its triggers with
it); the downgrade moves them back.

Revision ID: 0030
Revises: 0029
Create Date: 2026-12-08 01:20:00.000000
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from itertools import groupby
from typing import Any, Final

import sqlalchemy as sa
from alembic import op

revision: str = "0030"
down_revision: str | Sequence[str] | None = "0029"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OLD: Final = "choice_explanation"
NEW: Final = ("round_explanation", "round_choice_count")
BATCH: Final = 5_000
POINTS: Final = sa.Numeric(precision=8, scale=2)
FIELDS: Final = (
    "rank",
    "offering_id",
    "outcome",
    "score",
    "cutoff",
    "reserve_position",
    "failures",
    "reception",
    "reception_ground",
    "fri_kvot",
    "school_rank",
    "cutoff_rank",
)

_OLD_TABLE = sa.table(
    OLD,
    sa.column("round_id", sa.Integer()),
    sa.column("applicant_id", sa.Integer()),
    sa.column("rank", sa.Integer()),
    sa.column("offering_id", sa.Integer()),
    sa.column("outcome", sa.String()),
    sa.column("score", POINTS),
    sa.column("cutoff", POINTS),
    sa.column("reserve_position", sa.Integer()),
    sa.column("failures", sa.JSON()),
    sa.column("reception", sa.String()),
    sa.column("reception_ground", sa.String()),
    sa.column("fri_kvot", sa.String()),
    sa.column("school_rank", sa.Integer()),
    sa.column("cutoff_rank", sa.Integer()),
)
_PACKED = sa.table(
    "round_explanation",
    sa.column("round_id", sa.Integer()),
    sa.column("applicant_id", sa.Integer()),
    sa.column("choices", sa.Text()),
)


def _guards(tables: Iterable[str], sqlite: bool) -> list[str]:
    statements = []
    for table in tables:
        for verb in ("UPDATE", "DELETE") if sqlite else ("UPDATE", "DELETE", "TRUNCATE"):
            name = f"{table}_no_{verb.lower()}"
            if sqlite:
                statements.append(
                    f"CREATE TRIGGER {name} BEFORE {verb} ON {table} "
                    f"BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END"
                )
            else:
                each = "STATEMENT" if verb == "TRUNCATE" else "ROW"
                statements.append(
                    f"CREATE TRIGGER {name} BEFORE {verb} ON {table} "
                    f"FOR EACH {each} EXECUTE FUNCTION samverka_append_only()"
                )
    return statements


def _batches(rows: Iterable[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    batch: list[dict[str, Any]] = []
    for row in rows:
        batch.append(row)
        if len(batch) == BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


def _packed(connection: sa.Connection) -> Iterator[dict[str, Any]]:
    """The old table's rows, one per applicant of a round with its choices packed."""
    e = _OLD_TABLE
    query = sa.select(e).order_by(e.c.round_id, e.c.applicant_id, e.c.rank)
    rows = connection.execute(query.execution_options(yield_per=BATCH))
    for (round_id, applicant_id), choices in groupby(
        rows, key=lambda row: (row.round_id, row.applicant_id)
    ):
        packed = [
            [
                c.rank,
                c.offering_id,
                c.outcome,
                _text(c.score),
                _text(c.cutoff),
                c.reserve_position,
                c.failures or None,
                c.reception,
                c.reception_ground,
                c.fri_kvot,
                c.school_rank,
                c.cutoff_rank,
            ]
            for c in choices
        ]
        yield {
            "round_id": round_id,
            "applicant_id": applicant_id,
            "choices": json.dumps(packed, ensure_ascii=False, separators=(",", ":")),
        }


def _unpacked(connection: sa.Connection) -> Iterator[dict[str, Any]]:
    """The new table's rows, one per choice."""
    p = _PACKED
    query = sa.select(p).order_by(p.c.round_id, p.c.applicant_id)
    for row in connection.execute(query.execution_options(yield_per=BATCH)):
        for choice in json.loads(row.choices):
            values = dict(zip(FIELDS, choice, strict=True))
            for name in ("score", "cutoff"):
                values[name] = None if values[name] is None else Decimal(values[name])
            yield {"round_id": row.round_id, "applicant_id": row.applicant_id, **values}


def upgrade() -> None:
    connection = op.get_bind()
    sqlite = connection.dialect.name == "sqlite"
    op.create_table(
        "round_explanation",
        sa.Column("round_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("applicant_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("choices", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("round_id", "applicant_id", name=op.f("pk_round_explanation")),
    )
    op.create_table(
        "round_choice_count",
        sa.Column("round_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("offering_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("choices", sa.Integer(), nullable=False),
        sa.Column("first_choices", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("round_id", "offering_id", name=op.f("pk_round_choice_count")),
    )
    for batch in _batches(_packed(connection)):
        connection.execute(sa.insert(_PACKED), batch)
    connection.exec_driver_sql(
        "INSERT INTO round_choice_count (round_id, offering_id, choices, first_choices) "
        "SELECT round_id, offering_id, count(*), count(CASE WHEN rank = 1 THEN 1 END) "
        f"FROM {OLD} GROUP BY round_id, offering_id"
    )
    op.drop_table(OLD)  # and its triggers
    for statement in _guards(NEW, sqlite):
        op.execute(statement)


def downgrade() -> None:
    connection = op.get_bind()
    sqlite = connection.dialect.name == "sqlite"
    op.create_table(
        OLD,
        sa.Column("round_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("applicant_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("rank", sa.Integer(), nullable=False),
        sa.Column("offering_id", sa.Integer(), nullable=False),
        sa.Column("outcome", sa.String(length=20), nullable=False),
        sa.Column("score", POINTS, nullable=False),
        sa.Column("cutoff", POINTS, nullable=True),
        sa.Column("reserve_position", sa.Integer(), nullable=True),
        sa.Column("failures", sa.JSON(), nullable=True),
        sa.Column("reception", sa.String(length=20), nullable=True),
        sa.Column("reception_ground", sa.String(length=30), nullable=True),
        sa.Column("fri_kvot", sa.String(length=20), nullable=True),
        sa.Column("school_rank", sa.Integer(), nullable=True),
        sa.Column("cutoff_rank", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("round_id", "applicant_id", "rank", name=op.f(f"pk_{OLD}")),
    )
    op.create_index(
        "ix_choice_explanation_round_offering", OLD, ["round_id", "offering_id", "rank"]
    )
    for batch in _batches(_unpacked(connection)):
        connection.execute(sa.insert(_OLD_TABLE), batch)
    for table in NEW:
        op.drop_table(table)  # and its triggers
    for statement in _guards([OLD], sqlite):
        op.execute(statement)
