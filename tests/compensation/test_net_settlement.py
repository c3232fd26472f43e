"""Net settlement between municipalities: positions kept, fewer transfers, less money moved.

Bilateral netting per pair is the default; multilateral clearing only where the members have
agreed to it (admissions-rules.md §7.3, "Net settlement [I]"; rules-audit-2026-12.md §4)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from samverka.compensation.domain.month_lines import LineKind, PupilMonthLine
from samverka.compensation.domain.net_settlement import (
    ClearingDecision,
    Flow,
    SettlementMode,
    mode_in_force,
    municipal_flows,
    net_positions,
    settle,
)
from samverka.compensation.domain.organiser import Organiser
from samverka.compensation.domain.period import Month
from samverka.compensation.domain.price_list import PriceSource


def line(payer: str, payee: Organiser, amount: str) -> PupilMonthLine:
    value = Decimal(amount)
    kind = LineKind.REVERSAL if value < 0 else LineKind.REGULAR
    return PupilMonthLine(
        "p", Month(2025, 3), Month(2025, 3), kind, payer, payee, "U", "NA", None,
        value, Decimal(0), value, date(2025, 3, 10), PriceSource.COMMON,
    )  # fmt: skip


MULTILATERAL = SettlementMode.MULTILATERAL


def test_by_default_each_pair_nets_what_they_owe_each_other_and_nothing_else() -> None:
    flows = [
        Flow("A", "B", Decimal(100)),
        Flow("B", "A", Decimal(30)),
        Flow("B", "C", Decimal(100)),
        Flow("C", "A", Decimal(100)),
    ]
    settlement = settle(flows)
    assert settlement.mode is SettlementMode.BILATERAL
    assert settlement.transfers == (
        Flow("A", "B", Decimal(70)),
        Flow("C", "A", Decimal(100)),
        Flow("B", "C", Decimal(100)),
    )
    assert settlement.gross == tuple(flows)  # the gross flows per counterparty are kept


def test_bilateral_netting_never_makes_a_transfer_between_municipalities_without_claims() -> None:
    # A chain: multilateral clearing would have A pay C, who have no claim on each other.
    settlement = settle([Flow("A", "B", Decimal(100)), Flow("B", "C", Decimal(100))])
    assert settlement.transfers == (Flow("A", "B", Decimal(100)), Flow("B", "C", Decimal(100)))
    pairs = {(t.payer, t.payee) for t in settlement.transfers}
    assert ("A", "C") not in pairs


def test_the_clearing_decision_in_force_decides_the_mode_from_its_first_month() -> None:
    decided = ClearingDecision(MULTILATERAL, Month(2026, 9), date(2026, 6, 1), "Dnr 2026/17")
    back = ClearingDecision(
        SettlementMode.BILATERAL, Month(2027, 1), date(2026, 11, 1), "Dnr 2026/40"
    )
    assert mode_in_force([], [Month(2026, 9)]) is SettlementMode.BILATERAL
    assert mode_in_force([decided], [Month(2026, 8)]) is SettlementMode.BILATERAL
    assert mode_in_force([decided], [Month(2026, 9)]) is MULTILATERAL
    assert mode_in_force([decided, back], [Month(2026, 12)]) is MULTILATERAL
    assert mode_in_force([back, decided], [Month(2027, 3)]) is SettlementMode.BILATERAL


def test_a_triangle_of_equal_flows_needs_no_transfer_at_all() -> None:
    flows = [
        Flow("A", "B", Decimal(100)),
        Flow("B", "C", Decimal(100)),
        Flow("C", "A", Decimal(100)),
    ]
    settlement = settle(flows, MULTILATERAL)
    assert settlement.transfers == ()
    assert (settlement.transfers_before, settlement.transfers_saved) == (3, 3)
    assert (settlement.moved_before, settlement.money_saved) == (Decimal(300), Decimal(300))


def test_a_chain_is_replaced_by_one_transfer_from_first_to_last() -> None:
    flows = [Flow("A", "B", Decimal(100)), Flow("B", "C", Decimal(100))]
    settlement = settle(flows, MULTILATERAL)
    assert settlement.transfers == (Flow("A", "C", Decimal(100)),)
    assert settlement.positions == (("A", Decimal(-100)), ("B", Decimal(0)), ("C", Decimal(100)))
    assert settlement.moved_after == Decimal(100)


def test_the_largest_debtor_pays_the_largest_creditor_first() -> None:
    flows = [
        Flow("A", "B", Decimal(70)),
        Flow("A", "C", Decimal(30)),
        Flow("D", "B", Decimal(20)),
        Flow("B", "D", Decimal("0.50")),
    ]
    settlement = settle(flows, MULTILATERAL)
    assert settlement.transfers == (
        Flow("A", "B", Decimal("89.50")),
        Flow("A", "C", Decimal("10.50")),
        Flow("D", "C", Decimal("19.50")),
    )
    assert settlement.transfers_before == 4


def test_separate_groups_are_settled_separately_so_transfers_never_increase() -> None:
    # greedy over all four would make four transfers; per group it keeps the three flows
    flows = [Flow("A", "B", Decimal(3)), Flow("A", "D", Decimal(2)), Flow("C", "E", Decimal(4))]
    settlement = settle(flows, MULTILATERAL)
    assert settlement.transfers_after == 3
    assert net_positions(settlement.transfers) == net_positions(flows)


def test_only_flows_between_different_municipalities_are_netted() -> None:
    stockholm, solna = Organiser.municipality("0180"), Organiser.municipality("0184")
    lines = [
        line("0180", solna, "100"),
        line("0180", solna, "-30"),
        line("0184", stockholm, "20"),
        line("0184", Organiser.independent("556000-0001"), "500"),
        line("0184", solna, "999"),
        line("0186", solna, "10"),
        line("0186", solna, "-25"),
    ]
    assert municipal_flows(lines) == (
        Flow("0180", "0184", Decimal(70)),
        Flow("0184", "0180", Decimal(20)),
        Flow("0184", "0186", Decimal(15)),  # net reversal: the money goes back
    )


def test_invoice_lines_and_municipalities_outside_the_area_are_never_netted() -> None:
    stockholm, uppsala = Organiser.municipality("0180"), Organiser.municipality("0380")
    solna = Organiser.municipality("0184")
    invoiced = replace(line("0380", stockholm, "900"), invoice=True)
    lines = [line("0180", solna, "100"), line("0180", uppsala, "400"), invoiced]
    assert municipal_flows(lines, area={"0180", "0184"}) == (Flow("0180", "0184", Decimal(100)),)


codes = st.sampled_from([f"{n:04d}" for n in range(180, 192)])
amounts = st.integers(1, 10_000_000).map(lambda n: Decimal(n) / 100)
flows_st = st.lists(
    st.tuples(codes, codes, amounts).filter(lambda t: t[0] != t[1]).map(lambda t: Flow(*t)),
    max_size=40,
)


modes = st.sampled_from(list(SettlementMode))


@given(flows_st, modes)
def test_every_net_position_is_preserved_exactly(flows: list[Flow], mode: SettlementMode) -> None:
    settlement = settle(flows, mode)
    after = net_positions(settlement.transfers)
    for code, position in settlement.positions:
        assert after.get(code, Decimal(0)) == position
    assert sum((p for _, p in settlement.positions), Decimal(0)) == 0


@given(flows_st)
def test_transfers_are_at_most_participants_minus_one_and_never_more_than_before(
    flows: list[Flow],
) -> None:
    settlement = settle(flows, MULTILATERAL)
    participants = {f.payer for f in flows} | {f.payee for f in flows}
    assert settlement.transfers_after <= max(len(participants) - 1, 0)
    assert settlement.transfers_after <= settlement.transfers_before == len(flows)


@given(flows_st)
def test_bilateral_netting_makes_at_most_one_transfer_per_pair_of_counterparties(
    flows: list[Flow],
) -> None:
    settlement = settle(flows)
    pairs = [frozenset((t.payer, t.payee)) for t in settlement.transfers]
    assert len(pairs) == len(set(pairs))
    assert set(pairs) <= {frozenset((f.payer, f.payee)) for f in flows}


@given(flows_st, modes)
def test_money_moved_never_increases(flows: list[Flow], mode: SettlementMode) -> None:
    settlement = settle(flows, mode)
    assert settlement.moved_after <= settlement.moved_before
    assert settlement.money_saved >= 0
    assert all(transfer.amount > 0 for transfer in settlement.transfers)
