"""API tokens in the database, on SQLite and PostgreSQL: made for a school unit or municipality
that exists, kept as a digest, listed, revoked at once, their last use written at most once a
minute, and every one made or revoked in the audit trail."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from admission_year_builders import open_year
from sqlalchemy import select
from sqlalchemy.orm import Session

from samverka.errors import Conflict, InvalidInput, NotFound, NotPermitted
from samverka.platform.access.db.tables import api_token
from samverka.platform.access.domain.actors import Actor, Role
from samverka.platform.access.domain.api_tokens import token_digest
from samverka.platform.access.queries import api_token as token_by_digest
from samverka.platform.access.services.api_tokens import (
    CreatedToken,
    create_api_token,
    list_api_tokens,
    revoke_api_token,
    token_in_use,
)
from samverka.unit_of_work import SqlUnitOfWork

OFFICER = Actor("alva", Role.OFFICER, "Alva Berg")
NOW = datetime(2026, 2, 1, 12, tzinfo=UTC)
EXPIRES = NOW + timedelta(days=90)


@pytest.fixture
def uow_with_year(uow: SqlUnitOfWork) -> SqlUnitOfWork:
    open_year(uow)  # school units 11111111 and 22222222; municipalities 0180 and 0182
    return uow


def _create(
    uow: SqlUnitOfWork, role: Role = Role.SCHOOL, scope: str = "11111111", name: str = "Skola A"
) -> CreatedToken:
    return create_api_token(
        uow, actor=OFFICER, name=name, role=role, scope=scope, expires_at=EXPIRES, now=NOW
    )


def _in_use(uow: SqlUnitOfWork, secret: str, now: datetime) -> Actor | None:
    with uow:
        found = token_by_digest(uow.session, token_digest(secret))
    return token_in_use(uow, found=found, now=now)


def _last_used(session: Session, token_id: int) -> datetime | None:
    query = select(api_token.c.last_used_at).where(api_token.c.id == token_id)
    found = session.execute(query).scalar_one()
    return None if found is None else found.replace(tzinfo=found.tzinfo or UTC)


def test_a_token_acts_as_its_role_in_its_scope_and_only_its_digest_is_stored(
    uow_with_year: SqlUnitOfWork, session: Session
) -> None:
    uow = uow_with_year
    created = _create(uow)
    actor = _in_use(uow, created.secret, NOW + timedelta(minutes=1))
    assert actor is not None
    assert (actor.role, actor.school_unit_codes) == (Role.SCHOOL, frozenset({"11111111"}))
    stored = session.execute(select(api_token)).one()
    assert stored.token_digest == token_digest(created.secret)
    assert created.secret not in repr(tuple(stored))
    assert created.secret not in repr(created)


def test_a_municipality_token_names_a_municipality_of_the_area(
    uow_with_year: SqlUnitOfWork,
) -> None:
    created = _create(uow_with_year, Role.MUNICIPALITY, "0182", "Nacka")
    actor = _in_use(uow_with_year, created.secret, NOW)
    assert actor is not None
    assert actor.municipality_code == "0182"
    with pytest.raises(InvalidInput):
        _create(uow_with_year, Role.MUNICIPALITY, "9999")
    with pytest.raises(InvalidInput):
        _create(uow_with_year, Role.COUNSELLOR, "0182")


def test_a_revoked_token_stops_working_at_once_and_both_changes_are_audited(
    uow_with_year: SqlUnitOfWork,
) -> None:
    uow = uow_with_year
    created = _create(uow)
    revoke_api_token(uow, actor=OFFICER, token_id=created.id, now=NOW + timedelta(hours=1))
    assert _in_use(uow, created.secret, NOW + timedelta(hours=1)) is None
    with uow:
        events = uow.audit.events("api_token", str(created.id))
    actions = [(e["actor"], e["action"], (e["after"] or {}).get("revoked")) for e in events]
    assert actions == [("officer:alva", "create", False), ("officer:alva", "revoke", True)]
    assert events[0]["after"]["scope"] == "11111111"
    assert created.secret not in repr(events)
    assert token_digest(created.secret) not in repr(events)
    with pytest.raises(Conflict):
        revoke_api_token(uow, actor=OFFICER, token_id=created.id, now=NOW + timedelta(hours=2))
    with pytest.raises(NotFound):
        revoke_api_token(uow, actor=OFFICER, token_id=created.id + 1, now=NOW)


def test_an_expired_or_unknown_token_acts_as_no_one(uow_with_year: SqlUnitOfWork) -> None:
    created = _create(uow_with_year)
    assert _in_use(uow_with_year, created.secret, EXPIRES) is None
    assert _in_use(uow_with_year, created.secret + "x", NOW) is None


def test_the_last_use_is_written_at_most_once_a_minute(
    uow_with_year: SqlUnitOfWork, session: Session
) -> None:
    uow = uow_with_year
    created = _create(uow)
    assert _last_used(session, created.id) is None
    _in_use(uow, created.secret, NOW)
    session.expire_all()
    assert _last_used(session, created.id) == NOW
    _in_use(uow, created.secret, NOW + timedelta(seconds=59))
    session.expire_all()
    assert _last_used(session, created.id) == NOW
    _in_use(uow, created.secret, NOW + timedelta(minutes=2))
    session.expire_all()
    assert _last_used(session, created.id) == NOW + timedelta(minutes=2)


def test_the_officer_lists_every_token_newest_first_with_its_state(
    uow_with_year: SqlUnitOfWork,
) -> None:
    uow = uow_with_year
    first = _create(uow, name="Första")
    later = create_api_token(
        uow,
        actor=OFFICER,
        name="Andra",
        role=Role.COUNSELLOR,
        scope="22222222",
        expires_at=EXPIRES,
        now=NOW + timedelta(minutes=1),
    )
    revoke_api_token(uow, actor=OFFICER, token_id=first.id, now=NOW + timedelta(minutes=2))
    listed = list_api_tokens(uow, actor=OFFICER, now=NOW + timedelta(minutes=3))
    assert [(t.id, t.name, t.usable) for t in listed] == [
        (later.id, "Andra", True),
        (first.id, "Första", False),
    ]
    assert listed[1].revoked_at == NOW + timedelta(minutes=2)
    assert listed[0].created_by == "officer:alva"


@pytest.mark.parametrize("role", [Role.SCHOOL, Role.MUNICIPALITY, Role.ANALYST])
def test_only_the_admission_officer_makes_lists_and_revokes_tokens(
    uow_with_year: SqlUnitOfWork, role: Role
) -> None:
    someone = Actor(
        "someone",
        role,
        "Någon",
        school_unit_codes=frozenset({"11111111"}) if role is Role.SCHOOL else frozenset(),
        municipality_code="0180" if role is Role.MUNICIPALITY else None,
    )
    created = _create(uow_with_year)
    with pytest.raises(NotPermitted):
        create_api_token(
            uow_with_year,
            actor=someone,
            name="x",
            role=Role.SCHOOL,
            scope="11111111",
            expires_at=EXPIRES,
            now=NOW,
        )
    with pytest.raises(NotPermitted):
        list_api_tokens(uow_with_year, actor=someone, now=NOW)
    with pytest.raises(NotPermitted):
        revoke_api_token(uow_with_year, actor=someone, token_id=created.id, now=NOW)
