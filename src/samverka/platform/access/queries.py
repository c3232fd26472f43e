"""Who is signed in: the browser's session token names a session on the server, and the
session's account says who that is now.

One query on the session table's unique index, joined with the account, so that every request
learns in one round trip whether the session is still open and the account still active, and
reads the account's role and scope as stored (never from a cookie).
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from samverka.platform.access.db.web_session_repository import session_by_digest
from samverka.platform.access.ports import WebSessionRow


def signed_in_session(session: Session, token_digest: str) -> WebSessionRow | None:
    """The session whose token has ``token_digest``, with its account; ``None`` if none."""
    return session_by_digest(session, token_digest)
