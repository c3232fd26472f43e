"""The money's terms on the command line (issue 13, points 3–7), beside `samverka prices …` and
`samverka compensation …`:

* ``prices shares --year Y [--administration 3] [--vat 6] [--included|--added] …``: the
  independent organisers' administration and VAT shares of a year (shown without changes).
* ``prices propose --year Y --percent 2.8 [--tier-percent 2:6] --proposed-on D --reference R``:
  the association's proposal of year Y's list and supplement tiers from Y − 1's.
* ``prices decide --year Y --municipality M --outcome adopted|not-adopted|own-list …`` and
  ``prices decisions --year Y``: a municipality's decision, and who has not decided.
* ``compensation additional add|import|list|end``: tilläggsbelopp decisions.
* ``compensation clearing [--mode bilateral|multilateral --from-month M …]``: the members'
  clearing decisions (shown without changes).
* ``compensation payee …`` and ``compensation payees``: payees with payment details, and the
  school units of organisers outside the area.
* ``compensation invoices --month M --output-dir DIR``: a file per municipality outside the
  area, of what the region's organisers invoice it.

The command line acts as the admission officer; every change is audited.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from samverka.compensation.cli.compensation import MODES, Rounding, compensation, prices
from samverka.compensation.domain.net_settlement import ClearingDecision, SettlementMode
from samverka.compensation.domain.organiser import Organiser, OrganiserKind
from samverka.compensation.domain.organiser_shares import OrganiserShares
from samverka.compensation.domain.period import Month
from samverka.compensation.domain.price_list import PriceRounding
from samverka.compensation.domain.price_proposal import DecisionOutcome, PriceDecision
from samverka.compensation.files.additional_grant_file import read_additional_grant_file
from samverka.compensation.files.compensation_files import invoice_sheets, write
from samverka.compensation.files.compensation_report import money
from samverka.compensation.ports import OutsideSchoolUnit, Payee
from samverka.compensation.queries.compensation_terms_view import (
    additional_grants,
    clearing_decisions,
    export_names,
    invoice_statement,
    invoice_totals,
    payees,
    proposal_overview,
    year_terms,
)
from samverka.compensation.services.additional_grants import (
    GrantRequest,
    end_additional_grant,
    record_additional_grants,
)
from samverka.compensation.services.compensation_terms import (
    record_clearing_decision,
    register_payee,
    set_year_shares,
)
from samverka.compensation.services.price_proposals import propose_prices, record_price_decision
from samverka.errors import InvalidInput, RowError
from samverka.platform.cli.context import admission_officer, now, reading_session, unit_of_work
from samverka.platform.cli.errors import reported_errors
from samverka.platform.files.exports import FileFormat

additional = typer.Typer(help="Tilläggsbelopp: the home municipality's extra amounts per pupil.")
compensation.add_typer(additional, name="additional")

Day = Annotated[datetime, typer.Option(formats=["%Y-%m-%d"], help="YYYY-MM-DD.")]
Reference = Annotated[str, typer.Option(help="The decision's reference (diary number).")]


def _month(text: str, option: str) -> Month:
    try:
        return Month.parse(text)
    except ValueError as error:
        raise InvalidInput([RowError(option, 0, "month", f"{text!r} is not YYYY-MM")]) from error


def _decimal(text: str, option: str) -> Decimal:
    try:
        value = Decimal(text.replace(",", "."))
    except InvalidOperation as error:
        raise InvalidInput([RowError(option, 0, option, f"{text!r} is not a number")]) from error
    if not value.is_finite():
        raise InvalidInput([RowError(option, 0, option, f"{text!r} is not a number")])
    return value


# -- prices: shares, proposal, decisions ----------------------------------------------------
@prices.command()
def shares(
    year: Annotated[int, typer.Option(min=2000, max=2100, help="The year.")],
    administration: Annotated[
        str | None, typer.Option(help="The administration share in per cent (default 3).")
    ] = None,
    vat: Annotated[str | None, typer.Option(help="The VAT share in per cent (default 6).")] = None,
    included: Annotated[
        bool | None,
        typer.Option(
            "--included/--added",
            help="The common list already includes the shares (nothing is added), or not.",
        ),
    ] = None,
    decided_on: Annotated[datetime | None, typer.Option(formats=["%Y-%m-%d"])] = None,
    reference: Annotated[str, typer.Option(help="The decision's reference.")] = "",
) -> None:
    """Show or set a year's administration and VAT shares for independent organisers."""
    with reported_errors():
        with reading_session() as session:
            current = year_terms(session, admission_officer(), year)
        chosen, stored = current.shares, current.stored
        if any(value is not None for value in (administration, vat, included, decided_on)):
            stored = True
            try:
                chosen = OrganiserShares(
                    year,
                    chosen.administration
                    if administration is None
                    else _decimal(administration, "--administration"),
                    chosen.vat if vat is None else _decimal(vat, "--vat"),
                    chosen.included if included is None else included,
                    None if decided_on is None else decided_on.date(),
                    reference,
                )
            except ValueError as error:
                raise InvalidInput([RowError("options", 0, "shares", str(error))]) from error
            set_year_shares(unit_of_work(), actor=admission_officer(), shares=chosen, now=now())
    how = "included in the list" if chosen.included else "added to the list's amounts"
    typer.echo(
        f"{year}: administration {chosen.administration} %, VAT {chosen.vat} %, {how}"
        + ("" if stored else " (the defaults)")
    )


