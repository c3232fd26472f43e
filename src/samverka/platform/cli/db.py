"""`samverka db …`: create and migrate the database, tell which revision it is at, and grant the
application's PostgreSQL role its privileges (``platform.access.db.roles``)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated

import typer
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

from samverka.config import Settings
from samverka.platform.access.db.roles import application_role_of
from samverka.platform.cli.context import runtime
from samverka.platform.cli.errors import EXIT_OTHER, reported_errors
from samverka.platform.db import migrate

app = typer.Typer(
    help="The database: schema migrations, and the application's role on PostgreSQL.",
    no_args_is_help=True,
)

Url = Annotated[
    str | None,
    typer.Option(
        "--url",
        help=(
            "Database URL, as its owner; by default SAMVERKA_MIGRATION_DATABASE_URL, else "
            "SAMVERKA_DATABASE_URL, else sqlite:///samverka.db."
        ),
        show_default=False,
    ),
]


@app.command()
def upgrade(url: Url = None) -> None:
    """Create the database if needed and migrate it to the newest schema, as its owner; then,
    on PostgreSQL, grant the application's role (SAMVERKA_DATABASE_URL's user, when it is not
    the owner) exactly its privileges."""
    with reported_errors():
        settings = Settings.from_environment()
    target = url or settings.owner_database_url
    with _database_errors(target), reported_errors():
        migrate.upgrade(target)
        revision = migrate.current(target)
        role = application_role_of(settings.database_url, target)
        granted = runtime().grant_role(target, role) if role else None
    typer.echo(f"{_shown(target)}: at revision {revision} (head)")
    if granted is not None:
        typer.echo(str(granted))


@app.command()
def current(url: Url = None) -> None:
    """Print the revision the database is at, or that it was never migrated."""
    target = _target(url)
    with _database_errors(target):
        revision = migrate.current(target)
    head = migrate.head()
    if revision is None:
        typer.echo(f"{_shown(target)}: not migrated (head is {head}); run `samverka db upgrade`")
    else:
        state = "head" if revision == head else f"head is {head}"
        typer.echo(f"{_shown(target)}: at revision {revision} ({state})")


@app.command("grant-app-role")
def grant_app_role(
    role: Annotated[str, typer.Argument(help="The application's PostgreSQL role.")],
    url: Url = None,
) -> None:
    """Grant ROLE the application's privileges on PostgreSQL: only read and add on the tables
    of history (the audit trail, booked lines, stored rounds, …), read and write on the rest,
    nothing on the schema. Run as the owner; may be run again."""
    target = _target(url)
    with _database_errors(target), reported_errors():
        granted = runtime().grant_role(target, role)
    typer.echo(f"{_shown(target)}: {granted}")


def _target(url: str | None) -> str:
    return url or Settings.from_environment().owner_database_url


def _shown(url: str) -> str:
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return "the database (unreadable URL)"


@contextmanager
def _database_errors(url: str) -> Iterator[None]:
    try:
        yield
    except SQLAlchemyError as error:
        typer.echo(f"error: database {_shown(url)}: {error}", err=True)
        raise typer.Exit(EXIT_OTHER) from error
