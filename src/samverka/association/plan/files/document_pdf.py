"""The operations plan and budget document as a PDF (fpdf2), in Swedish: the same parts, texts,
tables and charts as the HTML (``operations_plan_text``, ``…_tables``, ``…_charts``), for
printing and for the board's papers.

Procedure of ``plan_pdf(document)``:

1. The title page: the association, the title, the year and the board's decision.
2. The contents, on its own pages, filled in at the end from the outline (page numbers known).
   It is given one page, and rendered again with the pages it needs when its outline is longer
   (a plan of many focus areas), so that every page number stays right.
3. Each part from a new page, as a bookmark of the PDF's outline: the foreword and summary;
   the focus areas (an overview table of assignments and hours, then each area's goals and
   assignments with their activities); the budget table (it spans pages, its column headings
   repeated on each), the net-cost chart and the full-time equivalents; the staff allocation
   (chart and table); the fee per municipality (chart and table); the board's decisions.
   A part without data says so in a sentence.
4. Every page after the first has a running header and "Sida N av M" at its foot.

The output is reproducible: the creation date is fixed to the board's decision (or 1 January
of the year), so the same document gives the same bytes.
"""

from __future__ import annotations

from datetime import UTC, datetime

from fpdf import FPDF
from fpdf.outline import OutlineSection

from samverka.association.plan.files import document_charts as charts
from samverka.association.plan.files import document_tables as tables
from samverka.association.plan.files import document_text as text
from samverka.association.plan.files.document_model import FocusArea, OperationsPlanDocument
from samverka.association.plan.files.document_pdf_parts import BRAND, FONT, PlanPdf, latin1


def plan_pdf(document: OperationsPlanDocument) -> bytes:
    """The whole document as PDF bytes."""
    pdf = _rendered(document, contents_pages=1)
    needed = _contents_pages(pdf)
    if needed > 1:
        pdf = _rendered(document, contents_pages=needed)
    return bytes(pdf.output())


def _contents_pages(pdf: PlanPdf) -> int:
    """How many pages the contents of ``pdf``'s outline takes, rendered as in the document (from
    its second page on)."""
    scratch = PlanPdf(pdf.running_title)
    scratch.add_page()
    scratch.add_page()
    _contents(scratch, pdf.sections)
    return scratch.page - 1


def _rendered(document: OperationsPlanDocument, *, contents_pages: int) -> PlanPdf:
    title = text.document_title(document)
    pdf = PlanPdf(f"{document.title.association} - {title}")
    pdf.set_title(latin1(title))
    pdf.set_author(latin1(document.title.association))
    pdf.set_subject(latin1(text.decision_line(document)))
    decided = document.title.decided_on
    created = datetime(document.year, 1, 1, tzinfo=UTC)
    if decided is not None:
        created = datetime(decided.year, decided.month, decided.day, tzinfo=UTC)
    pdf.set_creation_date(created)
    _title_page(pdf, document)
    pdf.add_page()
    pdf.insert_toc_placeholder(_contents, pages=contents_pages)
    _foreword(pdf, document)
    _focus_areas(pdf, document)
    _budget(pdf, document)
    _staff_allocation(pdf, document)
    _fees(pdf, document)
    _decisions(pdf, document)
    return pdf


def _title_page(pdf: PlanPdf, document: OperationsPlanDocument) -> None:
    pdf.add_page()
    pdf.set_fill_color(*BRAND)
    pdf.rect(0, 0, pdf.w, 70, style="F")
    pdf.set_text_color(255)
    pdf.set_font(FONT, style="B", size=16)
    pdf.set_xy(pdf.l_margin, 30)
    pdf.cell(pdf.epw, 10, latin1(document.title.association))
    pdf.set_text_color(0)
    pdf.set_xy(pdf.l_margin, 100)
    pdf.set_font(FONT, style="B", size=28)
    pdf.multi_cell(pdf.epw, 13, latin1(text.document_title(document)), new_x="LMARGIN")
    pdf.ln(6)
    pdf.set_font(FONT, size=13)
    pdf.cell(pdf.epw, 8, latin1(text.decision_line(document)))
    pdf.set_font(FONT, size=10)


