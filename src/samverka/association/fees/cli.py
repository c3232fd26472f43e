"""`samverka fees …`: member fees: the service fee (per mille of the members' tax and grant
revenue) and the admission service fee per young person, with invoices.

The commands act as the association's staff (the audit trail names the login user, or
``--actor``) on the configured database (``SAMVERKA_DATABASE_URL``):

* ``revenue-import FILE --base-year Y``: the members' revenue of a base year (CSV; every bad
  row reported, nothing stored unless all are good);
* ``decide --year --rate --base-year [--cap 0.50]``: the board's service fee, stored with every
  member's fee and invoice (``--reason`` to decide a decided year again);
* ``admission --year --cost --reference-date [--age 16] [--basis cohort|exact_age]
  [--register-cost] [--system-cost --system-text] [--recovery-cost --recovery-text]``: the
  admission service fee from the youth register's count of young people of the fee age in the
  admission area's parties (born in the reference date's year minus the age, or that age on
  the day), each service charged as its own invoice line;
* ``show --year``: the fees per municipality as a table; ``invoices --year --out FILE
  [--lines]``: the invoices, one row per instalment (or per line), as ``.csv`` or ``.xlsx``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from samverka.association.fees.domain.admission_fee import (
    DEFAULT_FEE_AGE,
    AdmissionFeeDecision,
    Charge,
    ChargeKind,
    CountBasis,
)
from samverka.association.fees.domain.service_fee import DEFAULT_CAP_PER_MILLE, ServiceFeeDecision
from samverka.association.fees.files import REVENUE_FILE_LIMITS, read_revenue_file
from samverka.association.fees.queries.fees import fee_year
from samverka.association.fees.queries.invoices import invoice_line_table, invoice_table
from samverka.association.fees.services import (
    DecisionResult,
    decide_admission_fee,
    decide_service_fee,
    import_revenue_bases,
)
from samverka.platform.cli.context import (
    association_staff,
    kr,
    now,
    parse_amount,
    parse_day,
    reading_session,
    unit_of_work,
)
from samverka.platform.cli.errors import reported_errors
from samverka.platform.files.exports import write_table
from samverka.platform.files.limits import read_file

app = typer.Typer(
    help="Member fees: the service fee and the admission service fee, with invoices.",
    no_args_is_help=True,
)

FeeYear = Annotated[int, typer.Option("--year", help="The fee year.", min=2000, max=2100)]
DecidedOn = Annotated[str, typer.Option("--decided-on", help="YYYY-MM-DD (default: today).")]
DecidedBy = Annotated[
    str, typer.Option("--decided-by", help="Who decided, e.g. 'styrelsen 2025-12-05 § 9'.")
]
Instalments = Annotated[int, typer.Option(help="Instalments: 1, 2, 4 or 12.")]
Reason = Annotated[str, typer.Option(help="Why a decided year is decided again.")]
ActorName = Annotated[str, typer.Option("--actor", help="Who does this (default: login name).")]


def _report(result: DecisionResult) -> None:
    typer.echo(
        f"{result.kind.value} fee {result.fee_year}, version {result.version}: "
        f"{kr(result.total)} kr from {result.municipalities} municipalities, "
        f"{result.invoices} invoices"
    )
    if result.price_per_young_person is not None:
        typer.echo(f"  {result.young_people} young people, {result.price_per_young_person} kr each")


@app.command("revenue-import")
def revenue_import(
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="The revenue, .csv")],
    base_year: Annotated[int, typer.Option("--base-year", help="The revenue's year.")],
    actor: ActorName = "",
) -> None:
    """Import the members' tax and grant revenue of a base year (all or nothing)."""
    with reported_errors():
        rows = read_revenue_file(file.name, read_file(file, REVENUE_FILE_LIMITS))
        total = import_revenue_bases(
            unit_of_work(),
            actor=association_staff(actor),
            base_year=base_year,
            rows=rows,
            source=file.name,
            now=now(),
        )
    typer.echo(f"{len(rows)} municipalities' revenue of {base_year}: {kr(total)} kr in all")


@app.command("decide")
def decide(
    year: FeeYear,
    rate: Annotated[str, typer.Option("--rate", help="The board's rate, per mille (0.42).")],
    base_year: Annotated[int, typer.Option("--base-year", help="The revenue's base year.")],
    cap: Annotated[str, typer.Option("--cap", help="The general assembly's cap, per mille.")] = str(
        DEFAULT_CAP_PER_MILLE
    ),
    decided_on: DecidedOn = "",
    decided_by: DecidedBy = "styrelsen",
    instalments: Instalments = 4,
    reason: Reason = "",
    actor: ActorName = "",
) -> None:
    """Decide (fastställ) the service fee of a year: every member's fee and invoice."""
    with reported_errors():
        decision = ServiceFeeDecision(
            fee_year=year,
            rate_per_mille=parse_amount("--rate", rate),
            base_year=base_year,
            decided_on=parse_day("--decided-on", decided_on),
            decided_by=decided_by,
            cap_per_mille=parse_amount("--cap", cap),
            instalments=instalments,
        )
        result = decide_service_fee(
            unit_of_work(),
            actor=association_staff(actor),
            decision=decision,
            reason=reason,
            now=now(),
        )
    _report(result)


