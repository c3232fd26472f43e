"""The operations plan document's three charts, made once from the model: the SVG of the HTML
(``charts.bar_chart``) and the PDF's bars (``operations_plan_pdf_parts``) draw the same
``BarChart``: the staff allocation with and without the admission office, the net cost per
budget unit in the budget years, and the fees per member municipality.
"""

from __future__ import annotations

from samverka.association.plan.files.document_model import (
    Budget,
    MemberFees,
    StaffAllocation,
)
from samverka.association.plan.files.document_tables import allocation_categories
from samverka.association.plan.files.document_text import (
    THOUSAND,
    grouped,
    in_thousands,
    percent,
)
from samverka.platform.files.charts import BarChart, Series


def allocation_chart(allocation: StaffAllocation) -> BarChart:
    names, without = allocation_categories(allocation)
    with_shares = {share.focus_area: share.percent for share in allocation.with_admission}
    office = allocation.admission_office
    return BarChart(
        chart_id="vp-personalfordelning",
        title="Personalfördelning mellan fokusområden",
        description=(f"Andel av personalens tid per fokusområde i procent, med och utan {office}."),
        categories=tuple(names),
        series=(
            Series(f"Med {office}", tuple(with_shares.get(name) for name in names)),
            Series(f"Utan {office}", tuple(without.get(name) for name in names)),
        ),
        format_value=percent,
    )


def net_cost_chart(budget: Budget) -> BarChart:
    """Each unit's net cost (costs less revenue, in tkr) in the budget years; a unit with a
    surplus draws no bar and shows its negative figure."""
    return BarChart(
        chart_id="vp-nettokostnad",
        title=f"Nettokostnad per enhet {budget.years[0]}, tkr",
        description=(
            "Kostnader minus intäkter per budgetenhet, i tusental kronor: "
            f"{', '.join(budget.headings[:3])}. Ett negativt belopp är ett överskott."
        ),
        categories=tuple(unit.name for unit in budget.units),
        series=tuple(
            Series(heading, tuple(in_thousands(unit.net_cost[index]) for unit in budget.units))
            for index, heading in enumerate(budget.headings[:3])
        ),
        format_value=lambda value: f"{grouped(value)} tkr",
    )


def fee_chart(fees: MemberFees, year: int) -> BarChart:
    return BarChart(
        chart_id="vp-avgifter",
        title=f"Avgift per medlemskommun {year}, tkr",
        description="Serviceavgift och antagningsavgift per kommun, i tusental kronor.",
        categories=tuple(row.municipality for row in fees.rows),
        series=(
            Series("Serviceavgift", tuple(row.service_fee / THOUSAND for row in fees.rows)),
            Series("Antagningsavgift", tuple(row.admission_fee / THOUSAND for row in fees.rows)),
        ),
        format_value=lambda value: f"{grouped(value)} tkr",
    )
