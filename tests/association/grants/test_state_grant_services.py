"""The rules of state grants' services on the unit of work in memory (``fakes``): who may do
what, a grant or key refused whole with nothing stored, an allocation kept once use is
reported, a report of use within what is left, reminders to the overdue only, and decisions on
unused funds (when, how they add up, what is refused) with what the audit trail says. The
repository and one happy path per use case are tested on the databases
(``test_state_grants``, ``test_state_grant_unused``)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest
from state_grant_examples import (
    AFTER_DUE,
    BOARD,
    DUE,
    NACKA,
    NOW,
    PSYCHIATRIC,
    REDISTRIBUTE,
    REPAY,
    STAFF,
    STOCKHOLM,
)

from samverka.association.grants.domain.grant_allocation import AllocationKeyKind, GrantTerms
from samverka.association.grants.domain.grant_follow_up import UseCategory
from samverka.association.grants.domain.grant_unused import (
    RedistributionKey,
)
from samverka.association.grants.ports import MemberMunicipality, UnitOfWork
from samverka.association.grants.services.state_grant_unused import decide_unused_funds
from samverka.association.grants.services.state_grants import (
    KeyRequest,
    UseRequest,
    allocate_grant,
    create_grant,
    record_populations,
    report_use,
    send_reminders,
)
from samverka.errors import Conflict, InvalidInput, NotFound, NotPermitted
from samverka.platform.access.domain.actors import Actor
from samverka.register.domain.population import AgeBand

from .fakes import FakeUnitOfWork, StateGrants


def _uow() -> FakeUnitOfWork:
    members = [
        MemberMunicipality("0180", "Stockholm", 975_551),
        MemberMunicipality("0182", "Nacka", 105_201),
    ]
    return FakeUnitOfWork(StateGrants(municipalities=members))


def _grant(uow: FakeUnitOfWork, terms: GrantTerms = PSYCHIATRIC) -> int:
    return create_grant(
        uow, actor=STAFF, name="Psykisk hälsa", year=2026, terms=terms, report_due=DUE, now=NOW
    )


def _equal(uow: FakeUnitOfWork, grant_id: int) -> None:
    allocate_grant(
        uow, actor=STAFF, grant_id=grant_id, key=KeyRequest(AllocationKeyKind.EQUAL), now=NOW
    )


def _use(amount: str) -> UseRequest:
    return UseRequest(
        UseCategory.TRAINING, "Utbildning", Decimal(amount), date(2026, 1, 1), date(2026, 2, 1)
    )


def _followed_up(uow: FakeUnitOfWork) -> int:
    """Equal shares of 240 000 kr net each; Stockholm used 200 000.50, Nacka all of its."""
    grant_id = _grant(uow)
    _equal(uow, grant_id)
    report_use(uow, actor=STOCKHOLM, grant_id=grant_id, use=_use("200000.50"), now=NOW)
    report_use(uow, actor=NACKA, grant_id=grant_id, use=_use("240000"), now=NOW)
    return grant_id


def test_the_fake_is_a_unit_of_work_of_state_grants() -> None:
    uow: UnitOfWork = FakeUnitOfWork()
    assert uow.state_grants.grants() == []


def test_a_grant_in_ore_or_without_a_name_is_refused_and_nothing_is_stored() -> None:
    uow = _uow()
    terms = GrantTerms(Decimal("100.50"), Decimal(100), Decimal(0))
    with pytest.raises(InvalidInput) as refused:
        create_grant(uow, actor=STAFF, name=" ", year=2026, terms=terms, now=NOW)
    assert {e.field for e in refused.value.errors} == {"total", "region_percent", "name"}
    assert uow.state_grants.stored == {}
    assert uow.audit.events() == []


def test_a_new_grant_is_audited_with_its_terms() -> None:
    uow = _uow()
    grant_id = _grant(uow)
    [event] = uow.audit.events("state_grant", str(grant_id))
    assert event["action"] == "create"
    assert event["after"] == {
        "id": grant_id,
        "name": "Psykisk hälsa",
        "year": 2026,
        "description": "",
        "terms": {"total": "1000000", "region_percent": "50", "set_aside_percent": "4"},
        "report_due": "2026-06-30",
    }


def test_a_custom_key_with_bad_rows_is_refused_whole_and_stores_nothing() -> None:
    uow = _uow()
    grant_id = _grant(uow)
    rows = [(2, "0180", "3"), (3, "0114", "1"), (4, "0182", "many")]
    key = KeyRequest(AllocationKeyKind.CUSTOM, rows=rows, source="nyckel.csv")
    with pytest.raises(InvalidInput) as refused:
        allocate_grant(uow, actor=STAFF, grant_id=grant_id, key=key, now=NOW)
    assert [(e.source, e.line, e.field) for e in refused.value.errors] == [
        ("nyckel.csv", 3, "municipality_code"),
        ("nyckel.csv", 4, "weight"),
    ]
    assert uow.state_grants.allocations == {}
    assert [e["action"] for e in uow.audit.events()] == ["create"]


def test_a_key_by_population_needs_every_members_population() -> None:
    uow = _uow()
    uow.state_grants.municipalities.append(MemberMunicipality("0114", "Upplands Väsby", None))
    grant_id = _grant(uow)
    with pytest.raises(InvalidInput, match="Ingen folkmängd är registrerad för 0114"):
        allocate_grant(
            uow,
            actor=STAFF,
            grant_id=grant_id,
            key=KeyRequest(AllocationKeyKind.POPULATION),
            now=NOW,
        )


def test_an_age_band_key_asks_the_register_for_its_band_and_refuses_one_with_nobody() -> None:
    uow = _uow()
    grant_id = _grant(uow)
    day = date(2026, 9, 1)
    key = KeyRequest(AllocationKeyKind.AGE_BAND, 16, 19, day)
    with pytest.raises(InvalidInput, match="blir noll tillsammans"):
        allocate_grant(uow, actor=STAFF, grant_id=grant_id, key=key, now=NOW)
    backwards = KeyRequest(AllocationKeyKind.AGE_BAND, 19, 16, day)
    with pytest.raises(InvalidInput, match="0 ≤ från ≤ till ≤ 120"):
        allocate_grant(uow, actor=STAFF, grant_id=grant_id, key=backwards, now=NOW)
    uow.state_grants.in_band = {"0180": 2, "0182": 1}
    allocate_grant(uow, actor=STAFF, grant_id=grant_id, key=key, now=NOW)
    assert uow.state_grants.asked == [(day, AgeBand(16, 19))]
    stored = uow.state_grants.allocations[grant_id]
    assert stored.key.description == "16–19 år 2026-09-01"
    assert [line.key_value for line in stored.allocation.lines] == [Decimal(2), Decimal(1)]


def test_a_grant_may_be_allocated_again_until_a_municipality_reports_use() -> None:
    uow = _uow()
    grant_id = _grant(uow)
    _equal(uow, grant_id)
    rows = [(2, "0180", "1"), (3, "0182", "3")]
    key = KeyRequest(AllocationKeyKind.CUSTOM, rows=rows)
    allocate_grant(uow, actor=STAFF, grant_id=grant_id, key=key, now=NOW)
    lines = uow.state_grants.allocations[grant_id].allocation.lines
    assert [x.gross for x in lines] == [Decimal(125_000), Decimal(375_000)]
    again = uow.audit.events("state_grant", str(grant_id))[-1]
    assert (again["action"], again["before"]["key"]["kind"], again["after"]["key"]["kind"]) == (
        "allocate",
        "equal",
        "custom",
    )
    report_use(uow, actor=NACKA, grant_id=grant_id, use=_use("100"), now=NOW)
    with pytest.raises(Conflict, match="fördelningen står kvar"):
        _equal(uow, grant_id)
    assert uow.state_grants.allocations[grant_id].key.kind is AllocationKeyKind.CUSTOM


def test_a_municipality_reports_use_of_its_own_allocation_only_and_not_beyond_it() -> None:
    uow = _uow()
    grant_id = _grant(uow)
    _equal(uow, grant_id)
    report_use(uow, actor=STOCKHOLM, grant_id=grant_id, use=_use("200000.50"), now=NOW)
    with pytest.raises(InvalidInput, match=r"mer än det som är kvar av tilldelningen \(39999.50"):
        report_use(uow, actor=STOCKHOLM, grant_id=grant_id, use=_use("40000"), now=NOW)
    with pytest.raises(NotFound):
        report_use(uow, actor=STOCKHOLM, grant_id=grant_id + 1, use=_use("1"), now=NOW)
    with pytest.raises(NotPermitted):
        report_use(uow, actor=STAFF, grant_id=grant_id, use=_use("1"), now=NOW)
    assert [u.amount for u in uow.state_grants.uses(grant_id)] == [Decimal("200000.50")]
    event = uow.audit.events("state_grant", str(grant_id))[-1]
    assert event["action"] == "report_use"
    assert event["after"]["report"]["municipality_code"] == "0180"
    assert event["after"]["report"]["amount"] == "200000.50"


def test_a_report_of_use_ending_before_it_starts_is_refused() -> None:
    uow = _uow()
    grant_id = _grant(uow)
    _equal(uow, grant_id)
    backwards = replace(_use("1"), period_start=date(2026, 3, 1), period_end=date(2026, 2, 1))
    with pytest.raises(InvalidInput):
        report_use(uow, actor=STOCKHOLM, grant_id=grant_id, use=backwards, now=NOW)
    assert uow.state_grants.uses(grant_id) == []


def test_reminders_go_to_the_overdue_only_and_none_before_the_allocation() -> None:
    uow = _uow()
    grant_id = _grant(uow)
    with pytest.raises(Conflict, match="inte fördelade ännu"):
        send_reminders(uow, actor=STAFF, grant_id=grant_id, now=AFTER_DUE)
    _equal(uow, grant_id)
    assert send_reminders(uow, actor=STAFF, grant_id=grant_id, now=NOW) == []  # none is late
    report_use(uow, actor=STOCKHOLM, grant_id=grant_id, use=_use("1000"), now=NOW)
    assert send_reminders(uow, actor=STAFF, grant_id=grant_id, now=AFTER_DUE) == ["0182"]
    [reminder] = uow.state_grants.reminders(grant_id)
    assert "Psykisk hälsa" in reminder.message
    with pytest.raises(NotFound):
        send_reminders(uow, actor=STAFF, grant_id=grant_id, municipality_code="0114", now=AFTER_DUE)
    event = uow.audit.events("state_grant", str(grant_id))[-1]
    reminded = [reminder["municipality_code"] for reminder in event["after"]]
    assert (event["action"], reminded) == ("remind", ["0182"])


def test_populations_are_recorded_for_members_only_and_audited() -> None:
    uow = _uow()
    with pytest.raises(InvalidInput):
        record_populations(uow, actor=STAFF, populations={"0114": 5}, now=NOW)
    record_populations(uow, actor=STAFF, populations={"0180": 1_000_000}, now=NOW)
    assert [m.population for m in uow.state_grants.members()] == [1_000_000, 105_201]
    [event] = uow.audit.events("municipality_population")
    assert (event["before"], event["after"]) == (
        {"populations": {"0180": 975_551}},
        {"populations": {"0180": 1_000_000}},
    )


@pytest.mark.parametrize("actor", [BOARD, STOCKHOLM], ids=["board member", "municipality"])
def test_only_the_staff_change_grants(actor: Actor) -> None:
    uow = _uow()
    grant_id = _grant(uow)
    with pytest.raises(NotPermitted):
        create_grant(uow, actor=actor, name="X", year=2026, terms=PSYCHIATRIC, now=NOW)
    key = KeyRequest(AllocationKeyKind.EQUAL)
    with pytest.raises(NotPermitted):
        allocate_grant(uow, actor=actor, grant_id=grant_id, key=key, now=NOW)
    with pytest.raises(NotPermitted):
        send_reminders(uow, actor=actor, grant_id=grant_id, now=NOW)
    with pytest.raises(NotPermitted):
        decide_unused_funds(uow, actor=actor, grant_id=grant_id, decision=REPAY, now=AFTER_DUE)
    assert list(uow.state_grants.stored) == [grant_id]
    assert uow.state_grants.allocations == {}


# -- unused funds (rules-audit-2026-12 §6; förordning (2015:504) 8–10 §§) ----------------------
def test_unused_funds_are_decided_on_only_after_the_reports_are_due() -> None:
    uow = _uow()
    grant_id = _followed_up(uow)
    early = replace(REPAY, decided_on=NOW.date())
    with pytest.raises(Conflict, match="senast 2026-06-30"):
        decide_unused_funds(uow, actor=STAFF, grant_id=grant_id, decision=early, now=NOW)
    assert uow.state_grants.unused_decisions(grant_id) == []


def test_a_decision_dated_after_today_is_refused() -> None:
    uow = _uow()
    grant_id = _followed_up(uow)
    later = replace(REPAY, decided_on=date(2026, 8, 1))
    with pytest.raises(InvalidInput, match="daterat efter i dag"):
        decide_unused_funds(uow, actor=STAFF, grant_id=grant_id, decision=later, now=AFTER_DUE)


def test_a_repaid_grant_has_nothing_left_to_decide_on_to_use_or_to_allocate() -> None:
    uow = _uow()
    grant_id = _followed_up(uow)
    result = decide_unused_funds(uow, actor=STAFF, grant_id=grant_id, decision=REPAY, now=AFTER_DUE)
    assert result.settlement.amount == Decimal("39999.50")
    event = uow.audit.events("state_grant", str(grant_id))[-1]
    assert event["action"] == "decide_unused"
    after = event["after"]
    assert [
        (line["municipality_code"], line["returned"], line["received"])
        for line in after["settlement"]["lines"]
    ] == [("0180", "39999.50", "0")]
    assert after["decision"]["repaid_to"] == "Kammarkollegiet"
    with pytest.raises(Conflict, match="Inget av medlen har blivit över"):
        decide_unused_funds(uow, actor=STAFF, grant_id=grant_id, decision=REPAY, now=AFTER_DUE)
    with pytest.raises(InvalidInput, match="mer än det som är kvar"):
        report_use(uow, actor=STOCKHOLM, grant_id=grant_id, use=_use("1"), now=AFTER_DUE)
    with pytest.raises(Conflict, match="fördelningen står kvar"):
        _equal(uow, grant_id)


def test_the_unused_amount_is_redistributed_to_those_who_used_all_of_theirs() -> None:
    uow = _uow()
    grant_id = _followed_up(uow)
    result = decide_unused_funds(
        uow, actor=STAFF, grant_id=grant_id, decision=REDISTRIBUTE, now=AFTER_DUE
    )
    lines = {x.municipality_code: (x.returned, x.received) for x in result.settlement.lines}
    assert lines == {
        "0180": (Decimal("39999.50"), Decimal(0)),
        "0182": (Decimal(0), Decimal("39999.50")),
    }
    [stored] = uow.state_grants.unused_decisions(grant_id)
    assert stored.decision.recipients == ("0182",)
    assert stored.decision.key is RedistributionKey.GRANT_KEY
    report_use(uow, actor=NACKA, grant_id=grant_id, use=_use("39999.50"), now=AFTER_DUE)
    with pytest.raises(InvalidInput, match="mer än det som är kvar"):
        report_use(uow, actor=NACKA, grant_id=grant_id, use=_use("0.01"), now=AFTER_DUE)


def test_a_redistribution_by_population_to_named_municipalities_adds_up_to_the_ore() -> None:
    uow = _uow()
    grant_id = _grant(uow)
    _equal(uow, grant_id)
    report_use(uow, actor=STOCKHOLM, grant_id=grant_id, use=_use("100000"), now=NOW)
    report_use(uow, actor=NACKA, grant_id=grant_id, use=_use("100000.01"), now=NOW)
    decision = replace(REDISTRIBUTE, recipients=("0180", "0182"), key=RedistributionKey.POPULATION)
    result = decide_unused_funds(
        uow, actor=STAFF, grant_id=grant_id, decision=decision, now=AFTER_DUE
    )
    received = {x.municipality_code: x.received for x in result.settlement.lines}
    assert sum(received.values()) == result.settlement.amount == Decimal("279999.99")
    assert received["0180"] > 9 * received["0182"]  # 975 551 : 105 201


def test_when_everyone_left_funds_unused_the_recipients_must_be_named() -> None:
    uow = _uow()
    grant_id = _grant(uow)
    _equal(uow, grant_id)
    with pytest.raises(InvalidInput, match="ange mottagarna"):
        decide_unused_funds(
            uow, actor=STAFF, grant_id=grant_id, decision=REDISTRIBUTE, now=AFTER_DUE
        )


def test_an_incomplete_decision_is_refused_naming_each_problem_and_stores_nothing() -> None:
    uow = _uow()
    grant_id = _followed_up(uow)
    incomplete = replace(REPAY, repaid_to=" ", repaid_on=None, reference="")
    with pytest.raises(InvalidInput) as refused:
        decide_unused_funds(uow, actor=STAFF, grant_id=grant_id, decision=incomplete, now=AFTER_DUE)
    assert {e.field for e in refused.value.errors} == {"repaid_to", "repaid_on", "reference"}
    unknown = replace(REDISTRIBUTE, recipients=("0114",))
    with pytest.raises(InvalidInput, match="no allocation of this grant to 0114"):
        decide_unused_funds(uow, actor=STAFF, grant_id=grant_id, decision=unknown, now=AFTER_DUE)
    assert uow.state_grants.unused_decisions(grant_id) == []
    assert [e["action"] for e in uow.audit.events("state_grant", str(grant_id))] == [
        "create",
        "allocate",
        "report_use",
        "report_use",
    ]
