"""The demo's association data: member fees, state grants, the operations plan and budget, and
board work, loaded through the same services the association's staff use.

Each area loads its own part (``demo_<area>.py``); this module runs them in order, after the
youth register, whose counts the admission service fee and age-band keys read.
"""

from __future__ import annotations

from samverka.adapters.db.unit_of_work import SqlUnitOfWork


def load_demo_association(uow: SqlUnitOfWork, year: int) -> None:
    """Load every area's demo data for ``year`` (the admission year; the plan is for it)."""
