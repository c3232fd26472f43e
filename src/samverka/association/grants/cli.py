"""`samverka grants …`: state grants (stimulansmedel): keyed out to the municipalities, and the
follow-up of their use.

The commands act as the association's staff (the audit trail names the login user), on the
configured database (``SAMVERKA_DATABASE_URL``). Reminders are recorded messages shown to the
municipality on its page; nothing is e-mailed. ``unused GRANT --repay --to Kammarkollegiet
--repaid-on DAY`` or ``unused GRANT --redistribute [--recipient CODE …] [--by grant_key|
population|equal]``, with ``--reference`` and ``--decided-by``, records the decision on what is
left unused after the follow-up; ``follow-up`` shows the state after it. ``payee CODE --name …
--bankgiro …`` records where a recipient (a municipality code, or ``region``) is paid, and
``payment-file GRANT OUTPUT [--due-date DAY] [--format …]`` writes the payout's payment file for
the finance system (docs/formats.md, "Payment file of a state grant").
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from samverka.association.grants.domain.grant_allocation import AllocationKeyKind, GrantTerms
from samverka.association.grants.domain.grant_unused import (
    Disposal,
    RedistributionKey,
    UnusedDecision,
)
from samverka.association.grants.files.grant_key_file import (
    KEY_FILE_LIMITS,
    read_key_rows,
    read_population_figures,
)
from samverka.association.grants.files.grant_payment_file import grant_payment_sheet
from samverka.association.grants.ports import GrantPayee
from samverka.association.grants.queries import grant_detail, grant_list
from samverka.association.grants.services.grant_payments import (
    grant_payout,
    register_grant_payee,
)
from samverka.association.grants.services.state_grant_unused import decide_unused_funds
from samverka.association.grants.services.state_grants import (
    KeyRequest,
    allocate_grant,
    create_grant,
    record_populations,
    send_reminders,
)
from samverka.platform.cli.context import (
    association_staff,
    kr,
    now,
    reading_session,
    today,
    unit_of_work,
)
from samverka.platform.cli.errors import reported_errors
from samverka.platform.files.exports import FileFormat, write_table
from samverka.platform.files.limits import read_file

app = typer.Typer(
    help="State grants (stimulansmedel): allocation to municipalities and follow-up.",
    no_args_is_help=True,
)


class KeyOption(StrEnum):
    POPULATION = "population"
    AGE_BAND = "age-band"
    CUSTOM = "custom"
    EQUAL = "equal"


KINDS = {
    KeyOption.POPULATION: AllocationKeyKind.POPULATION,
    KeyOption.AGE_BAND: AllocationKeyKind.AGE_BAND,
    KeyOption.CUSTOM: AllocationKeyKind.CUSTOM,
    KeyOption.EQUAL: AllocationKeyKind.EQUAL,
}
GrantArgument = Annotated[int, typer.Argument(help="The grant's id (see `grants list`).")]


def _day(text: str | None) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise typer.BadParameter(f"{text!r} is not a date (YYYY-MM-DD)") from None


def _amount(text: str, what: str) -> Decimal:
    try:
        return Decimal(text.replace(" ", "").replace(",", "."))
    except InvalidOperation:
        raise typer.BadParameter(f"{text!r} is not a number ({what})") from None


@app.command()
def create(
    name: Annotated[str, typer.Argument(help="The grant's name.")],
    year: Annotated[int, typer.Option(help="The year the funds are for.")],
    total: Annotated[str, typer.Option(help="The total in whole kronor.")],
    region_percent: Annotated[str, typer.Option(help="First split to the region, %.")] = "0",
    set_aside_percent: Annotated[
        str, typer.Option(help="Of each allocation, for county-wide initiatives, %.")
    ] = "0",
    report_due: Annotated[str, typer.Option(help="The municipalities' reports due, date.")] = "",
    description: Annotated[str, typer.Option(help="What the funds are for.")] = "",
) -> None:
    """Register a grant (not yet keyed out)."""
    terms = GrantTerms(
        _amount(total, "--total"),
        _amount(region_percent, "--region-percent"),
        _amount(set_aside_percent, "--set-aside-percent"),
    )
    with reported_errors():
        grant_id = create_grant(
            unit_of_work(),
            actor=association_staff(),
            name=name,
            year=year,
            terms=terms,
            report_due=_day(report_due),
            description=description,
            now=now(),
        )
    typer.echo(f"Grant {grant_id} created: {name} ({year}), {kr(terms.total)} kr.")


@app.command("list")
def list_grants() -> None:
    """Every grant: id, year, total, key, and follow-up totals."""
    with reported_errors(), reading_session() as session:
        found = grant_list(session, association_staff(), today())
    for g in found:
        typer.echo(
            f"{g.grant.id}\t{g.grant.year}\t{g.grant.name}\t{kr(g.grant.terms.total)} kr\t"
            f"{g.key or 'not allocated'}\tused {g.used} kr\t{g.late} late"
        )
    typer.echo(f"{len(found)} grants.")


@app.command()
def allocate(
    grant: GrantArgument,
    key: Annotated[KeyOption, typer.Option(help="The allocation key.")],
    key_file: Annotated[
        Path | None,
        typer.Option(exists=True, dir_okay=False, help="CSV: municipality_code,weight (custom)."),
    ] = None,
    age_from: Annotated[int, typer.Option(help="The age band's lowest age.")] = 16,
    age_to: Annotated[int, typer.Option(help="The age band's highest age.")] = 19,
    reference_date: Annotated[str, typer.Option(help="Registered on this day (age band).")] = "",
) -> None:
    """Key the grant out to the member municipalities (whole kronor, largest remainder)."""
    rows: list[tuple[int, str, str]] = []
    source = "key"
    with reported_errors():
        if key is KeyOption.CUSTOM:
            if key_file is None:
                raise typer.BadParameter("a custom key needs --key-file")
            source = key_file.name
            rows = read_key_rows(read_file(key_file, KEY_FILE_LIMITS), source)
        day = _day(reference_date) or today()
        request = KeyRequest(KINDS[key], age_from, age_to, day, rows, source)
        found = allocate_grant(
            unit_of_work(), actor=association_staff(), grant_id=grant, key=request, now=now()
        )
    typer.echo(
        f"Allocated {kr(found.total)} kr: region {kr(found.region_gross)} kr, "
        f"municipalities {kr(found.municipalities_gross)} kr, "
        f"county-wide set-aside {kr(found.set_aside_total)} kr."
    )


@app.command()
def show(grant: GrantArgument) -> None:
    """The allocation per municipality: key value, share, allocated, set-aside, to use."""
    with reported_errors(), reading_session() as session:
        found = grant_detail(session, association_staff(), grant, today())
    g = found.grant
    typer.echo(f"{g.name} ({g.year}): {kr(g.terms.total)} kr")
    if found.stored is None:
        typer.echo("Not allocated yet.")
        return
    a = found.stored.allocation
    typer.echo(f"Key: {found.stored.key.description}")
    typer.echo("code\tmunicipality\tkey value\tshare\tallocated\tset aside\tto use")
    for x in a.lines:
        name = found.names.get(x.municipality_code, "")
        typer.echo(
            f"{x.municipality_code}\t{name}\t{x.key_value}\t{x.share:.4%}\t"
            f"{kr(x.gross)}\t{kr(x.set_aside)}\t{kr(x.net)}"
        )
    typer.echo(f"Region: {kr(a.region_gross)} kr (set aside {kr(a.region_set_aside)} kr)")
    typer.echo(f"County-wide set-aside in total: {kr(a.set_aside_total)} kr")


@app.command("follow-up")
def follow_up(grant: GrantArgument) -> None:
    """Per municipality: allocated, taken back and given by decisions on unused funds, used,
    unused, report status and reminders sent; then the decisions."""
    with reported_errors(), reading_session() as session:
        found = grant_detail(session, association_staff(), grant, today())
    typer.echo("code\tallocated\treturned\treceived\tused\tunused\tstatus\treminders")
    for row in found.follow_up:
        late = " (late)" if row.late else ""
        typer.echo(
            f"{row.municipality_code}\t{kr(row.allocated)}\t{row.returned}\t{row.received}\t"
            f"{row.used}\t{row.unused}\t{row.status.value}{late}\t{row.reminders}"
        )
    typer.echo(f"Used {found.used} kr, unused {found.unused} kr, {found.late} late reports.")
    for stored in found.unused_decisions:
        d = stored.decision
        if d.disposal is Disposal.REPAY:
            to = f"repaid to {d.repaid_to} by {d.repaid_on}"
        else:
            to = f"redistributed by {d.key.value}"
        typer.echo(
            f"Decision {d.decided_on} ({d.reference}, {d.decided_by}): "
            f"{stored.settlement.amount} kr {to}."
        )


@app.command()
def unused(
    grant: GrantArgument,
    reference: Annotated[
        str, typer.Option("--reference", help="The decision's diarienummer or paragraph.")
    ],
    repay: Annotated[
        bool,
        typer.Option("--repay/--redistribute", help="Repay to the state, or redistribute."),
    ] = True,
    decided_by: Annotated[str, typer.Option("--decided-by", help="Who decided.")] = "styrelsen",
    decided_on: Annotated[
        str, typer.Option("--decided-on", help="YYYY-MM-DD (default: today).")
    ] = "",
    to: Annotated[str, typer.Option("--to", help="Repaid to, e.g. Kammarkollegiet.")] = "",
    repaid_on: Annotated[str, typer.Option("--repaid-on", help="Repaid by, YYYY-MM-DD.")] = "",
    recipient: Annotated[
        list[str] | None,
        typer.Option("--recipient", help="A municipality code (default: those who used all)."),
    ] = None,
    by: Annotated[
        RedistributionKey, typer.Option("--by", help="The redistribution key.")
    ] = RedistributionKey.GRANT_KEY,
) -> None:
    """Record the decision on what is left unused of a grant after the follow-up."""
    decision = UnusedDecision(
        disposal=Disposal.REPAY if repay else Disposal.REDISTRIBUTE,
        decided_on=_day(decided_on) or today(),
        reference=reference,
        decided_by=decided_by,
        repaid_to=to,
        repaid_on=_day(repaid_on),
        recipients=tuple(recipient or ()),
        key=by,
    )
    with reported_errors():
        result = decide_unused_funds(
            unit_of_work(), actor=association_staff(), grant_id=grant, decision=decision, now=now()
        )
    verb = "repaid to the state" if result.disposal is Disposal.REPAY else "redistributed"
    typer.echo(f"Decision {result.decision_id}: {result.settlement.amount} kr {verb}.")
    for line in result.settlement.lines:
        typer.echo(f"{line.municipality_code}\treturned {line.returned}\treceived {line.received}")


@app.command()
def remind(
    grant: GrantArgument,
    municipality: Annotated[
        str | None, typer.Option(help="Only this municipality (default: every overdue one).")
    ] = None,
    message: Annotated[str, typer.Option(help="The text (default: a standard reminder).")] = "",
) -> None:
    """Record a reminder to report (shown on the municipality's page; no e-mail is sent)."""
    with reported_errors():
        reminded = send_reminders(
            unit_of_work(),
            actor=association_staff(),
            grant_id=grant,
            municipality_code=municipality,
            message=message,
            now=now(),
        )
    typer.echo(f"Reminded: {', '.join(reminded) or 'nobody (no report is overdue)'}.")


@app.command()
def populations(
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="CSV file.")],
) -> None:
    """Record the members' populations (municipality_code, population…) for the keys."""
    with reported_errors():
        figures = read_population_figures(read_file(file, KEY_FILE_LIMITS), file.name)
        record_populations(
            unit_of_work(), actor=association_staff(), populations=figures, now=now()
        )
    typer.echo(f"Populations recorded for {len(figures)} municipalities.")


