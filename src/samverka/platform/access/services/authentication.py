"""Signing in, and the accounts that may sign in.

Every way of signing in implements one interface, ``Authenticator``: credentials in, an
``Actor`` (role and scope) out, or ``NotPermitted``. The local-password authenticator lives in
``adapters/local_login.py``; an OpenID Connect one can be added beside it without touching the
rest. A failed sign-in always says ``wrong username or password``, whether or not the username
exists.

``login_throttle.LoginThrottle`` delays sign-ins after failures, per account at an address, per
address and per account, in the database that every web worker shares; it never locks anyone
out for good.

The account use cases (``create_account``, ``set_password``, ``deactivate_account``,
``list_accounts``) are for an admission officer; a person may also change their own password
by giving the current one. A new password must pass the password policy
(``platform.access.domain.password_policy``: at least 12 characters, not only spaces, not one of the
10,000 most common passwords). Deactivating an account or setting its password ends every web
session of the account in the same transaction (OWASP ASVS 4.0.3 V3.3.1, V3.3.3; issue 11,
point 8). The audit trail records every change but never a password or hash.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Protocol

from samverka.errors import N_, BadValue, Conflict, InvalidInput, NotFound, NotPermitted, RowError
from samverka.platform.access.domain.actors import Actor, Role, normalise_username
from samverka.platform.access.domain.audited import AccountState
from samverka.platform.access.domain.password_policy import (
    MAXIMUM_LENGTH,
    MINIMUM_LENGTH,
    password_problems,
)
from samverka.platform.access.domain.web_sessions import EndReason
from samverka.platform.access.ports import AccountRow, PasswordHasher, UnitOfWork
from samverka.platform.access.services.web_sessions import end_sessions_of_account
from samverka.platform.domain.personal_id import PersonalIdError, parse_personal_id
from samverka.platform.domain.swedish_time import swedish_today
from samverka.platform.reference.common_passwords import common_passwords
from samverka.platform.services.audit_records import record_change

WRONG_CREDENTIALS = "wrong username or password"
MINIMUM_PASSWORD_LENGTH = MINIMUM_LENGTH
MAXIMUM_PASSWORD_LENGTH = MAXIMUM_LENGTH
_USERNAME = re.compile(r"^[\w.@-]{2,64}$")
_SCOPE_OF_ROLE = {
    "personal_id": {Role.APPLICANT},
    "school_unit_codes": {Role.COUNSELLOR, Role.SCHOOL},
    "municipality_code": {Role.MUNICIPALITY},
}


@dataclass(frozen=True, slots=True)
class Credentials:
    """What a person typed into the sign-in form, and where the request came from."""

    username: str
    password: str = field(repr=False)
    client_address: str


class Authenticator(Protocol):
    def authenticate(self, credentials: Credentials) -> Actor:
        """The signed-in actor; raises ``NotPermitted`` (with a message safe to show) if not."""
        ...


# -- accounts -----------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class AccountSummary:
    """An account as shown to an officer: never its password hash."""

    actor: Actor
    active: bool
    has_password: bool
    created_at: datetime

    @classmethod
    def of(cls, row: AccountRow) -> AccountSummary:
        return cls(row.actor, row.active, row.password_hash is not None, row.created_at)


def create_account(
    uow: UnitOfWork,
    *,
    actor: Actor,
    username: str,
    display_name: str,
    role: Role,
    password: str | None,
    passwords: PasswordHasher,
    personal_id: str | None = None,
    school_unit_codes: Collection[str] = (),
    municipality_code: str | None = None,
    now: datetime,
) -> AccountSummary:
    """Create an account; ``password=None`` for one that signs in elsewhere (OIDC) only."""
    _require_officer(actor)
    scope = _Scope(personal_id, frozenset(school_unit_codes), municipality_code)
    new, errors = _new_actor(username, display_name, role, scope, now)
    if password is not None:
        errors += _password_errors(password)
    if new is None or errors:
        raise InvalidInput(errors)
    password_hash = None if password is None else passwords.hash_password(password)
    with uow:
        if uow.accounts.by_username(new.username) is not None:
            raise Conflict(
                N_("Det finns redan ett konto %(username)s."), username=repr(new.username)
            )
        _check_scope_exists(uow, new)
        uow.accounts.add(new, password_hash=password_hash, created_at=now)
        created = AccountSummary(
            new, active=True, has_password=password_hash is not None, created_at=now
        )
        record_change(
            uow.audit, actor, "account", new.username, "create", before=None, after=created, at=now
        )
        uow.commit()
    return created


def set_password(
    uow: UnitOfWork,
    *,
    actor: Actor,
    username: str,
    password: str,
    passwords: PasswordHasher,
    now: datetime,
    current_password: str | None = None,
) -> None:
    """Set an account's password: an officer for anyone; anyone for themselves, with the
    current password."""
    username = normalise_username(username)
    own = normalise_username(actor.username) == username
    if not own:
        _require_officer(actor)
    errors = _password_errors(password)
    if errors:
        raise InvalidInput(errors)
    with uow:
        account = _existing(uow, username)
        if own and not _current_password_matches(account, current_password, passwords):
            raise NotPermitted(N_("Det nuvarande lösenordet är fel."))
        uow.accounts.set_password_hash(username, passwords.hash_password(password))
        before = AccountState(account.active, account.password_hash is not None)
        record_change(
            uow.audit,
            actor,
            "account",
            username,
            "set_password",
            before=before,
            after=replace(before, local_password=True),
            at=now,
        )
        reason = EndReason.PASSWORD_CHANGED
        end_sessions_of_account(uow, username=username, actor=actor, reason=reason, now=now)
        uow.commit()


def deactivate_account(uow: UnitOfWork, *, actor: Actor, username: str, now: datetime) -> None:
    """Stop an account from signing in; it stays, for the audit trail."""
    _require_officer(actor)
    username = normalise_username(username)
    if normalise_username(actor.username) == username:
        raise Conflict(N_("Du kan inte inaktivera ditt eget konto."))
    with uow:
        account = _existing(uow, username)
        if not account.active:
            raise Conflict(N_("Kontot %(username)s är redan inaktiverat."), username=repr(username))
        uow.accounts.set_active(username, False)
        before = AccountState(True, account.password_hash is not None)
        record_change(
            uow.audit,
            actor,
            "account",
            username,
            "deactivate",
            before=before,
            after=replace(before, active=False),
            at=now,
        )
        reason = EndReason.ACCOUNT_DEACTIVATED
        end_sessions_of_account(uow, username=username, actor=actor, reason=reason, now=now)
        uow.commit()


def list_accounts(uow: UnitOfWork, *, actor: Actor) -> list[AccountSummary]:
    """Every account, by username."""
    _require_officer(actor)
    with uow:
        return [AccountSummary.of(row) for row in uow.accounts.all()]


# -- helpers ------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class _Scope:
    personal_id: str | None
    school_unit_codes: frozenset[str]
    municipality_code: str | None


def _require_officer(actor: Actor) -> None:
    if actor.role is not Role.OFFICER:
        raise NotPermitted(N_("Bara en antagningshandläggare får hantera konton."))


def _existing(uow: UnitOfWork, username: str) -> AccountRow:
    account = uow.accounts.by_username(username)
    if account is None:
        raise NotFound(N_("Det finns inget konto %(username)s."), username=repr(username))
    return account


def _current_password_matches(
    account: AccountRow, current_password: str | None, passwords: PasswordHasher
) -> bool:
    if account.password_hash is None or current_password is None:
        return False
    return passwords.verify_password(account.password_hash, current_password)


def _error(field_name: str, reason: str, **parameters: object) -> RowError:
    return RowError("account", 0, field_name, reason, parameters)


def _password_errors(password: str) -> list[RowError]:
    return [
        _error("password", problem)
        for problem in password_problems(password, common=common_passwords())
    ]


def _new_actor(
    username: str, display_name: str, role: Role, scope: _Scope, now: datetime
) -> tuple[Actor | None, list[RowError]]:
    """The account's actor, and every problem found with what was given."""
    name = normalise_username(username)
    errors: list[RowError] = []
    if not _USERNAME.match(name):
        reason = N_("Användarnamnet är 2–64 bokstäver, siffror eller . _ @ -, utan mellanslag.")
        errors.append(_error("username", reason))
    if not display_name.strip():
        errors.append(_error("display_name", N_("Namnet får inte vara tomt.")))
    for scope_field, roles in _SCOPE_OF_ROLE.items():
        if getattr(scope, scope_field) and role not in roles:
            unused = N_("Uppgiften används inte av ett konto med rollen %(role)s.")
            errors.append(_error(scope_field, unused, role=role.value))
    personal_id = scope.personal_id
    if personal_id is not None and role is Role.APPLICANT:
        try:
            personal_id = parse_personal_id(personal_id, today=swedish_today(now)).canonical
        except PersonalIdError as error:
            errors.append(RowError("account", 0, "personal_id", error.text, error.parameters))
    try:
        fields = (scope.school_unit_codes, scope.municipality_code)
        actor = Actor(name, role, display_name.strip(), personal_id, *fields)
    except BadValue as error:
        scope_field = next(f for f, roles in _SCOPE_OF_ROLE.items() if role in roles)
        return None, [*errors, _error(scope_field, error.text, **error.parameters)]
    return actor, errors


def _check_scope_exists(uow: UnitOfWork, actor: Actor) -> None:
    errors = [
        _error("school_unit_codes", N_("Det finns ingen skolenhet %(code)s."), code=repr(code))
        for code in sorted(actor.school_unit_codes - set(uow.catalogue.school_unit_codes()))
    ]
    code = actor.municipality_code
    if code is not None and code not in uow.catalogue.municipality_codes():
        unknown = N_("Det finns ingen kommun %(code)s.")
        errors.append(_error("municipality_code", unknown, code=repr(code)))
    if errors:
        raise InvalidInput(errors)