@prices.command()
def propose(
    year: Annotated[int, typer.Option(min=2001, max=2100, help="The year proposed.")],
    percent: Annotated[str, typer.Option(help="The uplift in per cent, e.g. 2.8.")],
    proposed_on: Day,
    reference: Reference,
    tier_percent: Annotated[
        list[str] | None,
        typer.Option(help="LEVEL:PERCENT, a supplement tier's own uplift, e.g. 2:6."),
    ] = None,
    quantum: Annotated[str, typer.Option(help="Round to a multiple of this (SEK).")] = "1",
    rounding: Annotated[Rounding, typer.Option(help="How to round.")] = Rounding.HALF_UP,
    replace: Annotated[bool, typer.Option(help="Make the proposal again.")] = False,
) -> None:
    """The association's proposal of a year's list and tiers (decide before 1 December)."""
    with reported_errors():
        levels: dict[int, Decimal] = {}
        for text in tier_percent or []:
            level, _, value = text.partition(":")
            if not level.isdigit():
                raise InvalidInput([RowError("--tier-percent", 0, "tier", f"{text!r}: L:PERCENT")])
            levels[int(level)] = _decimal(value, "--tier-percent")
        proposal = propose_prices(
            unit_of_work(),
            actor=admission_officer(),
            year=year,
            percent=_decimal(percent, "--percent"),
            level_percent=levels,
            rounding=PriceRounding(_decimal(quantum, "--quantum"), MODES[rounding]),
            proposed_on=proposed_on.date(),
            reference=reference,
            now=now(),
            replace=replace,
        )
    typer.echo(
        f"Proposed the {year} list: {proposal.from_year} + {proposal.percent} %;"
        f" the municipalities decide before {proposal.deadline}."
    )


class Outcome(StrEnum):
    ADOPTED = "adopted"
    NOT_ADOPTED = "not-adopted"
    OWN_LIST = "own-list"


OUTCOMES = {
    Outcome.ADOPTED: DecisionOutcome.ADOPTED,
    Outcome.NOT_ADOPTED: DecisionOutcome.NOT_ADOPTED,
    Outcome.OWN_LIST: DecisionOutcome.OWN_LIST,
}


@prices.command()
def decide(
    year: Annotated[int, typer.Option(min=2001, max=2100, help="The year of the list.")],
    municipality: Annotated[str, typer.Option(help="The municipality's code.")],
    outcome: Annotated[Outcome, typer.Option(help="What the municipality decided.")],
    decided_on: Day,
    reference: Reference,
) -> None:
    """Record a municipality's decision on the year's proposed list."""
    with reported_errors():
        decision = PriceDecision(
            year, municipality, OUTCOMES[outcome], decided_on.date(), reference
        )
        record_price_decision(
            unit_of_work(), actor=admission_officer(), decision=decision, now=now()
        )
    late = " (after the deadline)" if decision.late else ""
    typer.echo(f"{municipality} {outcome.value} the {year} list on {decision.decided_on}{late}.")


