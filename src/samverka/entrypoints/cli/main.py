"""The `samverka` command."""

from __future__ import annotations

import typer

from samverka.entrypoints.cli import admission, demo

app = typer.Typer(
    help="Samverka: shared services of an inter-municipal association (Storsthlm-style).",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
app.add_typer(admission.app, name="admission")
app.command(name="demo")(demo.demo)
