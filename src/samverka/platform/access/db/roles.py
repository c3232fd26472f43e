"""The application's own PostgreSQL role, and what it may do to each table.

Source: issue 11, point 9 ("on PostgreSQL the application runs as a role that may only insert
and read those tables, while migrations run as the owner"); ``docs/security.md``, "Audit
trail"; the tables are classified in ``append_only.py``.

The owner (the user of ``SAMVERKA_MIGRATION_DATABASE_URL``) owns every table and migrates. The
application's role (the user of ``SAMVERKA_DATABASE_URL``) is granted, in the owner's schema:

* on the tables of history (``APPEND_ONLY``): SELECT and INSERT only;
* on the write-once tables (``WRITE_ONCE``): SELECT, INSERT, and UPDATE of the columns that may
  be set once (publishing a round, ending a registration period);
* on the audit chain's head: SELECT and UPDATE (moving it on), no INSERT or DELETE;
* on the erasable table of history (``ERASABLE``: the activity follow-up's entries): SELECT and
  INSERT like the rest of history, and EXECUTE on the owner's function that deletes exactly the
  entries a recorded erasure names (``samverka_erase_follow_up``); never DELETE itself;
* on ``alembic_version``: SELECT (to see that the schema is current), nothing else;
* on every other table: SELECT, INSERT, UPDATE, DELETE; on the sequences: USAGE and SELECT
  (``nextval``, not ``setval``);
* by default privileges, the same as "every other table" on tables and sequences the owner
  creates later; granting again after each migration (``samverka db upgrade`` does) narrows a
  new table of history to SELECT and INSERT.

Never TRUNCATE, REFERENCES or TRIGGER, and, not owning the tables, it can neither disable nor
drop their triggers, nor alter or drop the tables. The server enforces all of it, so it holds
for any SQL the application might be tricked into running. Granting revokes what the role had
first, so it may be run any number of times. A role the privileges cannot restrict (the owner,
a superuser, a member of the owner's role) is refused.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import Connection, make_url, text
from sqlalchemy.exc import ArgumentError

from samverka.errors import DatabaseSetupError
from samverka.platform.db.append_only import APPEND_ONLY, ERASABLE, WRITE_ONCE

READ_AND_ADD = "SELECT, INSERT"
READ_AND_WRITE = "SELECT, INSERT, UPDATE, DELETE"
SPECIAL = {"audit_chain_head": "SELECT, UPDATE", "alembic_version": "SELECT"}


@dataclass(frozen=True, slots=True)
class GrantReport:
    role: str
    append_only: tuple[str, ...]
    write_once: tuple[str, ...]
    read_and_write: int  # how many other tables

    def __str__(self) -> str:
        once = ", ".join(f"{t}({', '.join(WRITE_ONCE[t].columns)})" for t in self.write_once)
        return (
            f"granted {self.role}: read and add only on {len(self.append_only)} tables of "
            f"history ({', '.join(self.append_only)}); set once: {once}; read and write on "
            f"{self.read_and_write} other tables, and on tables created later"
        )


def application_role_of(application_url: str, owner_url: str) -> str | None:
    """The application's role when it differs from the owner's, on the same PostgreSQL
    database; ``None`` when there is one role (or SQLite)."""
    try:
        app, owner = make_url(application_url), make_url(owner_url)
    except ArgumentError:
        return None
    same_database = (app.host, app.port, app.database, app.query.get("host")) == (
        owner.host,
        owner.port,
        owner.database,
        owner.query.get("host"),
    )
    postgresql = app.get_backend_name() == owner.get_backend_name() == "postgresql"
    if not (postgresql and same_database) or not app.username or app.username == owner.username:
        return None
    return app.username


def grant_application_role(connection: Connection, role: str) -> GrantReport:
    """Grant ``role`` exactly the privileges above on the migrated database ``connection`` is
    on, as its owner; the caller commits."""
    if connection.dialect.name != "postgresql":
        raise DatabaseSetupError(
            f"roles and privileges are PostgreSQL's; {connection.dialect.name} has none "
            "(on SQLite, protect the database file itself)"
        )
    _refuse_unsafe(connection, role)
    schema = str(connection.scalar(text("SELECT current_schema()")))
    tables = set(
        connection.scalars(
            text("SELECT tablename FROM pg_tables WHERE schemaname = :s"), {"s": schema}
        )
    )
    missing = {*APPEND_ONLY, *WRITE_ONCE, *SPECIAL} - tables
    if missing:
        raise DatabaseSetupError(
            f"the database is not migrated (no {', '.join(sorted(missing))}): "
            "run `samverka db upgrade` first"
        )
    for statement in _statements(connection, role, schema, tables):
        connection.execute(text(statement))
    others = tables - {*APPEND_ONLY, *WRITE_ONCE, *SPECIAL}
    return GrantReport(role, APPEND_ONLY, tuple(WRITE_ONCE), len(others))


def _statements(connection: Connection, role: str, schema: str, tables: set[str]) -> list[str]:
    quote = connection.dialect.identifier_preparer.quote
    grantee, space = quote(role), quote(schema)
    owner = quote(str(connection.scalar(text("SELECT current_user"))))
    statements = [
        f"REVOKE ALL ON ALL TABLES IN SCHEMA {space} FROM {grantee}",
        f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA {space} FROM {grantee}",
        f"REVOKE ALL ON ALL FUNCTIONS IN SCHEMA {space} FROM {grantee}",
        f"GRANT USAGE ON SCHEMA {space} TO {grantee}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {space} TO {grantee}",
    ]
    for table in sorted(tables):
        statements.append(
            f"GRANT {_privileges(table, quote)} ON {space}.{quote(table)} TO {grantee}"
        )
    for erasable in ERASABLE.values():
        function = f"{space}.{quote(erasable.function)}(bigint)"
        statements.append(f"GRANT EXECUTE ON FUNCTION {function} TO {grantee}")
    defaults = f"ALTER DEFAULT PRIVILEGES FOR ROLE {owner} IN SCHEMA {space} GRANT"
    statements += [
        f"{defaults} {READ_AND_WRITE} ON TABLES TO {grantee}",
        f"{defaults} USAGE, SELECT ON SEQUENCES TO {grantee}",
    ]
    return statements


def _privileges(table: str, quote: Callable[[str], str]) -> str:
    if table in APPEND_ONLY:
        return READ_AND_ADD
    if table in WRITE_ONCE:
        columns = ", ".join(quote(column) for column in WRITE_ONCE[table].columns)
        return f"{READ_AND_ADD}, UPDATE ({columns})"
    return SPECIAL.get(table, READ_AND_WRITE)


def _refuse_unsafe(connection: Connection, role: str) -> None:
    found = connection.execute(
        text(
            "SELECT rolsuper, rolname = current_user AS owner, "
            "pg_has_role(rolname, current_user, 'MEMBER') AS member "
            "FROM pg_roles WHERE rolname = :role"
        ),
        {"role": role},
    ).first()
    if found is None:
        raise DatabaseSetupError(
            f"there is no role {role!r} on the server; create it first, as the owner: "
            f"CREATE ROLE {role} LOGIN PASSWORD '…'"
        )
    if found.owner or found.member:
        raise DatabaseSetupError(
            f"{role!r} is the owner of the tables (or a member of the owner's role): its "
            "privileges cannot be restricted; the application needs a role of its own"
        )
    if found.rolsuper:
        raise DatabaseSetupError(
            f"{role!r} is a superuser, whom privileges and triggers do not restrict; the "
            "application needs an ordinary role"
        )
