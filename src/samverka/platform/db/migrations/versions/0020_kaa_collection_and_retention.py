"""The activity follow-up (KAA) made right (issue 13, points 8–10): typed measures, retention.

1. ``follow_up_entry`` gets ``measure`` (a measure's type) and ``ends`` (the end of a measure
   names the measure's entry), for the person-level half-year file. Entries already stored keep
   NULL: a measure recorded before has no type and is read as "other" (``annan åtgärd``).
2. ``kaa_retention``: each municipality's retention period in months (1–120).
3. ``follow_up_erasure`` and ``follow_up_erased_entry``, append-only like the other history:
   every erasure with its counts, and the ids of the entries it removed.
4. ``follow_up_entry``'s DELETE guard (migration 0014) is replaced by one that lets a row go only
   when ``follow_up_erased_entry`` names it under an erasure of the row's own municipality; UPDATE
   and TRUNCATE stay refused. On PostgreSQL the application's role gets no DELETE privilege:
   ``samverka_erase_follow_up(erasure)``, a SECURITY DEFINER function of the owner's, deletes
   exactly the rows one erasure names; ``roles.grant_application_role`` grants EXECUTE on it.

The lists are written out here, as of this revision (``append_only.py`` may grow later).

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-07 10:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0020"
down_revision: str | Sequence[str] | None = "0019"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

NEW_HISTORY = ("follow_up_erasure", "follow_up_erased_entry")
REFUSED = "follow_up_entry is append-only: an entry is deleted only by a recorded erasure"
RECORDED = (
    "EXISTS (SELECT 1 FROM follow_up_erased_entry e "
    "JOIN follow_up_erasure r ON r.id = e.erasure_id "
    "WHERE e.entry_id = OLD.id AND r.municipality_code = OLD.municipality_code)"
)

# -- SQLite --------------------------------------------------------------------------------------
_SQLITE_OLD_GUARD = (
    "CREATE TRIGGER follow_up_entry_no_delete BEFORE DELETE ON follow_up_entry "
    "BEGIN SELECT RAISE(ABORT, 'follow_up_entry is append-only'); END"
)
_SQLITE_GUARD = (
    "CREATE TRIGGER follow_up_entry_no_delete BEFORE DELETE ON follow_up_entry "
    f"WHEN NOT {RECORDED} BEGIN SELECT RAISE(ABORT, '{REFUSED}'); END"
)


def _sqlite_history_guards() -> list[str]:
    return [
        f"CREATE TRIGGER {table}_no_{verb.lower()} BEFORE {verb} ON {table} "
        f"BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END"
        for table in NEW_HISTORY
        for verb in ("UPDATE", "DELETE")
    ]


# -- PostgreSQL ----------------------------------------------------------------------------------
def _postgresql_erasure(schema: str) -> list[str]:
    return [
        "CREATE FUNCTION samverka_follow_up_erasable() RETURNS trigger LANGUAGE plpgsql AS $$ "
        f"BEGIN IF {RECORDED} THEN RETURN OLD; END IF; "
        f"RAISE EXCEPTION '{REFUSED}' USING ERRCODE = 'restrict_violation'; END $$",
        "CREATE TRIGGER follow_up_entry_no_delete BEFORE DELETE ON follow_up_entry "
        "FOR EACH ROW EXECUTE FUNCTION samverka_follow_up_erasable()",
        # The owner's function: deletes what one erasure names, and nothing else.
        "CREATE FUNCTION samverka_erase_follow_up(erasure bigint) RETURNS integer "
        f"LANGUAGE plpgsql SECURITY DEFINER SET search_path = {schema}, pg_temp AS $$ "
        "DECLARE erased integer; BEGIN "
        "DELETE FROM follow_up_entry f USING follow_up_erased_entry e, follow_up_erasure r "
        "WHERE e.erasure_id = erasure AND r.id = e.erasure_id AND f.id = e.entry_id "
        "AND f.municipality_code = r.municipality_code; "
        "GET DIAGNOSTICS erased = ROW_COUNT; RETURN erased; END $$",
        "REVOKE ALL ON FUNCTION samverka_erase_follow_up(bigint) FROM PUBLIC",
    ]


def _postgresql_history_guards() -> list[str]:
    statements = []
    for table in NEW_HISTORY:
        for verb in ("UPDATE", "DELETE", "TRUNCATE"):
            each = "STATEMENT" if verb == "TRUNCATE" else "ROW"
            statements.append(
                f"CREATE TRIGGER {table}_no_{verb.lower()} BEFORE {verb} ON {table} "
                f"FOR EACH {each} EXECUTE FUNCTION samverka_append_only()"
            )
    return statements


def _create_tables() -> None:
    op.create_table(
        "kaa_retention",
        sa.Column("municipality_code", sa.String(length=4), nullable=False),
        sa.Column("months", sa.Integer(), nullable=False),
        sa.Column("set_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("set_by", sa.String(length=80), nullable=False),
        sa.CheckConstraint(
            "months BETWEEN 1 AND 120", name=op.f("ck_kaa_retention_months_in_range")
        ),
        sa.ForeignKeyConstraint(
            ["municipality_code"],
            ["municipality.code"],
            name=op.f("fk_kaa_retention_municipality_code_municipality"),
        ),
        sa.PrimaryKeyConstraint("municipality_code", name=op.f("pk_kaa_retention")),
    )
    op.create_table(
        "follow_up_erasure",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("municipality_code", sa.String(length=4), nullable=False),
        sa.Column("erased_on", sa.Date(), nullable=False),
        sa.Column("retention_months", sa.Integer(), nullable=False),
        sa.Column("persons", sa.Integer(), nullable=False),
        sa.Column("contacts", sa.Integer(), nullable=False),
        sa.Column("measures", sa.Integer(), nullable=False),
        sa.Column("measure_ends", sa.Integer(), nullable=False),
        sa.Column("statuses", sa.Integer(), nullable=False),
        sa.Column("erased_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("erased_by", sa.String(length=80), nullable=False),
        sa.ForeignKeyConstraint(
            ["municipality_code"],
            ["municipality.code"],
            name=op.f("fk_follow_up_erasure_municipality_code_municipality"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_follow_up_erasure")),
    )
    op.create_table(
        "follow_up_erased_entry",
        sa.Column("entry_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("erasure_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["erasure_id"],
            ["follow_up_erasure.id"],
            name=op.f("fk_follow_up_erased_entry_erasure_id_follow_up_erasure"),
        ),
        sa.PrimaryKeyConstraint("entry_id", name=op.f("pk_follow_up_erased_entry")),
    )
    op.create_index(
        op.f("ix_follow_up_erased_entry_erasure_id"),
        "follow_up_erased_entry",
        ["erasure_id"],
        unique=False,
    )


def upgrade() -> None:
    sqlite = op.get_context().dialect.name == "sqlite"
    # ALTER TABLE … ADD COLUMN on both: SQLite keeps the table (and its triggers) as it is.
    op.add_column("follow_up_entry", sa.Column("measure", sa.String(length=20), nullable=True))
    op.add_column("follow_up_entry", sa.Column("ends", sa.Integer(), nullable=True))
    _create_tables()
    op.execute(
        "DROP TRIGGER IF EXISTS follow_up_entry_no_delete"
        + ("" if sqlite else " ON follow_up_entry")
    )
    if sqlite:
        statements = [_SQLITE_GUARD, *_sqlite_history_guards()]
    else:
        schema = str(op.get_bind().scalar(sa.text("SELECT current_schema()")))
        quoted = op.get_bind().dialect.identifier_preparer.quote(schema)
        statements = [*_postgresql_erasure(quoted), *_postgresql_history_guards()]
    for statement in statements:
        op.execute(statement)


def downgrade() -> None:
    sqlite = op.get_context().dialect.name == "sqlite"
    if sqlite:
        for table in NEW_HISTORY:
            for verb in ("update", "delete"):
                op.execute(f"DROP TRIGGER IF EXISTS {table}_no_{verb}")
        op.execute("DROP TRIGGER IF EXISTS follow_up_entry_no_delete")
        op.execute(_SQLITE_OLD_GUARD)
    else:
        op.execute("DROP FUNCTION IF EXISTS samverka_erase_follow_up(bigint)")
        op.execute("DROP TRIGGER IF EXISTS follow_up_entry_no_delete ON follow_up_entry")
        op.execute("DROP FUNCTION IF EXISTS samverka_follow_up_erasable()")
        op.execute(
            "CREATE TRIGGER follow_up_entry_no_delete BEFORE DELETE ON follow_up_entry "
            "FOR EACH ROW EXECUTE FUNCTION samverka_append_only()"
        )
    op.drop_index(op.f("ix_follow_up_erased_entry_erasure_id"), table_name="follow_up_erased_entry")
    op.drop_table("follow_up_erased_entry")  # and its triggers
    op.drop_table("follow_up_erasure")
    op.drop_table("kaa_retention")
    with op.batch_alter_table("follow_up_entry", recreate="never") as batch:
        batch.drop_column("ends")
        batch.drop_column("measure")