@app.command()
def payee(
    recipient: Annotated[str, typer.Argument(help="A member municipality's code, or region.")],
    name: Annotated[str, typer.Option(help="The name the payment is made to.")],
    organisation_number: Annotated[str | None, typer.Option(help="NNNNNN-NNNN.")] = None,
    bankgiro: Annotated[str | None, typer.Option(help="NNN-NNNN or NNNN-NNNN.")] = None,
    plusgiro: Annotated[str | None, typer.Option(help="E.g. 4711-2.")] = None,
) -> None:
    """Record where a recipient of the grants is paid (bankgiro or plusgiro)."""
    with reported_errors():
        stored = register_grant_payee(
            unit_of_work(),
            actor=association_staff(),
            payee=GrantPayee(recipient, name, organisation_number, bankgiro, plusgiro),
            now=now(),
        )
    account = stored.bankgiro and f"bankgiro {stored.bankgiro}"
    typer.echo(f"{stored.recipient} {stored.name}: {account or f'plusgiro {stored.plusgiro}'}.")


@app.command("payment-file")
def payment_file(
    grant: GrantArgument,
    output: Annotated[Path, typer.Argument(help="The file to write (.csv or .xlsx).")],
    due_date: Annotated[
        str, typer.Option(help="The payments' due date, YYYY-MM-DD (default: today).")
    ] = "",
    file_format: Annotated[
        FileFormat,
        typer.Option(
            "--format", help="csv (Swedish Excel: ';', decimal comma), csv-maskin or xlsx."
        ),
    ] = FileFormat.CSV,
) -> None:
    """Write the payment file of the grant's payout for the finance system: every recipient's
    amount to use, with its bankgiro or plusgiro (refused if one lacks them)."""
    with reported_errors():
        due = _day(due_date) or today()
        found = grant_payout(unit_of_work(), actor=association_staff(), grant_id=grant)
        path = output.with_suffix(file_format.suffix)
        sheet = grant_payment_sheet(found, due)
        write_table(path, sheet.header, sheet.rows, file_format=file_format, sheet=sheet.name)
    typer.echo(
        f"{len(found.payments)} payments, total {kr(found.total)} kr, due {due}, written to {path}."
    )
