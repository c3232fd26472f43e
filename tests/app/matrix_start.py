"""The authorisation matrix's rows for the public pages beside the start page: the
accessibility statement and how personal data is handled, open to everyone, signed in or not."""

from __future__ import annotations

from matrix_support import EVERYONE, Row
from sqlalchemy.orm import Session, sessionmaker

ROWS: list[Row] = [
    Row("GET", "/tillganglighet", EVERYONE),
    Row("GET", "/personuppgifter", EVERYONE),
]


def build(database: sessionmaker[Session]) -> None:
    """Nothing to add: the pages read the year's calendar only."""
