"""The demo's association data: member fees, state grants, the operations plan and budget, and
board work, loaded through the same services the association's staff use.

Each area loads its own part (``demo_<area>.py``); this module runs them in order, after the
youth register, whose counts the admission service fee and age-band keys read.
"""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from samverka.association.board.demo import load_demo_board
from samverka.association.board.ports import UnitOfWork as BoardWork
from samverka.association.fees.demo import load_demo_member_fees
from samverka.association.fees.ports import UnitOfWork as FeesWork
from samverka.association.grants.demo import load_demo_state_grants
from samverka.association.grants.ports import UnitOfWork as GrantsWork
from samverka.association.plan.demo import load_demo_operations_plan
from samverka.association.plan.ports import UnitOfWork as PlanWork


class AssociationWork(FeesWork, GrantsWork, PlanWork, BoardWork, Protocol):
    """A unit of work that every part of the association can use (the SQL one is)."""


def load_demo_association(uow: AssociationWork, year: int, now: datetime) -> None:
    """Load every area's demo data for ``year`` (the admission year; the plan is for it); the
    board's meetings and agreements as they stand at ``now``."""
    load_demo_member_fees(uow, year)
    load_demo_state_grants(uow, year)
    load_demo_operations_plan(uow, year)
    load_demo_board(uow, year, now)
