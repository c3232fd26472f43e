"""`samverka register …`: the youth register (UEDB), on the configured database
(``SAMVERKA_DATABASE_URL``). The activity follow-up (KAA) is ``cli.kaa``.

The commands act as the admission officer (the audit trail names the login user); lists with
personal data are printed as tab-separated lines.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from samverka.config import Settings
from samverka.platform.cli.context import (
    ActingAs,
    admission_officer,
    now,
    reading_session,
    today,
    unit_of_work,
)
from samverka.platform.cli.errors import reported_errors
from samverka.register.domain.population import AgeBand
from samverka.register.files.population_file import (
    read_placements_and_homes,
    read_population_file,
)
from samverka.register.queries.register_view import duplicate_placements, person_history, where_on
from samverka.register.services.register import import_placements, load_population, place_admitted

app = typer.Typer(
    help="The youth register (UEDB): population and placements.", no_args_is_help=True
)

Day = Annotated[str, typer.Option("--date", help="The day, YYYY-MM-DD (default: today).")]
MinimumAge = Annotated[int, typer.Option(help="The age band's lowest age.")]
MaximumAge = Annotated[int, typer.Option(help="The age band's highest age (19: until 20).")]


def swedish_today() -> date:
    """Today in Sweden, from the one clock (``samverka.platform.clock``)."""
    return today()


def parse_day(text: str) -> date:
    """``--date``: a day, YYYY-MM-DD; empty: today in Sweden."""
    if not text:
        return today()
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise typer.BadParameter(f"{text!r} is not a date (YYYY-MM-DD)") from None


@contextmanager
def _step(text: str) -> Iterator[None]:
    typer.echo(f"{text} …", nl=False)
    started = time.perf_counter()
    yield
    typer.echo(f" {time.perf_counter() - started:.1f} s")


@app.command("load-population")
def load_population_file(
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="The extract, .csv")],
    day: Day = "",
    minimum_age: MinimumAge = 16,
    maximum_age: MaximumAge = 19,
    confirm_removals: Annotated[
        int | None,
        typer.Option(
            min=0,
            help="Confirm that this many persons leave the register: needed for an empty "
            "extract or one removing more than SAMVERKA_POPULATION_REMOVAL_PERCENT (10 %) of "
            "the register; the number the refusal named.",
            show_default=False,
        ),
    ] = None,
    actor: ActingAs = "",
) -> None:
    """Load a population extract of ``--date``: every change is detected, dated and kept."""
    extract_date = parse_day(day)
    settings = Settings.from_environment()
    uow = unit_of_work()
    with reported_errors():
        with uow:
            municipalities = uow.catalogue.municipality_codes()
        with _step(f"Reading {file.name}"):
            records = read_population_file(
                file, extract_date=extract_date, municipalities=municipalities
            )
        with _step(f"Comparing {len(records)} persons with the register and saving the changes"):
            report = load_population(
                uow,
                records=records,
                extract_date=extract_date,
                source=file.name,
                actor=admission_officer(actor),
                now=now(),
                band=AgeBand(minimum_age, maximum_age),
                removal_share=settings.population_removal_share,
                confirmed_removals=confirm_removals,
            )
    typer.echo(
        f"{report.persons} persons in the register on {extract_date}, of them"
        f" {report.pupils_outside_band} pupils outside the age band"
        f" ({report.outside_band} others outside the age band left out);"
        f" {report.total_changes} changes:"
    )
    for kind, count in report.changes.items():
        typer.echo(f"  {kind.value}: {count}")
    if report.confirmed_removals is not None:
        typer.echo(f"{report.confirmed_removals} removals confirmed by the officer (audited).")


@app.command("place-admitted")
def place_admitted_pupils(
    year: Annotated[int, typer.Option(help="The admission year.")],
    start: Annotated[str, typer.Option(help="The first day of school (default: 15 August).")] = "",
    actor: ActingAs = "",
) -> None:
    """Year-1 placements from the accepted final results, in one step."""
    first_day = parse_day(start) if start else date(year, 8, 15)
    with reported_errors():
        placed = place_admitted(
            unit_of_work(), year=year, start=first_day, actor=admission_officer(actor), now=now()
        )
    typer.echo(f"{placed} year-1 placements from {first_day}.")


placements = typer.Typer(help="Placements registered by the schools.", no_args_is_help=True)
app.add_typer(placements, name="placements")


@placements.command("import")
def import_placement_file(
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="The file, .csv")],
) -> None:
    """Import a placement file; every row is checked and nothing is saved unless all are valid.
    A pupil the register does not hold is registered in the file's ``hemkommun``."""
    uow = unit_of_work()
    with reported_errors():
        with uow:
            units = uow.catalogue.school_unit_codes()
        rows, homes = read_placements_and_homes(file, today=today(), school_units=units)
        ids = import_placements(
            uow, actor=admission_officer(), placements=rows, now=now(), homes=homes
        )
    typer.echo(f"{len(ids)} placements registered.")


@app.command()
def where(
    day: Day = "",
    municipality: Annotated[str | None, typer.Option(help="Only this municipality.")] = None,
    limit: Annotated[int, typer.Option(help="Print at most this many persons.")] = 50,
) -> None:
    """Who is registered where, and placed where, on ``--date``."""
    on = parse_day(day)
    with reported_errors(), reading_session() as session:
        people = where_on(session, admission_officer(), on, municipality)
    for person in people[:limit]:
        placed = ", ".join(f"{p.school_unit} {p.programme}" for p in person.placements) or "-"
        typer.echo(f"{person.personal_id}\t{person.name}\t{person.municipality}\t{placed}")
    in_school = sum(1 for person in people if person.placements)
    typer.echo(f"{len(people)} registered on {on}, {in_school} of them in school.")


@app.command()
def history(personal_id: Annotated[str, typer.Argument(help="Personal identity number.")]) -> None:
    """A person's registration periods, changes and placements."""
    with reported_errors(), reading_session() as session:
        found = person_history(session, admission_officer(), personal_id)
    for period in found.periods:
        typer.echo(
            f"{period.start} – {period.end or ''}\t{period.municipality}\t{period.address}"
            f"\t(from the {period.source.value})"
        )
    for change in found.changes:
        typer.echo(f"{change.on}\t{change.kind}\t{change.before or ''} → {change.after or ''}")
    for p in found.placements:
        ended = f"{p.end} ({p.end_reason})" if p.end else ""
        typer.echo(f"{p.start} – {ended}\t{p.school_unit}\t{p.programme} {p.orientation}")


@app.command()
def duplicates() -> None:
    """Pupils with two placements in force together, to be resolved by the schools."""
    with reported_errors(), reading_session() as session:
        found = duplicate_placements(session, admission_officer())
    for d in found:
        typer.echo(
            f"{d.personal_id}\t{d.first.school_unit} {d.first.programme}\t"
            f"{d.second.school_unit} {d.second.programme}\tfrom {d.since}"
        )
    typer.echo(f"{len(found)} duplicate placements.")
