"""The `samverka` command."""

from __future__ import annotations

import typer

from samverka.entrypoints.cli import accounts, admission, db, demo, registry, reports, rounds, serve

app = typer.Typer(
    help="Samverka: shared services of an inter-municipal association (Storsthlm-style).",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
app.add_typer(accounts.app, name="accounts")
app.add_typer(admission.app, name="admission")
app.add_typer(db.app, name="db")
app.add_typer(reports.app, name="reports")
app.add_typer(rounds.app, name="rounds")
app.add_typer(registry.pupils, name="pupils")
app.add_typer(registry.applications, name="applications")
app.add_typer(registry.replies, name="replies")
app.add_typer(registry.offerings, name="offerings")
app.command(name="demo")(demo.demo)
app.command(name="serve")(serve.serve)