@prices.command()
def decisions(year: Annotated[int, typer.Option(min=2001, max=2100, help="The year.")]) -> None:
    """Every member municipality's decision on the year's proposal, and who has not decided."""
    with reported_errors(), reading_session() as session:
        overview = proposal_overview(session, admission_officer(), year)
    if overview.proposal is None:
        typer.echo(f"There is no price proposal for {year}.")
        return
    proposal = overview.proposal
    typer.echo(
        f"{year}: {proposal.from_year} + {proposal.percent} %, proposed {proposal.proposed_on}"
        f" ({proposal.reference}); decide before {proposal.deadline}."
    )
    for status in overview.statuses:
        found = status.decision
        if found is None:
            typer.echo(f"  {status.municipality}\tnot decided")
        else:
            late = " late" if found.late else ""
            typer.echo(
                f"  {status.municipality}\t{found.outcome.value}\t{found.decided_on}{late}"
                f"\t{found.reference}"
            )
    typer.echo(f"Not decided: {', '.join(overview.undecided) or 'none'}.")


# -- tilläggsbelopp --------------------------------------------------------------------------
@additional.command("add")
def add_grant(
    municipality: Annotated[str, typer.Option(help="The deciding (home) municipality.")],
    personal_id: Annotated[str, typer.Option(help="The pupil's personal identity number.")],
    kind: Annotated[str, typer.Option(help="mother_tongue, niu, extraordinary_support, other.")],
    amount: Annotated[str, typer.Option(help="SEK, per year or per month.")],
    first: Annotated[str, typer.Option(help="The first month, YYYY-MM.")],
    decided_on: Day,
    reference: Reference,
    per: Annotated[str, typer.Option(help="year or month.")] = "year",
    last: Annotated[str | None, typer.Option(help="The last month, YYYY-MM.")] = None,
) -> None:
    """Record one tilläggsbelopp decision (paid by the next monthly run)."""
    with reported_errors():
        request = GrantRequest(
            personal_id,
            municipality,
            kind,
            _decimal(amount, "--amount"),
            per,
            _month(first, "--first"),
            None if last is None else _month(last, "--last"),
            decided_on.date(),
            reference,
        )
        (decision_id,) = record_additional_grants(
            unit_of_work(), actor=admission_officer(), requests=[request], now=now()
        )
    typer.echo(f"Tilläggsbelopp decision {decision_id} recorded.")


@additional.command("import")
def import_grants(
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="The .csv file.")],
    municipality: Annotated[str, typer.Option(help="The municipality of rows without one.")],
) -> None:
    """Import a file of decisions; every row is checked and nothing is saved unless all are."""
    with reported_errors():
        requests = read_additional_grant_file(file, municipality=municipality)
        ids = record_additional_grants(
            unit_of_work(), actor=admission_officer(), requests=requests, now=now()
        )
    typer.echo(f"{len(ids)} tilläggsbelopp decisions recorded.")


@additional.command("list")
def list_grants(municipality: Annotated[str, typer.Option(help="The municipality.")]) -> None:
    """The municipality's tilläggsbelopp decisions."""
    with reported_errors(), reading_session() as session:
        rows = additional_grants(session, admission_officer(), municipality)
    for row in rows:
        grant = row.decision.grant
        period = f"{grant.first}–{grant.last or ''}"
        typer.echo(
            f"{grant.decision_id}\t{row.personal_id or '(protected)'}\t{grant.kind.value}\t"
            f"{money(grant.amount)} per {grant.per.value}\t{period}\t{row.decision.reference}"
        )
    typer.echo(f"{len(rows)} decisions.")


@additional.command("end")
def end_grant(
    decision: Annotated[int, typer.Argument(min=1, help="The decision's number.")],
    last: Annotated[str, typer.Option(help="The last month paid, YYYY-MM.")],
) -> None:
    """End a decision: nothing is paid after its last month (corrected by the next run)."""
    with reported_errors():
        ended = end_additional_grant(
            unit_of_work(),
            actor=admission_officer(),
            decision_id=decision,
            last=_month(last, "--last"),
            now=now(),
        )
    typer.echo(f"Decision {decision} ends with {ended.grant.last}.")


