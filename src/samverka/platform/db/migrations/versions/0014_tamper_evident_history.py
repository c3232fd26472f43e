"""A tamper-evident audit trail, and every table of stored history guarded like it.

1. ``audit_event`` gets ``sequence``, ``previous_hash`` and ``hash``: the events already stored
   are chained here in id order (``samverka.platform.domain.audit_chain``, encoding
   ``samverka-audit-1``), a batch at a time, and ``audit_chain_head`` (one row) holds the last
   sequence and hash. The head's row can be neither deleted nor moved back.
2. The tables of history without guards get them (``append_only.APPEND_ONLY``): UPDATE, DELETE
   and TRUNCATE raise, for every connection, the owner's too.
3. ``admission_round`` and ``registration_period`` are write-once (``append_only.WRITE_ONCE``):
   a round is published or superseded once (its ``status`` leaves ``stored``), a period ended
   once; nothing else changes and nothing is deleted.
4. On SQLite, ``INSERT OR REPLACE`` over an existing event is refused by a trigger on
   ``audit_event`` (for any connection, also one without Samverka's settings); over the other
   append-only tables it is refused because Samverka's connections run with
   ``recursive_triggers`` on (``engine.py``), so that the replaced row's deletion fires its
   DELETE guard. (A BEFORE INSERT trigger on every table would cost about 13 µs per inserted
   row on SQLite: 1.7 s on a compensation run's 133,000 lines.)

On SQLite the write-once triggers name the columns of this revision: a later migration that adds
a column to those two tables must recreate them (``tests/platform/test_append_only.py``
tries every column). The PostgreSQL triggers compare whole rows and need no such care.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-10 10:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

from samverka.platform.domain.audit_chain import EMPTY, ChainHead, EventContent, extend, in_utc

revision: str = "0014"
down_revision: str | Sequence[str] | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BATCH = 5000
NEWLY_APPEND_ONLY = (
    "compensation_run",
    "month_closing",
    "population_load",
    "register_change",
    "follow_up_entry",
    "placement",
    "reserve",
    "cutoff",
    "choice_explanation",
    "reply",
)
# the seal, its open value (None: empty), then the other columns that may be set with it
WRITE_ONCE: dict[str, tuple[str, str | None, tuple[str, ...]]] = {
    "admission_round": ("status", "stored", ("published_at", "published_after", "superseded_by")),
    "registration_period": ("end", None, ()),
}
FROZEN_COLUMNS = {  # on SQLite: every other column, as of this revision
    "admission_round": (
        "id", "admission_year_id", "kind", "previous_round_id", "seed", "input_digest",
        "rule_version", "engine_version", "certificate", "timings", "snapshot", "created_at",
        "created_by",
    ),
    "registration_period": (
        "id", "personal_id", "municipality_code", "name", "address", "protected_identity",
        "registered_on", "start",
    ),
}  # fmt: skip

# -- SQLite --------------------------------------------------------------------------------------
_OLD_AUDIT_GUARD = [  # as migration 0001 made them
    f"CREATE TRIGGER audit_event_no_{verb.lower()} BEFORE {verb} ON audit_event "
    "BEGIN SELECT RAISE(ABORT, 'audit trail is append-only'); END"
    for verb in ("UPDATE", "DELETE")
]


def _sqlite_refuse(name: str, verb: str, table: str, message: str, when: str = "") -> str:
    condition = f" WHEN {when}" if when else ""
    return (
        f"CREATE TRIGGER {name} BEFORE {verb} ON {table}{condition} "
        f"BEGIN SELECT RAISE(ABORT, '{message}'); END"
    )


def _sqlite_guards() -> list[str]:
    statements = [
        _sqlite_refuse(
            "audit_event_no_replace",
            "INSERT",
            "audit_event",
            "audit_event is append-only",
            "EXISTS (SELECT 1 FROM audit_event WHERE id = NEW.id OR sequence = NEW.sequence)",
        ),
        _sqlite_refuse(
            "audit_chain_head_no_delete", "DELETE", "audit_chain_head", "audit chain head kept"
        ),
        _sqlite_refuse(
            "audit_chain_head_forward_only",
            "UPDATE",
            "audit_chain_head",
            "the audit chain head only moves forward",
            "NEW.id IS NOT OLD.id OR NEW.sequence < OLD.sequence",
        ),
    ]
    for table in NEWLY_APPEND_ONLY:
        for verb in ("UPDATE", "DELETE"):
            name = f"{table}_no_{verb.lower()}"
            statements.append(_sqlite_refuse(name, verb, table, f"{table} is append-only"))
    for table, (seal, open_value, others) in WRITE_ONCE.items():
        frozen = " OR ".join(f'NEW."{c}" IS NOT OLD."{c}"' for c in FROZEN_COLUMNS[table])
        message = f"{table} is append-only: only {', '.join((seal, *others))} may be set, once"
        opened = "NULL" if open_value is None else f"'{open_value}'"
        when = f'OLD."{seal}" IS NOT {opened} OR {frozen}'
        statements.append(_sqlite_refuse(f"{table}_write_once", "UPDATE", table, message, when))
        statements.append(
            _sqlite_refuse(f"{table}_no_delete", "DELETE", table, f"{table} is append-only")
        )
    return statements


def _sqlite_trigger_names() -> list[str]:
    names = ["audit_event_no_replace", "audit_chain_head_no_delete"]
    names += ["audit_chain_head_forward_only"]
    names += [f"{t}_no_{verb}" for t in NEWLY_APPEND_ONLY for verb in ("update", "delete")]
    names += [f"{t}_{kind}" for t in WRITE_ONCE for kind in ("write_once", "no_delete")]
    return names


# -- PostgreSQL ----------------------------------------------------------------------------------
_POSTGRESQL_FUNCTIONS = [
    "CREATE FUNCTION samverka_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ "
    "BEGIN RAISE EXCEPTION '% is append-only', TG_TABLE_NAME "
    "USING ERRCODE = 'restrict_violation'; END $$",
    # TG_ARGV: the seal, its open value ('' for empty), then the other columns that may be set
    # with it while the seal has its open value
    "CREATE FUNCTION samverka_write_once() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
    "IF to_jsonb(OLD) ->> TG_ARGV[0] IS DISTINCT FROM NULLIF(TG_ARGV[1], '') "
    "OR (to_jsonb(NEW) - TG_ARGV) IS DISTINCT FROM (to_jsonb(OLD) - TG_ARGV) THEN "
    "RAISE EXCEPTION '% is append-only: only % may be set, once', TG_TABLE_NAME, "
    "array_to_string(TG_ARGV, ', ') USING ERRCODE = 'restrict_violation'; END IF; "
    "RETURN NEW; END $$",
    "CREATE FUNCTION audit_chain_head_forward_only() RETURNS trigger LANGUAGE plpgsql AS $$ "
    "BEGIN IF NEW.id <> OLD.id OR NEW.sequence < OLD.sequence THEN "
    "RAISE EXCEPTION 'the audit chain head only moves forward' "
    "USING ERRCODE = 'restrict_violation'; END IF; RETURN NEW; END $$",
]


def _postgresql_refuse(table: str, verb: str, function: str = "samverka_append_only()") -> str:
    each = "STATEMENT" if verb == "TRUNCATE" else "ROW"
    return (
        f"CREATE TRIGGER {table}_no_{verb.lower()} BEFORE {verb} ON {table} "
        f"FOR EACH {each} EXECUTE FUNCTION {function}"
    )


def _postgresql_guards() -> list[str]:
    statements = list(_POSTGRESQL_FUNCTIONS)
    for table in NEWLY_APPEND_ONLY:
        statements += [_postgresql_refuse(table, verb) for verb in ("UPDATE", "DELETE", "TRUNCATE")]
    for table, (seal, open_value, others) in WRITE_ONCE.items():
        arguments = ", ".join(f"'{word}'" for word in (seal, open_value or "", *others))
        statements.append(
            f"CREATE TRIGGER {table}_write_once BEFORE UPDATE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION samverka_write_once({arguments})"
        )
        statements += [_postgresql_refuse(table, verb) for verb in ("DELETE", "TRUNCATE")]
    statements += [
        _postgresql_refuse("audit_chain_head", "DELETE"),
        _postgresql_refuse("audit_chain_head", "TRUNCATE"),
        "CREATE TRIGGER audit_chain_head_forward_only BEFORE UPDATE ON audit_chain_head "
        "FOR EACH ROW EXECUTE FUNCTION audit_chain_head_forward_only()",
    ]
    return statements


def _postgresql_unguard() -> list[str]:
    triggers = [(t, f"{t}_no_{v}") for t in NEWLY_APPEND_ONLY for v in ("update", "delete")]
    triggers += [(t, f"{t}_no_truncate") for t in NEWLY_APPEND_ONLY]
    triggers += [(t, f"{t}_{k}") for t in WRITE_ONCE for k in ("write_once", "no_delete")]
    triggers += [(t, f"{t}_no_truncate") for t in WRITE_ONCE]
    statements = [f"DROP TRIGGER IF EXISTS {name} ON {table}" for table, name in triggers]
    return [
        *statements,
        "DROP FUNCTION IF EXISTS samverka_write_once()",
        "DROP FUNCTION IF EXISTS samverka_append_only()",
        "DROP FUNCTION IF EXISTS audit_chain_head_forward_only()",
    ]


# -- the chain -------------------------------------------------------------------------------
_EVENTS = sa.table(
    "audit_event",
    sa.column("id", sa.Integer()),
    sa.column("at", sa.DateTime(timezone=True)),
    sa.column("actor", sa.String()),
    sa.column("entity", sa.String()),
    sa.column("entity_key", sa.String()),
    sa.column("action", sa.String()),
    sa.column("before", sa.JSON()),
    sa.column("after", sa.JSON()),
)
_SEAL = sa.text(
    "UPDATE audit_event SET sequence = :sequence, previous_hash = :previous_hash, hash = :hash "
    "WHERE id = :id"
)


def _chain_stored_events(connection: sa.Connection) -> ChainHead:
    """Number and hash the events already stored, in id order, ``BATCH`` at a time; before and
    after as the JSON text stored, unparsed, as ``SqlAuditTrail`` reads them to verify."""
    head, after = EMPTY, 0
    e = _EVENTS
    columns: list[sa.ColumnElement[Any]] = [e.c.id, e.c.at, e.c.actor, e.c.entity]
    columns += [e.c.entity_key, e.c.action]
    columns += [sa.cast(e.c[name], sa.Text()).label(name) for name in ("before", "after")]
    while True:
        query = sa.select(*columns).where(e.c.id > after).order_by(e.c.id)
        rows = connection.execute(query.limit(BATCH)).all()
        if not rows:
            return head
        contents = [
            EventContent(in_utc(r.at), r.actor, r.entity, r.entity_key, r.action, r.before, r.after)
            for r in rows
        ]
        chained, head = extend(head, contents)
        connection.execute(
            _SEAL,
            [
                {
                    "id": row.id,
                    "sequence": event.sequence,
                    "previous_hash": event.previous_hash,
                    "hash": event.hash,
                }
                for row, event in zip(rows, chained, strict=True)
            ],
        )
        after = rows[-1].id


def upgrade() -> None:
    sqlite = op.get_context().dialect.name == "sqlite"
    if sqlite:  # the table is rebuilt below, and the guards with it
        for verb in ("update", "delete"):
            op.execute(f"DROP TRIGGER IF EXISTS audit_event_no_{verb}")
    else:
        op.execute("ALTER TABLE audit_event DISABLE TRIGGER audit_event_no_update")
    op.add_column("audit_event", sa.Column("sequence", sa.BigInteger(), nullable=True))
    op.add_column("audit_event", sa.Column("previous_hash", sa.String(length=64), nullable=True))
    op.add_column("audit_event", sa.Column("hash", sa.String(length=64), nullable=True))
    head = _chain_stored_events(op.get_bind())
    with op.batch_alter_table("audit_event") as batch:
        for column in ("sequence", "previous_hash", "hash"):
            batch.alter_column(column, nullable=False)
        batch.create_unique_constraint(op.f("uq_audit_event_sequence"), ["sequence"])
    if sqlite:
        for statement in _OLD_AUDIT_GUARD:
            op.execute(statement)
    else:
        op.execute("ALTER TABLE audit_event ENABLE TRIGGER audit_event_no_update")
    chain_head = op.create_table(
        "audit_chain_head",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("sequence", sa.BigInteger(), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.CheckConstraint("id = 1", name=op.f("ck_audit_chain_head_one_row")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_chain_head")),
    )
    op.bulk_insert(chain_head, [{"id": 1, "sequence": head.sequence, "hash": head.hash}])
    for statement in _sqlite_guards() if sqlite else _postgresql_guards():
        op.execute(statement)


def downgrade() -> None:
    sqlite = op.get_context().dialect.name == "sqlite"
    op.drop_table("audit_chain_head")  # and its triggers
    if sqlite:
        for name in (*_sqlite_trigger_names(), "audit_event_no_update", "audit_event_no_delete"):
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
    else:
        for statement in _postgresql_unguard():
            op.execute(statement)
    with op.batch_alter_table("audit_event") as batch:
        batch.drop_constraint(op.f("uq_audit_event_sequence"), type_="unique")
        for column in ("hash", "previous_hash", "sequence"):
            batch.drop_column(column)
    if sqlite:
        for statement in _OLD_AUDIT_GUARD:
            op.execute(statement)
