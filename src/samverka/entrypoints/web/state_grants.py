"""The association's pages: state grants (stimulansmedel): keyed out to the municipalities, and the
follow-up of their use.
"""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(include_in_schema=False)
