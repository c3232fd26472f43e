"""`samverka audit verify|head`: prove that no audit event is missing or changed.

``verify`` walks the hash chain of the audit trail (``SAMVERKA_DATABASE_URL``) and reports the
first problems: a gap (deleted events), a changed event, a replaced one, events deleted at the
end, or an anchor not found again; exit code 0 when intact, 1 when not. ``head`` prints the
last event's sequence and hash as ``SEQUENCE:HASH``; written down outside the database (the
board's minutes, a letter to the auditors), it is an anchor that a later
``verify --anchor SEQUENCE:HASH`` checks, which catches even a chain rewritten from scratch by
someone who owns the database. No output names an event's key (often an identity number).
"""

from __future__ import annotations

from typing import Annotated
from zoneinfo import ZoneInfo

import typer

from samverka.errors import InvalidInput, RowError
from samverka.platform.cli.context import unit_of_work
from samverka.platform.cli.errors import EXIT_OTHER, reported_errors
from samverka.platform.domain.audit_chain import Anchor, AnchorInvalid, ChainProblem, ChainReport
from samverka.platform.services.audit_trail import audit_trail_head, verify_audit_trail

SWEDEN = ZoneInfo("Europe/Stockholm")

app = typer.Typer(
    help="The audit trail: verify its hash chain, print its head.", no_args_is_help=True
)

Anchors = Annotated[
    list[str] | None,
    typer.Option(
        "--anchor",
        help="SEQUENCE:HASH printed earlier by `samverka audit head`; may be repeated.",
        show_default=False,
    ),
]


@app.command("verify")
def verify_command(anchor: Anchors = None) -> None:
    """Walk the whole chain: exit code 0 if no event is missing or changed, 1 if one is."""
    with reported_errors():
        anchors = _anchors(anchor or [])
        report = verify_audit_trail(unit_of_work(), anchors=anchors)
    if report.intact:
        typer.echo(_intact(report, len(anchors)))
        return
    typer.echo(_broken(report))
    raise typer.Exit(EXIT_OTHER)


@app.command("head")
def head_command() -> None:
    """Print the last event's SEQUENCE:HASH, to keep outside the database as an anchor."""
    with reported_errors():
        typer.echo(str(audit_trail_head(unit_of_work())))


def _anchors(texts: list[str]) -> list[Anchor]:
    anchors, errors = [], []
    for number, text in enumerate(texts, start=1):
        try:
            anchors.append(Anchor.parse(text))
        except AnchorInvalid as error:
            errors.append(RowError("--anchor", number, "", str(error)))
    if errors:
        raise InvalidInput(errors)
    return anchors


def _intact(report: ChainReport, anchors: int) -> str:
    checked = f"; {anchors} anchor{'s' if anchors != 1 else ''} found" if anchors else ""
    return (
        f"The audit trail is intact: {report.events} events, none missing or changed"
        f"{checked}. Head: {report.last}"
    )


def _broken(report: ChainReport) -> str:
    count = len(report.problems) + report.more_problems
    lines = [f"The audit trail is NOT intact: {count} problem{'s' if count != 1 else ''}."]
    lines += [f"  {_problem(problem)}" for problem in report.problems]
    if report.more_problems:
        lines.append(f"  … and {report.more_problems} more")
    lines.append(f"{report.events} events read; the first problem is where to look.")
    return "\n".join(lines)


def _problem(problem: ChainProblem) -> str:
    if problem.event is None:
        return problem.describe()
    content = problem.event.content
    at = content.at.astimezone(SWEDEN).strftime("%Y-%m-%d %H:%M:%S")
    return f"{problem.describe()} ({content.entity} {content.action} by {content.actor}, {at})"
