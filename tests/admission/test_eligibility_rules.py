"""Eligibility beside the grades through the services (issue 12): introductory programmes, age
with an over-age agreement, a completed national programme, the English dispensation per
receiving organiser, and the preliminary round of an applicant who has only final grades. The
rules and refusals run on the fake unit of work (``work``, ``fakes.py``); one happy path per use
case, and what needs the database, on SQLite and PostgreSQL (``uow``)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

import pytest
from admission_year_builders import (
    AFTER_FINAL,
    IN_APPLICATION_PERIOD,
    MUNICIPALITIES,
    OFFICE,
    TODAY,
    YEAR,
    as_applicant,
    open_year,
    personal_id,
    pupil,
    small_catalogue,
)
from sqlalchemy import update
from sqlalchemy.orm import Session

from samverka.admission.db import tables as at
from samverka.admission.domain.applicants import PupilGrades
from samverka.admission.domain.calendar import GradeTerm, stockholm_calendar
from samverka.admission.domain.catalogue import Catalogue, Offering
from samverka.admission.domain.eligibility import FailureCode
from samverka.admission.domain.explain import ChoiceOutcome
from samverka.admission.domain.rounds import RoundKind
from samverka.admission.domain.year_settings import YearSettings
from samverka.admission.ports import StoredChoice, UnitOfWork
from samverka.admission.queries.applicant_view import result_of
from samverka.admission.services.admission_year import open_admission_year
from samverka.admission.services.applicant_facts import set_admission_facts
from samverka.admission.services.applications import ChoiceRequest, submit_choices
from samverka.admission.services.offering_settings import set_leads_to
from samverka.admission.services.pupils import import_pupils
from samverka.admission.services.receiving_decisions import (
    DispensationRequest,
    record_english_dispensation,
    record_over_age_agreement,
    withdraw_english_dispensation,
)
from samverka.admission.services.rounds import publish_round, run_round
from samverka.errors import Conflict, InvalidInput, NotFound, NotPermitted
from samverka.platform.access.domain.actors import Actor, Role
from samverka.platform.domain.personal_id import luhn_check_digit, parse_personal_id

from .fakes import FakeUnitOfWork

NORRA, SODRA = "11111111", "22222222"
NORRA_SCHOOL = Actor("rektor", Role.SCHOOL, "Rektor Norra", school_unit_codes=frozenset({NORRA}))
SODRA_SCHOOL = Actor("sodra", Role.SCHOOL, "Rektor Södra", school_unit_codes=frozenset({SODRA}))
DECISION = DispensationRequest(date(YEAR, 3, 2), "Rektor Rut Ek", "Dnr 2026:17")


@pytest.fixture
def work() -> FakeUnitOfWork:
    """The rules run on the admission's fake unit of work (``fakes.py``); the tests that take
    ``uow`` run on SQLite and PostgreSQL."""
    return FakeUnitOfWork()


def _catalogue() -> Catalogue:
    """The small catalogue and introductory programmes at Norra: IMV towards BF, IMY, IMS."""
    base = small_catalogue({"NORRA-NA": 2, "NORRA-EK": 2, "SODRA-ES": 2})
    offerings = [
        *base.offerings,
        Offering("NORRA-BF", NORRA, "BF", 2),
        Offering("NORRA-IMV", NORRA, "IMV", 2, leads_to="BF"),
        Offering("NORRA-IMY", NORRA, "IMY", 2),
        Offering("NORRA-IMS", NORRA, "IMS", 2),
    ]
    return replace(base, offerings=offerings)


def _pid(born: date, serial: int) -> str:
    digits = f"{born:%y%m%d}{serial:03d}"
    return f"{born:%Y%m%d}-{serial:03d}{luhn_check_digit(digits)}"


def _pupil(serial: int, letter: str = "C", **changes: object) -> PupilGrades:
    """``pupil`` of the builders, in school unit Norra, with ``changes`` to the record."""
    made = pupil(serial, letter, **{k: v for k, v in changes.items() if k == "missing"})  # type: ignore[arg-type]
    record = replace(made.applicant, school_unit_code=NORRA)
    fields = {k: v for k, v in changes.items() if k not in ("missing", "personal_id")}
    if "personal_id" in changes:
        fields["personal_id"] = parse_personal_id(str(changes["personal_id"]), today=TODAY)
    return replace(made, applicant=replace(record, **fields))  # type: ignore[arg-type]


def _import(uow: UnitOfWork, *pupils: PupilGrades) -> None:
    import_pupils(uow, year=YEAR, pupils=pupils, actor=OFFICE, now=IN_APPLICATION_PERIOD)


def _apply(uow: UnitOfWork, pid: str, *codes: str) -> None:
    submit_choices(
        uow,
        year=YEAR,
        personal_id=pid,
        choices=[ChoiceRequest(code) for code in codes],
        actor=as_applicant(pid),
        by_admission_office=False,
        now=IN_APPLICATION_PERIOD,
    )


def _round(uow: UnitOfWork, kind: RoundKind = RoundKind.FINAL) -> int:
    summary = run_round(uow, year=YEAR, kind=kind, seed=5, actor=OFFICE, now=AFTER_FINAL)
    return summary.round_id


def _explained(uow: UnitOfWork, round_id: int, pid: str) -> dict[str, StoredChoice]:
    with uow:
        explained = uow.rounds.round_explanations(round_id)
    return {choice.offering_code: choice for choice in explained[pid]}


def _codes(choice: StoredChoice) -> list[FailureCode]:
    return [failure.code for failure in choice.failures]


def test_an_applicant_eligible_for_a_vocational_programme_is_refused_imy_and_ims(
    work: FakeUnitOfWork,
) -> None:
    """SL 17 kap. (introductory programmes are for those not eligible for a national
    programme); the issue: "Today an applicant with eight passes is placed on IMY or IMS"."""
    open_year(work, _catalogue())
    _import(work, _pupil(1, "E", arrival_date=date(2024, 1, 10)))
    _apply(work, personal_id(1), "NORRA-IMY", "NORRA-IMS", "NORRA-IMV")
    explained = _explained(work, _round(work), personal_id(1))
    for code in ("NORRA-IMY", "NORRA-IMS"):
        assert explained[code].outcome is ChoiceOutcome.NOT_ELIGIBLE
        assert _codes(explained[code]) == [FailureCode.ELIGIBLE_FOR_GROUP]
    assert _codes(explained["NORRA-IMV"]) == [FailureCode.ELIGIBLE_FOR_PROGRAMME]
    assert explained["NORRA-IMV"].failures[0].subjects == ("BF",)


def test_a_newly_arrived_applicant_without_eligibility_is_placed_on_ims(
    work: FakeUnitOfWork,
) -> None:
    """SL 17 kap. 13 § and 3 kap. 12 a §: språkintroduktion for the newly arrived (less than
    four years); an applicant who came in 2020 is not, and no arrival date means not."""
    open_year(work, _catalogue())
    newcomer = _pupil(1, "F", arrival_date=date(2024, 9, 1))
    long_ago = _pupil(2, "F", arrival_date=date(2020, 6, 1))
    unknown = _pupil(3, "F")
    _import(work, newcomer, long_ago, unknown)
    for serial in (1, 2, 3):
        _apply(work, personal_id(serial), "NORRA-IMS")
    round_id = _round(work)
    with work:
        placements = work.rounds.round_result(round_id).placements
    assert placements[personal_id(1)][0] == "NORRA-IMS"
    for serial in (2, 3):
        (choice,) = _explained(work, round_id, personal_id(serial)).values()
        assert _codes(choice) == [FailureCode.NOT_NEWLY_ARRIVED]
    assert _explained(work, round_id, personal_id(2))["NORRA-IMS"].failures[0].detail == (
        "2020-06-01"
    )


def test_an_imv_offering_must_name_its_national_programme_in_the_catalogue(
    work: FakeUnitOfWork,
) -> None:
    """SL 17 kap.: programinriktat val is aimed at one national programme."""
    without = replace(_catalogue(), offerings=[Offering("X-IMV", NORRA, "IMV", 2)])
    wrong = replace(_catalogue(), offerings=[Offering("X-NA", NORRA, "NA", 2, leads_to="BF")])
    for catalogue, says in ((without, "ska ange det nationella program"), (wrong, "Bara en")):
        with pytest.raises(InvalidInput, match=says):
            open_admission_year(
                work,
                year=YEAR,
                region="Storsthlm",
                calendar=stockholm_calendar(YEAR),
                settings=YearSettings(),
                municipalities=MUNICIPALITIES,
                catalogue=catalogue,
                actor=OFFICE,
                now=datetime(YEAR, 1, 2, tzinfo=UTC),
            )


def test_a_round_is_refused_until_every_open_imv_names_its_programme(
    uow: UnitOfWork, session: Session
) -> None:
    """SL 17 kap.; an IMV offering from before migration 0012 has no programme: the officer
    is told which, and the school records it (audited)."""
    open_year(uow, _catalogue())
    session.execute(
        update(at.offering).where(at.offering.c.code == "NORRA-IMV").values(leads_to=None)
    )
    session.commit()
    with pytest.raises(Conflict, match="NORRA-IMV"):
        _round(uow)
    set_leads_to(
        uow, year=YEAR, offering_code="NORRA-IMV", programme="ee", actor=NORRA_SCHOOL, now=TODAY_AT
    )
    assert _round(uow) > 0
    with uow:
        events = uow.audit.events("offering", "NORRA-IMV")
    assert events[-1]["after"] == {"leads_to": "EE"}
    with pytest.raises(NotFound):
        set_leads_to(
            uow,
            year=YEAR,
            offering_code="NORRA-IMV",
            programme="BF",
            actor=SODRA_SCHOOL,
            now=TODAY_AT,
        )


TODAY_AT = datetime(YEAR, 3, 3, 9, tzinfo=UTC)


def test_an_organisers_english_dispensation_opens_its_own_offerings_and_no_others(
    uow: UnitOfWork,
) -> None:
    """SL 16 kap. 32 §: the receiving organiser decides for its own programme (rules audit
    2026-12: one organiser's decision opened every organiser's offerings). Norra's organiser
    decides; Södra's offering stays closed to the applicant."""
    open_year(uow, _catalogue())
    _import(uow, _pupil(1, "B", missing=("EN",)))
    _apply(uow, personal_id(1), "SODRA-ES", "NORRA-NA")
    recorded = record_english_dispensation(
        uow,
        year=YEAR,
        offering_code="NORRA-NA",
        personal_id=personal_id(1),
        decision=DECISION,
        actor=NORRA_SCHOOL,
        now=TODAY_AT,
    )
    assert recorded.organiser == "Stockholms stad"
    explained = _explained(uow, _round(uow), personal_id(1))
    assert explained["NORRA-NA"].outcome is ChoiceOutcome.PLACED
    assert explained["SODRA-ES"].outcome is ChoiceOutcome.NOT_ELIGIBLE
    assert explained["SODRA-ES"].failures[0].describe() == "missing pass in En"
    with uow:
        events = uow.audit.events("english_dispensation", f"{personal_id(1)}:Stockholms stad")
    assert events[0]["action"] == "decide"
    assert events[0]["after"]["decided_by"] == "Rektor Rut Ek"
    assert events[0]["after"]["reference"] == "Dnr 2026:17"


