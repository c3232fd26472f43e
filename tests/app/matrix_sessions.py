"""The authorisation matrix's rows for the officer's page and API of active web sessions
(issue 11, point 8): the admission officer alone sees and ends sessions. An unknown session or
account is 404 for the officer, so the matrix ends no one's session. Everyone signed in may
change their own password (two different new ones here: 422, nothing changed)."""

from __future__ import annotations

from matrix_support import SIGNED_IN, Row, only
from sqlalchemy.orm import Session, sessionmaker

from samverka.platform.access.domain.actors import Role

OFFICER = only(Role.OFFICER)
NO_SESSION = {"session_id": "999999"}
NO_ACCOUNT = {"username": "nobody-here"}

ROWS: list[Row] = [
    Row("GET", "/konton/sessioner", OFFICER),
    Row("POST", "/konton/sessioner/{session_id}/avsluta", OFFICER, fill=NO_SESSION, form={}),
    Row("POST", "/konton/{username}/sessioner/avsluta", OFFICER, fill=NO_ACCOUNT, form={}),
    Row("GET", "/api/v1/sessions", OFFICER),
    Row("DELETE", "/api/v1/sessions/{session_id}", OFFICER, fill=NO_SESSION),
    Row("DELETE", "/api/v1/accounts/{username}/sessions", OFFICER, fill=NO_ACCOUNT),
    Row("GET", "/konto/losenord", SIGNED_IN),
    Row(
        "POST",
        "/konto/losenord",
        SIGNED_IN,
        form={
            "current_password": "not checked",
            "new_password": "one new passphrase",
            "repeat_password": "another passphrase",
        },
        note="the two new passwords differ: 422",
    ),
]


def build(database: sessionmaker[Session]) -> None:
    """Nothing to add: the matrix's own sign-ins are the sessions."""
