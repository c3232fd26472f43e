"""The association's pages: the yearly operations plan and budget document, generated from the data
as HTML and PDF.
"""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(include_in_schema=False)
