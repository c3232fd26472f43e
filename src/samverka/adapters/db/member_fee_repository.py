"""Member fees in the database (``member_fee_tables``)."""

from __future__ import annotations

from sqlalchemy.orm import Session


class SqlMemberFeeRepository:
    def __init__(self, session: Session) -> None:
        self._session = session
