"""The association's yearly price proposal, the municipalities' decisions, and the list each
paying municipality pays by (seed 001, "Gemensam gymnasieregion": a proposal so that the
municipalities can decide before 1 December; admissions-rules.md §7.1)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from samverka.compensation.domain.month_lines import UnpaidReason
from samverka.compensation.domain.monthly_compensation import (
    PayerTariff,
    YearTariff,
    monthly_run,
)
from samverka.compensation.domain.organiser import Organiser
from samverka.compensation.domain.period import Month
from samverka.compensation.domain.price_list import Price, PriceList, YearPrices
from samverka.compensation.domain.price_proposal import (
    DecisionOutcome,
    ListInForce,
    ListKind,
    PriceDecision,
    PriceProposal,
    decision_deadline,
    decision_overview,
    list_in_force,
)
from samverka.compensation.domain.pupil_record import Placement, PupilRecord, Registration

ADOPTED, NOT_ADOPTED, OWN = (
    DecisionOutcome.ADOPTED,
    DecisionOutcome.NOT_ADOPTED,
    DecisionOutcome.OWN_LIST,
)


def _decision(year: int, code: str, outcome: DecisionOutcome, on: date) -> PriceDecision:
    return PriceDecision(year, code, outcome, on, f"KS {year}/{code}")


def test_the_deadline_for_the_municipalities_is_the_first_of_december_the_year_before() -> None:
    proposal = PriceProposal(2027, 2026, Decimal("2.8"), (), date(2026, 10, 1), "Styrelsen § 5")
    assert proposal.deadline == decision_deadline(2027) == date(2026, 12, 1)
    assert not _decision(2027, "0180", ADOPTED, date(2026, 11, 30)).late
    assert _decision(2027, "0180", ADOPTED, date(2026, 12, 1)).late


def test_the_overview_lists_every_member_and_who_has_not_decided() -> None:
    decisions = [_decision(2027, "0182", ADOPTED, date(2026, 11, 20))]
    overview = decision_overview(["0184", "0180", "0182"], decisions)
    assert [(s.municipality, s.decided) for s in overview] == [
        ("0180", False),
        ("0182", True),
        ("0184", False),
    ]


def test_a_municipality_pays_by_the_list_it_adopted_or_its_own() -> None:
    decisions = {
        (2027, "0180"): _decision(2027, "0180", ADOPTED, date(2026, 11, 2)),
        (2027, "0182"): _decision(2027, "0182", OWN, date(2026, 11, 3)),
    }
    proposed, listed = {2027}, {2026, 2027}
    assert list_in_force(2027, "0180", proposed, decisions, listed) == ListInForce(
        ListKind.COMMON, 2027
    )
    assert list_in_force(2027, "0182", proposed, decisions, listed) == ListInForce(
        ListKind.OWN, 2027
    )


def test_a_municipality_that_has_not_adopted_the_list_pays_by_the_one_it_last_adopted() -> None:
    decisions = {
        (2027, "0184"): _decision(2027, "0184", ADOPTED, date(2026, 11, 2)),
        (2028, "0184"): _decision(2028, "0184", NOT_ADOPTED, date(2027, 11, 2)),
    }
    proposed, listed = {2027, 2028}, {2026, 2027, 2028}
    assert str(list_in_force(2028, "0184", proposed, decisions, listed)) == "common 2027"
    # not decided yet, and no proposal was adopted before: the list of 2026, before proposals
    assert str(list_in_force(2028, "0186", proposed, decisions, listed)) == "common 2026"


def test_without_a_proposal_the_years_common_list_is_everyones() -> None:
    assert str(list_in_force(2026, "0180", set(), {}, {2026})) == "common 2026"


def test_a_municipality_that_adopted_no_list_ever_has_none() -> None:
    assert list_in_force(2027, "0180", {2027}, {}, {2027}) is None


def _pupil(home: str) -> PupilRecord:
    placement = Placement(Organiser.municipality("0184"), "1", "NA", None, date(2026, 8, 15))
    return PupilRecord(home, (placement,), (Registration(home, date(2010, 1, 1)),))


def test_the_run_pays_each_payer_by_its_own_list_and_reports_a_payer_without_one() -> None:
    common = YearPrices(PriceList(2027, (Price("NA", None, Decimal(120000)),)))
    own = YearPrices(PriceList(2027, (Price("NA", None, Decimal(108000)),)))
    tariff = YearTariff(
        common,
        payers={"0182": PayerTariff(own, None, "own 2027")},
        unpriced=frozenset({"0186"}),
    )
    run = monthly_run(
        [_pupil("0180"), _pupil("0182"), _pupil("0186")], Month(2027, 3), {2027: tariff}
    )
    assert [(line.payer, line.amount) for line in run.lines] == [
        ("0180", Decimal(10000)),
        ("0182", Decimal(9000)),
    ]
    (anomaly,) = run.anomalies
    assert (anomaly.pupil_id, anomaly.reason) == ("0186", UnpaidReason.NO_ADOPTED_PRICE_LIST)
