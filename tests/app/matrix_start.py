"""The authorisation matrix's rows for the public pages beside the start page (the
accessibility statement and how personal data is handled, open to everyone, signed in or not)
and for the confirmation pages of irreversible actions, each for those who may do the action."""

from __future__ import annotations

from matrix_support import EVERYONE, Row, only
from sqlalchemy.orm import Session, sessionmaker

from samverka.platform.access.domain.actors import Role

OWN_UNIT = "skolenhet=11111111"  # the school's own unit (test_authorisation_matrix.NORRA)

ROWS: list[Row] = [
    Row("GET", "/tillganglighet", EVERYONE),
    Row("GET", "/personuppgifter", EVERYONE),
    Row("GET", "/antagning/omgangar/{round_id}/publicera", only(Role.OFFICER)),
    Row("GET", "/skola/utbildningar/{code}/stang", only(Role.SCHOOL, Role.OFFICER)),
    Row(
        "GET",
        "/skola/utbildningar/{code}/stang",
        only(Role.SCHOOL, Role.OFFICER),
        query=OWN_UNIT,
    ),
]


def build(database: sessionmaker[Session]) -> None:
    """Nothing to add: the pages read the year's calendar only."""
