"""What the services of state grants (stimulansmedel) need from the database, as a protocol.

``adapters.db.state_grant_repository`` implements it;
a unit of work holds it as ``uow.state_grants``.
"""

from __future__ import annotations

from typing import Protocol


class StateGrantRepository(Protocol):
    """The stored state grants (stimulansmedel)."""
