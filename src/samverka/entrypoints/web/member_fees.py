"""The association's pages: member fees: the service fee (per mille of the members' tax and grant
revenue) and the admission service fee per young person, with invoices.
"""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(include_in_schema=False)
