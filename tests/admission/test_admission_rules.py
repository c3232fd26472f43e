"""Issue 12 points 8, 9 and 10 through the services: reception is derived when a round's input
is built, the admission area is not the member list, and an offering closed after admission
holds nobody. The rules run on the fake unit of work (``work``, ``fakes.py``); the office's
decision, the area's terms and what needs the database on SQLite and PostgreSQL (``uow``).

Sources: skollagen 16 kap. 43–44 §§ and the samverkansavtal (admissions-rules §3.4); the area's
parties (admissions-rules §3.4, §7.4, §10); "Lägga ned utbildning" (admissions-rules §4.3).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest
from admission_year_builders import (
    AFTER_FINAL,
    BETWEEN_WINDOWS,
    IN_APPLICATION_PERIOD,
    OFFICE,
    YEAR,
    as_applicant,
    personal_id,
    pupil,
)
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from samverka.admission.db import tables as at
from samverka.admission.domain.area import AreaTerms
from samverka.admission.domain.calendar import stockholm_calendar
from samverka.admission.domain.catalogue import (
    Catalogue,
    Municipality,
    Offering,
    Organiser,
    SchoolUnit,
)
from samverka.admission.domain.priorities import ON_TIME_FIRST_ORDER, PriorityRules
from samverka.admission.domain.reception import Reception, ReceptionGround
from samverka.admission.domain.rounds import RoundKind
from samverka.admission.domain.year_settings import YearSettings
from samverka.admission.ports import UnitOfWork
from samverka.admission.services.admission_area import set_area_terms
from samverka.admission.services.admission_year import open_admission_year
from samverka.admission.services.applications import ChoiceRequest, submit_choices
from samverka.admission.services.offerings import close_offering, reopen_offering
from samverka.admission.services.pupils import import_pupils
from samverka.admission.services.reception import override_reception
from samverka.admission.services.rounds import publish_round, rerun_round, run_round
from samverka.association.fees.domain.revenue_base import RevenueRow
from samverka.association.fees.services import import_revenue_bases
from samverka.errors import Conflict, InvalidInput, NotPermitted, ReceptionNotPossible
from samverka.platform.access.domain.actors import Actor, Role
from samverka.platform.db import tables as pt

from .fakes import FakeUnitOfWork

STOCKHOLM, NACKA, HABO, GNESTA, UPPSALA = "0180", "0182", "0305", "0461", "0380"
CLOSED_AT = datetime(YEAR, 7, 2, 13, tzinfo=UTC)  # after the final round (AFTER_FINAL, 12:00)
REOPENED_AT = datetime(YEAR, 7, 2, 13, 30, tzinfo=UTC)
RESERVE_AT = datetime(YEAR, 7, 2, 14, tzinfo=UTC)
THE_OFFICER = Actor("alva", Role.OFFICER, "Alva")
STAFF = Actor("stina", Role.ASSOCIATION_STAFF, "Stina")


@pytest.fixture
def work() -> FakeUnitOfWork:
    """The rules run on the admission's fake unit of work (``fakes.py``); the tests that take
    ``uow`` run on SQLite and PostgreSQL."""
    return FakeUnitOfWork()


def _open(uow: UnitOfWork, settings: YearSettings | None = None) -> None:
    """Stockholm and Nacka (members), Håbo and Gnesta (parties, not members), Uppsala (outside);
    Stockholm's NORRA-NA and NORRA-EK (one place each), an independent ES, a Gnesta BF."""
    open_admission_year(
        uow,
        year=YEAR,
        region="Storsthlm",
        calendar=stockholm_calendar(YEAR),
        settings=settings or YearSettings(),
        municipalities=[
            Municipality(STOCKHOLM, "Stockholm"),
            Municipality(NACKA, "Nacka"),
            Municipality(HABO, "Håbo", terms=AreaTerms.ADMISSION_AND_COMPENSATION),
            Municipality(GNESTA, "Gnesta", terms=AreaTerms.ADMISSION_ONLY),
            Municipality(UPPSALA, "Uppsala", terms=AreaTerms.OUTSIDE),
        ],
        catalogue=Catalogue(
            organisers=[
                Organiser("Stockholms stad", "municipal", STOCKHOLM),
                Organiser("Gnesta kommun", "municipal", GNESTA),
                Organiser("Skolbolaget AB", "independent"),
            ],
            school_units=[
                SchoolUnit("11111111", "Norra gymnasiet", "Stockholms stad", STOCKHOLM),
                SchoolUnit("22222222", "Södra gymnasiet", "Skolbolaget AB", NACKA),
                SchoolUnit("33333333", "Gnesta gymnasium", "Gnesta kommun", GNESTA),
            ],
            offerings=[
                Offering("NORRA-NA", "11111111", "NA", 1),
                Offering("NORRA-EK", "11111111", "EK", 1),
                Offering("SODRA-ES", "22222222", "ES", 1),
                Offering("GNESTA-BF", "33333333", "BF", 1),
            ],
        ),
        actor=OFFICE,
        now=datetime(YEAR, 1, 2, tzinfo=UTC),
    )


