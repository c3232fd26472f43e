"""`samverka kaa …`: the municipalities' activity follow-up (KAA), on the configured database.

* ``list``: the young people in a municipality's group on a day, tab-separated;
* ``report``: a half-year's summary counts, and with ``--out FILE.csv|.xlsx`` the person-level
  file for SCB (``register.files.kaa_collection_file``); protected persons are left out of
  the file (and counted) unless ``--show-protected`` is given;
* ``retention``: erase the entries past the retention period (``--apply``) or only count them
  (``--dry-run``), for one municipality or ``--all``; ``retention-period``: set a municipality's
  period in months.

The commands act as the admission officer (the audit trail names the login user). Sources:
skollagen 29 kap. 9 §; issue 13 points 8–10.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from samverka.platform.cli.context import admission_officer, now, reading_session, unit_of_work
from samverka.platform.cli.errors import reported_errors
from samverka.platform.files.exports import write_table
from samverka.register.cli.register import (
    Day,
    parse_day,
)
from samverka.register.domain.activity_follow_up import HalfYear
from samverka.register.files.kaa_collection_file import (
    HEADER,
    SEPARATOR,
    collection_csv,
    collection_rows,
)
from samverka.register.queries.activity_follow_up import kaa_half_year, kaa_list
from samverka.register.services.activity_follow_up import erase_expired_entries, set_retention

kaa = typer.Typer(help="The activity follow-up (KAA) of the municipalities.", no_args_is_help=True)
Municipality = Annotated[str, typer.Option(help="The municipality's code.")]


@kaa.command("list")
def list_group(municipality: Municipality, day: Day = "") -> None:
    """The municipality's young people in the group on ``--date``: finished compulsory school,
    under 20, not in upper-secondary school, no examen."""
    on = parse_day(day)
    with reported_errors(), reading_session() as session:
        people = kaa_list(session, admission_officer(), municipality, on)
    for person in people:
        typer.echo(
            f"{person.personal_id}\t{person.name}\t{person.age}\t{person.since}\t"
            f"{person.status.value}"
        )
    typer.echo(f"{len(people)} in the activity follow-up of {municipality} on {on}.")


@kaa.command()
def report(
    municipality: Municipality,
    half: Annotated[str, typer.Option(help="The half-year, e.g. 2026H2.")],
    out: Annotated[
        Path | None, typer.Option("--out", help="Write the person-level file: .csv or .xlsx.")
    ] = None,
    show_protected: Annotated[
        bool,
        typer.Option(
            "--show-protected",
            help="Put persons with protected identity in the file too (the admission office).",
        ),
    ] = False,
) -> None:
    """The half-year report: the summary counts, and the person-level file for SCB."""
    try:
        half_year = HalfYear.parse(half)
    except ValueError as error:
        raise typer.BadParameter(str(error), param_hint="--half") from None
    if out is not None and out.suffix.lower() not in (".csv", ".xlsx"):
        raise typer.BadParameter("the file must end in .csv or .xlsx", param_hint="--out")
    with reported_errors(), reading_session() as session:
        found = kaa_half_year(
            session, admission_officer(), municipality, half_year, show_protected=show_protected
        )
    summary = found.summary
    typer.echo(f"Activity follow-up {municipality} {half_year}: {summary.total} young people")
    typer.echo(
        f"  entered {summary.entered}, contacted {summary.contacted}, "
        f"in a measure {summary.in_measure}"
    )
    for status, count in summary.counts.items():
        typer.echo(f"  status {status.value}: {count}")
    for reason, count in summary.left.items():
        typer.echo(f"  left, {reason.value}: {count}")
    if out is None:
        return
    if out.suffix.lower() == ".csv":
        out.write_text(collection_csv(found.records, half_year), encoding="utf-8")
    else:
        write_table(out, HEADER, collection_rows(found.records, half_year))
    typer.echo(
        f"{out}: {len(found.records)} records ({SEPARATOR!r} between fields in CSV); "
        f"{summary.withheld} persons with protected identity left out"
    )


@kaa.command()
def retention(
    municipality: Annotated[
        str | None, typer.Option(help="The municipality's code (or --all).")
    ] = None,
    every: Annotated[bool, typer.Option("--all", help="Every municipality.")] = False,
    apply: Annotated[
        bool, typer.Option("--apply/--dry-run", help="Erase, or only count what is due.")
    ] = False,
    day: Day = "",
) -> None:
    """Erase (``--apply``) or count (``--dry-run``) the entries past the retention period on
    ``--date`` (default today); each erasure is recorded with its counts, never the content."""
    if (municipality is None) == (not every):
        raise typer.BadParameter("name one --municipality or give --all")
    on = parse_day(day)
    uow = unit_of_work()
    with reported_errors():
        with uow:
            codes = [municipality] if municipality else sorted(uow.catalogue.municipality_codes())
        for code in codes:
            done = erase_expired_entries(
                uow, actor=admission_officer(), municipality=code, today=on, apply=apply, now=now()
            )
            verb = "erased" if done.applied else "due (dry run, nothing erased)"
            typer.echo(
                f"{code}: {done.entries} entries of {done.persons} persons {verb}; "
                f"retention {done.months} months, judged on {on}"
            )


@kaa.command("retention-period")
def retention_period(
    municipality: Municipality,
    months: Annotated[int, typer.Option(help="Months after a person leaves the group.")],
) -> None:
    """Set how many months after a person leaves the group their entries are kept."""
    with reported_errors():
        setting = set_retention(
            unit_of_work(),
            actor=admission_officer(),
            municipality=municipality,
            months=months,
            now=now(),
        )
    typer.echo(f"{municipality}: entries are kept {setting.months} months after leaving the group.")
