"""Bad input to the association's member_fees API: rows for test_api_bad_input.

Each world holds the revenue of 2024 for its members and a decided service fee for 2027
(``member_fee_support``); its register holds nobody, so an admission fee has no one to be
charged by."""

from __future__ import annotations

from bad_input_support import NOT_JSON, Bad, invalid, missing
from member_fee_support import add_fees
from sqlalchemy.orm import Session, sessionmaker

from samverka.platform.access.domain.actors import Role

STAFF = Role.ASSOCIATION_STAFF
FEES = "/api/v1/association/fees/{year}"
SERVICE = "/api/v1/association/fees/{year}/service-fee"
ADMISSION = "/api/v1/association/fees/{year}/admission-fee"
REVENUES = "/api/v1/association/revenue-bases/{base_year}"
REVENUE = "/api/v1/association/revenue-bases/{base_year}/{municipality_code}"
NEW_YEAR = {"year": "2028"}
DECIDED = {"decided_on": "2027-12-03", "decided_by": "styrelsen § 4"}
GOOD_SERVICE = {"rate_per_mille": "0.42", "base_year": 2024, **DECIDED}
GOOD_ADMISSION = {"budgeted_cost": "24800000", "reference_date": "2027-09-01", **DECIDED}
STOCKHOLM_2024 = {"base_year": "2024", "municipality_code": "0180"}


def _service(**changes: object) -> dict[str, object]:
    return {**GOOD_SERVICE, **changes}


def _admission(**changes: object) -> dict[str, object]:
    return {**GOOD_ADMISSION, **changes}


BAD_INPUTS: list[Bad] = [
    # -- a fee year ------------------------------------------------------------------------
    invalid("a year that is text", "GET", FEES, STAFF, "year", fill={"year": "next"}),
    invalid("a year before 2000", "GET", FEES, STAFF, "year", fill={"year": "1999"}),
    missing("a year without fees", "GET", FEES, STAFF, "2031", fill={"year": "2031"}),
    # -- the service fee -------------------------------------------------------------------
    invalid(
        "a rate above the general assembly's cap",
        "POST",
        SERVICE,
        STAFF,
        "exceeds the general assembly's cap of 0.50",
        fill=NEW_YEAR,
        json=_service(rate_per_mille="0.51"),
    ),
    invalid(
        "a rate of zero",
        "POST",
        SERVICE,
        STAFF,
        "above zero",
        fill=NEW_YEAR,
        json=_service(rate_per_mille="0"),
    ),
    invalid(
        "a rate with five decimals",
        "POST",
        SERVICE,
        STAFF,
        "rate_per_mille",
        fill=NEW_YEAR,
        json=_service(rate_per_mille="0.41234"),
    ),
    invalid(
        "no rate",
        "POST",
        SERVICE,
        STAFF,
        "rate_per_mille",
        fill=NEW_YEAR,
        json={"base_year": 2024, **DECIDED},
    ),
    invalid(
        "a base year without the members' revenue",
        "POST",
        SERVICE,
        STAFF,
        "no tax and grant revenue of 2020",
        fill=NEW_YEAR,
        json=_service(base_year=2020),
    ),
    invalid(
        "a base year after the fee year",
        "POST",
        SERVICE,
        STAFF,
        "after the fee year",
        fill=NEW_YEAR,
        json=_service(base_year=2029),
    ),
    invalid(
        "three instalments",
        "POST",
        SERVICE,
        STAFF,
        "instalments",
        fill=NEW_YEAR,
        json=_service(instalments=3),
    ),
    invalid(
        "a body that is not JSON", "POST", SERVICE, STAFF, "json", fill=NEW_YEAR, content=NOT_JSON
    ),
    Bad(
        "a decided year without a reason",
        "POST",
        SERVICE,
        STAFF,
        409,
        "conflict",
        "already decided",
        fill={"year": "2027"},
        json=GOOD_SERVICE,
    ),
    # -- the admission service fee ---------------------------------------------------------
    invalid(
        "a budgeted cost of zero",
        "POST",
        ADMISSION,
        STAFF,
        "budgeted_cost",
        fill=NEW_YEAR,
        json=_admission(budgeted_cost="0"),
    ),
    invalid(
        "a budgeted cost with öre",
        "POST",
        ADMISSION,
        STAFF,
        "whole kronor",
        fill=NEW_YEAR,
        json=_admission(budgeted_cost="100.50"),
    ),
    invalid(
        "a fee age of 40",
        "POST",
        ADMISSION,
        STAFF,
        "fee age",
        fill=NEW_YEAR,
        json=_admission(fee_age=40),
    ),
    invalid(
        "a reference date that is not a date",
        "POST",
        ADMISSION,
        STAFF,
        "reference_date",
        fill=NEW_YEAR,
        json=_admission(reference_date="1 september"),
    ),
    invalid(
        "nobody of the fee age in the register",
        "POST",
        ADMISSION,
        STAFF,
        "no young person born in 2011",
        fill=NEW_YEAR,
        json=GOOD_ADMISSION,
    ),
    # -- the revenue bases -----------------------------------------------------------------
    invalid(
        "a base year that is text", "GET", REVENUES, STAFF, "base_year", fill={"base_year": "x"}
    ),
    invalid(
        "a base year before 2000", "GET", REVENUES, STAFF, "base_year", fill={"base_year": "1999"}
    ),
    invalid(
        "a base year after 2100", "GET", REVENUES, STAFF, "base_year", fill={"base_year": "2101"}
    ),
    invalid(
        "a negative revenue",
        "PUT",
        REVENUE,
        STAFF,
        "negative",
        fill=STOCKHOLM_2024,
        json={"revenue": "-5"},
    ),
    invalid(
        "a revenue that is text",
        "PUT",
        REVENUE,
        STAFF,
        "not an amount in SEK",
        fill=STOCKHOLM_2024,
        json={"revenue": "many"},
    ),
    invalid("no revenue", "PUT", REVENUE, STAFF, "revenue", fill=STOCKHOLM_2024, json={}),
    invalid(
        "a municipality that is not a member",
        "PUT",
        REVENUE,
        STAFF,
        "not a member",
        fill={"base_year": "2024", "municipality_code": "9999"},
        json={"revenue": "100"},
    ),
    invalid(
        "a malformed municipality code",
        "PUT",
        REVENUE,
        STAFF,
        "municipality_code",
        fill={"base_year": "2024", "municipality_code": "01a0"},
        json={"revenue": "100"},
    ),
]
WITHOUT_INPUT: set[tuple[str, str]] = {
    ("GET", "/api/v1/association/fees"),
    ("GET", "/api/v1/municipality/fees"),
}


def build(database: sessionmaker[Session]) -> None:
    """Add what these rows need to one of the two years (its accounts exist already)."""
    add_fees(database, admission=False)
