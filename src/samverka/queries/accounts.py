"""Who is signed in: the session names an account, the account table says who that is now.

A web session stores only the username and the role it signed in with. Each request reads
the account again, so that a deactivated account, or one whose role has changed, is signed
out at its next request, and its scope (school units, municipality, personal identity number)
is always the stored one and never travels in a cookie.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from samverka.adapters.db.account_repository import SqlAccountRepository
from samverka.domain.access.actors import Actor


def signed_in_actor(session: Session, username: str, role: str) -> Actor | None:
    """The actor of the active account ``username`` if it still has ``role``, else ``None``."""
    account = SqlAccountRepository(session).by_username(username)
    if account is None or not account.active or account.actor.role.value != role:
        return None
    return account.actor
