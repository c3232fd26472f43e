"""The admission's services keep the final word on permission: a use case whose pages and API
ask for a role refuses, itself, anyone without it (``NotPermitted``), before it reads or writes
anything; an applicant acts only for themselves.

Source: docs/architecture.md ("services: the final word on permission"); README, "What each
role may see and do"; issue 11 (every route's role checked again where the change is made).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import pytest
from admission_year_builders import (
    AFTER_FINAL,
    IN_APPLICATION_PERIOD,
    OFFICE,
    YEAR,
    as_applicant,
    open_year,
    personal_id,
    small_catalogue,
)
from untouched import UNTOUCHED

from samverka.admission.domain.area import AreaTerms
from samverka.admission.domain.calendar import stockholm_calendar
from samverka.admission.domain.replies import ReplyKind
from samverka.admission.domain.rounds import RoundKind
from samverka.admission.domain.year_settings import YearSettings
from samverka.admission.ports import UnitOfWork
from samverka.admission.services.admission_area import set_area_terms
from samverka.admission.services.admission_year import change_calendar, open_admission_year
from samverka.admission.services.applications import ChoiceRequest, submit_choices
from samverka.admission.services.offerings import close_offering, reopen_offering
from samverka.admission.services.replies import register_replies, reply
from samverka.admission.services.rounds import publish_round, run_round, store_explanations
from samverka.errors import NotFound, NotPermitted
from samverka.platform.access.domain.actors import Actor, Role

NOW = datetime(YEAR, 1, 2, tzinfo=UTC)
SCHOOL = Actor("rektor", Role.SCHOOL, "Rektor", school_unit_codes=frozenset({"22222222"}))
COUNSELLOR = Actor("syv", Role.COUNSELLOR, "SYV", school_unit_codes=frozenset({"11111111"}))
ANALYST = Actor("anders", Role.ANALYST, "Anders")
STAFF = Actor("kansli", Role.ASSOCIATION_STAFF, "Kansliet")
NOT_OFFICERS = [
    SCHOOL,
    COUNSELLOR,
    ANALYST,
    STAFF,
    Actor("kommun", Role.MUNICIPALITY, "Kommunen", municipality_code="0180"),
    as_applicant(personal_id(1)),
    # an officer working in a school's place acts as that school
    Actor(
        "alva",
        Role.SCHOOL,
        "Alva",
        school_unit_codes=frozenset({"22222222"}),
        signed_in_as=Role.OFFICER,
    ),
]

OFFICERS_ONLY: dict[str, Callable[[Actor], object]] = {
    "set_area_terms": lambda actor: set_area_terms(
        UNTOUCHED, code="0380", name="Uppsala", terms=AreaTerms.OUTSIDE, actor=actor, now=NOW
    ),
    "open_admission_year": lambda actor: open_admission_year(
        UNTOUCHED,
        year=YEAR,
        region="Storsthlm",
        calendar=stockholm_calendar(YEAR),
        settings=YearSettings(),
        municipalities=[],
        catalogue=small_catalogue(),
        actor=actor,
        now=NOW,
    ),
    "change_calendar": lambda actor: change_calendar(
        UNTOUCHED, year=YEAR, calendar=stockholm_calendar(YEAR), actor=actor, now=NOW
    ),
    "run_round": lambda actor: run_round(
        UNTOUCHED, year=YEAR, kind=RoundKind.FINAL, seed=1, actor=actor, now=AFTER_FINAL
    ),
    "publish_round": lambda actor: publish_round(
        UNTOUCHED, year=YEAR, round_id=1, actor=actor, now=AFTER_FINAL
    ),
    "store_explanations": lambda actor: store_explanations(
        UNTOUCHED, year=YEAR, round_id=1, actor=actor, now=AFTER_FINAL
    ),
}


@pytest.mark.parametrize("use_case", sorted(OFFICERS_ONLY))
@pytest.mark.parametrize("actor", NOT_OFFICERS, ids=lambda a: a.audit_name)
def test_only_the_admission_officer_runs_the_officers_use_cases(
    use_case: str, actor: Actor
) -> None:
    with pytest.raises(NotPermitted):
        OFFICERS_ONLY[use_case](actor)


@pytest.mark.parametrize("actor", [SCHOOL, COUNSELLOR, as_applicant(personal_id(2))])
def test_nobody_but_the_applicant_or_the_officer_registers_an_applicants_choices(
    actor: Actor,
) -> None:
    with pytest.raises(NotPermitted):
        submit_choices(
            UNTOUCHED,
            year=YEAR,
            personal_id=personal_id(1),
            choices=[ChoiceRequest("NORRA-NA")],
            actor=actor,
            by_admission_office=False,
            now=IN_APPLICATION_PERIOD,
        )


def test_an_applicant_never_registers_choices_as_the_admission_office() -> None:
    with pytest.raises(NotPermitted):
        submit_choices(
            UNTOUCHED,
            year=YEAR,
            personal_id=personal_id(1),
            choices=[ChoiceRequest("NORRA-NA")],
            actor=as_applicant(personal_id(1)),
            by_admission_office=True,
            now=IN_APPLICATION_PERIOD,
        )


@pytest.mark.parametrize("actor", [SCHOOL, ANALYST, as_applicant(personal_id(2))])
def test_nobody_but_the_applicant_or_the_officer_replies_for_an_applicant(actor: Actor) -> None:
    with pytest.raises(NotPermitted):
        reply(
            UNTOUCHED,
            year=YEAR,
            personal_id=personal_id(1),
            kind=ReplyKind.ACCEPT,
            actor=actor,
            now=AFTER_FINAL,
        )


def test_an_applicant_does_not_register_other_applicants_replies_with_their_own() -> None:
    replies = {personal_id(1): ReplyKind.ACCEPT, personal_id(2): ReplyKind.DECLINE}
    with pytest.raises(NotPermitted):
        register_replies(
            UNTOUCHED, year=YEAR, replies=replies, actor=as_applicant(personal_id(1)), now=NOW
        )


def test_a_school_closes_and_reopens_its_own_offering_and_no_other(uow: UnitOfWork) -> None:
    open_year(uow)
    for closing in (close_offering, reopen_offering):
        with pytest.raises(NotFound):
            closing(uow, year=YEAR, offering_code="NORRA-NA", actor=SCHOOL, now=NOW)
    assert close_offering(uow, year=YEAR, offering_code="SODRA-ES", actor=SCHOOL, now=NOW) == []
    assert reopen_offering(uow, year=YEAR, offering_code="SODRA-ES", actor=SCHOOL, now=NOW) == []
    with pytest.raises(NotFound):
        close_offering(uow, year=YEAR, offering_code="SODRA-ES", actor=COUNSELLOR, now=NOW)
    assert close_offering(uow, year=YEAR, offering_code="NORRA-NA", actor=OFFICE, now=NOW) == []
