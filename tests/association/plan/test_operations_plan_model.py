"""The operations plan document's model and figures: net costs, subtotals, fees and the Swedish
way of writing amounts."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import operations_plan_example as example
import pytest
from hypothesis import given
from hypothesis import strategies as st

from samverka.association.plan.files import document_tables as tables
from samverka.association.plan.files import document_text as text
from samverka.association.plan.files.document_model import (
    Budget,
    BudgetLine,
    BudgetUnit,
    Financing,
    column_sums,
)

NBSP = "\u00a0"
AMOUNTS = st.decimals(min_value=-(10**9), max_value=10**9, places=2, allow_nan=False)


def _unit(financing: Financing, revenue: Decimal, cost: Decimal) -> BudgetUnit:
    return BudgetUnit(
        "Enhet",
        financing,
        (
            BudgetLine("Intäkter", (revenue, None), revenue=True),
            BudgetLine("Övriga kostnader", (cost, None)),
        ),
        (Decimal(1), None),
    )


def test_a_units_net_cost_is_its_costs_less_its_revenue_and_none_for_a_year_without_figures() -> (
    None
):
    unit = _unit(Financing.SERVICE_FEE, Decimal(300_000), Decimal(1_000_000))
    assert unit.net_cost == (Decimal(700_000), None)


def test_a_budget_refuses_a_unit_without_one_figure_per_year() -> None:
    unit = _unit(Financing.SERVICE_FEE, Decimal(1), Decimal(2))
    with pytest.raises(ValueError, match="one figure per budget year"):
        Budget(years=(2026, 2025, 2024), units=(unit,))


@given(
    st.lists(st.tuples(st.sampled_from(list(Financing)), AMOUNTS, AMOUNTS), min_size=1, max_size=8)
)
def test_the_two_financing_subtotals_add_up_to_the_whole_organisation(
    units: list[tuple[Financing, Decimal, Decimal]],
) -> None:
    budget = Budget((2026, 2025), tuple(_unit(f, r, c) for f, r, c in units))
    parts = [budget.net_cost(f)[0] or Decimal(0) for f in Financing]
    assert sum(parts) == budget.net_cost()[0]
    assert all(budget.net_cost(f)[1] is None for f in Financing)  # no figures that year
    assert budget.net_cost()[0] == sum(c - r for _, r, c in units)


def test_column_sums_leave_a_column_that_no_row_has_as_none() -> None:
    rows = [(Decimal(1), None, Decimal(2)), (Decimal(3), None, None)]
    assert column_sums(rows, 3) == (Decimal(4), None, Decimal(2))
    assert column_sums([], 2) == (None, None)


def test_the_member_fees_total_is_the_service_fees_and_the_admission_fees_together() -> None:
    fees = example.fees()
    assert fees.total == sum(row.service_fee + row.admission_fee for row in fees.rows)
    assert fees.total == fees.service_fee + fees.admission_fee
    assert len(fees.rows) == 26


@given(AMOUNTS)
def test_an_amount_in_tkr_reads_back_as_the_amount_rounded_half_up_to_whole_thousands(
    amount: Decimal,
) -> None:
    shown = text.tkr(amount)
    assert Decimal(shown.replace(NBSP, "").replace(",", ".")) == (amount / 1000).quantize(
        Decimal(1), rounding="ROUND_HALF_UP"
    )


def test_amounts_are_written_the_swedish_way() -> None:
    assert text.kronor(Decimal("45500000.5")) == f"45{NBSP}500{NBSP}001{NBSP}kr"
    assert text.tkr(Decimal(-1_234_500)) == f"-1{NBSP}235"
    assert text.fte(Decimal("15.75")) == "15,75"
    assert text.percent(Decimal(47)) == f"47{NBSP}%"
    assert text.percent(Decimal("20.5")) == f"20,5{NBSP}%"
    assert text.percent(None) == "–"


def test_the_summary_counts_the_plan_and_calls_a_negative_net_cost_a_surplus() -> None:
    document = example.document()
    plan, budget, fees = text.summary(document)
    assert "5 fokusområden och 1 förutsättning med" in plan
    assert f"{len(document.assignments)} uppdrag" in plan
    net = document.budget.net_cost()[0] if document.budget else None
    assert net is not None
    assert net < 0
    assert f"ett överskott på {text.tkr(-net)} tkr" in budget
    assert "0,42 promille" in fees


def test_the_summary_leaves_out_what_the_document_has_no_data_for() -> None:
    document = example.document(focus_areas=None, budget=None, fees=None)
    assert text.summary(document) == ()


def test_the_budget_table_has_every_units_lines_its_net_cost_and_the_three_sums() -> None:
    budget = example.budget()
    table = tables.budget_table(budget)
    labels = [row.cells[0] for row in table.rows]
    assert labels.count("Nettokostnad") == len(budget.units)
    assert labels[-1] == "Nettokostnad hela organisationen"
    assert "Nettokostnad serviceavgiftsfinansierad verksamhet" in labels
    assert "Nettokostnad avtalsfinansierad verksamhet" in labels
    assert table.header[2:] == ("Budget 2018", "Utfall 2017", "Utfall 2016")
    whole = table.rows[-1]
    assert whole.cells[2] == text.tkr(budget.net_cost()[0])
    assert whole.cells[1] == text.fte(budget.full_time_equivalents()[0])


def test_the_summary_gives_a_positive_net_cost_as_such_and_beside_the_service_fees() -> None:
    unit = _unit(Financing.SERVICE_FEE, Decimal(0), Decimal(2_000_000))
    budget = Budget((2018, 2017), (unit,))
    _, said, fees = text.summary(example.document(budget=budget))
    assert "visar en nettokostnad på 2\u00a0000 tkr" in said
    assert "verksamhetens nettokostnad i budgeten är 2\u00a0000 tkr" in fees


def test_an_assignment_serving_two_areas_counts_once_in_the_plans_totals() -> None:
    first, second, *_ = example.focus_areas()
    shared = first.assignments[0]
    areas = (first, replace(second, assignments=(*second.assignments, shared)))
    document = example.document(focus_areas=areas)
    assert len(document.assignments) == len(first.assignments) + len(second.assignments)
    assert document.planned_hours == first.planned_hours + second.planned_hours
    table = tables.focus_area_table(document)
    assert table.caption.endswith("(ett uppdrag för flera områden räknas en gång i summan)")
    assert table.rows[-1].cells[2] == text.grouped(document.planned_hours)
