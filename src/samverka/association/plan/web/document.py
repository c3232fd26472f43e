"""The association's pages: the yearly operations plan and budget document, generated from the
data as HTML and PDF.

* ``/forbund/verksamhetsplan/{year}/dokument``: the document in the site's layout (the document
  itself in Swedish, ``lang="sv"``, whatever the page's language), with a link to the PDF.
* ``/forbund/verksamhetsplan/{year}/dokument.pdf``: the same document as a PDF download.

The association's staff and board members read them (``PlanRead``); every other role gets 403.
"""

from __future__ import annotations

from typing import Annotated, Final

from fastapi import APIRouter, Path, Request
from fastapi.responses import HTMLResponse, Response
from markupsafe import Markup

from samverka.association.plan.files.document_html import article_html
from samverka.association.plan.files.document_model import OperationsPlanDocument
from samverka.association.plan.http import PlanRead, document_file
from samverka.association.plan.queries.document import operations_plan_document
from samverka.platform.access.domain.actors import Actor
from samverka.platform.web.context import web_context
from samverka.platform.web.templating import render

router = APIRouter(include_in_schema=False)
DOCUMENT: Final = "/forbund/verksamhetsplan/{year}/dokument"
Year = Annotated[int, Path(ge=2000, le=2100, description="The plan's year.")]


def _document(request: Request, actor: Actor, year: int) -> OperationsPlanDocument:
    with web_context(request).reads() as session:
        return operations_plan_document(session, actor, year)


@router.get(DOCUMENT, name="plan_document", response_class=HTMLResponse)
def document_page(request: Request, actor: PlanRead, year: Year) -> Response:
    document = _document(request, actor, year)
    article = Markup(article_html(document))  # rendered with autoescape (operations_plan_html)
    context = {"year": year, "article": article, "pdf": f"{DOCUMENT.format(year=year)}.pdf"}
    return render(request, "association/plan_document.html", context)


@router.get(f"{DOCUMENT}.pdf", name="plan_document_pdf")
def document_pdf(request: Request, actor: PlanRead, year: Year) -> Response:
    return document_file(_document(request, actor, year))
