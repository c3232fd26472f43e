"""Actors: every role's scope must be given, and the role decides what may be seen."""

from __future__ import annotations

import pytest

from samverka.platform.access.domain.actors import Actor, Role


def test_an_applicant_needs_a_personal_identity_number() -> None:
    with pytest.raises(ValueError, match="behöver ett personnummer"):
        Actor("alva", Role.APPLICANT, "Alva")
    assert Actor("alva", Role.APPLICANT, "Alva", personal_id="20100301-0012").personal_id


@pytest.mark.parametrize("role", [Role.COUNSELLOR, Role.SCHOOL])
def test_a_counsellor_or_a_school_needs_at_least_one_school_unit(role: Role) -> None:
    with pytest.raises(ValueError, match="minst en skolenhet"):
        Actor("bo", role, "Bo")
    actor = Actor("bo", role, "Bo", school_unit_codes=frozenset({"11111111"}))
    assert actor.school_unit_codes == {"11111111"}


def test_a_municipality_account_needs_a_municipality_code() -> None:
    with pytest.raises(ValueError, match="behöver en kommunkod"):
        Actor("cia", Role.MUNICIPALITY, "Cia")
    assert Actor("cia", Role.MUNICIPALITY, "Cia", municipality_code="0180").municipality_code


@pytest.mark.parametrize(
    "role", [Role.OFFICER, Role.ANALYST, Role.ASSOCIATION_STAFF, Role.BOARD_MEMBER]
)
def test_the_officer_the_analyst_and_the_associations_roles_need_no_scope(role: Role) -> None:
    assert Actor("dan", role, "Dan").role is role


@pytest.mark.parametrize("role", list(Role))
def test_only_an_officer_may_see_protected_identities(role: Role) -> None:
    actor = _actor(role)
    assert actor.may_see_protected_identities is (role is Role.OFFICER)


def test_the_audit_trail_names_an_actor_by_role_and_username() -> None:
    assert _actor(Role.SCHOOL).audit_name == "school:someone"


def test_an_actor_cannot_be_changed() -> None:
    actor = _actor(Role.OFFICER)
    with pytest.raises(AttributeError):
        actor.role = Role.ANALYST  # type: ignore[misc]


def _actor(role: Role) -> Actor:
    return Actor(
        "someone",
        role,
        "Someone",
        personal_id="20100301-0012",
        school_unit_codes=frozenset({"11111111"}),
        municipality_code="0180",
    )
