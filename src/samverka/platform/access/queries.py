"""Who is signed in: the browser's session token names a session on the server, and the
session's account says who that is now; a program's API token names the token's grant.

One query on the session table's unique index, joined with the account, so that every request
learns in one round trip whether the session is still open and the account still active, and
reads the account's role and scope as stored (never from a cookie).
"""

from __future__ import annotations

from sqlalchemy import Connection
from sqlalchemy.orm import Session

from samverka.platform.access.db.api_token_repository import token_by_digest
from samverka.platform.access.db.web_session_repository import session_by_digest
from samverka.platform.access.ports import ApiTokenRow, WebSessionRow


def signed_in_session(reader: Session | Connection, token_digest: str) -> WebSessionRow | None:
    """The session whose token has ``token_digest``, with its account; ``None`` if none."""
    return session_by_digest(reader, token_digest)


def api_token(session: Session, token_digest: str) -> ApiTokenRow | None:
    """The API token whose secret has ``token_digest``; ``None`` if none. One query on the
    token table's unique index, every API call made with a token."""
    return token_by_digest(session, token_digest)
