"""The API: the operations plan and budget: focus areas, goals, assignments, activities, follow-up;
budget lines and staff allocation.
"""

from __future__ import annotations

from fastapi import APIRouter

from samverka.entrypoints.api.routes import ERRORS, PREFIX

router = APIRouter(prefix=PREFIX, tags=["association"], responses=ERRORS)
