"""`samverka compensation anomalies` and the anomalies a run prints (issue 13 point 2): every
placed pupil-month that a run does not pay is listed with its reason (code and English text),
the placement and the home municipality; and a month's accounting, placed = paid + at the home
municipality's own schools + anomalies. The command line works as the admission officer, so
protected identities are shown (``compensation.queries.compensation_anomalies``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Annotated

import typer

from samverka.compensation.domain.month_lines import Unpaid
from samverka.compensation.domain.period import Month
from samverka.compensation.domain.unpaid import REASON_TEXTS, MonthAccount
from samverka.compensation.queries.compensation_anomalies import (
    AnomalyRow,
    month_account,
    month_anomalies,
)
from samverka.errors import InvalidInput, RowError
from samverka.platform.cli.context import admission_officer, reading_session
from samverka.platform.cli.errors import reported_errors

SHOWN_ANOMALIES = 20


def print_anomalies(anomalies: Sequence[Unpaid], month: Month) -> None:
    """Per reason how many, then the first ``SHOWN_ANOMALIES`` with their reasons."""
    if not anomalies:
        return
    for reason, count in sorted(Counter(a.reason for a in anomalies).items()):
        typer.echo(f"  {count} × {reason.value}: {REASON_TEXTS[reason].en}")
    for anomaly in anomalies[:SHOWN_ANOMALIES]:
        typer.echo(f"  {anomaly_line(anomaly.service_month, anomaly.pupil_id, anomaly)}")
    if len(anomalies) > SHOWN_ANOMALIES:
        more = len(anomalies) - SHOWN_ANOMALIES
        typer.echo(f"  … and {more} more: samverka compensation anomalies --month {month}")


def anomaly_line(month: Month, pupil: str | None, anomaly: Unpaid | AnomalyRow) -> str:
    placement = " ".join(
        part for part in (anomaly.school_unit, anomaly.programme, anomaly.orientation) if part
    )
    home = anomaly.payer if isinstance(anomaly, Unpaid) else anomaly.home_municipality
    return (
        f"{month} {pupil or '(protected)'} {anomaly.reason.value}: {anomaly.detail or '–'}"
        f" [placement: {placement or '–'}; home municipality: {home or '–'}]"
    )


def account_line(account: MonthAccount) -> str:
    verdict = "adds up" if account.balanced else "DOES NOT add up"
    return (
        f"{account.month} (measured {account.measurement_date}): {account.placed} placed ="
        f" {account.paid} paid + {account.not_charged} at own schools + {account.anomalies}"
        f" anomalies: {verdict}."
    )


def anomalies_command(
    month: Annotated[str, typer.Option("--month", help="The month, YYYY-MM.")],
    municipality: Annotated[
        str | None, typer.Option(help="Only this municipality's pupils and schools.")
    ] = None,
) -> None:
    """The month's anomalies, each with its reason, and whether the month adds up."""
    with reported_errors():
        try:
            chosen = Month.parse(month)
        except ValueError as error:
            reason = f"{month!r} is not YYYY-MM"
            raise InvalidInput([RowError("--month", 0, "month", reason)]) from error
        with reading_session() as session:
            rows, total = month_anomalies(
                session, admission_officer(), chosen, municipality=municipality
            )
            account = month_account(session, admission_officer(), chosen)
    for row in rows:
        typer.echo(anomaly_line(row.service_month, row.personal_id, row))
        typer.echo(f"    {REASON_TEXTS[row.reason].en}")
    typer.echo(f"{total} anomalies in {chosen}. {account_line(account)}")
