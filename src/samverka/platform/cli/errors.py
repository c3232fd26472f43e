"""The command line's one mapping from Samverka errors to messages and exit codes.

The frame is Swedish, as the refusals are: the command line has no language of its own to
choose (the web pages' languages are chosen per reader), so it speaks the refusals' language."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import typer

from samverka.errors import (
    InvalidInput,
    InvariantViolated,
    RemovalsNotConfirmed,
    SamverkaError,
)

EXIT_INVALID_INPUT = 2
EXIT_INVARIANT_VIOLATED = 3
EXIT_OTHER = 1
NOTHING_SAVED = "Inget skrevs eller sparades."


@contextmanager
def reported_errors() -> Iterator[None]:
    """Turn a ``SamverkaError`` into a message on stderr and a non-zero exit code."""
    try:
        yield
    except InvalidInput as error:
        typer.echo(f"fel: {error}\n{NOTHING_SAVED}", err=True)
        raise typer.Exit(EXIT_INVALID_INPUT) from error
    except InvariantViolated as error:
        typer.echo(f"fel: {error}\n{NOTHING_SAVED}", err=True)
        raise typer.Exit(EXIT_INVARIANT_VIOLATED) from error
    except RemovalsNotConfirmed as error:
        typer.echo(f"fel: {error} (--confirm-removals {error.leaving}).", err=True)
        raise typer.Exit(EXIT_OTHER) from error
    except SamverkaError as error:
        typer.echo(f"fel: {error}", err=True)
        raise typer.Exit(EXIT_OTHER) from error
