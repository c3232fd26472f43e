"""One model per use case for the page's form and the API's body (``compensation.http``): a page's
way of writing a number or a list is read into the API's structure, with the same limits."""

from __future__ import annotations

from decimal import Decimal

import pytest
from pydantic import ValidationError

from samverka.compensation.domain.period import Month
from samverka.compensation.http import GrantIn, PayeeIn, ProposalIn, SharesIn
from samverka.compensation.ports import OutsideSchoolUnit

GRANT = {
    "personal_id": "20100315-0016",
    "kind": "niu",
    "per": "year",
    "first": "2026-09",
    "decided_on": "2026-08-20",
    "reference": "UN 2026/88",
}


@pytest.mark.parametrize(
    ("typed", "read"),
    [("24 000,50", "24000.50"), ("24000", "24000"), ("2\xa0500", "2500"), (1500, "1500")],
)
def test_an_amount_is_read_as_swedish_writes_it(typed: object, read: str) -> None:
    assert GrantIn.model_validate({**GRANT, "amount": typed}).amount == Decimal(read)


@pytest.mark.parametrize(
    ("typed", "problem"),
    [
        ("24,000", "decimal_parsing"),
        ("-5", "greater_than"),
        ("1,5,0", "decimal_parsing"),
        ("10.005", "decimal_max_places"),
    ],
)
def test_an_amount_that_is_not_a_sum_in_kronor_and_ore_is_refused(typed: str, problem: str) -> None:
    with pytest.raises(ValidationError) as refused:
        GrantIn.model_validate({**GRANT, "amount": typed})
    assert [(e["loc"], e["type"]) for e in refused.value.errors()] == [(("amount",), problem)]


def test_an_empty_last_month_is_until_further_notice_and_the_request_names_the_municipality() -> (
    None
):
    request = GrantIn.model_validate({**GRANT, "amount": "24000", "last": ""}).request("0180")
    assert (request.municipality, request.first, request.last) == ("0180", Month(2026, 9), None)


def test_a_levels_own_uplift_is_typed_on_the_page_and_a_mapping_in_the_api() -> None:
    base = {"year": 2027, "percent": "2,8", "proposed_on": "2026-09-15", "reference": "S 1"}
    typed = ProposalIn.model_validate({**base, "level_percent": "2:6, 3:6.5"})
    sent = ProposalIn.model_validate({**base, "level_percent": {"2": "6", "3": 6.5}})
    assert typed.level_percent == sent.level_percent == {2: Decimal(6), 3: Decimal("6.5")}
    assert typed.percent == Decimal("2.8")
    with pytest.raises(ValidationError) as refused:
        ProposalIn.model_validate({**base, "level_percent": "2-6"})
    assert [e["type"] for e in refused.value.errors()] == ["string_pattern_mismatch"]


def test_a_share_above_the_largest_is_refused_naming_the_limit_as_a_number() -> None:
    with pytest.raises(ValidationError) as refused:
        SharesIn.model_validate(
            {"administration": "3", "vat": "30", "decided_on": "2026-09-01", "reference": "K"}
        )
    ((problem),) = refused.value.errors()
    assert (problem["loc"], problem["ctx"]) == (("vat",), {"le": 25})


def test_the_school_units_are_typed_one_a_line_on_the_page_and_a_list_in_the_api() -> None:
    base = {
        "kind": "municipality",
        "code": "0380",
        "name": "Uppsala kommun",
        "bankgiro": "5050-1055",
    }
    typed = PayeeIn.model_validate(
        {**base, "school_units": ["99990001:Katedralskolan:0380:Uppsala\n"]}
    )
    assert typed.units() == [OutsideSchoolUnit("99990001", "Katedralskolan", "0380", "Uppsala")]
    for bad in ("99990001:Katedralskolan:0380", "skolan:S:0380:Uppsala"):
        with pytest.raises(ValidationError) as refused:
            PayeeIn.model_validate({**base, "school_units": bad})
        assert [(e["loc"], e["type"]) for e in refused.value.errors()] == [
            (("school_units",), "string_pattern_mismatch")
        ]
    api = {"code": "skolan", "name": "S", "municipality_code": "0380", "municipality_name": "U"}
    with pytest.raises(ValidationError) as refused:
        PayeeIn.model_validate({**base, "school_units": [api]})
    assert [e["loc"] for e in refused.value.errors()] == [("school_units", 0, "code")]
