"""The API: the yearly operations plan and budget document, generated from the data as HTML and
PDF.
"""

from __future__ import annotations

from fastapi import APIRouter

from samverka.entrypoints.api.routes import ERRORS, PREFIX

router = APIRouter(prefix=PREFIX, tags=["association"], responses=ERRORS)
