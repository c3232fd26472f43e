"""The API: member fees: the service fee (per mille of the members' tax and grant revenue) and the
admission service fee per young person, with invoices.
"""

from __future__ import annotations

from fastapi import APIRouter

from samverka.entrypoints.api.routes import ERRORS, PREFIX

router = APIRouter(prefix=PREFIX, tags=["association"], responses=ERRORS)
