"""The compensation report of a year as one self-contained HTML page with SVG charts.

Three charts, each with the same figures in a table beside it (``charts``): the flows between
municipalities (gross, per payer → payee, largest first), the payments booked in each month,
and the pupils paid for per programme and home municipality in one month. Counts and sums
only: no pupil is named. The settlement's figures close the page.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from html import escape

from samverka.platform.files.charts import BarChart, Series, bar_chart

MAX_FLOWS = 25


@dataclass(frozen=True, slots=True)
class ReportData:
    year: int
    flows: Mapping[tuple[str, str], Decimal]  # (payer, payee municipality) → SEK
    payments: Mapping[str, Decimal]  # "YYYY-MM" → SEK booked
    pupils_month: str
    pupils: Sequence[tuple[str, str, int]]  # programme, home municipality, pupils
    transfers_before: int
    transfers_after: int
    moved_before: Decimal
    moved_after: Decimal


def money(amount: Decimal) -> str:
    """SEK with a space between thousands and öre after a comma, as in Swedish."""
    text = f"{amount:,.2f}".replace(",", " ").replace(".", ",")
    return f"{text} kr"


def flows_chart(data: ReportData) -> str:
    largest = sorted(data.flows.items(), key=lambda item: (-item[1], item[0]))[:MAX_FLOWS]
    return bar_chart(
        BarChart(
            chart_id="flows",
            title=f"Flöden mellan kommuner {data.year}",
            description="Bokfört belopp per betalande och mottagande kommun, störst först.",
            categories=tuple(f"{payer} → {payee}" for (payer, payee), _ in largest),
            series=(Series("Belopp", tuple(amount for _, amount in largest)),),
            format_value=money,
        )
    )


def payments_chart(data: ReportData) -> str:
    months = sorted(data.payments)
    return bar_chart(
        BarChart(
            chart_id="payments",
            title=f"Utbetalningar per månad {data.year}",
            description="Nettobelopp bokfört i varje månad, rättelser inräknade.",
            categories=tuple(months),
            series=(Series("Belopp", tuple(data.payments[m] for m in months)),),
            format_value=money,
        )
    )


def pupils_chart(data: ReportData) -> str:
    return bar_chart(
        BarChart(
            chart_id="pupils",
            title=f"Elever per program och hemkommun {data.pupils_month}",
            description="Antal elever som ersätts, per program och hemkommun.",
            categories=tuple(f"{programme} {home}" for programme, home, _ in data.pupils),
            series=(Series("Elever", tuple(Decimal(n) for _, _, n in data.pupils)),),
            format_value=lambda value: f"{value:.0f}",
        )
    )


def _table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    head = "".join(f"<th>{escape(cell)}</th>" for cell in header)
    body = "".join(
        "<tr>" + "".join(f"<td>{escape(cell)}</td>" for cell in row) + "</tr>" for row in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def matrix_table(data: ReportData) -> str:
    payers = sorted({payer for payer, _ in data.flows})
    payees = sorted({payee for _, payee in data.flows})
    rows = [
        [payer, *(money(data.flows[(payer, payee)]) if (payer, payee) in data.flows else "–"
                  for payee in payees)]
        for payer in payers
    ]  # fmt: skip
    return _table(["Betalar \\ tar emot", *payees], rows)


def report_html(data: ReportData) -> str:
    """The whole page."""
    payments = [[month, money(amount)] for month, amount in sorted(data.payments.items())]
    pupils = [[programme, home, str(n)] for programme, home, n in data.pupils]
    saved = data.moved_before - data.moved_after
    return (
        '<!DOCTYPE html><html lang="sv"><head><meta charset="utf-8">'
        f"<title>Ersättningsrapport {data.year}</title></head><body>"
        f"<h1>Ersättningsrapport {data.year}</h1>"
        f"<h2>Flöden mellan kommuner</h2>{flows_chart(data)}{matrix_table(data)}"
        f"<h2>Utbetalningar under året</h2>{payments_chart(data)}"
        f"{_table(['Månad', 'Belopp'], payments)}"
        f"<h2>Elever per program och hemkommun</h2>{pupils_chart(data)}"
        f"{_table(['Program', 'Hemkommun', 'Elever'], pupils)}"
        "<h2>Nettning</h2>"
        f"<p>Överföringar före nettning: {data.transfers_before}, efter: "
        f"{data.transfers_after}. Belopp som flyttas före: {escape(money(data.moved_before))},"
        f" efter: {escape(money(data.moved_after))}; sparat: {escape(money(saved))}.</p>"
        "</body></html>"
    )
