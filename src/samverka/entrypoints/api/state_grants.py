"""The API: state grants (stimulansmedel): keyed out to the municipalities, and the follow-up of
their use.
"""

from __future__ import annotations

from fastapi import APIRouter

from samverka.entrypoints.api.routes import ERRORS, PREFIX

router = APIRouter(prefix=PREFIX, tags=["association"], responses=ERRORS)