@app.command("admission")
def admission(
    year: FeeYear,
    cost: Annotated[str, typer.Option("--cost", help="The budgeted cost, whole kronor.")],
    reference_date: Annotated[
        str, typer.Option("--reference-date", help="The register's day, YYYY-MM-DD.")
    ],
    age: Annotated[int, typer.Option("--age", help="The fee age.")] = DEFAULT_FEE_AGE,
    basis: Annotated[
        CountBasis,
        typer.Option(
            "--basis", help="cohort: born in the reference year minus the age; exact_age."
        ),
    ] = CountBasis.COHORT,
    register_cost: Annotated[
        str, typer.Option("--register-cost", help="The youth register's (UEDB) cost, kronor.")
    ] = "",
    system_cost: Annotated[
        str, typer.Option("--system-cost", help="The admission system's share, kronor.")
    ] = "",
    system_text: Annotated[str, typer.Option("--system-text", help="Its invoice text.")] = "",
    recovery_cost: Annotated[
        str, typer.Option("--recovery-cost", help="An earlier year's costs recovered, kronor.")
    ] = "",
    recovery_text: Annotated[str, typer.Option("--recovery-text", help="Its invoice text.")] = "",
    decided_on: DecidedOn = "",
    decided_by: DecidedBy = "styrelsen",
    instalments: Instalments = 4,
    reason: Reason = "",
    actor: ActorName = "",
) -> None:
    """Decide the admission service fee of a year from the register's count on a day."""
    with reported_errors():
        given = (
            (ChargeKind.REGISTER, "--register-cost", register_cost, ""),
            (ChargeKind.ADMISSION_SYSTEM, "--system-cost", system_cost, system_text),
            (ChargeKind.RECOVERY, "--recovery-cost", recovery_cost, recovery_text),
        )
        decision = AdmissionFeeDecision(
            fee_year=year,
            budgeted_cost=parse_amount("--cost", cost),
            reference_date=parse_day("--reference-date", reference_date),
            decided_on=parse_day("--decided-on", decided_on),
            decided_by=decided_by,
            fee_age=age,
            instalments=instalments,
            count_basis=basis,
            other_charges=tuple(
                Charge(kind, parse_amount(option, text), note.strip())
                for kind, option, text, note in given
                if text.strip()
            ),
        )
        result = decide_admission_fee(
            unit_of_work(),
            actor=association_staff(actor),
            decision=decision,
            reason=reason,
            now=now(),
        )
    _report(result)


@app.command("show")
def show(year: FeeYear) -> None:
    """The fees of a year per municipality, as a table."""
    with reported_errors(), reading_session() as session:
        found = fee_year(session, association_staff(""), year)
    typer.echo(
        f"{'code':<5} {'municipality':<16} {'revenue':>17} {'service fee':>13} "
        f"{'young':>6} {'admission fee':>13} {'total':>13}"
    )
    for row in found.rows:
        revenue = "" if row.revenue is None else kr(row.revenue)
        young = "" if row.young_people is None else str(row.young_people)
        typer.echo(
            f"{row.municipality_code:<5} {row.name[:16]:<16} {revenue:>17} "
            f"{kr(row.service_fee):>13} {young:>6} {kr(row.admission_fee):>13} "
            f"{kr(row.total):>13}"
        )
    typer.echo(
        f"{'':<5} {'total':<16} {'':>17} {kr(found.service_total):>13} {'':>6} "
        f"{kr(found.admission_total):>13} {kr(found.total):>13}"
    )


@app.command("invoices")
def invoices(
    year: FeeYear,
    out: Annotated[Path, typer.Option("--out", help="The file to write, .csv or .xlsx.")],
    lines: Annotated[
        bool, typer.Option("--lines", help="One row per invoice line, not per instalment.")
    ] = False,
) -> None:
    """Write the year's invoices (one row per instalment, or per line) as CSV or Excel."""
    if out.suffix.lower() not in (".csv", ".xlsx"):
        raise typer.BadParameter("the file must end in .csv or .xlsx", param_hint="--out")
    with reported_errors(), reading_session() as session:
        found = fee_year(session, association_staff(""), year)
    header, rows = (invoice_line_table if lines else invoice_table)(found.invoices)
    write_table(out, header, rows)
    what = "lines" if lines else "instalments"
    typer.echo(f"{len(found.invoices)} invoices, {len(rows)} {what} written to {out}")
