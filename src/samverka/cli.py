"""The `samverka` command: every context's commands, on the database the composition root builds
(installed into ``platform.cli.context`` before any command runs).

The command groups are imported lazily (issue 15, point 13): ``COMMANDS`` names each group's
module and its one-line help, so that ``samverka --help`` lists them without importing any, and
a command imports its own group only — not the web application, the engine or the other
contexts. The composition root (``samverka.bootstrap``) is imported when a command first asks
for the database. ``tests/app/test_cli_start_up.py`` checks both, and that each help line here
is the group's own.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from difflib import get_close_matches
from typing import TYPE_CHECKING, Any

import typer
from typer._click.exceptions import UsageError
from typer.core import TyperGroup

from samverka.config import Settings
from samverka.platform.cli import context

if TYPE_CHECKING:
    from typer._click import Command, Context


@dataclass(frozen=True, slots=True)
class LazyCommand:
    """A command group (a ``typer.Typer``) or a command (a function) at ``target``
    (``module:attribute``), with its help line; ``also`` are modules that add commands to it."""

    target: str
    help: str
    also: tuple[str, ...] = ()

    def load(self, name: str) -> Command:
        module, attribute = self.target.split(":")
        for extra in self.also:
            importlib.import_module(extra)
        found = getattr(importlib.import_module(module), attribute)
        root = typer.Typer()  # added to a root as ``add_typer``/``command`` would add it
        root.callback()(_nothing)
        if isinstance(found, typer.Typer):
            root.add_typer(found, name=name)
        else:  # a single command, such as ``serve``
            root.command(name=name)(found)
        group = typer.main.get_command(root)
        assert isinstance(group, TyperGroup)
        return group.commands[name]


def _nothing() -> None:
    pass


COMMANDS: dict[str, LazyCommand] = {
    "demo": LazyCommand(
        "samverka.demo:demo",
        "Build a fresh demo database, run a whole admission year on it and serve it on the web.",
    ),
    "serve": LazyCommand(
        "samverka.platform.cli.serve:serve",
        "Serve the web application and the API (Ctrl-C stops it).",
    ),
    "accounts": LazyCommand(
        "samverka.platform.access.cli:app", "Accounts that may sign in: create, list, deactivate."
    ),
    "tokens": LazyCommand(
        "samverka.platform.access.cli:tokens",
        "API tokens with which programs use the API: create, list, revoke.",
    ),
    "admission": LazyCommand(
        "samverka.admission.cli.admission:app",
        "Upper-secondary admission: merit values, eligibility, matching, explanations.",
    ),
    "audit": LazyCommand(
        "samverka.platform.cli.audit:app",
        "The audit trail: verify its hash chain, print its head.",
    ),
    "area": LazyCommand(
        "samverka.admission.cli.area:app",
        "The admission area: each municipality's terms (member, admission and compensation, "
        "admission only, outside).",
    ),
    "db": LazyCommand(
        "samverka.platform.cli.db:app",
        "The database: schema migrations, and the application's role on PostgreSQL.",
    ),
    "reports": LazyCommand(
        "samverka.admission.cli.reports:app",
        "Reports of admission rounds: statistics, and admitted and reserve lists as files.",
    ),
    "rounds": LazyCommand(
        "samverka.admission.cli.rounds:app",
        "Admission rounds: run, list, publish, re-run, explain.",
    ),
    "pupils": LazyCommand(
        "samverka.admission.cli.registration:pupils", "Counsellors' pupil and grade files."
    ),
    "applications": LazyCommand(
        "samverka.admission.cli.registration:applications",
        "Applications registered by the admission office.",
    ),
    "replies": LazyCommand(
        "samverka.admission.cli.registration:replies",
        "Applicants' replies to the final and reserve rounds.",
    ),
    "offerings": LazyCommand(
        "samverka.admission.cli.registration:offerings", "Education offerings."
    ),
    "prices": LazyCommand(
        "samverka.compensation.cli.compensation:prices",
        "Price lists per year: import, uplift, supplement tiers.",
        also=("samverka.compensation.cli.compensation_terms",),
    ),
    "compensation": LazyCommand(
        "samverka.compensation.cli.compensation:compensation",
        "The monthly compensation between municipalities.",
        also=("samverka.compensation.cli.compensation_terms",),
    ),
    "register": LazyCommand(
        "samverka.register.cli.register:app",
        "The youth register (UEDB): population and placements.",
    ),
    "kaa": LazyCommand(
        "samverka.register.cli.kaa:kaa", "The activity follow-up (KAA) of the municipalities."
    ),
    "fees": LazyCommand(
        "samverka.association.fees.cli:app",
        "Member fees: the service fee and the admission service fee, with invoices.",
    ),
    "grants": LazyCommand(
        "samverka.association.grants.cli:app",
        "State grants (stimulansmedel): allocation to municipalities and follow-up.",
    ),
    "plan": LazyCommand(
        "samverka.association.plan.cli.operations_plan:app",
        "The operations plan and budget: goals, assignments, follow-up, budget lines.",
    ),
    "plan-document": LazyCommand(
        "samverka.association.plan.cli.document:app",
        "The yearly operations plan and budget document, as HTML and PDF.",
    ),
    "board": LazyCommand(
        "samverka.association.board.cli:app",
        "Board work and agreements: meetings, decisions, steering groups, agreements.",
    ),
}


class LazyGroup(TyperGroup):
    """The root group: lists ``COMMANDS`` by their help lines, imports one when it is run."""

    def __init__(self, **attrs: Any) -> None:
        super().__init__(**attrs)
        self._listing = False

    def list_commands(self, ctx: Context) -> list[str]:
        return [*super().list_commands(ctx), *COMMANDS]

    def get_command(self, ctx: Context, cmd_name: str) -> Command | None:
        lazy = COMMANDS.get(cmd_name)
        if lazy is None:
            return super().get_command(ctx, cmd_name)
        if self._listing:  # the root's help: the name and the help line are enough
            return TyperGroup(name=cmd_name, help=lazy.help)
        command = self.commands.get(cmd_name)
        if command is None:
            command = self.commands[cmd_name] = lazy.load(cmd_name)
        return command

    def resolve_command(
        self, ctx: Context, args: list[str]
    ) -> tuple[str | None, Command | None, list[str]]:
        """As typer's, suggesting the lazy commands too for a name mistyped."""
        try:
            return self._click_resolve_command(ctx, args)
        except UsageError as error:
            matches = get_close_matches(args[0], self.list_commands(ctx)) if args else []
            if matches:
                suggestions = ", ".join(f"{m!r}" for m in matches)
                error.message = f"{error.message.rstrip('.')}. Did you mean {suggestions}?"
            raise

    def format_help(self, ctx: Context, formatter: Any) -> None:
        self._listing = True
        try:
            super().format_help(ctx, formatter)
        finally:
            self._listing = False


def _composition_root() -> Any:
    return importlib.import_module("samverka.bootstrap")


def _settings() -> Settings:
    return Settings.from_environment()


def _lazily(name: str) -> Callable[..., Any]:
    """``samverka.bootstrap.<name>``, imported when first called."""

    def call(*args: Any) -> Any:
        return getattr(_composition_root(), name)(*args)

    return call


context.install(
    context.Runtime(
        unit_of_work=lambda: _composition_root().unit_of_work(_settings()),
        session=lambda: _composition_root().database(_settings())(),
        web_app=_lazily("web_app"),
        prepare_database=_lazily("database"),
        grant_role=_lazily("grant_role"),
    )
)

app = typer.Typer(
    cls=LazyGroup,
    help="Samverka: shared services of an inter-municipal association (Storsthlm-style).",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)


@app.callback()
def _root() -> None:  # makes ``app`` a group whose commands are ``COMMANDS``
    pass
