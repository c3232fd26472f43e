"""What the services of board work and agreements need from the database, as a protocol.

``adapters.db.board_repository`` implements it;
a unit of work holds it as ``uow.board``.
"""

from __future__ import annotations

from typing import Protocol


class BoardRepository(Protocol):
    """The stored board work and agreements."""
