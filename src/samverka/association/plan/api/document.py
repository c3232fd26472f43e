"""The API: the yearly operations plan and budget document, generated from the data as HTML and
PDF.

* ``GET /association/plan/{year}/document?format=pdf|html``: the document of the year as a PDF
  (the default) or as one self-contained HTML file (its print style sheet inline), both in
  Swedish and sent as a file to save (``Content-Disposition: attachment``).

The association's staff and board members read it (``PlanRead``); every other role gets 403.
"""

from __future__ import annotations

from typing import Annotated, Final

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import Response

from samverka.association.plan.http import DocumentFormat, PlanRead, document_file
from samverka.association.plan.queries.document import operations_plan_document
from samverka.platform.api.routes import ERRORS, PREFIX
from samverka.platform.web.context import web_context

router = APIRouter(prefix=PREFIX, tags=["association"], responses=ERRORS)
PlanYear = Annotated[int, Path(ge=2000, le=2100, description="The plan's year")]
DOCUMENT_RESPONSES: Final[dict[int | str, dict[str, object]]] = {
    200: {
        "description": "The document, as a file to save",
        "content": {"application/pdf": {}, "text/html": {}},
    }
}


@router.get(
    "/association/plan/{year}/document",
    summary="The operations plan and budget document of a year, as PDF or HTML",
    response_class=Response,
    responses=DOCUMENT_RESPONSES,
)
def plan_document(
    request: Request,
    actor: PlanRead,
    year: PlanYear,
    document_format: Annotated[DocumentFormat, Query(alias="format")] = DocumentFormat.PDF,
) -> Response:
    with web_context(request).reads() as session:
        document = operations_plan_document(session, actor, year)
    return document_file(document, document_format)
