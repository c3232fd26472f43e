"""Bad input to the association's operations_plan API: rows for test_api_bad_input."""

from __future__ import annotations

from bad_input_support import Bad
from sqlalchemy.orm import Session, sessionmaker

BAD_INPUTS: list[Bad] = []
WITHOUT_INPUT: set[tuple[str, str]] = set()


def build(database: sessionmaker[Session]) -> None:
    """Add what these rows need to one of the two years (its accounts exist already)."""
