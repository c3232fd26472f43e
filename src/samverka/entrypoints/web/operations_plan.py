"""The association's pages: the operations plan and budget: focus areas, goals, assignments,
activities, follow-up; budget lines and staff allocation.
"""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(include_in_schema=False)
