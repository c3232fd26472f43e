"""The authorisation matrix's rows for the operations plan and budget document: its page, its
PDF and its API (the association's staff and board members read them; everyone else 403)."""

from __future__ import annotations

from matrix_support import Row, only
from sqlalchemy.orm import Session, sessionmaker

from samverka.platform.access.domain.actors import Role

READERS = only(Role.ASSOCIATION_STAFF, Role.BOARD_MEMBER)
YEAR = {"year": "2026"}

ROWS: list[Row] = [
    Row("GET", "/forbund/verksamhetsplan/{year}/dokument", READERS, fill=YEAR),
    Row("GET", "/forbund/verksamhetsplan/{year}/dokument.pdf", READERS, fill=YEAR),
    Row("GET", "/api/v1/association/plan/{year}/document", READERS, fill=YEAR),
    Row(
        "GET",
        "/api/v1/association/plan/{year}/document",
        READERS,
        fill=YEAR,
        query="format=html",
    ),
]


def build(database: sessionmaker[Session]) -> None:
    """Nothing to add: the document is made of what the other areas add to the year (a part
    without data says so), and the rows hold whatever there is."""
