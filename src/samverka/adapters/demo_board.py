"""The demo's board: loaded through the services the association's staff use."""

from __future__ import annotations

from samverka.adapters.db.unit_of_work import SqlUnitOfWork


def load_demo_board(uow: SqlUnitOfWork, year: int) -> None:
    """Load the demo's board for ``year``."""
