"""`samverka rounds …`: run, list, publish, re-run and explain admission rounds.

The use cases (and with them the engine and the database) are imported when a command runs,
not when the group is listed or its help shown (issue 15, point 13).
"""

from __future__ import annotations

import importlib
from types import ModuleType
from typing import Annotated

import typer

from samverka.admission.cli.years import chosen_year
from samverka.admission.domain.rounds import RoundKind
from samverka.platform.cli.context import ActingAs, Year, admission_officer, now, unit_of_work
from samverka.platform.cli.errors import reported_errors

app = typer.Typer(
    help="Admission rounds: run, list, publish, re-run, explain.", no_args_is_help=True
)


def _rounds() -> ModuleType:
    return importlib.import_module("samverka.admission.services.rounds")


RoundId = Annotated[int, typer.Option("--round", help="The round's number (see `rounds list`).")]


@app.command("list")
def list_rounds(year: Year = None) -> None:
    """List the year's rounds with their status, seed and input digest."""
    with reported_errors():
        for row in _rounds().list_rounds(unit_of_work(), year=chosen_year(year)):
            published = (
                f"published {row.published_at:%Y-%m-%d %H:%M}"
                if row.published_at
                else f"superseded by {row.superseded_by}"
                if row.superseded_by is not None
                else "stored"
            )
            typer.echo(
                f"{row.id:>4}  {row.kind.value:<12} {published:<27} seed {row.seed:<8} "
                f"{row.input_digest[:12]}  by {row.created_by}"
            )


@app.command()
def run(
    kind: Annotated[RoundKind, typer.Option(help="preliminary, final, reserve or simulation.")],
    seed: Annotated[int, typer.Option(help="Lottery seed; recorded with the run.")],
    year: Year = None,
    actor: ActingAs = "",
) -> None:
    """Run a round on the current data and store it (certified; not yet published)."""
    with reported_errors():
        summary = _rounds().run_round(
            unit_of_work(),
            year=chosen_year(year),
            kind=kind,
            seed=seed,
            actor=admission_officer(actor),
            now=now(),
        )
    typer.echo(
        f"Round {summary.round_id} ({kind.value}): {summary.placed} of {summary.applicants} "
        f"placed, {summary.first_choice} on their first choice. Digest {summary.input_digest[:12]}."
    )


@app.command()
def publish(round_id: RoundId, year: Year = None, actor: ActingAs = "") -> None:
    """Publish a stored round that follows the latest published one; a published round can
    never be changed, and the year's other stored rounds become superseded."""
    with reported_errors():
        _rounds().publish_round(
            unit_of_work(),
            year=chosen_year(year),
            round_id=round_id,
            actor=admission_officer(actor),
            now=now(),
        )
    typer.echo(f"Round {round_id} published.")


@app.command()
def rerun(round_id: RoundId, year: Year = None) -> None:
    """Repeat a stored round from its input snapshot and check the result is identical."""
    with reported_errors():
        same = _rounds().rerun_round(unit_of_work(), year=chosen_year(year), round_id=round_id)
    typer.echo(f"Round {round_id} reproduced identically." if same else "DIFFERENT result!")
    if not same:
        raise typer.Exit(3)


@app.command()
def explain(
    personal_id: Annotated[str, typer.Argument(help="The applicant's personal identity number.")],
    round_id: RoundId,
    year: Year = None,
) -> None:
    """Every choice of one applicant in a round, with its outcome and reason."""
    with reported_errors():
        chosen = chosen_year(year)
        choices = _rounds().explain_applicant(
            unit_of_work(), year=chosen, round_id=round_id, personal_id=personal_id
        )
        receptions = _rounds().choice_receptions(
            unit_of_work(), year=chosen, round_id=round_id, personal_id=personal_id
        )
    typer.echo(f"Applicant {personal_id}, round {round_id}:")
    for (code, choice), reception in zip(choices, receptions, strict=True):
        typer.echo(f"  {choice.rank}. {code:<28} {choice.reason()}")
        if reception is not None:
            received, ground = (text.replace("_", " ") for text in reception)
            typer.echo(f"     {'':<28} {received}: {ground} (SL 16 kap. 43–44 §§)")
