"""The association's pages: board work and agreements: meetings, agenda items, documents,
decisions, minutes, steering groups, representatives, agreements.
"""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(include_in_schema=False)
