"""`samverka prices …` and `samverka compensation …`: money between municipalities.

Price lists are imported whole (every bad row reported, nothing stored unless all are valid)
and uplifted to next year by a percentage and a stated rounding rule. The monthly run books the
month's pupil-months and the corrections of earlier months from the register; a closed month
is refused unless ``--correction`` is given; earlier months are rechecked only for the pupils
whose data changed since they were booked unless ``--full-recheck`` is given. Statements and
payment files are written as CSV or Excel; the settlement shows the transfers before and after
netting; the report is one HTML page with SVG charts. Every command works on the configured
database (``SAMVERKA_DATABASE_URL``).
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, datetime
from decimal import ROUND_DOWN, ROUND_HALF_EVEN, ROUND_HALF_UP, ROUND_UP, Decimal
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from samverka.compensation.cli.compensation_anomalies import (
    account_line,
    anomalies_command,
    print_anomalies,
)
from samverka.compensation.domain.monthly_compensation import CompensationSettings
from samverka.compensation.domain.net_settlement import SettlementMode
from samverka.compensation.domain.organiser import Organiser
from samverka.compensation.domain.period import Month
from samverka.compensation.domain.price_list import PriceRounding
from samverka.compensation.domain.structure_supplement import SupplementTier
from samverka.compensation.files.compensation_files import (
    PaymentTerms,
    payment_sheet,
    statement_sheets,
    write,
)
from samverka.compensation.files.compensation_report import money, report_html
from samverka.compensation.files.price_list_file import read_price_list_file
from samverka.compensation.queries.compensation_check import reconciliation_check
from samverka.compensation.queries.compensation_terms_view import (
    booked_runs,
    export_names,
    payee_details,
)
from samverka.compensation.queries.compensation_view import (
    compensation_report,
    payee_statement,
    payer_statement,
    settlement,
    year_months,
)
from samverka.compensation.queries.structure_supplements import structure_supplements
from samverka.compensation.services.compensation import (
    close_month,
    import_price_list,
    run_month,
    set_compensation_settings,
    set_supplement_tiers,
    uplift_price_list,
)
from samverka.compensation.services.price_proposals import import_own_price_list
from samverka.errors import InvalidInput, RowError
from samverka.platform.access.domain.actors import Actor, Role
from samverka.platform.cli.context import (
    ActingAs,
    admission_officer,
    default_actor,
    now,
    reading_session,
    unit_of_work,
)
from samverka.platform.cli.errors import reported_errors
from samverka.platform.files.exports import FileFormat, write_table

prices = typer.Typer(
    help="Price lists per year: import, uplift, supplement tiers.", no_args_is_help=True
)
compensation = typer.Typer(
    help="The monthly compensation between municipalities.", no_args_is_help=True
)


class Kind(StrEnum):
    COMMON = "common"
    NATIONAL = "national"


class Rounding(StrEnum):
    HALF_UP = "half-up"
    HALF_EVEN = "half-even"
    DOWN = "down"
    UP = "up"


MODES = {
    Rounding.HALF_UP: ROUND_HALF_UP,
    Rounding.HALF_EVEN: ROUND_HALF_EVEN,
    Rounding.DOWN: ROUND_DOWN,
    Rounding.UP: ROUND_UP,
}


class Side(StrEnum):
    PAYER = "payer"
    PAYEE = "payee"


MonthOption = Annotated[str, typer.Option("--month", help="The month, YYYY-MM.")]


def _month(text: str) -> Month:
    try:
        return Month.parse(text)
    except ValueError as error:
        raise InvalidInput([RowError("--month", 0, "month", f"{text!r} is not YYYY-MM")]) from error


@prices.command("import")
def import_prices(
    file: Annotated[Path, typer.Argument(help="The price list, .csv (docs/formats.md).")],
    year: Annotated[int, typer.Option(help="The year the prices apply to.")],
    kind: Annotated[Kind, typer.Option(help="common (with municipality prices) or national.")] = (
        Kind.COMMON
    ),
    own_list: Annotated[
        str | None,
        typer.Option(help="A member municipality's code: its own list for the year."),
    ] = None,
    actor: ActingAs = "",
) -> None:
    """Import a year's price list; every row is checked and nothing is saved unless all are."""
    with reported_errors():
        uow = unit_of_work()
        with uow:
            municipalities = uow.catalogue.municipality_codes()
        price_list = read_price_list_file(file, year=year, municipalities=municipalities or None)
        if own_list is not None:
            name = actor or default_actor()
            count = import_own_price_list(
                uow,
                actor=Actor(name, Role.OFFICER, name),
                municipality=own_list,
                price_list=price_list,
                now=now(),
            )
            typer.echo(f"{count} prices imported for {year} (the own list of {own_list}).")
            return
        count = import_price_list(
            uow, price_list=price_list, kind=kind.value, actor=admission_officer(actor), now=now()
        )
    typer.echo(f"{count} prices imported for {year} ({kind.value}).")


