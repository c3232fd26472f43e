"""`samverka db …`: create and migrate the database, and tell which revision it is at."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated

import typer
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

from samverka.adapters.db import migrate
from samverka.config import Settings
from samverka.entrypoints.cli.errors import EXIT_OTHER

app = typer.Typer(help="The database: schema migrations.", no_args_is_help=True)

Url = Annotated[
    str | None,
    typer.Option(
        "--url",
        help="Database URL; by default SAMVERKA_DATABASE_URL, else sqlite:///samverka.db.",
        show_default=False,
    ),
]


@app.command()
def upgrade(url: Url = None) -> None:
    """Create the database if needed and migrate it to the newest schema."""
    target = _target(url)
    with _database_errors(target):
        migrate.upgrade(target)
        revision = migrate.current(target)
    typer.echo(f"{_shown(target)}: at revision {revision} (head)")


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


def _target(url: str | None) -> str:
    return url or Settings.from_environment().database_url


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
