"""`samverka board …`: board work and agreements: meetings, agenda items, documents, decisions,
minutes, steering groups, representatives, agreements.

* ``samverka board meetings [--year Y]``: the meetings, newest first.
* ``samverka board meeting add --date D --place P`` and ``samverka board meeting show ID``.
* ``samverka board agreements [--due-within 90] [--expiring-within N] [--date D]``.
* ``samverka board agreement add --title T --kind region --party 0180 --party "Region
  Stockholm" --start D [--end D] --owner O --revision D [--follow-up D …]`` and
  ``samverka board agreement revise ID --revised D --next D [--note N]``.

The commands act as the association's staff (the audit trail names the login user, ``cli:…``).
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

import typer

from samverka.association.board.domain.agreements import DEFAULT_WITHIN_DAYS, AgreementKind
from samverka.association.board.ports import Party
from samverka.association.board.queries.agreements import AgreementView, agreements
from samverka.association.board.queries.board import meeting_detail, meetings
from samverka.association.board.services.agreements import add_agreement, record_revision
from samverka.association.board.services.board import add_meeting
from samverka.platform.cli.context import (
    association_staff,
    now,
    reading_session,
    today,
    unit_of_work,
)
from samverka.platform.cli.errors import reported_errors

app = typer.Typer(
    help="Board work and agreements: meetings, decisions, steering groups, agreements.",
    no_args_is_help=True,
)
meeting = typer.Typer(help="One board meeting: add or show.", no_args_is_help=True)
agreement = typer.Typer(help="One agreement: add or revise.", no_args_is_help=True)
app.add_typer(meeting, name="meeting")
app.add_typer(agreement, name="agreement")

Day = Annotated[str, typer.Option("--date", help="The day, YYYY-MM-DD (default: today).")]


def _day(text: str, option: str = "--date") -> date:
    if not text:
        return today()
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise typer.BadParameter(
            f"{text!r} is not a date (YYYY-MM-DD)", param_hint=option
        ) from None


@app.command("meetings")
def list_meetings(
    year: Annotated[int | None, typer.Option(help="Only this calendar year.")] = None,
) -> None:
    """The board's meetings, newest first."""
    with reported_errors(), reading_session() as session:
        found = meetings(session, association_staff(), year)
    for s in found:
        m = s.meeting
        adjusted = "adjusted" if m.minutes and m.minutes.adjusted else "-"
        typer.echo(
            f"{m.id}\t{m.on}\t{m.place}\t{m.status.value}\t{s.items} items\t"
            f"{s.decisions} decisions\tminutes {adjusted}"
        )
    typer.echo(f"{len(found)} meetings.")


@meeting.command("add")
def meeting_add(
    day: Annotated[str, typer.Option("--date", help="The meeting's date, YYYY-MM-DD.")],
    place: Annotated[str, typer.Option(help="Where the board meets.")],
) -> None:
    """Plan a board meeting."""
    with reported_errors():
        meeting_id = add_meeting(
            unit_of_work(), actor=association_staff(), on=_day(day), place=place, now=now()
        )
    typer.echo(f"Board meeting {meeting_id} planned on {day}.")


@meeting.command("show")
def meeting_show(meeting_id: Annotated[int, typer.Argument(help="The meeting's id.")]) -> None:
    """A meeting's agenda, documents, decisions and minutes."""
    with reported_errors(), reading_session() as session:
        detail = meeting_detail(session, association_staff(), meeting_id)
    m = detail.meeting
    typer.echo(f"Board meeting {m.id}: {m.on}, {m.place} ({m.status.value})")
    for view in detail.items:
        item = view.item
        typer.echo(f"§ {item.number} {item.title} [{item.kind.value}; {item.presenter}]")
        for d in view.documents:
            typer.echo(f"    document {d.id}: {d.title} ({d.file_name}, {d.size} bytes)")
        for decision in view.decisions:
            typer.echo(
                f"    decision {decision.reference} ({decision.decided_on}): {decision.text}"
            )
    if m.minutes is None:
        typer.echo("No minutes yet.")
    elif m.minutes.adjusted:
        typer.echo(f"Minutes adjusted by {m.minutes.adjusted_by} on {m.minutes.adjusted_on}.")
    else:
        typer.echo("Minutes written, not adjusted.")


