"""Bad input to the operations plan and budget document's API: rows for test_api_bad_input.

The document takes a year in its path (2000–2100) and a format (``pdf`` or ``html``)."""

from __future__ import annotations

from bad_input_support import HUGE, LONG, Bad, invalid
from sqlalchemy.orm import Session, sessionmaker

from samverka.platform.access.domain.actors import Role

STAFF, BOARD = Role.ASSOCIATION_STAFF, Role.BOARD_MEMBER
DOCUMENT = "/api/v1/association/plan/{year}/document"
YEAR = {"year": "2026"}

BAD_INPUTS: list[Bad] = [
    invalid("a year before 2000", "GET", DOCUMENT, STAFF, "year", fill={"year": "1999"}),
    invalid("a year after 2100", "GET", DOCUMENT, BOARD, "year", fill={"year": "2101"}),
    invalid("a year that is text", "GET", DOCUMENT, STAFF, "year", fill={"year": "twenty"}),
    invalid("a huge year", "GET", DOCUMENT, STAFF, "year", fill={"year": str(HUGE)}),
    invalid("a fractional year", "GET", DOCUMENT, BOARD, "year", fill={"year": "2026.5"}),
    invalid("an unknown format", "GET", DOCUMENT, STAFF, "format", fill=YEAR, query="format=docx"),
    invalid("an empty format", "GET", DOCUMENT, BOARD, "format", fill=YEAR, query="format="),
    invalid(
        "a format too long", "GET", DOCUMENT, STAFF, "format", fill=YEAR, query=f"format={LONG}"
    ),
]
WITHOUT_INPUT: set[tuple[str, str]] = set()


def build(database: sessionmaker[Session]) -> None:
    """Nothing to add: every row is refused before the year's data is read."""
