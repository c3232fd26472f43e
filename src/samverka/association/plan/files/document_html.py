"""The operations plan and budget document as HTML, in Swedish.

``article_html(document)`` is the document as one ``<article lang="sv">``: a title page, a list
of contents, the foreword and summary, the focus areas with their assignments, the budget per
unit beside the two previous years with the full-time equivalents, the staff allocation, the
fee per member municipality and, when present, the board's decisions. Every table has a caption
and scoped row and column headings; each chart (``charts.bar_chart``, an SVG labelled by its
title and description) has its figures in a table beside it. The web page puts the article in
the site's layout; ``standalone_html(document)`` wraps it in a page of its own with the print
style sheet inline, for a file (the command line, the API's download).

The texts are Swedish only, as the document is the association's Swedish document; the page
around it is translated as any other.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from samverka.association.plan.files import document_charts as charts
from samverka.association.plan.files import document_tables as tables
from samverka.association.plan.files import document_text as text
from samverka.association.plan.files.document_model import OperationsPlanDocument
from samverka.platform.files.charts import BarChart, bar_chart

TEMPLATES = Path(__file__).with_name("templates")


@cache
def _environment() -> Environment:
    """Built on first use, never at import."""
    return Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(["html"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
    )


def sections(document: OperationsPlanDocument) -> list[tuple[str, str]]:
    """The document's sections: (element id, heading), in order."""
    found = [
        ("vp-forord", "Förord och sammanfattning"),
        ("vp-fokusomraden", "Fokusområden och uppdrag"),
        ("vp-budget", f"Budget {document.year}"),
        ("vp-personal", "Personalfördelning mellan fokusområden"),
        ("vp-avgifter", f"Avgift per medlemskommun {document.year}"),
    ]
    if document.board_decisions is not None:
        found.append(("vp-beslut", f"Styrelsens beslut {document.year}"))
    return found


def _context(document: OperationsPlanDocument) -> dict[str, Any]:
    budget, allocation, fees = document.budget, document.staff_allocation, document.fees
    has_budget = budget is not None and bool(budget.units)
    has_fees = fees is not None and bool(fees.rows)
    return {
        "document": document,
        "title": text.document_title(document),
        "decision": text.decision_line(document),
        "sections": sections(document),
        "summary": text.summary(document),
        "focus_table": tables.focus_area_table(document),
        "budget_table": tables.budget_table(budget) if budget and has_budget else None,
        "staff_table": tables.staff_table(budget) if budget and has_budget else None,
        "net_cost_chart": _svg(charts.net_cost_chart(budget)) if budget and has_budget else "",
        "allocation_table": tables.allocation_table(allocation) if allocation else None,
        "allocation_chart": _svg(charts.allocation_chart(allocation)) if allocation else "",
        "fee_table": tables.fee_table(fees, document.year) if fees and has_fees else None,
        "fee_chart": _svg(charts.fee_chart(fees, document.year)) if fees and has_fees else "",
        "fee_basis": text.fee_basis(fees) if fees else "",
        "decision_table": tables.decision_table(document.board_decisions or (), document.year),
        "budget_note": text.BUDGET_NOTE,
        "hours": text.hours,
        "follow_up_name": text.follow_up_name,
        "no_data": lambda part: text.no_data(part, document.year),
    }


def _svg(chart: BarChart) -> Markup:
    return Markup(bar_chart(chart))  # every text in it is escaped by charts.bar_chart


def article_html(document: OperationsPlanDocument) -> str:
    """The document as an ``<article>``, for a page of the web application."""
    template = _environment().get_template("operations_plan_document.html")
    return template.render(_context(document))


def standalone_html(document: OperationsPlanDocument) -> str:
    """The document as a whole HTML file, with its (print) style sheet inline."""
    template = _environment().get_template("operations_plan_standalone.html")
    return template.render(
        title=text.document_title(document),
        association=document.title.association,
        style=Markup((TEMPLATES / "operations_plan.css").read_text(encoding="utf-8")),
        article=Markup(article_html(document)),
    )