@prices.command()
def uplift(
    from_year: Annotated[int, typer.Option("--from-year", help="The year to uplift from.")],
    percent: Annotated[str, typer.Option(help="The uplift in per cent, e.g. 2.8.")],
    quantum: Annotated[str, typer.Option(help="Round to a multiple of this (SEK).")] = "1",
    rounding: Annotated[Rounding, typer.Option(help="How to round.")] = Rounding.HALF_UP,
    replace: Annotated[bool, typer.Option(help="Replace next year's list if it exists.")] = False,
    actor: ActingAs = "",
) -> None:
    """Make next year's common list (and supplement tiers) from a percentage."""
    with reported_errors():
        try:
            rule = PriceRounding(Decimal(quantum), MODES[rounding])
            uplift_by = Decimal(percent)
        except (ArithmeticError, ValueError) as error:
            reason = f"{percent!r} or {quantum!r} is not a number"
            raise InvalidInput([RowError("--percent", 0, "percent", reason)]) from error
        uplifted = uplift_price_list(
            unit_of_work(),
            from_year=from_year,
            percent=uplift_by,
            rounding=rule,
            actor=admission_officer(actor),
            now=now(),
            replace=replace,
        )
    typer.echo(
        f"{len(uplifted.prices)} prices for {uplifted.year}: {from_year} + {percent} %,"
        f" rounded {rounding.value} to {quantum} kr."
    )


@prices.command()
def tiers(
    year: Annotated[int, typer.Option(help="The year.")],
    tier: Annotated[
        list[str], typer.Option(help="LEVEL:BELOW:AMOUNT, e.g. 1:200:1200; repeat per tier.")
    ],
    actor: ActingAs = "",
) -> None:
    """Set the structure-supplement tiers: merit value below BELOW gives AMOUNT SEK a year."""
    with reported_errors():
        parsed, errors = [], []
        for number, text in enumerate(tier, start=1):
            try:
                level, below, amount = text.split(":")
                parsed.append(SupplementTier(int(level), Decimal(below), Decimal(amount)))
            except (ValueError, ArithmeticError):
                errors.append(RowError("--tier", number, "tier", f"{text!r} is not L:BELOW:SEK"))
        if errors:
            raise InvalidInput(errors)
        schedule = set_supplement_tiers(
            unit_of_work(), year=year, tiers=parsed, actor=admission_officer(actor), now=now()
        )
    typer.echo(f"{len(schedule.tiers)} supplement tiers set for {year}.")


@compensation.command()
def run(
    month: MonthOption,
    correction: Annotated[
        bool, typer.Option(help="A correction run: allowed in a closed month.")
    ] = False,
    recheck_months: Annotated[
        int,
        typer.Option(min=0, max=36, help="How many earlier months with lines to recheck."),
    ] = 12,
    full_recheck: Annotated[
        bool,
        typer.Option(
            help="Recheck the earlier months for every pupil, not only for those whose"
            " placements, registrations or merit changed since their lines were booked."
        ),
    ] = False,
    actor: ActingAs = "",
) -> None:
    """Run a month: its pupil-months and the corrections of earlier months."""
    with reported_errors():
        report = run_month(
            unit_of_work(),
            month=_month(month),
            correction=correction,
            recheck_months=recheck_months,
            full_recheck=full_recheck,
            actor=admission_officer(actor),
            now=now(),
            progress=lambda text: typer.echo(f"  … {text}", err=True),
        )
    rechecked = ", ".join(str(m) for m in report.rechecked) or "none"
    if report.rechecked:
        who = "everyone" if report.full_recheck else f"{report.rechecked_pupils} changed pupils"
        rechecked += f" ({who})"
    typer.echo(
        f"Run {report.run_id} ({report.kind}) for {report.month}: {report.pupils} pupils,"
        f" {report.regular_lines} lines for the month ({money(report.regular_total)}),"
        f" {report.correction_lines} correction lines ({money(report.correction_total)}),"
        f" total {money(report.total)}; rechecked: {rechecked};"
        f" {report.not_charged} at their home municipality's own schools;"
        f" anomalies: {report.anomalies}; {report.timings.get('total', 0):.2f} s. Reconciled."
    )
    print_anomalies(report.anomaly_list, report.month)


compensation.command("anomalies")(anomalies_command)


