"""The rules of member fees' services on the unit of work in memory (``fakes``): who may decide,
the cap and the missing revenue refused with nothing stored, a decided year decided again only
with a reason, a revenue import all or nothing, and what the audit trail says. The repository
and one happy path per use case are tested on the databases (``test_member_fees``)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from member_fee_support import BOARD, NOW, REFERENCE, STAFF, STOCKHOLM, service_fee_decision

from samverka.association.fees.domain.admission_fee import AdmissionFeeDecision, CountBasis
from samverka.association.fees.domain.fee_invoices import FeeKind
from samverka.association.fees.domain.revenue_base import RevenueRow
from samverka.association.fees.ports import UnitOfWork
from samverka.association.fees.services import (
    decide_admission_fee,
    decide_service_fee,
    import_revenue_bases,
    set_revenue_base,
)
from samverka.errors import Conflict, InvalidInput, NotPermitted, worded
from samverka.platform.access.domain.actors import Actor
from samverka.platform.web.i18n import Catalogue

from .fakes import FakeUnitOfWork, MemberFees

REVENUES = {
    "0180": Decimal(60_000_000_000),
    "0182": Decimal("6300000000.50"),
    "0114": Decimal(2_800_000_000),
}


def _uow(revenues: dict[str, Decimal] | None = None) -> FakeUnitOfWork:
    fees = MemberFees(members=["0114", "0180", "0182"])
    fees.revenues[2024] = dict(REVENUES if revenues is None else revenues)
    return FakeUnitOfWork(fees)


def _admission(**changes: object) -> AdmissionFeeDecision:
    values: dict[str, object] = {
        "fee_year": 2027,
        "budgeted_cost": Decimal(1_000_000),
        "reference_date": REFERENCE,
        "decided_on": date(2026, 12, 4),
        "decided_by": "styrelsen",
    }
    values.update(changes)
    return AdmissionFeeDecision(**values)  # type: ignore[arg-type]


def test_the_fake_is_a_unit_of_work_of_member_fees() -> None:
    uow: UnitOfWork = FakeUnitOfWork()
    assert uow.member_fees.member_codes() == []


def test_a_rate_above_the_cap_is_refused_and_nothing_is_stored() -> None:
    uow = _uow()
    with pytest.raises(InvalidInput, match=r"exceeds the general assembly's cap of 0\.50"):
        decide_service_fee(uow, actor=STAFF, decision=service_fee_decision("0.51"), now=NOW)
    assert uow.member_fees.decisions == []
    assert uow.member_fees.invoices == {}
    assert uow.audit.events() == []


def test_a_decision_with_several_problems_names_each_at_its_field() -> None:
    decision = service_fee_decision("0", base_year=2028, decided_by=" ", instalments=3)
    with pytest.raises(InvalidInput) as refused:
        decide_service_fee(_uow(), actor=STAFF, decision=decision, now=NOW)
    assert {e.field for e in refused.value.errors} == {
        "rate_per_mille",
        "base_year",
        "decided_by",
        "instalments",
    }


def test_a_member_without_a_revenue_base_stops_the_decision() -> None:
    uow = _uow({"0180": Decimal(1000)})
    with pytest.raises(InvalidInput, match="0114, 0182"):
        decide_service_fee(uow, actor=STAFF, decision=service_fee_decision(), now=NOW)
    assert uow.member_fees.decisions == []


def test_the_service_fee_gives_every_member_its_rounded_fee_and_an_invoice_audited() -> None:
    uow = _uow()
    result = decide_service_fee(uow, actor=STAFF, decision=service_fee_decision(), now=NOW)
    assert (result.version, result.municipalities, result.invoices) == (1, 3, 3)
    [stored] = uow.member_fees.decisions
    assert stored.fees["0182"] == Decimal(2_646_000)  # 0.42 ‰ × 6 300 000 000.50, rounded
    invoices = uow.member_fees.invoices[stored.id]
    assert [i.invoice_number for i in invoices] == [
        "SA-2027-0114-1",
        "SA-2027-0180-1",
        "SA-2027-0182-1",
    ]
    [event] = uow.audit.events("service_fee_decision", "2027")
    assert event["action"] == "decide"
    assert event["after"]["decision"]["rate_per_mille"] == "0.42"
    assert event["after"]["total"] == str(result.total)


def test_a_decided_year_is_decided_again_only_with_a_reason_and_the_earlier_is_superseded() -> None:
    uow = _uow()
    decide_service_fee(uow, actor=STAFF, decision=service_fee_decision(), now=NOW)
    with pytest.raises(Conflict, match="redan beslutad"):
        decide_service_fee(uow, actor=STAFF, decision=service_fee_decision("0.40"), now=NOW)
    assert len(uow.member_fees.decisions) == 1
    assert uow.member_fees.decisions[0].superseded_at is None  # the refusal changed nothing
    again = decide_service_fee(
        uow,
        actor=STAFF,
        decision=service_fee_decision("0.40"),
        reason="fullmäktige sänkte",
        now=NOW,
    )
    assert again.version == 2
    first, second = uow.member_fees.decisions
    assert (first.superseded_at, second.superseded_at) == (NOW, None)
    assert second.reason == "fullmäktige sänkte"
    numbers = [i.invoice_number for i in uow.member_fees.invoices[second.id]]
    assert numbers[0] == "SA-2027-0114-2"
    events = uow.audit.events("service_fee_decision", "2027")
    assert [e["action"] for e in events] == ["decide", "decide_again"]
    assert events[1]["before"]["version"] == 1
    assert events[1]["after"]["reason"] == "fullmäktige sänkte"


def test_a_revenue_import_with_bad_rows_reports_each_and_stores_nothing() -> None:
    uow = _uow({})
    rows = [RevenueRow(2, "0180", "100"), RevenueRow(3, "0999", "5"), RevenueRow(4, "0182", "x")]
    with pytest.raises(InvalidInput) as raised:
        import_revenue_bases(uow, actor=STAFF, base_year=2024, rows=rows, source="in.csv", now=NOW)
    assert [(e.line, e.field) for e in raised.value.errors] == [
        (3, "municipality_code"),
        (4, "revenue"),
    ]
    assert uow.member_fees.revenues[2024] == {}
    assert uow.audit.events() == []


def test_a_base_year_outside_2000_to_2100_is_refused() -> None:
    with pytest.raises(InvalidInput, match="2000–2100"):
        set_revenue_base(
            _uow(), actor=STAFF, base_year=1999, municipality_code="0180", revenue="1", now=NOW
        )


def test_setting_one_revenue_replaces_the_earlier_one_and_is_audited_with_both() -> None:
    uow = _uow()
    stored = set_revenue_base(
        uow, actor=STAFF, base_year=2024, municipality_code="0182", revenue="7 000 000 000", now=NOW
    )
    assert stored == Decimal(7_000_000_000)
    assert uow.member_fees.revenues[2024]["0182"] == Decimal(7_000_000_000)
    [event] = uow.audit.events("fee_revenue_base", "2024")
    assert event["action"] == "set"
    assert event["before"] == {"revenue": {"0182": "6300000000.50"}, "source": None}
    assert event["after"] == {"revenue": {"0182": "7000000000.00"}, "source": "set by hand"}


def test_the_admission_fee_asks_the_register_by_the_decisions_basis_and_splits_the_cost() -> None:
    uow = _uow()
    uow.member_fees.young = {"0180": 2, "0182": 1}
    result = decide_admission_fee(
        uow, actor=STAFF, decision=_admission(count_basis=CountBasis.EXACT_AGE), now=NOW
    )
    assert uow.member_fees.asked == [(REFERENCE, 16, CountBasis.EXACT_AGE)]
    assert (result.young_people, result.total) == (3, Decimal(1_000_000))
    assert result.price_per_young_person == Decimal("333333.33")
    [stored] = uow.member_fees.decisions
    assert stored.fees == {"0114": 0, "0180": Decimal(666_667), "0182": Decimal(333_333)}
    invoices = uow.member_fees.invoices[stored.id]
    assert [i.municipality_code for i in invoices] == ["0180", "0182"]  # nobody pays nothing
    [event] = uow.audit.events("admission_fee_decision", "2027")
    assert event["after"]["decision"]["count_basis"] == "exact_age"
    assert event["after"]["young_people"] == 3


def test_an_admission_fee_without_any_young_person_of_the_age_is_refused() -> None:
    uow = _uow()
    with pytest.raises(InvalidInput, match="Ingen ung person född 2010"):
        decide_admission_fee(uow, actor=STAFF, decision=_admission(), now=NOW)
    exact = _admission(count_basis=CountBasis.EXACT_AGE)
    with pytest.raises(InvalidInput, match="Ingen ung person som är 16 år"):
        decide_admission_fee(uow, actor=STAFF, decision=exact, now=NOW)
    assert uow.member_fees.decisions == []


def test_an_admission_fee_counting_nobody_is_refused_in_swedish_with_english_beside() -> None:
    english = Catalogue(["sv", "en"]).translations("en")
    uow = _uow()
    reasons = []
    for basis in CountBasis:
        with pytest.raises(InvalidInput) as refused:
            decide_admission_fee(uow, actor=STAFF, decision=_admission(count_basis=basis), now=NOW)
        [error] = refused.value.errors
        reasons.append(error)
        assert error.message.startswith("Ingen ung person"), error.message
        in_english = worded(english.gettext(error.reason), error.parameters)
        assert in_english.startswith("No young person"), in_english
        assert str(error.parameters["age"]) in in_english
    assert len({error.reason for error in reasons}) == 2


def test_an_admission_fee_in_ore_or_of_a_fee_age_of_40_is_refused_unasked() -> None:
    uow = _uow()
    decision = _admission(budgeted_cost=Decimal("100.50"), fee_age=40)
    with pytest.raises(InvalidInput) as refused:
        decide_admission_fee(uow, actor=STAFF, decision=decision, now=NOW)
    assert {e.field for e in refused.value.errors} == {"budgeted_cost", "fee_age"}
    assert uow.member_fees.asked == []


@pytest.mark.parametrize("actor", [BOARD, STOCKHOLM], ids=["board member", "municipality"])
def test_only_the_staff_keep_the_member_fees(actor: Actor) -> None:
    uow = _uow()
    with pytest.raises(NotPermitted):
        decide_service_fee(uow, actor=actor, decision=service_fee_decision(), now=NOW)
    with pytest.raises(NotPermitted):
        decide_admission_fee(uow, actor=actor, decision=_admission(), now=NOW)
    with pytest.raises(NotPermitted):
        set_revenue_base(
            uow, actor=actor, base_year=2024, municipality_code="0180", revenue="1", now=NOW
        )
    assert uow.member_fees.decisions == []
    assert uow.commits == 0


def test_the_kinds_of_fee_are_decided_apart() -> None:
    uow = _uow()
    uow.member_fees.young = {"0180": 1}
    decide_service_fee(uow, actor=STAFF, decision=service_fee_decision(), now=NOW)
    admission = decide_admission_fee(uow, actor=STAFF, decision=_admission(), now=NOW)
    assert admission.version == 1  # the service fee of the year is not the admission fee's
    assert [d.kind for d in uow.member_fees.decisions] == [FeeKind.SERVICE, FeeKind.ADMISSION]
