"""What the plan document's page and its API share: the PDF response. Both entry points use it;
neither imports the other."""

from __future__ import annotations

from fastapi.responses import Response

from samverka.association.plan.files.document_model import OperationsPlanDocument
from samverka.association.plan.files.document_pdf import plan_pdf


def pdf_response(document: OperationsPlanDocument) -> Response:
    """The document as a PDF file to download."""
    name = f"verksamhetsplan-{document.year}.pdf"
    headers = {"Content-Disposition": f'attachment; filename="{name}"'}
    return Response(plan_pdf(document), media_type="application/pdf", headers=headers)
