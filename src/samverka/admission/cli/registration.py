"""`samverka pupils|applications|replies|offerings …`: the admission office's registrations."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from samverka.admission.cli.years import chosen_year
from samverka.admission.domain.calendar import GradeTerm
from samverka.admission.domain.reception import Reception
from samverka.admission.domain.replies import ReplyKind
from samverka.admission.files.pupil_file import read_pupil_file
from samverka.admission.files.pupil_template import write_template
from samverka.admission.services.applicant_facts import set_admission_facts
from samverka.admission.services.applications import ChoiceRequest, submit_choices
from samverka.admission.services.offerings import close_offering, reopen_offering
from samverka.admission.services.pupils import import_pupils
from samverka.admission.services.reception import override_reception
from samverka.admission.services.replies import reply
from samverka.platform.access.domain.actors import Actor, Role
from samverka.platform.cli.context import (
    ActingAs,
    Year,
    admission_officer,
    default_actor,
    now,
    today,
    unit_of_work,
)
from samverka.platform.cli.errors import reported_errors

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
    school_units: Annotated[
        list[str] | None,
        typer.Option(
            "--school-unit",
            help="Import as this school unit's counsellor (repeat for several units): every row "
            "must name one of them, and only their own pupils may be changed.",
            show_default=False,
        ),
    ] = None,
    officer: Annotated[
        bool,
        typer.Option(
            "--officer",
            help="Import as the admission officer: any school unit; may move pupils between "
            "units and lift protected identities (each audited).",
        ),
    ] = False,
    year: Year = None,
    actor: ActingAs = "",
) -> None:
    """Import pupils and grades; every row is checked and nothing is saved unless all are valid.

    Choose who imports: --school-unit CODE (as that unit's counsellor) or --officer.
    """
    importer = _importer(actor or default_actor(), school_units or [], officer)
    uow = unit_of_work()
    with reported_errors():
        with uow:
            municipalities = uow.catalogue.municipality_codes()
            units = uow.catalogue.school_unit_codes()
        unknown = sorted(set(importer.school_unit_codes) - set(units))
        if unknown:
            raise typer.BadParameter(
                f"unknown school unit {unknown[0]}", param_hint="--school-unit"
            )
        rows = read_pupil_file(
            file,
            term=term,
            today=today(),
            municipalities=municipalities,
            school_units=units,
            own_units=importer.school_unit_codes if not officer else None,
        )
        report = import_pupils(uow, year=chosen_year(year), pupils=rows, actor=importer, now=now())
    typer.echo(f"{report.created} new, {report.updated} changed, {report.unchanged} unchanged.")


def _importer(username: str, school_units: list[str], officer: bool) -> Actor:
    """Who imports: one school unit's counsellor, or the admission officer, never by default."""
    if officer == bool(school_units):
        raise typer.BadParameter(
            "choose who imports: --school-unit CODE (as that unit's counsellor) or --officer",
            param_hint="--school-unit / --officer",
        )
    if officer:
        return Actor(username=username, role=Role.OFFICER, display_name=username)
    return Actor(
        username=username,
        role=Role.COUNSELLOR,
        display_name=username,
        school_unit_codes=frozenset(school_units),
    )


@pupils.command()
def template(
    file: Annotated[Path, typer.Argument(help="Where to write it: .xlsx or .csv")],
) -> None:
    """Write an empty pupil file with the columns and one example row (docs/pupil-import.md)."""
    write_template(file)
    typer.echo(f"Template written to {file}.")


@pupils.command()
def facts(
    personal_id: PersonalIdArgument,
    arrival_date: Annotated[
        datetime | None,
        typer.Option(
            formats=["%Y-%m-%d"],
            help="When a newly arrived pupil came to Sweden (språkintroduktion); omit for none.",
        ),
    ] = None,
    completed: Annotated[
        bool,
        typer.Option(
            "--completed-national-programme/--no-completed-national-programme",
            help="Whether the applicant has completed a national programme.",
        ),
    ] = False,
    year: Year = None,
    actor: ActingAs = "",
) -> None:
    """Set an applicant's arrival date and completed national programme (both, audited): the
    admission officer's way for any applicant, also one without a school unit."""
    officer = Actor(actor or default_actor(), Role.OFFICER, "command line")
    with reported_errors():
        changed = set_admission_facts(
            unit_of_work(),
            year=chosen_year(year),
            personal_id=personal_id,
            arrival_date=None if arrival_date is None else arrival_date.date(),
            completed_national_programme=completed,
            actor=officer,
            now=now(),
        )
    typer.echo(f"{personal_id}: {'saved' if changed else 'unchanged'}.")


@applications.command("register")
def register(
    personal_id: PersonalIdArgument,
    offering_codes: Annotated[list[str], typer.Argument(help="Offering codes in rank order.")],
    year: Year = None,
    actor: ActingAs = "",
) -> None:
    """Register an applicant's ranked choices (late if outside the application windows)."""
    choices = [ChoiceRequest(code) for code in offering_codes]
    with reported_errors():
        rows = submit_choices(
            unit_of_work(),
            year=chosen_year(year),
            personal_id=personal_id,
            choices=choices,
            actor=admission_officer(actor),
            by_admission_office=True,
            now=now(),
        )
    late = " (late selection group)" if any(row.late for row in rows) else ""
    typer.echo(f"{len(rows)} choices registered for {personal_id}{late}.")


class ReceptionChoice(StrEnum):
    FIRST_HAND = "first_hand"
    SECOND_HAND = "second_hand"
    DERIVED = "derived"


@applications.command("reception")
def reception(
    personal_id: PersonalIdArgument,
    offering_code: Annotated[str, typer.Argument(help="The offering chosen.")],
    decision: Annotated[
        ReceptionChoice,
        typer.Argument(help="first_hand, second_hand, or derived (remove the decision)."),
    ],
    reason: Annotated[str, typer.Option(help="Why, e.g. the home municipality's statement.")],
    year: Year = None,
    actor: ActingAs = "",
) -> None:
    """The admission office decides one choice's reception in first or second hand, with a
    reason (SL 16 kap. 43–44 §§); audited. Second hand is refused where the law gives first hand
    (independent school, own municipality, nationally recruiting, the samverkansavtal)."""
    officer = Actor(actor or default_actor(), Role.OFFICER, "command line")
    chosen = None if decision is ReceptionChoice.DERIVED else Reception(decision.value)
    with reported_errors():
        found = override_reception(
            unit_of_work(),
            year=chosen_year(year),
            personal_id=personal_id,
            offering_code=offering_code,
            reception=chosen,
            reason=reason,
            actor=officer,
            now=now(),
        )
    typer.echo(
        f"{personal_id} {offering_code}: {found.reception.value.replace('_', ' ')}"
        f" ({found.ground.value.replace('_', ' ')})."
    )


@replies.command("register")
def register_reply(
    personal_id: PersonalIdArgument,
    kind: Annotated[ReplyKind, typer.Argument(help="accept, accept_without_reserve or decline.")],
    year: Year = None,
    actor: ActingAs = "",
) -> None:
    """Register a reply to the latest published final or reserve round."""
    with reported_errors():
        round_id = reply(
            unit_of_work(),
            year=chosen_year(year),
            personal_id=personal_id,
            kind=kind,
            actor=admission_officer(actor),
            now=now(),
        )
    typer.echo(f"Reply {kind.value} registered for {personal_id} (round {round_id}).")


@offerings.command()
def close(
    code: Annotated[str, typer.Argument(help="The offering's code.")],
    year: Year = None,
    actor: ActingAs = "",
) -> None:
    """Close an offering that will not start; every applicant who chose it, and every holder
    of a place in it, gets a message; the holders are tried on their other choices in the next
    reserve round."""
    with reported_errors():
        notified = close_offering(
            unit_of_work(),
            year=chosen_year(year),
            offering_code=code,
            actor=admission_officer(actor),
            now=now(),
        )
    typer.echo(f"{code} closed; {len(notified)} applicants notified.")


@offerings.command()
def reopen(
    code: Annotated[str, typer.Argument(help="The offering's code.")],
    year: Year = None,
    actor: ActingAs = "",
) -> None:
    """Open a closed offering again, until the next round is run; the same applicants are told."""
    with reported_errors():
        notified = reopen_offering(
            unit_of_work(),
            year=chosen_year(year),
            offering_code=code,
            actor=admission_officer(actor),
            now=now(),
        )
    typer.echo(f"{code} open again; {len(notified)} applicants notified.")
