"""The `samverka` command: every context's commands, on the database the composition root builds
(installed into ``platform.cli.context`` before any command runs)."""

from __future__ import annotations

import typer

from samverka import bootstrap, demo
from samverka.admission.cli import admission, area, registration, reports, rounds
from samverka.association.board import cli as board_commands
from samverka.association.fees import cli as member_fees
from samverka.association.grants import cli as state_grants
from samverka.association.plan.cli import document as plan_document
from samverka.association.plan.cli import operations_plan
from samverka.compensation.cli import compensation, compensation_terms
from samverka.config import Settings
from samverka.platform.access import cli as accounts
from samverka.platform.cli import audit, context, db, serve
from samverka.register.cli import kaa as kaa_commands
from samverka.register.cli import register as register_commands

context.install(
    context.Runtime(
        unit_of_work=lambda: bootstrap.unit_of_work(Settings.from_environment()),
        session=lambda: bootstrap.database(Settings.from_environment())(),
        web_app=bootstrap.web_app,
        prepare_database=bootstrap.database,
        grant_role=bootstrap.grant_role,
    )
)

app = typer.Typer(
    help="Samverka: shared services of an inter-municipal association (Storsthlm-style).",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
app.add_typer(accounts.app, name="accounts")
app.add_typer(accounts.tokens, name="tokens")
app.add_typer(admission.app, name="admission")
app.add_typer(audit.app, name="audit")
app.add_typer(area.app, name="area")
app.add_typer(db.app, name="db")
app.add_typer(reports.app, name="reports")
app.add_typer(rounds.app, name="rounds")
app.add_typer(registration.pupils, name="pupils")
app.add_typer(registration.applications, name="applications")
app.add_typer(registration.replies, name="replies")
app.add_typer(registration.offerings, name="offerings")
app.add_typer(compensation.prices, name="prices")
app.add_typer(compensation.compensation, name="compensation")
assert compensation_terms.additional  # its commands are on ``prices`` and ``compensation``
app.add_typer(register_commands.app, name="register")
app.add_typer(kaa_commands.kaa, name="kaa")
app.add_typer(member_fees.app, name="fees")
app.add_typer(state_grants.app, name="grants")
app.add_typer(operations_plan.app, name="plan")
app.add_typer(plan_document.app, name="plan-document")
app.add_typer(board_commands.app, name="board")
app.command(name="demo")(demo.demo)
app.command(name="serve")(serve.serve)