def test_the_english_dispensation_is_not_tried_in_the_preliminary_round(
    work: FakeUnitOfWork,
) -> None:
    """Admissions-rules §2.2 (gymnasiestudera): the dispensation is not tried in the
    preliminary round; it is in the final one."""
    open_year(work, _catalogue())
    _import(work, _pupil(1, "B", missing=("EN",)))
    _import(work, replace(_pupil(1, "B", missing=("EN",)), term=GradeTerm.AUTUMN))
    _apply(work, personal_id(1), "NORRA-NA")
    record_english_dispensation(
        work,
        year=YEAR,
        offering_code="NORRA-NA",
        personal_id=personal_id(1),
        decision=DECISION,
        actor=NORRA_SCHOOL,
        now=TODAY_AT,
    )
    preliminary = _explained(work, _round(work, RoundKind.PRELIMINARY), personal_id(1))
    assert preliminary["NORRA-NA"].outcome is ChoiceOutcome.NOT_ELIGIBLE
    assert _explained(work, _round(work), personal_id(1))["NORRA-NA"].outcome is (
        ChoiceOutcome.PLACED
    )


def test_a_school_decides_only_for_its_own_offerings_and_may_withdraw(work: FakeUnitOfWork) -> None:
    """SL 16 kap. 32 §: Södra's principal cannot decide for Norra's offering; a withdrawn
    decision closes the offering again and is audited."""
    open_year(work, _catalogue())
    _import(work, _pupil(1, "B", missing=("EN",)))
    _apply(work, personal_id(1), "NORRA-NA")
    arguments = {"year": YEAR, "offering_code": "NORRA-NA", "personal_id": personal_id(1)}
    with pytest.raises(NotFound):
        record_english_dispensation(
            work, **arguments, decision=DECISION, actor=SODRA_SCHOOL, now=TODAY_AT
        )
    record_english_dispensation(
        work, **arguments, decision=DECISION, actor=NORRA_SCHOOL, now=TODAY_AT
    )
    assert withdraw_english_dispensation(work, **arguments, actor=NORRA_SCHOOL, now=TODAY_AT)
    assert not withdraw_english_dispensation(work, **arguments, actor=NORRA_SCHOOL, now=TODAY_AT)
    explained = _explained(work, _round(work), personal_id(1))
    assert explained["NORRA-NA"].outcome is ChoiceOutcome.NOT_ELIGIBLE
    with work:
        actions = [e["action"] for e in work.audit.events("english_dispensation")]
    assert actions == ["decide", "withdraw"]


