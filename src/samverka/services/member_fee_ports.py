"""What the services of member fees need from the database, as a protocol.

``adapters.db.member_fee_repository`` implements it;
a unit of work holds it as ``uow.member_fees``.
"""

from __future__ import annotations

from typing import Protocol


class MemberFeeRepository(Protocol):
    """The stored member fees."""
