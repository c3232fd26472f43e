"""The demo's state grants: loaded through the services the association's staff use."""

from __future__ import annotations

from samverka.adapters.db.unit_of_work import SqlUnitOfWork


def load_demo_state_grants(uow: SqlUnitOfWork, year: int) -> None:
    """Load the demo's state grants for ``year``."""