def test_an_over_age_applicant_is_admitted_only_on_a_choice_with_an_agreement(
    uow: UnitOfWork,
) -> None:
    """SL 15 kap. 5 § (start by the first half-year of the year one turns 20): born 2006-12-31
    is over age for the autumn term 2026, born 2007-01-01 is not; the agreement is recorded on
    the choice (who, when, reference) and audited."""
    open_year(uow, _catalogue())
    old, young = _pid(date(2006, 12, 31), 11), _pid(date(2007, 1, 1), 12)
    _import(uow, _pupil(11, "B", personal_id=old), _pupil(12, "B", personal_id=young))
    _apply(uow, old, "NORRA-NA", "NORRA-EK")
    _apply(uow, young, "NORRA-BF")
    record_over_age_agreement(
        uow,
        year=YEAR,
        offering_code="NORRA-EK",
        personal_id=old,
        reference="Överenskommelse Dnr 2026:40",
        actor=NORRA_SCHOOL,
        now=TODAY_AT,
    )
    with pytest.raises(InvalidInput, match="inte överårig"):
        record_over_age_agreement(
            uow,
            year=YEAR,
            offering_code="NORRA-BF",
            personal_id=young,
            reference="Dnr 1",
            actor=NORRA_SCHOOL,
            now=TODAY_AT,
        )
    round_id = _round(uow)
    explained = _explained(uow, round_id, old)
    assert _codes(explained["NORRA-NA"]) == [FailureCode.TOO_OLD]
    assert explained["NORRA-NA"].failures[0].required == 2026
    assert explained["NORRA-EK"].outcome is ChoiceOutcome.PLACED
    assert _explained(uow, round_id, young)["NORRA-BF"].outcome is ChoiceOutcome.PLACED
    with uow:
        agreement = uow.admission.choices(uow.admission.year(YEAR).id, [old])[old][1]
        event = uow.audit.events("choice", f"{old}:NORRA-EK")[-1]
    assert agreement.over_age_agreement is not None
    assert agreement.over_age_agreement.recorded_by == "school:rektor"
    assert event["after"]["reference"] == "Överenskommelse Dnr 2026:40"
    assert event["actor"] == "school:rektor"