def _import(uow: UnitOfWork, *pupils: tuple[int, str, str]) -> None:
    """Pupils (serial, home municipality, grade letter in every subject)."""
    rows = []
    for serial, home, letter in pupils:
        row = pupil(serial, letter)
        rows.append(replace(row, applicant=replace(row.applicant, home_municipality=home)))
    import_pupils(uow, year=YEAR, pupils=rows, actor=OFFICE, now=IN_APPLICATION_PERIOD)


def _apply(
    uow: UnitOfWork, serial: int, *codes: str, now: datetime = IN_APPLICATION_PERIOD
) -> None:
    submit_choices(
        uow,
        year=YEAR,
        personal_id=personal_id(serial),
        choices=[ChoiceRequest(code) for code in codes],
        actor=OFFICE if now is not IN_APPLICATION_PERIOD else as_applicant(personal_id(serial)),
        by_admission_office=now is not IN_APPLICATION_PERIOD,
        now=now,
    )


def _final(uow: UnitOfWork, *, publish: bool = False) -> int:
    summary = run_round(uow, year=YEAR, kind=RoundKind.FINAL, seed=3, actor=OFFICE, now=AFTER_FINAL)
    if publish:
        publish_round(uow, year=YEAR, round_id=summary.round_id, actor=OFFICE, now=AFTER_FINAL)
    return summary.round_id


def _placed(uow: UnitOfWork, round_id: int) -> dict[str, str | None]:
    with uow:
        result = uow.rounds.round_result(round_id)
    return {pid: code for pid, (code, _, _) in result.placements.items()}


def _explained(uow: UnitOfWork, round_id: int, serial: int) -> list[tuple[str, str, str | None]]:
    with uow:
        choices = uow.rounds.round_explanations(round_id)[personal_id(serial)]
    return [(c.offering_code, c.outcome.value, c.reception_ground) for c in choices]


# -- point 8: reception is derived ------------------------------------------------------------
def test_an_applicant_from_outside_the_area_is_second_hand_and_goes_after_first_hand(
    work: FakeUnitOfWork,
) -> None:
    """SL 16 kap. 44 §: Uppsala's applicant (merit 320) gets NORRA-NA only if a place is left
    after Nacka's first-hand applicant (merit 240, first hand by the samverkansavtal); the
    stored explanation says why. Nobody typed the reception in."""
    _open(work)
    _import(work, (1, UPPSALA, "A"), (2, NACKA, "C"))
    _apply(work, 1, "NORRA-NA")
    _apply(work, 2, "NORRA-NA")

    final = _final(work)

    assert _placed(work, final) == {personal_id(1): None, personal_id(2): "NORRA-NA"}
    assert _explained(work, final, 1) == [("NORRA-NA", "reserve", "home_offer_unknown")]
    assert _explained(work, final, 2) == [("NORRA-NA", "placed", "cooperation_agreement")]
    with work:
        [stored] = work.rounds.round_explanations(final)[personal_id(1)]
    assert stored.reception == "second_hand"
    assert rerun_round(work, year=YEAR, round_id=final)


def test_an_independent_school_never_receives_anyone_in_second_hand(work: FakeUnitOfWork) -> None:
    """admissions-rules §3.4: the higher merit wins at the independent school, wherever the
    applicant lives."""
    _open(work)
    _import(work, (1, UPPSALA, "A"), (2, STOCKHOLM, "C"))
    _apply(work, 1, "SODRA-ES")
    _apply(work, 2, "SODRA-ES")

    final = _final(work)

    assert _placed(work, final)[personal_id(1)] == "SODRA-ES"
    assert _explained(work, final, 1) == [("SODRA-ES", "placed", "independent_organiser")]