def _line(view: AgreementView, day: date) -> str:
    a = view.agreement
    parties = ", ".join(p.name for p in view.parties)
    left = (a.revision_date - day).days
    when = f"{-left} days past due" if left < 0 else f"in {left} days"
    return f"{a.id}\t{a.title}\t{a.kind.value}\t{parties}\trevision {a.revision_date} ({when})"


def _within(due_within: int | None, expiring_within: int | None) -> int:
    if due_within is not None:
        return due_within
    return DEFAULT_WITHIN_DAYS if expiring_within is None else expiring_within


@app.command("agreements")
def list_agreements(
    due_within: Annotated[
        int | None,
        typer.Option(min=0, max=3650, help="Only those due for revision within N days."),
    ] = None,
    expiring_within: Annotated[
        int | None, typer.Option(min=0, max=3650, help="Only those ending within N days.")
    ] = None,
    day: Day = "",
) -> None:
    """The agreements; due for revision (past due included) or expiring, by date."""
    on = _day(day)
    with reported_errors(), reading_session() as session:
        lists = agreements(session, association_staff(), on, _within(due_within, expiring_within))
    if due_within is not None:
        found, what = lists.due, f"due for revision within {due_within} days of {on}"
    elif expiring_within is not None:
        found, what = lists.expiring, f"ending within {expiring_within} days of {on}"
    else:
        found, what = lists.everything, "in all"
    for view in found:
        typer.echo(_line(view, on))
    typer.echo(f"{len(found)} agreements {what}.")


@agreement.command("add")
def agreement_add(
    title: Annotated[str, typer.Option(help="The agreement's title.")],
    kind: Annotated[AgreementKind, typer.Option(help="Who it is with.")],
    party: Annotated[
        list[str], typer.Option(help="A party: a municipality code (0180) or a name; repeat.")
    ],
    start: Annotated[str, typer.Option(help="First day, YYYY-MM-DD.")],
    owner: Annotated[str, typer.Option(help="Who owns it at the association.")],
    revision: Annotated[str, typer.Option(help="Revision date, YYYY-MM-DD.")],
    end: Annotated[str, typer.Option(help="Last day (default: open-ended).")] = "",
    follow_up: Annotated[list[str] | None, typer.Option(help="A follow-up date; repeat.")] = None,
) -> None:
    """Register an agreement."""
    parties = [
        Party(municipality_code=p) if p.isdigit() and len(p) == 4 else Party(organisation=p)
        for p in party
    ]
    with reported_errors():
        agreement_id = add_agreement(
            unit_of_work(),
            actor=association_staff(),
            title=title,
            kind=kind,
            parties=parties,
            start=_day(start, "--start"),
            end=_day(end, "--end") if end else None,
            owner=owner,
            revision_date=_day(revision, "--revision"),
            follow_up_dates=[_day(d, "--follow-up") for d in follow_up or []],
            now=now(),
        )
    typer.echo(f"Agreement {agreement_id} registered: {title}.")


@agreement.command("revise")
def agreement_revise(
    agreement_id: Annotated[int, typer.Argument(help="The agreement's id.")],
    revised: Annotated[str, typer.Option(help="The day it was revised, YYYY-MM-DD.")],
    next_revision: Annotated[str, typer.Option("--next", help="Next revision date.")],
    note: Annotated[str, typer.Option(help="What was changed.")] = "",
) -> None:
    """Record a revision: the revision date moves, the earlier one is kept."""
    with reported_errors():
        record_revision(
            unit_of_work(),
            actor=association_staff(),
            agreement_id=agreement_id,
            revised_on=_day(revised, "--revised"),
            next_revision=_day(next_revision, "--next"),
            note=note,
            now=now(),
        )
    typer.echo(f"Agreement {agreement_id} revised; next revision {next_revision}.")