def test_a_completed_national_programme_closes_the_national_programmes_not_imy(
    uow: UnitOfWork,
) -> None:
    """SL 16 kap. (the issue cites 36 §): not eligible for a national programme after having
    completed one; recorded by the officer (audited)."""
    open_year(uow, _catalogue())
    _import(uow, _pupil(1, "D", missing=("EN", "MA", "SV", "BI", "FY", "KE", "TK", "GE", "HI")))
    _import(uow, _pupil(2, "B"))
    _apply(uow, personal_id(1), "NORRA-IMY")
    _apply(uow, personal_id(2), "NORRA-EK")
    officer = Actor("alva", Role.OFFICER, "Alva")
    for serial in (1, 2):
        assert set_admission_facts(
            uow,
            year=YEAR,
            personal_id=personal_id(serial),
            arrival_date=None,
            completed_national_programme=True,
            actor=officer,
            now=TODAY_AT,
        )
    round_id = _round(uow)
    assert _codes(_explained(uow, round_id, personal_id(2))["NORRA-EK"]) == [
        FailureCode.COMPLETED_PROGRAMME
    ]
    assert _explained(uow, round_id, personal_id(1))["NORRA-IMY"].outcome is ChoiceOutcome.PLACED
    with uow:
        event = uow.audit.events("applicant", personal_id(2))[-1]
    assert event["action"] == "admission_facts"
    assert event["after"] == {"arrival_date": None, "completed_national_programme": True}


