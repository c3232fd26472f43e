"""The API: board work and agreements: meetings, agenda items, documents, decisions, minutes,
steering groups, representatives, agreements.
"""

from __future__ import annotations

from fastapi import APIRouter

from samverka.entrypoints.api.routes import ERRORS, PREFIX

router = APIRouter(prefix=PREFIX, tags=["association"], responses=ERRORS)
