"""The operations plan and budget in the database (``operations_plan_tables``)."""

from __future__ import annotations

from sqlalchemy.orm import Session


class SqlOperationsPlanRepository:
    def __init__(self, session: Session) -> None:
        self._session = session