def test_the_home_municipality_of_the_day_the_round_is_run_decides(work: FakeUnitOfWork) -> None:
    """Issue 12 point 8: derived when the round's input is built, so a move into the area
    counts: the Uppsala applicant who moves to Stockholm is first hand at its own school."""
    _open(work)
    _import(work, (1, UPPSALA, "A"), (2, NACKA, "C"))
    _apply(work, 1, "NORRA-NA")
    _apply(work, 2, "NORRA-NA")
    _import(work, (1, STOCKHOLM, "A"))

    final = _final(work)

    assert _placed(work, final)[personal_id(1)] == "NORRA-NA"
    assert _explained(work, final, 1) == [("NORRA-NA", "placed", "own_municipality")]


def test_the_office_decides_first_hand_with_a_reason_and_the_round_follows_it(
    uow: UnitOfWork,
) -> None:
    """SL 16 kap. 43 § and the home municipality's statement (admissions-rules §3.4,
    yttrande "Finns inte"): the decision is stored on the choice, audited, and used."""
    _open(uow)
    _import(uow, (1, UPPSALA, "A"), (2, NACKA, "C"))
    _apply(uow, 1, "NORRA-NA")
    _apply(uow, 2, "NORRA-NA")

    decided = override_reception(
        uow,
        year=YEAR,
        personal_id=personal_id(1),
        offering_code="NORRA-NA",
        reception=Reception.FIRST_HAND,
        reason="Uppsalas yttrande 2026-02-20: programmet finns inte",
        actor=THE_OFFICER,
        now=BETWEEN_WINDOWS,
    )
    final = _final(uow)

    assert decided.ground is ReceptionGround.OFFICER_DECISION
    assert _placed(uow, final)[personal_id(1)] == "NORRA-NA"
    assert _explained(uow, final, 1) == [("NORRA-NA", "placed", "officer_decision")]
    with uow:
        [event] = uow.audit.events("choice", f"{personal_id(1)}:NORRA-NA")
    assert (event["actor"], event["action"]) == ("officer:alva", "reception")
    assert event["before"] == {
        "reception": "second_hand",
        "ground": "home_offer_unknown",
        "reason": "",
    }
    assert event["after"]["reception"] == "first_hand"
    assert event["after"]["reason"] == "Uppsalas yttrande 2026-02-20: programmet finns inte"
    # resubmitting the same choices keeps the office's decision
    _apply(uow, 1, "NORRA-NA", "NORRA-EK", now=BETWEEN_WINDOWS)
    with uow:
        rows = uow.admission.choices(uow.admission.year(YEAR).id, [personal_id(1)])
    assert rows[personal_id(1)][0].reception_override is Reception.FIRST_HAND


def test_an_impossible_or_unreasoned_decision_is_refused_and_changes_nothing(
    uow: UnitOfWork, session: Session
) -> None:
    """Issue 12 point 8: second hand for an own-municipality applicant, or at an independent
    school, is refused with a clear error; so is a decision without a reason, or by anyone but
    the admission office."""
    _open(uow)
    _import(uow, (1, STOCKHOLM, "A"))
    _apply(uow, 1, "NORRA-NA", "SODRA-ES")

    def decide(code: str, reason: str, actor: Actor = THE_OFFICER) -> None:
        override_reception(
            uow,
            year=YEAR,
            personal_id=personal_id(1),
            offering_code=code,
            reception=Reception.SECOND_HAND,
            reason=reason,
            actor=actor,
            now=BETWEEN_WINDOWS,
        )

    with pytest.raises(ReceptionNotPossible, match="own municipality") as own:
        decide("NORRA-NA", "finns i egna kommunen")
    with pytest.raises(ReceptionNotPossible, match="independent organiser"):
        decide("SODRA-ES", "fel")
    with pytest.raises(InvalidInput, match="behöver en motivering"):
        override_reception(
            uow,
            year=YEAR,
            personal_id=personal_id(1),
            offering_code="NORRA-NA",
            reception=Reception.FIRST_HAND,
            reason="",
            actor=THE_OFFICER,
            now=BETWEEN_WINDOWS,
        )
    with pytest.raises(NotPermitted):
        decide(
            "NORRA-NA",
            "skäl",
            Actor("syv", Role.COUNSELLOR, "SYV", school_unit_codes=frozenset({"11111111"})),
        )
    assert own.value.errors[0].field == "reception"
    assert session.execute(select(at.choice.c.reception_reason)).scalars().all() == [None, None]
    with uow:
        assert uow.audit.events("choice") == []