def _contents(pdf: FPDF, outline: list[OutlineSection]) -> None:
    pdf.set_x(pdf.l_margin)
    pdf.set_font(FONT, style="B", size=18)
    pdf.set_text_color(*BRAND)
    pdf.cell(pdf.epw, 10, "Innehåll", new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(0)
    pdf.ln(4)
    for section in outline:
        indent = 6 * section.level
        pdf.set_font(FONT, style="B" if section.level == 0 else "", size=11 - section.level)
        pdf.set_x(pdf.l_margin + indent)
        width = pdf.epw - indent - 15
        pdf.cell(width, 7, section.name, link=pdf.add_link(page=section.page_number))
        pdf.cell(15, 7, str(section.page_number), align="R", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, size=10)


def _part(pdf: PlanPdf, heading: str, *, new_page: bool = True) -> None:
    if new_page:
        pdf.add_page()
    pdf.heading(heading, level=0)


def _foreword(pdf: PlanPdf, document: OperationsPlanDocument) -> None:
    _part(pdf, "Förord och sammanfattning", new_page=False)  # the contents broke the page
    for paragraph in document.foreword:
        pdf.paragraph(paragraph)
        pdf.ln(2)
    pdf.bullets(text.summary(document))


def _focus_areas(pdf: PlanPdf, document: OperationsPlanDocument) -> None:
    _part(pdf, "Fokusområden och uppdrag")
    if not document.focus_areas:
        pdf.paragraph(text.no_data("plan", document.year))
        return
    pdf.plan_table(tables.focus_area_table(document))
    for area in document.focus_areas:
        _focus_area(pdf, area, document.year)


def _focus_area(pdf: PlanPdf, area: FocusArea, year: int) -> None:
    pdf.heading(f"{area.name}{' (förutsättning)' if area.prerequisite else ''}", level=1)
    if area.direction:
        pdf.paragraph(area.direction)
        pdf.ln(1)
    if area.goals:
        pdf.paragraph("Mål", bold=True)
        pdf.bullets(area.goals)
    for assignment in area.assignments:
        pdf.keep_room(30)
        pdf.heading(f"Uppdrag: {assignment.name}", level=2)
        if assignment.description:
            pdf.paragraph(assignment.description)
        facts = [f"Planerad tid: {text.hours(assignment.planned_hours)}"]
        if assignment.responsible_unit:
            facts.insert(0, f"Ansvarig enhet: {assignment.responsible_unit}")
        if assignment.goals:
            facts.append(f"Mål: {'; '.join(assignment.goals)}")
        if assignment.follow_up is not None:
            comment = f": {assignment.comment}" if assignment.comment else ""
            facts.append(f"Uppföljning: {text.follow_up_name(assignment.follow_up)}{comment}")
        pdf.bullets(tuple(facts), indent=0)
        if assignment.activities:
            pdf.paragraph(f"Aktiviteter {year}:", bold=True)
            pdf.bullets(assignment.activities)


def _budget(pdf: PlanPdf, document: OperationsPlanDocument) -> None:
    _part(pdf, f"Budget {document.year}")
    budget = document.budget
    if budget is None or not budget.units:
        pdf.paragraph(text.no_data("budget", document.year))
        return
    pdf.paragraph(text.BUDGET_NOTE)
    pdf.ln(2)
    pdf.plan_table(tables.budget_table(budget))
    pdf.bar_chart(charts.net_cost_chart(budget))
    pdf.heading("Årsarbetare", level=1)
    pdf.plan_table(tables.staff_table(budget))


def _staff_allocation(pdf: PlanPdf, document: OperationsPlanDocument) -> None:
    _part(pdf, "Personalfördelning mellan fokusområden")
    allocation = document.staff_allocation
    if allocation is None:
        pdf.paragraph(text.no_data("staff", document.year))
        return
    pdf.bar_chart(charts.allocation_chart(allocation))
    pdf.plan_table(tables.allocation_table(allocation))


def _fees(pdf: PlanPdf, document: OperationsPlanDocument) -> None:
    _part(pdf, f"Avgift per medlemskommun {document.year}")
    fees = document.fees
    if fees is None or not fees.rows:
        pdf.paragraph(text.no_data("fees", document.year))
        return
    pdf.paragraph(text.fee_basis(fees))
    pdf.ln(2)
    pdf.plan_table(tables.fee_table(fees, document.year))
    pdf.bar_chart(charts.fee_chart(fees, document.year), label_width=36)


def _decisions(pdf: PlanPdf, document: OperationsPlanDocument) -> None:
    decisions = document.board_decisions
    if decisions is None:
        return
    _part(pdf, f"Styrelsens beslut {document.year}")
    if not decisions:
        pdf.paragraph(text.no_data("decisions", document.year))
        return
    pdf.plan_table(tables.decision_table(decisions, document.year))
