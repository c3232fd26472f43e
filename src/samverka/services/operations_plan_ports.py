"""What the services of the operations plan and budget need from the database, as a protocol.

``adapters.db.operations_plan_repository`` implements it;
a unit of work holds it as ``uow.operations_plan``.
"""

from __future__ import annotations

from typing import Protocol


class OperationsPlanRepository(Protocol):
    """The stored the operations plan and budget."""
