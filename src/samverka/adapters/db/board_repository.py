"""Board work and agreements in the database (``board_tables``)."""

from __future__ import annotations

from sqlalchemy.orm import Session


class SqlBoardRepository:
    def __init__(self, session: Session) -> None:
        self._session = session
