"""`samverka pupils|applications|replies|offerings …`: the admission office's registrations."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from samverka.adapters.importers.pupil_file import read_pupil_file
from samverka.adapters.importers.pupil_template import write_template
from samverka.domain.admission.calendar import GradeTerm
from samverka.domain.admission.replies import ReplyKind
from samverka.entrypoints.cli.context import (
    Actor,
    Year,
    chosen_year,
    default_actor,
    now,
    today,
    unit_of_work,
)
from samverka.entrypoints.cli.errors import reported_errors
from samverka.services.applications import ChoiceRequest, submit_choices
from samverka.services.offerings import close_offering
from samverka.services.pupils import import_pupils
from samverka.services.replies import reply

pupils = typer.Typer(help="Counsellors' pupil and grade files.", no_args_is_help=True)
applications = typer.Typer(
    help="Applications registered by the admission office.", no_args_is_help=True
)
replies = typer.Typer(
    help="Applicants' replies to the final and reserve rounds.", no_args_is_help=True
)
offerings = typer.Typer(help="Education offerings.", no_args_is_help=True)

PersonalIdArgument = Annotated[str, typer.Argument(help="Personal identity number.")]


@pupils.command("import")
def import_file(
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help=".csv or .xlsx")],
    term: Annotated[GradeTerm, typer.Option(help="autumn or final grades.")] = GradeTerm.FINAL,
    year: Year = None,
    actor: Actor = "",
) -> None:
    """Import pupils and grades; every row is checked and nothing is saved unless all are valid."""
    uow = unit_of_work()
    with reported_errors():
        with uow:
            municipalities = uow.catalogue.municipality_codes()
            units = uow.catalogue.school_unit_codes()
        rows = read_pupil_file(
            file, term=term, today=today(), municipalities=municipalities, school_units=units
        )
        report = import_pupils(
            uow, year=chosen_year(year), pupils=rows, actor=actor or default_actor(), now=now()
        )
    typer.echo(f"{report.created} new, {report.updated} changed, {report.unchanged} unchanged.")


@pupils.command()
def template(
    file: Annotated[Path, typer.Argument(help="Where to write it: .xlsx or .csv")],
) -> None:
    """Write an empty pupil file with the columns and one example row (docs/pupil-import.md)."""
    write_template(file)
    typer.echo(f"Template written to {file}.")


@applications.command("register")
def register(
    personal_id: PersonalIdArgument,
    offering_codes: Annotated[list[str], typer.Argument(help="Offering codes in rank order.")],
    year: Year = None,
    actor: Actor = "",
) -> None:
    """Register an applicant's ranked choices (late if outside the application windows)."""
    choices = [ChoiceRequest(code) for code in offering_codes]
    with reported_errors():
        rows = submit_choices(
            unit_of_work(),
            year=chosen_year(year),
            personal_id=personal_id,
            choices=choices,
            actor=actor or default_actor(),
            by_admission_office=True,
            now=now(),
        )
    late = " (late selection group)" if any(row.late for row in rows) else ""
    typer.echo(f"{len(rows)} choices registered for {personal_id}{late}.")


@replies.command("register")
def register_reply(
    personal_id: PersonalIdArgument,
    kind: Annotated[ReplyKind, typer.Argument(help="accept, accept_without_reserve or decline.")],
    year: Year = None,
    actor: Actor = "",
) -> None:
    """Register a reply to the latest published final or reserve round."""
    with reported_errors():
        round_id = reply(
            unit_of_work(),
            year=chosen_year(year),
            personal_id=personal_id,
            kind=kind,
            actor=actor or default_actor(),
            now=now(),
        )
    typer.echo(f"Reply {kind.value} registered for {personal_id} (round {round_id}).")


@offerings.command()
def close(
    code: Annotated[str, typer.Argument(help="The offering's code.")],
    year: Year = None,
    actor: Actor = "",
) -> None:
    """Close an offering that will not start; every applicant who chose it gets a message."""
    with reported_errors():
        notified = close_offering(
            unit_of_work(),
            year=chosen_year(year),
            offering_code=code,
            actor=actor or default_actor(),
            now=now(),
        )
    typer.echo(f"{code} closed; {len(notified)} applicants notified.")