@compensation.command()
def close(month: MonthOption, actor: ActingAs = "") -> None:
    """Close a month: afterwards only a correction run books in it."""
    with reported_errors():
        close_month(unit_of_work(), month=_month(month), actor=admission_officer(actor), now=now())
    typer.echo(f"{month} closed.")


@compensation.command()
def statement(
    month: MonthOption,
    output: Annotated[Path, typer.Option(help="The file to write.")],
    municipality: Annotated[
        str | None, typer.Option(help="A municipality's code: its statement.")
    ] = None,
    organiser: Annotated[
        str | None,
        typer.Option(help="An independent organiser's organisation number: what it gets."),
    ] = None,
    file_format: Annotated[
        FileFormat,
        typer.Option(
            "--format", help="csv (Swedish Excel: ';', decimal comma), csv-maskin or xlsx."
        ),
    ] = FileFormat.CSV,
    payment: Annotated[
        bool,
        typer.Option(
            "--payment-file",
            help="The payment file for the finance system instead of the statement.",
        ),
    ] = False,
    due: Annotated[
        datetime | None,
        typer.Option(
            "--due-date",
            formats=["%Y-%m-%d"],
            help="The payment file's due date, YYYY-MM-DD (default: the month's last day).",
        ),
    ] = None,
    side: Annotated[
        Side, typer.Option(help="payer: what it pays; payee: what its schools get.")
    ] = Side.PAYER,
) -> None:
    """Write a municipality's statement (or payment file) for the lines booked in a month, or
    an independent organiser's (``--organiser``), who has no account to read it."""
    with reported_errors():
        if (municipality is None) == (organiser is None):
            reason = "give --municipality or --organiser"
            raise InvalidInput([RowError("options", 0, "municipality", reason)])
        chosen = _month(month)
        with reading_session() as session:
            if organiser is not None:
                payee = Organiser.independent(organiser)
                found = payee_statement(session, admission_officer(), payee, chosen)
            elif side is Side.PAYEE:
                payee = Organiser.municipality(municipality or "")
                found = payee_statement(session, admission_officer(), payee, chosen)
            else:
                found = payer_statement(session, admission_officer(), municipality or "", chosen)
            details, names = payee_details(session), export_names(session)
            runs = booked_runs(session, chosen)
        path = output.with_suffix(file_format.suffix)
        if payment:
            terms = PaymentTerms.of(chosen, runs, None if due is None else due.date())
            write(path, [payment_sheet(found, details, terms, names)], file_format)
        else:
            write(path, statement_sheets(found, names), file_format)
    typer.echo(f"{len(found.rows)} rows, total {money(found.total)}, written to {path}.")


@compensation.command("settlement")
def settlement_command(
    month: Annotated[str | None, typer.Option("--month", help="One month, YYYY-MM.")] = None,
    year: Annotated[int | None, typer.Option(help="A whole year.")] = None,
) -> None:
    """The net settlement between municipalities: fewer transfers with the same effect."""
    with reported_errors():
        if (month is None) == (year is None):
            reason = "give --month or --year"
            raise InvalidInput([RowError("options", 0, "month", reason)])
        months = [_month(month)] if month is not None else year_months(year or 0)
        with reading_session() as session:
            result = settlement(session, admission_officer(), months=months)
    multilateral = result.mode is SettlementMode.MULTILATERAL
    how = "multilateral clearing (the members' decision)" if multilateral else "bilateral"
    typer.echo(f"Settlement: {how}; gross amounts per counterparty stay on the statements.")
    for transfer in result.transfers:
        typer.echo(f"{transfer.payer} → {transfer.payee}: {money(transfer.amount)}")
    typer.echo(
        f"Transfers: {result.transfers_before} before, {result.transfers_after} after"
        f" ({result.transfers_saved} fewer). Money moved: {money(result.moved_before)} before,"
        f" {money(result.moved_after)} after ({money(result.money_saved)} less)."
    )


@compensation.command()
def report(
    year: Annotated[int, typer.Option(help="The year.")],
    output: Annotated[Path, typer.Option(help="The HTML file to write.")],
) -> None:
    """The year's report as HTML with charts: flows, payments, pupils per programme."""
    with reported_errors():
        with reading_session() as session:
            data = compensation_report(session, admission_officer(), year)
        output.write_text(report_html(data), encoding="utf-8")
    typer.echo(f"Report for {year} written to {output}.")


