"""The rules of the money's terms in the services, on the unit of work in memory
(``compensation.fakes``): who may, what is refused (every problem at once), that a refusal
changes nothing, and what the audit trail keeps (issue 13, points 3–7; skollagen 16 kap.
52–54 §§; seed 001, "Gemensam gymnasieregion", for the price proposal). The same use cases'
happy paths run on SQLite and PostgreSQL in ``test_compensation_terms.py``."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest
from compensation_terms_examples import (
    EBBA,
    NOW,
    OFFICER,
    SEPTEMBER,
    STAFF,
    STOCKHOLM_OFFICIAL,
    UPPSALA,
    YEAR,
    grant_request,
)

from compensation.fakes import NACKA, SOLNA, STOCKHOLM, FakeUnitOfWork
from samverka.compensation.domain.net_settlement import ClearingDecision, SettlementMode
from samverka.compensation.domain.organiser import Organiser
from samverka.compensation.domain.organiser_shares import OrganiserShares
from samverka.compensation.domain.period import Month
from samverka.compensation.domain.price_list import Price, PriceList, PriceRounding
from samverka.compensation.domain.price_proposal import DecisionOutcome, PriceDecision
from samverka.compensation.ports import OutsideSchoolUnit, Payee, UnitOfWork
from samverka.compensation.services.additional_grants import (
    end_additional_grant,
    record_additional_grants,
)
from samverka.compensation.services.compensation import COMMON
from samverka.compensation.services.compensation_terms import (
    record_clearing_decision,
    register_payee,
    set_year_shares,
)
from samverka.compensation.services.price_proposals import (
    import_own_price_list,
    propose_prices,
    record_price_decision,
)
from samverka.errors import Conflict, InvalidInput, NotFound, NotPermitted
from samverka.platform.access.domain.actors import Actor, Role


def test_the_fake_is_compensations_unit_of_work() -> None:
    uow: UnitOfWork = FakeUnitOfWork()  # checked by mypy: the fake has every port
    with uow:
        assert uow.compensation_terms.member_codes() == [STOCKHOLM, NACKA, SOLNA]


# -- the year's shares and the clearing decision -----------------------------------------------
def test_only_the_officer_sets_the_shares_and_the_setting_is_audited_before_and_after() -> None:
    uow = FakeUnitOfWork()
    with pytest.raises(NotPermitted):
        set_year_shares(uow, actor=STOCKHOLM_OFFICIAL, shares=OrganiserShares(YEAR), now=NOW)
    first = OrganiserShares(YEAR, Decimal(2), Decimal(6), False, date(YEAR, 10, 1), "KF § 4")
    set_year_shares(uow, actor=OFFICER, shares=first, now=NOW)
    set_year_shares(uow, actor=OFFICER, shares=OrganiserShares(YEAR, included=True), now=NOW)
    events = uow.audit.events("compensation_year_setting", str(YEAR))
    assert [(e["actor"], e["action"]) for e in events] == [("officer:alva", "set")] * 2
    assert (events[0]["before"], events[0]["after"]["administration"]) == (None, "2")
    assert (events[1]["before"]["reference"], events[1]["after"]["included"]) == ("KF § 4", True)
    assert uow.world.shares[YEAR].included


def test_a_clearing_decision_needs_the_officer_and_a_reference() -> None:
    uow = FakeUnitOfWork()
    decision = ClearingDecision(SettlementMode.MULTILATERAL, SEPTEMBER, date(YEAR, 6, 1), " ")
    with pytest.raises(NotPermitted):
        record_clearing_decision(uow, actor=STOCKHOLM_OFFICIAL, decision=decision, now=NOW)
    with pytest.raises(InvalidInput) as refused:
        record_clearing_decision(uow, actor=OFFICER, decision=decision, now=NOW)
    assert [e.field for e in refused.value.errors] == ["reference"]
    assert uow.world.clearing == []
    kept = ClearingDecision(SettlementMode.MULTILATERAL, SEPTEMBER, date(YEAR, 6, 1), "S § 9")
    assert record_clearing_decision(uow, actor=OFFICER, decision=kept, now=NOW) == 1
    [event] = uow.audit.events("clearing_decision", "1")
    assert event["after"] == {
        "mode": "multilateral",
        "from_month": {"year": 2026, "month": 9},
        "decided_on": "2026-06-01",
        "reference": "S § 9",
    }


# -- tilläggsbelopp -----------------------------------------------------------------------------
def test_a_municipality_cannot_decide_for_another_and_bad_decisions_change_nothing() -> None:
    uow = FakeUnitOfWork()
    with pytest.raises(NotPermitted):
        record_additional_grants(
            uow, actor=STOCKHOLM_OFFICIAL, requests=[grant_request(municipality=NACKA)], now=NOW
        )
    bad = [
        grant_request(personal_id="20100315-0013"),
        grant_request(amount=Decimal(-5), last=Month(YEAR, 8)),
        grant_request(decided_on=date(YEAR, 12, 24)),
        grant_request(municipality=UPPSALA, reference=" "),
    ]
    with pytest.raises(InvalidInput) as refused:
        record_additional_grants(uow, actor=OFFICER, requests=bad, now=NOW)
    fields = sorted(error.field for error in refused.value.errors)
    assert fields == ["amount", "decided_on", "last", "municipality", "personal_id", "reference"]
    with pytest.raises(InvalidInput):
        record_additional_grants(uow, actor=OFFICER, requests=[], now=NOW)
    assert uow.world.grants == []
    assert uow.audit.events() == []


def test_a_recorded_decision_is_audited_with_its_values_and_the_officer_may_decide_for_any() -> (
    None
):
    uow = FakeUnitOfWork()
    ids = record_additional_grants(
        uow, actor=OFFICER, requests=[grant_request(), grant_request(municipality=NACKA)], now=NOW
    )
    assert ids == [1, 2]
    [event] = uow.audit.events("additional_grant", "1")
    assert (event["actor"], event["action"], event["before"]) == ("officer:alva", "recorded", None)
    after = event["after"]
    assert (after["pupil_id"], after["decided_on"], after["reference"]) == (
        EBBA,
        "2026-08-20",
        "UN 2026/88",
    )
    assert after["grant"] == {
        "decision_id": 1,  # the stored decision's, as the event's key
        "municipality": STOCKHOLM,
        "kind": "niu",
        "amount": "24000",
        "per": "year",
        "first": {"year": 2026, "month": 9},
        "last": None,
    }


def test_ending_a_decision_is_refused_before_its_first_month_or_after_an_earlier_end() -> None:
    uow = FakeUnitOfWork()
    (decision_id,) = record_additional_grants(
        uow, actor=STOCKHOLM_OFFICIAL, requests=[grant_request()], now=NOW
    )
    nacka = Actor("nils", Role.MUNICIPALITY, "Nils", municipality_code=NACKA)
    for actor, wanted in ((nacka, decision_id), (STOCKHOLM_OFFICIAL, 99)):
        with pytest.raises(NotFound):  # another municipality's is not shown to exist
            end_additional_grant(uow, actor=actor, decision_id=wanted, last=SEPTEMBER, now=NOW)
    with pytest.raises(InvalidInput) as refused:
        end_additional_grant(
            uow, actor=STOCKHOLM_OFFICIAL, decision_id=decision_id, last=Month(YEAR, 8), now=NOW
        )
    assert [e.field for e in refused.value.errors] == ["last"]
    ended = end_additional_grant(
        uow, actor=STOCKHOLM_OFFICIAL, decision_id=decision_id, last=Month(YEAR, 10), now=NOW
    )
    assert ended.grant.last == Month(YEAR, 10)
    with pytest.raises(Conflict, match="slutar redan 2026-10"):
        end_additional_grant(
            uow, actor=OFFICER, decision_id=decision_id, last=Month(YEAR, 11), now=NOW
        )
    recorded, end = uow.audit.events("additional_grant", str(decision_id))
    assert (recorded["action"], end["action"]) == ("recorded", "ended")
    assert (end["before"]["grant"]["last"], end["after"]["grant"]["last"]) == (
        None,
        {"year": 2026, "month": 10},
    )


# -- payees -------------------------------------------------------------------------------------
FRISKOLAN = Payee(Organiser.independent("556000-1111"), "Friskolan AB", None, "5050-1055")
UNIT = OutsideSchoolUnit("99990001", "Katedralskolan", UPPSALA, "Uppsala")


def test_every_problem_of_a_payee_is_reported_at_once_and_nothing_is_stored() -> None:
    uow = FakeUnitOfWork()
    bad = Payee(Organiser.municipality("12"), " ", "5560001111", None, "ABC")
    units = [OutsideSchoolUnit("skolan", "S", "03", "Uppsala")]
    with pytest.raises(InvalidInput) as refused:
        register_payee(uow, actor=OFFICER, payee=bad, now=NOW, school_units=units)
    assert [e.field for e in refused.value.errors] == [
        "code",
        "organisation_number",
        "name",
        "plusgiro",
        "school_units",
        "school_units.1",
        "school_units.1",
    ]
    none = Payee(Organiser.independent("556000-1111"), "Friskolan AB")
    with pytest.raises(InvalidInput, match="bankgironummer eller ett plusgironummer"):
        register_payee(uow, actor=OFFICER, payee=none, now=NOW)
    with pytest.raises(NotPermitted):
        register_payee(uow, actor=STOCKHOLM_OFFICIAL, payee=FRISKOLAN, now=NOW)
    assert uow.world.payees == {}


def test_school_units_outside_the_area_lie_outside_it_and_are_registered_once() -> None:
    uow = FakeUnitOfWork()
    uppsala = Payee(
        Organiser.municipality(UPPSALA), "Uppsala kommun", None, "5050-1055", None, True
    )
    inside = OutsideSchoolUnit("99990002", "S", STOCKHOLM, "Stockholm")
    with pytest.raises(Conflict, match="ligger i en medlemskommun"):
        register_payee(uow, actor=OFFICER, payee=uppsala, now=NOW, school_units=[inside])
    member = replace(uppsala, organiser=Organiser.municipality(NACKA))
    with pytest.raises(Conflict, match="är en medlemskommun"):
        register_payee(uow, actor=OFFICER, payee=member, now=NOW)
    register_payee(uow, actor=OFFICER, payee=uppsala, now=NOW, school_units=[UNIT])
    assert (uow.world.others, uow.world.school_units) == ([UPPSALA], ["99990001"])
    with pytest.raises(Conflict, match="Skolenheterna finns redan: 99990001"):
        register_payee(uow, actor=OFFICER, payee=uppsala, now=NOW, school_units=[UNIT])
    again = Payee(uppsala.organiser, "Uppsala kommun", None, "5050-1056", None, True)
    register_payee(uow, actor=OFFICER, payee=again, now=NOW)
    first, second = uow.audit.events("compensation_payee", f"municipality:{UPPSALA}")
    assert (first["before"], first["after"]["school_units"]) == (
        None,
        [
            {
                "code": "99990001",
                "name": "Katedralskolan",
                "municipality_code": UPPSALA,
                "municipality_name": "Uppsala",
            }
        ],
    )
    before, after = second["before"]["payee"], second["after"]["payee"]
    assert (before["bankgiro"], after["bankgiro"]) == ("5050-1055", "5050-1056")


# -- the price proposal and the municipalities' decisions --------------------------------------
def _with_list(uow: FakeUnitOfWork, year: int = YEAR) -> None:
    with uow:
        uow.world.price_lists[(year, COMMON)] = PriceList(
            year, (Price("NA", None, Decimal(120000)),)
        )
        uow.commit()


def _propose(uow: FakeUnitOfWork, actor: Actor = STAFF, **changes: object) -> None:
    values: dict[str, object] = {
        "year": YEAR + 1,
        "percent": Decimal(10),
        "level_percent": {},
        "rounding": PriceRounding(),
        "proposed_on": date(YEAR, 10, 1),
        "reference": "Styrelsen § 7",
        "now": NOW,
    }
    propose_prices(uow, actor=actor, **(values | changes))  # type: ignore[arg-type]


def test_the_association_proposes_and_every_problem_of_a_proposal_is_reported_at_once() -> None:
    uow = FakeUnitOfWork()
    with pytest.raises(NotPermitted):
        _propose(uow, STOCKHOLM_OFFICIAL)
    with pytest.raises(InvalidInput) as refused:
        _propose(uow, proposed_on=date(YEAR, 12, 24), reference=" ")
    assert [e.field for e in refused.value.errors] == ["proposed_on", "reference"]
    with pytest.raises(NotFound, match="ingen gemensam prislista för 2026"):
        _propose(uow)
    _with_list(uow)
    _propose(uow)
    assert uow.world.price_lists[(YEAR + 1, COMMON)].prices[0].yearly == Decimal(132000)
    [event] = uow.audit.events("price_proposal", str(YEAR + 1))
    assert (event["actor"], event["after"]["proposal"]["percent"], event["after"]["deadline"]) == (
        "association_staff:kajsa",
        "10",
        "2026-12-01",
    )
    with pytest.raises(Conflict, match="välj att ersätta den"):
        _propose(uow)
    _propose(uow, percent=Decimal(3), replace=True)  # no one has decided yet
    assert uow.world.proposals[YEAR + 1].percent == Decimal(3)


def test_a_proposal_decided_on_is_not_made_again_and_a_decision_is_the_municipalitys_own() -> None:
    uow = FakeUnitOfWork()
    _with_list(uow)
    _propose(uow)
    decision = PriceDecision(YEAR + 1, STOCKHOLM, DecisionOutcome.ADOPTED, date(YEAR, 10, 15), "1")
    record_price_decision(uow, actor=STOCKHOLM_OFFICIAL, decision=decision, now=NOW)
    nacka = PriceDecision(YEAR + 1, NACKA, DecisionOutcome.ADOPTED, date(YEAR, 10, 2), "x")
    with pytest.raises(NotPermitted):
        record_price_decision(uow, actor=STOCKHOLM_OFFICIAL, decision=nacka, now=NOW)
    with pytest.raises(Conflict, match="redan beslutat om förslaget"):
        _propose(uow, percent=Decimal(3), replace=True)
    assert uow.world.proposals[YEAR + 1].percent == Decimal(10)


def test_a_decision_needs_a_member_a_proposal_a_date_not_in_the_future_and_a_reference() -> None:
    uow = FakeUnitOfWork()
    future = PriceDecision(YEAR + 1, STOCKHOLM, DecisionOutcome.ADOPTED, date(YEAR, 12, 1), " ")
    with pytest.raises(InvalidInput) as refused:
        record_price_decision(uow, actor=OFFICER, decision=future, now=NOW)
    assert [e.field for e in refused.value.errors] == ["decided_on", "reference"]
    outside = PriceDecision(YEAR + 1, UPPSALA, DecisionOutcome.ADOPTED, date(YEAR, 10, 1), "1")
    with pytest.raises(NotFound, match="ingen medlemskommun 0380"):
        record_price_decision(uow, actor=OFFICER, decision=outside, now=NOW)
    adopted = PriceDecision(YEAR + 1, NACKA, DecisionOutcome.ADOPTED, date(YEAR, 10, 3), "b")
    with pytest.raises(Conflict, match="inget prisförslag"):
        record_price_decision(uow, actor=OFFICER, decision=adopted, now=NOW)
    assert uow.world.decisions == {}


def test_an_own_list_decision_needs_the_own_list_and_a_new_decision_replaces_the_earlier() -> None:
    uow = FakeUnitOfWork()
    _with_list(uow)
    _propose(uow, actor=OFFICER)
    own = PriceDecision(YEAR + 1, NACKA, DecisionOutcome.OWN_LIST, date(YEAR, 10, 3), "b")
    with pytest.raises(Conflict, match="ingen egen prislista"):
        record_price_decision(uow, actor=OFFICER, decision=own, now=NOW)
    not_adopted = PriceDecision(
        YEAR + 1, NACKA, DecisionOutcome.NOT_ADOPTED, date(YEAR, 10, 2), "a"
    )
    record_price_decision(uow, actor=OFFICER, decision=not_adopted, now=NOW)
    prices = PriceList(YEAR + 1, (Price("NA", None, Decimal(108000)),))
    import_own_price_list(uow, actor=OFFICER, municipality=NACKA, price_list=prices, now=NOW)
    record_price_decision(uow, actor=OFFICER, decision=own, now=NOW)
    assert uow.world.decisions[(YEAR + 1, NACKA)].outcome is DecisionOutcome.OWN_LIST
    first, second = uow.audit.events("price_decision", f"{YEAR + 1}:{NACKA}")
    assert (first["before"], second["before"]["decision"]["outcome"]) == (None, "not_adopted")
    assert second["after"]["decision"]["outcome"] == "own_list"
    [imported] = uow.audit.events("price_list", f"{YEAR + 1}:own:{NACKA}")
    assert (imported["before"], imported["after"]) == (None, {"prices": 1})


def test_an_own_list_is_the_municipalitys_own_prices_only() -> None:
    uow = FakeUnitOfWork()
    theirs = PriceList(YEAR, (Price("NA", None, Decimal(1), municipality=SOLNA),))
    with pytest.raises(Conflict, match="inga andra kommuners priser"):
        import_own_price_list(uow, actor=OFFICER, municipality=NACKA, price_list=theirs, now=NOW)
    mine = PriceList(YEAR, (Price("NA", None, Decimal(1)),))
    with pytest.raises(NotFound, match="ingen medlemskommun 0380"):
        import_own_price_list(uow, actor=OFFICER, municipality=UPPSALA, price_list=mine, now=NOW)
    with pytest.raises(NotPermitted):
        import_own_price_list(
            uow, actor=STOCKHOLM_OFFICIAL, municipality=NACKA, price_list=mine, now=NOW
        )
    assert uow.world.price_lists == {}
