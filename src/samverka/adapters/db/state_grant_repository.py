"""State grants in the database (``state_grant_tables``)."""

from __future__ import annotations

from sqlalchemy.orm import Session


class SqlStateGrantRepository:
    def __init__(self, session: Session) -> None:
        self._session = session
