"""The authorisation matrix's rows for the association's state_grants pages and API."""

from __future__ import annotations

from matrix_support import Row
from sqlalchemy.orm import Session, sessionmaker

ROWS: list[Row] = []


def build(database: sessionmaker[Session]) -> None:
    """Add what these rows need to the matrix's year (its accounts exist already)."""
