"""The decision on a state grant's unused funds: everything unused taken back, repaid or
redistributed in öre by the largest remainder so that the parts add up exactly.

Source: rules-audit-2026-12 §6; förordning (2015:504) 8–10 §§ (repayment of unused state
grants); ``association.grants.domain.grant_unused``."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from samverka.association.grants.domain.grant_unused import (
    Disposal,
    UnusedDecision,
    decision_problems,
    default_recipients,
    settle,
    unused_of,
)


def test_a_repayment_takes_back_every_unused_amount_and_gives_nothing() -> None:
    settlement = settle(
        {"0180": Decimal("10.50"), "0182": Decimal(0), "0114": Decimal(3)}, Disposal.REPAY
    )
    assert settlement.amount == Decimal("13.50")
    assert [(x.municipality_code, x.returned, x.received) for x in settlement.lines] == [
        ("0114", Decimal(3), Decimal(0)),
        ("0180", Decimal("10.50"), Decimal(0)),
    ]


@given(
    unused=st.dictionaries(
        st.sampled_from([f"01{n:02d}" for n in range(20)]),
        st.decimals(min_value=0, max_value=10**7, places=2),
        min_size=1,
    ).filter(lambda found: sum(found.values()) > 0),
    weights=st.dictionaries(
        st.sampled_from([f"02{n:02d}" for n in range(10)]),
        st.integers(min_value=1, max_value=10**6),
        min_size=1,
    ),
)
def test_a_redistribution_gives_away_exactly_what_was_taken_back(
    unused: dict[str, Decimal], weights: dict[str, int]
) -> None:
    settlement = settle(unused, Disposal.REDISTRIBUTE, {k: Decimal(v) for k, v in weights.items()})
    assert sum(x.returned for x in settlement.lines) == settlement.amount
    assert sum(x.received for x in settlement.lines) == settlement.amount


def test_the_default_recipients_are_those_who_used_all_of_theirs() -> None:
    assert default_recipients({"0180": Decimal(5), "0182": Decimal(0), "0114": Decimal(0)}) == [
        "0114",
        "0182",
    ]
    assert unused_of(Decimal(100), Decimal(120)) == 0


def test_a_repayment_names_to_whom_and_when_and_a_redistribution_names_no_repayment() -> None:
    repay = UnusedDecision(Disposal.REPAY, date(2026, 7, 1), "", " ", recipients=("0180",))
    assert {p.field for p in decision_problems(repay, ["0180"])} == {
        "reference",
        "decided_by",
        "repaid_to",
        "repaid_on",
        "recipients",
    }
    redistribute = UnusedDecision(
        Disposal.REDISTRIBUTE, date(2026, 7, 1), "§ 5", "styrelsen", repaid_to="Kammarkollegiet"
    )
    assert {p.field for p in decision_problems(redistribute, ["0180"])} == {"repaid_to"}
