"""The scope an actor works in on a counsellor's, school's or municipality's page: the officer
in the place of the unit or municipality they choose, every other role only in its own."""

from __future__ import annotations

import pytest

from samverka.errors import NotFound, NotPermitted
from samverka.platform.access.domain.actors import Actor, Role
from samverka.platform.access.domain.scope import own_scope, working_actor

NORRA, SODRA = "11111111", "22222222"
UNITS = {NORRA, SODRA}
OFFICER = Actor("alva", Role.OFFICER, "Alva")
COUNSELLOR = Actor("sara", Role.COUNSELLOR, "Sara", school_unit_codes=frozenset({NORRA}))
SCHOOL = Actor("rektor", Role.SCHOOL, "Rektor", school_unit_codes=frozenset({NORRA, SODRA}))
OFFICIAL = Actor("kommun", Role.MUNICIPALITY, "Kommun", municipality_code="0180")


@pytest.mark.parametrize("area", [Role.COUNSELLOR, Role.SCHOOL])
def test_the_officer_works_in_the_chosen_school_unit_only_in_the_areas_role(area: Role) -> None:
    working = working_actor(OFFICER, area, SODRA, UNITS)
    assert working is not None
    assert (working.role, working.school_unit_codes) == (area, frozenset({SODRA}))
    assert working.username == "alva"
    assert working.display_name == "Alva"


def test_the_officer_works_in_the_chosen_municipality() -> None:
    working = working_actor(OFFICER, Role.MUNICIPALITY, "0182", {"0180", "0182"})
    assert working is not None
    assert (working.role, working.municipality_code) == (Role.MUNICIPALITY, "0182")
    assert working.school_unit_codes == frozenset()


def test_the_officer_in_a_units_place_is_audited_as_themselves_and_sees_protected() -> None:
    working = working_actor(OFFICER, Role.COUNSELLOR, NORRA, UNITS)
    assert working is not None
    assert working.audit_name == "officer:alva"
    assert working.signed_in_role is Role.OFFICER
    assert working.may_see_protected_identities is True


def test_the_officer_who_has_not_chosen_works_nowhere_yet() -> None:
    assert working_actor(OFFICER, Role.SCHOOL, None, UNITS) is None


def test_the_officer_choosing_a_unit_that_does_not_exist_is_not_found() -> None:
    with pytest.raises(NotFound):
        working_actor(OFFICER, Role.SCHOOL, "99999999", UNITS)


def test_a_scoped_role_works_in_its_own_scope_when_nothing_is_chosen() -> None:
    assert working_actor(COUNSELLOR, Role.COUNSELLOR, None, ()) is COUNSELLOR
    assert working_actor(OFFICIAL, Role.MUNICIPALITY, None, ()) is OFFICIAL


def test_a_scoped_role_choosing_one_of_its_own_units_is_narrowed_to_it() -> None:
    working = working_actor(SCHOOL, Role.SCHOOL, SODRA, ())
    assert working is not None
    assert working.school_unit_codes == frozenset({SODRA})
    assert working.audit_name == "school:rektor"
    assert working.may_see_protected_identities is False
    assert working_actor(OFFICIAL, Role.MUNICIPALITY, "0180", ()) is OFFICIAL


@pytest.mark.parametrize(
    ("actor", "area", "chosen"),
    [
        (COUNSELLOR, Role.COUNSELLOR, SODRA),
        (COUNSELLOR, Role.COUNSELLOR, "99999999"),
        (SCHOOL, Role.SCHOOL, "33333333"),
        (OFFICIAL, Role.MUNICIPALITY, "0182"),
    ],
)
def test_a_scoped_role_naming_a_unit_or_municipality_not_its_own_is_refused(
    actor: Actor, area: Role, chosen: str
) -> None:
    with pytest.raises(NotPermitted):
        working_actor(actor, area, chosen, UNITS | {"0180", "0182"})


@pytest.mark.parametrize(
    ("actor", "area"),
    [
        (COUNSELLOR, Role.SCHOOL),
        (SCHOOL, Role.COUNSELLOR),
        (OFFICIAL, Role.SCHOOL),
        (Actor("anders", Role.ANALYST, "Anders"), Role.MUNICIPALITY),
        (Actor("ebba", Role.APPLICANT, "Ebba", personal_id="20100301-0012"), Role.COUNSELLOR),
    ],
)
def test_every_other_role_is_refused_in_an_area_not_its_own(actor: Actor, area: Role) -> None:
    with pytest.raises(NotPermitted):
        working_actor(actor, area, None, UNITS)
    with pytest.raises(NotPermitted):
        working_actor(actor, area, NORRA, UNITS)


def test_an_officer_already_in_a_units_place_cannot_choose_again() -> None:
    working = working_actor(OFFICER, Role.COUNSELLOR, NORRA, UNITS)
    assert working is not None
    with pytest.raises(NotPermitted):
        working_actor(working, Role.COUNSELLOR, SODRA, UNITS)


@pytest.mark.parametrize("area", [Role.OFFICER, Role.ANALYST, Role.APPLICANT])
def test_only_the_three_scoped_roles_are_areas(area: Role) -> None:
    with pytest.raises(ValueError, match="area"):
        working_actor(OFFICER, area, NORRA, UNITS)


def test_only_an_officer_may_work_in_another_roles_place() -> None:
    with pytest.raises(ValueError, match="Bara antagningskansliet kan arbeta"):
        Actor(
            "sara",
            Role.SCHOOL,
            "Sara",
            school_unit_codes=frozenset({NORRA}),
            signed_in_as=Role.COUNSELLOR,
        )
    with pytest.raises(ValueError, match="Bara antagningskansliet kan arbeta"):
        Actor("alva", Role.ANALYST, "Alva", signed_in_as=Role.OFFICER)


def test_the_own_scope_is_the_school_units_or_the_municipality() -> None:
    assert own_scope(SCHOOL) == {NORRA, SODRA}
    assert own_scope(OFFICIAL) == {"0180"}
    assert own_scope(OFFICER) == frozenset()