@compensation.command("settings")
def settings_command(
    day: Annotated[int | None, typer.Option(help="The measurement day of a month.")] = None,
    september_day: Annotated[
        int | None, typer.Option(help="The measurement day of September.")
    ] = None,
    summer_date: Annotated[
        str | None,
        typer.Option(help="MM-DD whose placement decides July and August (default 08-31)."),
    ] = None,
    pay_own_municipality: Annotated[
        bool | None,
        typer.Option(help="Book pupils who study in their own municipality too."),
    ] = None,
    actor: ActingAs = "",
) -> None:
    """Show the region's compensation settings, or change the parts given (audited)."""
    with reported_errors():
        uow = unit_of_work()
        with uow:
            current = uow.compensation.settings() or CompensationSettings()
        changes = (day, september_day, summer_date, pay_own_municipality)
        if any(change is not None for change in changes):
            current = set_compensation_settings(
                uow,
                settings=_changed(current, day, september_day, summer_date, pay_own_municipality),
                actor=admission_officer(actor),
                now=now(),
            )
    rule = current.measurement_day
    special = ", ".join(f"{month:02d}: day {on}" for month, on in rule.special_days)
    months = ", ".join(f"{month:02d}" for month in sorted(rule.summer_months))
    typer.echo(f"Measurement day: {rule.day}" + (f" ({special})" if special else ""))
    summer = f"{rule.summer_date[0]:02d}-{rule.summer_date[1]:02d}"
    typer.echo(f"Months {months} follow the placement on {summer}")
    typer.echo(f"Twelfths rounded to {current.quantum} kr ({current.rounding})")
    own = "yes" if current.pay_own_municipality else "no"
    typer.echo(f"Pupils in their own municipality booked: {own}")


def _changed(
    current: CompensationSettings,
    day: int | None,
    september_day: int | None,
    summer_date: str | None,
    pay_own_municipality: bool | None,
) -> CompensationSettings:
    rule = current.measurement_day
    special = dict(rule.special_days)
    if september_day is not None:
        special[9] = september_day
    summer = rule.summer_date
    if summer_date is not None:
        found = re.fullmatch(r"(\d{2})-(\d{2})", summer_date)
        if found is None:
            raise InvalidInput([RowError("options", 0, "summer-date", "write MM-DD, e.g. 08-31")])
        summer = (int(found.group(1)), int(found.group(2)))
    try:
        new_rule = replace(
            rule,
            day=rule.day if day is None else day,
            special_days=tuple(sorted(special.items())),
            summer_date=summer,
        )
    except ValueError as error:
        raise InvalidInput([RowError("options", 0, "measurement day", str(error))]) from error
    own = current.pay_own_municipality if pay_own_municipality is None else pay_own_municipality
    return replace(current, measurement_day=new_rule, pay_own_municipality=own)


@compensation.command()
def supplements(
    year: Annotated[int, typer.Option(help="The year of the tiers.")],
    on: Annotated[
        datetime | None,
        typer.Option("--date", formats=["%Y-%m-%d"], help="The day (default: 15 September)."),
    ] = None,
    output: Annotated[Path | None, typer.Option(help="Also write a CSV or XLSX file.")] = None,
) -> None:
    """The structure supplement per school unit and programme on a day; no pupil is named."""
    day = date(year, 9, 15) if on is None else on.date()
    with reported_errors(), reading_session() as session:
        groups = structure_supplements(session, admission_officer(), year, day)
    header = ["school_unit", "programme", "pupils", "supplemented", "per_level", "yearly_total"]
    rows = [
        [g.school_unit, g.programme, g.pupils, g.supplemented, _levels(g.per_level), g.yearly_total]
        for g in groups
    ]
    for row in rows:
        typer.echo("  ".join(str(value) for value in row))
    total = sum((g.yearly_total for g in groups), Decimal(0))
    typer.echo(
        f"{sum(g.pupils for g in groups)} pupils placed on {day}, "
        f"{sum(g.supplemented for g in groups)} with a supplement: {money(total)} a year."
    )
    if output is not None:
        write_table(output, header, rows)
        typer.echo(f"Written to {output}.")


def _levels(per_level: tuple[tuple[int, int], ...]) -> str:
    return " ".join(f"{level}:{count}" for level, count in per_level)


@compensation.command()
def check(year: Annotated[int, typer.Option(help="The year.")]) -> None:
    """The reconciliation check: every total against the pupil-months behind it."""
    with reported_errors(), reading_session() as session:
        result = reconciliation_check(session, admission_officer(), year)
    for problem in result.discrepancies:
        typer.echo(f"  {problem}", err=True)
    for account in result.months:
        typer.echo(account_line(account))
        for problem in account.problems:
            typer.echo(f"  {problem}", err=True)
    verdict = "reconciled" if result.reconciled else "NOT reconciled"
    typer.echo(
        f"{year}: {result.lines} lines, {result.totals_checked} totals,"
        f" {result.runs_checked} runs and {len(result.months)} months of pupils checked:"
        f" {verdict}."
    )
    if not result.reconciled:
        raise typer.Exit(3)