def test_a_reception_typed_in_before_issue_12_is_replaced_by_the_derived_one(
    uow: UnitOfWork, session: Session
) -> None:
    """Migration 0016: the typed value without a reason does not count; the derived one does."""
    _open(uow)
    _import(uow, (1, STOCKHOLM, "C"), (2, NACKA, "A"))
    _apply(uow, 1, "NORRA-NA")
    _apply(uow, 2, "NORRA-NA")
    session.execute(update(at.choice).values(reception="second_hand"))

    final = _final(uow)

    assert _placed(uow, final)[personal_id(2)] == "NORRA-NA"  # merit decides: both first hand
    assert _explained(uow, final, 1)[0][2] == "own_municipality"


@pytest.mark.parametrize(
    ("settings", "winner"),
    [(YearSettings(), 1), (YearSettings(PriorityRules(class_order=ON_TIME_FIRST_ORDER)), 2)],
    ids=["statute", "on-time-first"],
)
def test_a_late_first_hand_applicant_goes_before_an_on_time_second_hand_one_by_the_statute(
    work: FakeUnitOfWork, settings: YearSettings, winner: int
) -> None:
    """SL 16 kap. 43–44 §§: second hand only to places left after the first-hand applicants,
    late or not; the region may decide the old order, on-time before late (admissions-rules
    §3.5), as a setting."""
    _open(work, settings)
    _import(work, (1, STOCKHOLM, "D"), (2, UPPSALA, "A"))
    _apply(work, 2, "NORRA-NA")
    _apply(work, 1, "NORRA-NA", now=BETWEEN_WINDOWS)  # late

    final = _final(work)

    assert _placed(work, final)[personal_id(winner)] == "NORRA-NA"


# -- point 9: the admission area ---------------------------------------------------------------
def test_hbo_and_gnesta_are_parties_of_the_area_but_not_members(
    uow: UnitOfWork, session: Session
) -> None:
    """admissions-rules §3.4, §7.4, §10: they take part in admission (and pay its fee), never
    the members' service fee; a revenue base for Håbo is refused."""
    _open(uow)
    m = pt.municipality
    rows = session.execute(select(m.c.code, m.c.member, m.c.admission_terms).order_by(m.c.code))
    assert [tuple(r) for r in rows] == [
        (STOCKHOLM, True, "member"),
        (NACKA, True, "member"),
        (HABO, False, "admission_and_compensation"),
        (UPPSALA, False, "outside"),
        (GNESTA, False, "admission_only"),
    ]
    with uow:
        assert uow.member_fees.member_codes() == [STOCKHOLM, NACKA]
        assert uow.member_fees.admission_party_codes() == [STOCKHOLM, NACKA, HABO, GNESTA]
        assert uow.catalogue.admission_area().compensation_parties() == {STOCKHOLM, NACKA, HABO}
    with pytest.raises(InvalidInput):
        import_revenue_bases(
            uow,
            actor=STAFF,
            base_year=2024,
            rows=[RevenueRow(1, HABO, "1000000000")],
            source="bases.csv",
            now=BETWEEN_WINDOWS,
        )


def test_a_municipality_outside_the_area_can_be_added_so_its_pupils_can_be_imported(
    uow: UnitOfWork,
) -> None:
    """Issue 12 point 9: the pupil import accepts home municipalities of the area and outside
    it, once the office has recorded them; the change is audited."""
    _open(uow)
    set_area_terms(
        uow, code="2480", name="Umeå", terms=AreaTerms.OUTSIDE, actor=OFFICE, now=BETWEEN_WINDOWS
    )
    _import(uow, (1, "2480", "B"))
    with uow:
        record = uow.admission.applicant_record(uow.admission.year(YEAR).id, personal_id(1))
        [event] = uow.audit.events("municipality", "2480")
    assert record is not None
    assert record.home_municipality == "2480"
    assert event["after"] == {"name": "Umeå", "terms": "outside"}
    with pytest.raises(InvalidInput):
        set_area_terms(
            uow, code="24", name="", terms=AreaTerms.OUTSIDE, actor=OFFICE, now=BETWEEN_WINDOWS
        )


# -- point 10: an offering closed after admission -------------------------------------------
def _held_and_closed(uow: UnitOfWork) -> int:
    """Pupil 1 holds NORRA-EK (first choice) after the published final round; their second
    choice NORRA-NA was not tried. Pupil 2 chose NORRA-EK second. NORRA-EK closes."""
    _open(uow)
    _import(uow, (1, STOCKHOLM, "A"), (2, STOCKHOLM, "C"), (3, STOCKHOLM, "B"))
    _apply(uow, 1, "NORRA-EK", "NORRA-NA")
    _apply(uow, 2, "NORRA-NA", "NORRA-EK")
    _apply(uow, 3, "SODRA-ES")
    final = _final(uow, publish=True)
    assert _placed(uow, final)[personal_id(1)] == "NORRA-EK"
    assert _placed(uow, final)[personal_id(2)] == "NORRA-NA"
    return final


