"""Signing in with a username and a password stored as an argon2id hash (``Authenticator``).

Procedure for one attempt:

1. Ask the throttle (``LoginThrottle.claim``, in the database every worker shares) whether the
   account at this address, the address and the account may try now; if not, refuse at once
   with the time to wait, checking nothing. Else the attempt is counted beforehand.
2. Look the account up. Verify the password against its hash — or, if there is no such
   account, it is deactivated or it has no password, against a dummy hash — so that every
   refusal costs the same time and says the same thing: ``wrong username or password``. No
   database connection is held while the hash is computed.
3. On failure, refuse (the attempt is already counted).
4. On success, tell the throttle (``succeeded``: the account's counts are cleared); if the hash
   was made with other parameters than today's, store a new hash of the password, which is
   known only now.

Every decision is logged (logger ``samverka.sign_in``; OWASP ASVS 4.0.3 V7.2.1): who (the
username, if what was typed can be one), from where, and the outcome — never the password. A
successful sign-in is also in the audit trail, with its session
(``platform.access.services.web_sessions``).
"""

from __future__ import annotations

import logging
import re
import secrets
from collections.abc import Callable

from samverka.errors import NotPermitted, TooManyAttempts
from samverka.platform.access.domain.actors import Actor, normalise_username
from samverka.platform.access.ports import AccountRow, PasswordHasher, UnitOfWork
from samverka.platform.access.services.authentication import WRONG_CREDENTIALS, Credentials
from samverka.platform.access.services.login_throttle import LoginThrottle

log = logging.getLogger("samverka.sign_in")
_LOGGABLE = re.compile(r"^[\w.@-]{1,64}$")


class LocalLogin:
    """``Authenticator`` on the account table; one instance serves every request."""

    def __init__(
        self,
        units_of_work: Callable[[], UnitOfWork],
        passwords: PasswordHasher,
        throttle: LoginThrottle,
    ) -> None:
        self._units_of_work = units_of_work
        self._passwords = passwords
        self._throttle = throttle
        self._dummy_hash = passwords.hash_password(secrets.token_urlsafe(32))

    def authenticate(self, credentials: Credentials) -> Actor:
        username = normalise_username(credentials.username)
        address = credentials.client_address
        shown = username if _LOGGABLE.match(username) else "(not a username)"
        try:
            self._throttle.claim(self._units_of_work(), username, address)
        except TooManyAttempts as refused:
            log.warning("sign-in of %s from %s throttled: %s", shown, address, refused)
            raise
        with self._units_of_work() as uow:
            found = uow.accounts.by_username(username)
        account = self._verified(found, credentials.password)
        if account is None:
            log.warning("sign-in of %s from %s refused: %s", shown, address, WRONG_CREDENTIALS)
            raise NotPermitted(WRONG_CREDENTIALS)
        self._throttle.succeeded(self._units_of_work(), username, address)
        log.info("sign-in of %s from %s accepted", shown, address)
        if account.password_hash and self._passwords.needs_rehash(account.password_hash):
            new_hash = self._passwords.hash_password(credentials.password)
            with self._units_of_work() as uow:
                uow.accounts.set_password_hash(username, new_hash)
                uow.commit()
        return account.actor

    def _verified(self, account: AccountRow | None, password: str) -> AccountRow | None:
        """``account`` if ``password`` is its password; one hash verification either way."""
        stored = account.password_hash if account is not None and account.active else None
        matches = self._passwords.verify_password(stored or self._dummy_hash, password)
        return account if matches and stored else None