# -- clearing, payees, invoices --------------------------------------------------------------
@compensation.command()
def clearing(
    mode: Annotated[SettlementMode | None, typer.Option(help="The members' decision.")] = None,
    from_month: Annotated[str | None, typer.Option(help="The first month, YYYY-MM.")] = None,
    decided_on: Annotated[datetime | None, typer.Option(formats=["%Y-%m-%d"])] = None,
    reference: Annotated[str, typer.Option(help="The decision's reference.")] = "",
) -> None:
    """Show the members' clearing decisions, or record one (bilateral netting by default;
    multilateral clearing only by the members' decision)."""
    with reported_errors():
        if mode is not None:
            if from_month is None or decided_on is None:
                reason = "a decision needs --from-month and --decided-on"
                raise InvalidInput([RowError("options", 0, "from-month", reason)])
            decision = ClearingDecision(
                mode, _month(from_month, "--from-month"), decided_on.date(), reference
            )
            record_clearing_decision(
                unit_of_work(), actor=admission_officer(), decision=decision, now=now()
            )
        with reading_session() as session:
            found = clearing_decisions(session, admission_officer())
    for item in found:
        typer.echo(
            f"from {item.from_month}: {item.mode.value} ({item.decided_on}, {item.reference})"
        )
    if not found:
        typer.echo("No clearing decision: municipalities settle bilaterally, pair by pair.")


@compensation.command()
def payee(
    kind: Annotated[OrganiserKind, typer.Option(help="municipality, region or independent.")],
    code: Annotated[str, typer.Option(help="As on the lines: municipality code or org. no.")],
    name: Annotated[str, typer.Option(help="The payee's name.")],
    organisation_number: Annotated[str | None, typer.Option(help="NNNNNN-NNNN.")] = None,
    bankgiro: Annotated[str | None, typer.Option(help="NNN-NNNN or NNNN-NNNN.")] = None,
    plusgiro: Annotated[str | None, typer.Option(help="e.g. 4711-2.")] = None,
    outside_area: Annotated[bool, typer.Option(help="An organiser outside the area.")] = False,
    school_unit: Annotated[
        list[str] | None,
        typer.Option(help="CODE:NAME:MUNICIPALITY:MUNICIPALITY_NAME of a unit outside the area."),
    ] = None,
) -> None:
    """Record a payee's payment details (and its school units outside the area)."""
    with reported_errors():
        units = []
        for number, text in enumerate(school_unit or [], start=1):
            parts = text.split(":")
            if len(parts) != 4:
                reason = f"{text!r} is not CODE:NAME:MUNICIPALITY:MUNICIPALITY_NAME"
                raise InvalidInput([RowError("--school-unit", number, "school_unit", reason)])
            units.append(OutsideSchoolUnit(*parts))
        record = Payee(
            Organiser(kind, code), name, organisation_number, bankgiro, plusgiro, outside_area
        )
        register_payee(
            unit_of_work(), actor=admission_officer(), payee=record, now=now(), school_units=units
        )
    typer.echo(f"Payee {kind.value}:{code} ({name}) recorded with {len(units)} school units.")


@compensation.command("payees")
def list_payees() -> None:
    """The payees and their payment details."""
    with reported_errors(), reading_session() as session:
        found = payees(session, admission_officer())
    for item in found:
        where = " (outside the area)" if item.outside_area else ""
        typer.echo(
            f"{item.organiser}\t{item.name}{where}\tbankgiro {item.bankgiro or '-'}"
            f"\tplusgiro {item.plusgiro or '-'}"
        )
    typer.echo(f"{len(found)} payees.")


@compensation.command()
def invoices(
    month: Annotated[str, typer.Option("--month", help="The month booked, YYYY-MM.")],
    output_dir: Annotated[Path, typer.Option(help="Where to write a file per municipality.")],
    file_format: Annotated[
        FileFormat,
        typer.Option(
            "--format", help="csv (Swedish Excel: ';', decimal comma), csv-maskin or xlsx."
        ),
    ] = FileFormat.CSV,
) -> None:
    """A file per municipality outside the area: what the region's organisers invoice it."""
    with reported_errors():
        chosen = _month(month, "--month")
        actor = admission_officer()
        with reading_session() as session:
            totals = invoice_totals(session, actor, chosen)
            names = export_names(session)
            statements = [invoice_statement(session, actor, t.municipality, chosen) for t in totals]
        output_dir.mkdir(parents=True, exist_ok=True)
        for total, statement in zip(totals, statements, strict=True):
            path = output_dir / f"faktura-{total.municipality}-{chosen}{file_format.suffix}"
            write(path, invoice_sheets(statement, names), file_format)
            typer.echo(f"{total.municipality} {total.name}: {money(total.total)} → {path}")
    typer.echo(f"{len(totals)} municipalities outside the area invoiced for {chosen}.")