def test_the_holders_of_a_closed_offering_are_tried_on_their_other_choices(
    uow: UnitOfWork, session: Session
) -> None:
    """admissions-rules §4.3 ("startar ej"), issue 12 point 10: pupil 1 loses NORRA-EK, and
    NORRA-NA, not tried before because of that place, comes back. Pupil 2 holds NORRA-NA, and a
    held place is never taken (invariant 8), so pupil 1 is its first reserve. Nobody stays on
    the closed offering, and both are told."""
    _held_and_closed(uow)
    notified = close_offering(uow, year=YEAR, offering_code="NORRA-EK", actor=OFFICE, now=CLOSED_AT)
    reserve = run_round(
        uow, year=YEAR, kind=RoundKind.RESERVE, seed=3, actor=OFFICE, now=RESERVE_AT
    ).round_id

    assert notified == [personal_id(1), personal_id(2)]
    placed = _placed(uow, reserve)
    assert "NORRA-EK" not in placed.values()
    assert placed[personal_id(2)] == "NORRA-NA"
    assert _explained(uow, reserve, 1) == [
        ("NORRA-EK", "offering_closed", "own_municipality"),
        ("NORRA-NA", "reserve", "own_municipality"),
    ]
    messages = dict(
        session.execute(
            select(at.applicant.c.personal_id, at.message.c.kind).join(
                at.applicant, at.applicant.c.id == at.message.c.applicant_id
            )
        ).all()
    )
    assert messages == {personal_id(1): "offering_closed_holder", personal_id(2): "offering_closed"}
    with uow:
        [event] = uow.audit.events("offering", "NORRA-EK")
    assert event["after"]["holders"] == [personal_id(1)]
    assert event["after"]["applicants"] == [personal_id(1), personal_id(2)]


def test_a_holder_of_a_closed_offering_gets_a_free_place_lower_down(work: FakeUnitOfWork) -> None:
    """Issue 12 point 10: the lower choice withdrawn only because of the held place comes back;
    with a free place there, the holder is placed on it."""
    _held_and_closed(work)
    _apply(work, 1, "NORRA-EK", "NORRA-NA", "GNESTA-BF", now=CLOSED_AT)
    close_offering(work, year=YEAR, offering_code="NORRA-EK", actor=OFFICE, now=CLOSED_AT)
    reserve = run_round(
        work, year=YEAR, kind=RoundKind.RESERVE, seed=3, actor=OFFICE, now=RESERVE_AT
    ).round_id

    assert _placed(work, reserve)[personal_id(1)] == "GNESTA-BF"


def test_an_offering_can_be_reopened_until_the_next_round_is_run(work: FakeUnitOfWork) -> None:
    """Issue 12 point 10: reopening tells the same applicants; after a reserve round it is too
    late (the places were given to others)."""
    _held_and_closed(work)
    close_offering(work, year=YEAR, offering_code="NORRA-EK", actor=OFFICE, now=CLOSED_AT)
    assert reopen_offering(
        work, year=YEAR, offering_code="NORRA-EK", actor=OFFICE, now=REOPENED_AT
    ) == [personal_id(1), personal_id(2)]
    reserve = run_round(
        work, year=YEAR, kind=RoundKind.RESERVE, seed=3, actor=OFFICE, now=RESERVE_AT
    ).round_id
    assert _placed(work, reserve)[personal_id(1)] == "NORRA-EK"

    later = datetime(YEAR, 7, 3, tzinfo=UTC)
    close_offering(work, year=YEAR, offering_code="NORRA-EK", actor=OFFICE, now=later)
    run_round(work, year=YEAR, kind=RoundKind.SIMULATION, seed=3, actor=OFFICE, now=later)
    publish_round(work, year=YEAR, round_id=reserve, actor=OFFICE, now=later)
    run_round(work, year=YEAR, kind=RoundKind.RESERVE, seed=3, actor=OFFICE, now=later)
    with pytest.raises(Conflict, match="kan inte öppnas igen"):
        reopen_offering(work, year=YEAR, offering_code="NORRA-EK", actor=OFFICE, now=later)