def test_a_counsellor_records_facts_only_for_their_own_pupils(work: FakeUnitOfWork) -> None:
    """Personal data: a counsellor of another school unit is refused; an arrival date in the
    future is refused and changes nothing."""
    open_year(work, _catalogue())
    _import(work, _pupil(1))
    other = Actor("syv2", Role.COUNSELLOR, "SYV", school_unit_codes=frozenset({SODRA}))
    own = Actor("syv1", Role.COUNSELLOR, "SYV", school_unit_codes=frozenset({NORRA}))
    arguments = {"year": YEAR, "personal_id": personal_id(1), "now": TODAY_AT}
    with pytest.raises(NotPermitted):
        set_admission_facts(
            work, **arguments, arrival_date=None, completed_national_programme=True, actor=other
        )
    with pytest.raises(InvalidInput, match="ligger i framtiden"):
        set_admission_facts(
            work,
            **arguments,
            arrival_date=date(YEAR, 3, 4),
            completed_national_programme=False,
            actor=own,
        )
    assert set_admission_facts(
        work,
        **arguments,
        arrival_date=date(2023, 5, 1),
        completed_national_programme=False,
        actor=own,
    )
    with work:
        record = work.admission.applicant_record(work.admission.year(YEAR).id, personal_id(1))
    assert record is not None
    assert record.arrival_date == date(2023, 5, 1)


def test_an_import_without_the_arrival_column_keeps_the_stored_arrival_date(
    work: FakeUnitOfWork,
) -> None:
    """SL 3 kap. 12 a §: a final-grade import made from a template without ``ankomstdatum``
    must not make a newly arrived pupil's IMS choice ineligible."""
    open_year(work, _catalogue())
    _import(work, _pupil(1, "F", arrival_date=date(2024, 1, 10)))
    later = _pupil(1, "E")
    _import(work, replace(later, kept=frozenset({"arrival_date", "completed_national_programme"})))
    with work:
        record = work.admission.applicant_record(work.admission.year(YEAR).id, personal_id(1))
    assert record is not None
    assert record.arrival_date == date(2024, 1, 10)
    _import(work, later)  # a file with the column, left empty, clears it
    with work:
        record = work.admission.applicant_record(work.admission.year(YEAR).id, personal_id(1))
    assert record is not None
    assert record.arrival_date is None


def test_an_applicant_with_only_final_grades_is_judged_on_them_in_the_preliminary_round(
    uow: UnitOfWork, session: Session
) -> None:
    """Admissions-rules §1.1 (indra2 FAQ; gymnasiestudera): older applicants use their final
    grades in both rounds. The rules audit 2026-12 §1 deleted one applicant's autumn grades and
    got "not eligible … 8 passes required, 0 achieved" on every choice; the result now says
    the preliminary round used the final grades."""
    open_year(uow, _catalogue())
    _import(uow, _pupil(1, "B"), _pupil(2, "C"))
    _import(uow, replace(_pupil(2, "C"), term=GradeTerm.AUTUMN))
    _apply(uow, personal_id(1), "NORRA-EK")
    _apply(uow, personal_id(2), "NORRA-NA")
    round_id = _round(uow, RoundKind.PRELIMINARY)
    assert _explained(uow, round_id, personal_id(1))["NORRA-EK"].outcome is ChoiceOutcome.PLACED
    with uow:
        result = uow.rounds.round_result(round_id)
    assert result.placements[personal_id(1)][2] == 16 * 17.5
    assert result.grade_terms == {personal_id(1): "final", personal_id(2): "autumn"}
    publish_round(uow, year=YEAR, round_id=round_id, actor=OFFICE, now=AFTER_FINAL)
    seen = result_of(session, personal_id(1), YEAR)
    assert seen is not None
    assert seen.on_final_grades_early
    other = result_of(session, personal_id(2), YEAR)
    assert other is not None
    assert not other.on_final_grades_early
