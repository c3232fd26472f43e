"""Bad input to the officer's API of web sessions (issue 11, point 8): a session number that is
not a number or names no open session, an account that does not exist."""

from __future__ import annotations

from bad_input_support import HUGE, LONG, Bad, invalid, missing
from sqlalchemy.orm import Session, sessionmaker

from samverka.platform.access.domain.actors import Role

OFFICER = Role.OFFICER
ONE = "/api/v1/sessions/{session_id}"
ALL = "/api/v1/accounts/{username}/sessions"

BAD_INPUTS: list[Bad] = [
    invalid(
        "a session that is text", "DELETE", ONE, OFFICER, "session_id", fill={"session_id": "x"}
    ),
    invalid(
        "a huge session number",
        "DELETE",
        ONE,
        OFFICER,
        "session_id",
        fill={"session_id": str(HUGE)},
    ),
    missing(
        "no such session", "DELETE", ONE, OFFICER, "no open session", fill={"session_id": "999999"}
    ),
    invalid("a negative session", "DELETE", ONE, OFFICER, "session_id", fill={"session_id": "-1"}),
    missing("no such account", "DELETE", ALL, OFFICER, "no account", fill={"username": "nobody"}),
    missing("a huge account name", "DELETE", ALL, OFFICER, "no account", fill={"username": LONG}),
    missing("a name with spaces", "DELETE", ALL, OFFICER, "no account", fill={"username": "a b"}),
]
WITHOUT_INPUT = {("GET", "/api/v1/sessions")}


def build(database: sessionmaker[Session]) -> None:
    """Nothing to add: the table's own sign-ins are the sessions."""
