"""Bad input to the API of the money's terms (issue 13, points 3–7): rows for test_api_bad_input.

Each world gets a common list for 2026, the proposal of 2027 (``build``) and Stockholm's
tilläggsbelopp decision 1 (from September 2026). The clock of the requests is 2 July 2026, so a
decision dated later lies in the future."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from bad_input_support import HUGE, LONG, NOT_JSON, Bad, invalid, missing
from sqlalchemy.orm import Session, sessionmaker

from samverka.compensation.domain.period import Month
from samverka.compensation.domain.price_list import Price, PriceList, PriceRounding
from samverka.compensation.services.additional_grants import GrantRequest, record_additional_grants
from samverka.compensation.services.compensation import COMMON, import_price_list
from samverka.compensation.services.price_proposals import propose_prices
from samverka.platform.access.domain.actors import Actor, Role
from samverka.platform.domain.personal_id import luhn_check_digit
from samverka.unit_of_work import SqlUnitOfWork

OFFICER, ANALYST = Role.OFFICER, Role.ANALYST
MUNICIPALITY, STAFF = Role.MUNICIPALITY, Role.ASSOCIATION_STAFF
BUILT = datetime(2026, 7, 1, 12, tzinfo=UTC)
API = "/api/v1/compensation"
GRANTS = API + "/additional-grants"
END = GRANTS + "/{decision_id}/end"
RUNS = API + "/runs"
PROPOSAL = API + "/price-proposals/{year}"
PROPOSALS = API + "/price-proposals"
DECISION = API + "/price-proposals/{year}/decision"
SHARES = API + "/year-settings/{year}"
CLEARING = API + "/clearing"
PAYEES = API + "/payees"
INVOICES = API + "/invoices"
PUPIL = f"20100301-101{luhn_check_digit('100301101')}"
WRONG_CHECK = PUPIL[:-1] + str((int(PUPIL[-1]) + 1) % 10)
GOOD_GRANT = {
    "personal_id": PUPIL,
    "kind": "niu",
    "amount": "24000",
    "per": "year",
    "first": "2026-09",
    "decided_on": "2026-06-01",
    "reference": "UN 2026/1",
}
GOOD_PROPOSAL = {"year": 2028, "percent": "2.8", "proposed_on": "2026-06-30", "reference": "S 1"}
GOOD_DECISION = {"outcome": "adopted", "decided_on": "2026-06-15", "reference": "KF 2026/9"}
GOOD_SHARES = {"administration": "3", "vat": "6", "decided_on": "2026-06-01", "reference": "X"}
GOOD_CLEARING = {
    "mode": "multilateral",
    "from_month": "2026-09",
    "decided_on": "2026-06-01",
    "reference": "Stämman § 4",
}
GOOD_PAYEE = {
    "kind": "independent",
    "code": "556000-1111",
    "name": "Friskolan AB",
    "bankgiro": "5050-1055",
}
OWN = {"municipality": "0180"}


def _with(good: dict[str, Any], **changes: Any) -> dict[str, Any]:
    return {**good, **changes}


def _conflict(what: str, method: str, path: str, who: Role, says: str, **rest: Any) -> Bad:
    return Bad(what, method, path, who, 409, "conflict", says, **rest)


BAD_INPUTS: list[Bad] = [
    # -- tilläggsbelopp ---------------------------------------------------------------------
    invalid("the officer names no municipality", "GET", GRANTS, OFFICER, "municipality"),
    invalid(
        "a municipality code of letters",
        "GET",
        GRANTS,
        OFFICER,
        "municipality",
        query="municipality=" + LONG,
    ),
    missing("an unknown municipality", "GET", GRANTS, OFFICER, "9999", query="municipality=9999"),
    invalid(
        "a wrong check digit",
        "POST",
        GRANTS,
        MUNICIPALITY,
        "check digit",
        json=_with(GOOD_GRANT, personal_id=WRONG_CHECK),
    ),
    invalid(
        "a negative amount",
        "POST",
        GRANTS,
        MUNICIPALITY,
        "amount",
        json=_with(GOOD_GRANT, amount="-5"),
    ),
    invalid(
        "an amount with three decimals",
        "POST",
        GRANTS,
        MUNICIPALITY,
        "amount",
        json=_with(GOOD_GRANT, amount="10.005"),
    ),
    invalid(
        "an amount far above a year's",
        "POST",
        GRANTS,
        MUNICIPALITY,
        "above",
        json=_with(GOOD_GRANT, amount="5000000", per="month"),
    ),
    invalid(
        "an unknown kind",
        "POST",
        GRANTS,
        MUNICIPALITY,
        "kind",
        json=_with(GOOD_GRANT, kind="dance"),
    ),
    invalid(
        "a last month before the first",
        "POST",
        GRANTS,
        MUNICIPALITY,
        "last",
        json=_with(GOOD_GRANT, last="2026-08"),
    ),
    invalid(
        "a thirteenth month",
        "POST",
        GRANTS,
        MUNICIPALITY,
        "first",
        json=_with(GOOD_GRANT, first="2026-13"),
    ),
    invalid(
        "a decision in the future",
        "POST",
        GRANTS,
        MUNICIPALITY,
        "future",
        json=_with(GOOD_GRANT, decided_on="2026-12-24"),
    ),
    invalid(
        "no reference",
        "POST",
        GRANTS,
        MUNICIPALITY,
        "reference",
        json=_with(GOOD_GRANT, reference=""),
    ),
    invalid("a body that is not JSON", "POST", GRANTS, MUNICIPALITY, "json", content=NOT_JSON),
    missing(
        "an unknown decision",
        "POST",
        END,
        MUNICIPALITY,
        "999",
        fill={"decision_id": "999"},
        json={"last": "2026-12"},
    ),
    invalid(
        "decision zero",
        "POST",
        END,
        MUNICIPALITY,
        "decision_id",
        fill={"decision_id": "0"},
        json={"last": "2026-12"},
    ),
    invalid(
        "a huge decision number",
        "POST",
        END,
        MUNICIPALITY,
        "decision_id",
        fill={"decision_id": str(HUGE)},
        json={"last": "2026-12"},
    ),
    invalid(
        "a last month that is text",
        "POST",
        END,
        MUNICIPALITY,
        "last",
        fill={"decision_id": "1"},
        json={"last": "december"},
    ),
    invalid(
        "a last month before the decision's first",
        "POST",
        END,
        MUNICIPALITY,
        "last",
        fill={"decision_id": "1"},
        json={"last": "2026-08"},
    ),
    # -- the price proposal -----------------------------------------------------------------
    invalid("a year that is text", "GET", PROPOSAL, STAFF, "year", fill={"year": "next"}),
    invalid("a year before 2000", "GET", PROPOSAL, STAFF, "year", fill={"year": "1999"}),
    missing("a year without a proposal", "GET", PROPOSAL, STAFF, "2031", fill={"year": "2031"}),
    missing(
        "a year without a list to propose from",
        "POST",
        PROPOSALS,
        STAFF,
        "2029",
        json=_with(GOOD_PROPOSAL, year=2030),
    ),
    invalid(
        "an uplift of 150 per cent",
        "POST",
        PROPOSALS,
        STAFF,
        "percent",
        json=_with(GOOD_PROPOSAL, percent="150"),
    ),
    invalid(
        "a proposal dated in the future",
        "POST",
        PROPOSALS,
        STAFF,
        "future",
        json=_with(GOOD_PROPOSAL, year=2027, proposed_on="2026-10-01"),
    ),
    invalid(
        "no reference",
        "POST",
        PROPOSALS,
        STAFF,
        "reference",
        json=_with(GOOD_PROPOSAL, reference=""),
    ),
    _conflict(
        "the year already proposed",
        "POST",
        PROPOSALS,
        STAFF,
        "already",
        json=_with(GOOD_PROPOSAL, year=2027),
    ),
    _conflict(
        "a year without a proposal",
        "PUT",
        DECISION,
        MUNICIPALITY,
        "no price proposal",
        fill={"year": "2031"},
        json=GOOD_DECISION,
    ),
    invalid(
        "an unknown outcome",
        "PUT",
        DECISION,
        MUNICIPALITY,
        "outcome",
        fill={"year": "2027"},
        json=_with(GOOD_DECISION, outcome="maybe"),
    ),
    invalid(
        "a decision in the future",
        "PUT",
        DECISION,
        MUNICIPALITY,
        "future",
        fill={"year": "2027"},
        json=_with(GOOD_DECISION, decided_on="2026-11-30"),
    ),
    _conflict(
        "an own list that was never imported",
        "PUT",
        DECISION,
        MUNICIPALITY,
        "own price list",
        fill={"year": "2027"},
        json=_with(GOOD_DECISION, outcome="own_list"),
    ),
    invalid(
        "a reference too long",
        "PUT",
        DECISION,
        MUNICIPALITY,
        "reference",
        fill={"year": "2027"},
        json=_with(GOOD_DECISION, reference=LONG),
    ),
    # -- the year's shares ------------------------------------------------------------------
    invalid("a year that is text", "GET", SHARES, ANALYST, "year", fill={"year": "this"}),
    invalid("a year before 2000", "GET", SHARES, ANALYST, "year", fill={"year": "1999"}),
    invalid("a year after 2100", "GET", SHARES, MUNICIPALITY, "year", fill={"year": "2101"}),
    invalid(
        "a VAT share of 30 per cent",
        "PUT",
        SHARES,
        OFFICER,
        "vat",
        fill={"year": "2026"},
        json=_with(GOOD_SHARES, vat="30"),
    ),
    invalid(
        "a negative administration share",
        "PUT",
        SHARES,
        OFFICER,
        "administration",
        fill={"year": "2026"},
        json=_with(GOOD_SHARES, administration="-1"),
    ),
    invalid(
        "no decision date",
        "PUT",
        SHARES,
        OFFICER,
        "decided_on",
        fill={"year": "2026"},
        json={"administration": "3", "vat": "6", "reference": "X"},
    ),
    invalid(
        "a year far away",
        "PUT",
        SHARES,
        OFFICER,
        "year",
        fill={"year": str(HUGE)},
        json=GOOD_SHARES,
    ),
    # -- clearing ---------------------------------------------------------------------------
    invalid(
        "an unknown mode",
        "POST",
        CLEARING,
        OFFICER,
        "mode",
        json=_with(GOOD_CLEARING, mode="greedy"),
    ),
    invalid(
        "a thirteenth month",
        "POST",
        CLEARING,
        OFFICER,
        "from_month",
        json=_with(GOOD_CLEARING, from_month="2026-13"),
    ),
    invalid(
        "no reference",
        "POST",
        CLEARING,
        OFFICER,
        "reference",
        json=_with(GOOD_CLEARING, reference=""),
    ),
    invalid("a body that is not JSON", "POST", CLEARING, OFFICER, "json", content=NOT_JSON),
    # -- payees -----------------------------------------------------------------------------
    invalid(
        "a bankgiro of letters",
        "PUT",
        PAYEES,
        OFFICER,
        "bankgiro",
        json=_with(GOOD_PAYEE, bankgiro="ABCD-EFGH"),
    ),
    invalid(
        "neither bankgiro nor plusgiro",
        "PUT",
        PAYEES,
        OFFICER,
        "bankgiro",
        json=_with(GOOD_PAYEE, bankgiro=None),
    ),
    invalid(
        "a municipality code of two digits",
        "PUT",
        PAYEES,
        OFFICER,
        "code",
        json=_with(GOOD_PAYEE, kind="municipality", code="12"),
    ),
    invalid(
        "a school unit code of letters",
        "PUT",
        PAYEES,
        OFFICER,
        "code",
        json=_with(
            GOOD_PAYEE,
            outside_area=True,
            school_units=[
                {
                    "code": "skolan",
                    "name": "S",
                    "municipality_code": "0380",
                    "municipality_name": "Uppsala",
                }
            ],
        ),
    ),
    _conflict(
        "a school unit outside the area in a member municipality",
        "PUT",
        PAYEES,
        OFFICER,
        "member municipality",
        json=_with(
            GOOD_PAYEE,
            outside_area=True,
            school_units=[
                {
                    "code": "99990001",
                    "name": "S",
                    "municipality_code": "0180",
                    "municipality_name": "Stockholm",
                }
            ],
        ),
    ),
    # -- invoices to other counties -----------------------------------------------------------
    invalid("no month", "GET", INVOICES, OFFICER, "month"),
    invalid("a thirteenth month", "GET", INVOICES, OFFICER, "month", query="month=2026-13"),
    invalid("a month that is text", "GET", INVOICES, OFFICER, "month", query="month=sept"),
    # -- the month's run (nothing is booked: every one is refused before it stores) -----------
    invalid("a run without a month", "POST", RUNS, OFFICER, "month", json={}),
    invalid(
        "a run of a thirteenth month", "POST", RUNS, OFFICER, "month", json={"month": "2026-13"}
    ),
    invalid(
        "a run rechecking more than 36 months",
        "POST",
        RUNS,
        OFFICER,
        "recheck_months",
        json={"month": "2026-09", "recheck_months": 37},
    ),
    invalid(
        "a run rechecking a negative number of months",
        "POST",
        RUNS,
        OFFICER,
        "recheck_months",
        json={"month": "2026-09", "recheck_months": -1},
    ),
    invalid("a run whose body is not JSON", "POST", RUNS, OFFICER, "json", content=NOT_JSON),
    _conflict(
        "a run of a year without a price list",
        "POST",
        RUNS,
        OFFICER,
        "no price list for 2031",
        json={"month": "2031-09", "recheck_months": 0},
    ),
]

WITHOUT_INPUT: set[tuple[str, str]] = {("GET", CLEARING), ("GET", PAYEES)}


def build(database: sessionmaker[Session]) -> None:
    """A common list for 2026, the proposal of 2027, and Stockholm's decision 1."""
    uow = SqlUnitOfWork(database)
    officer = Actor("bad-input", Role.OFFICER, "Bad input")
    prices = PriceList(2026, (Price("NA", None, Decimal(120000)),))
    import_price_list(uow, price_list=prices, kind=COMMON, actor=officer, now=BUILT)
    propose_prices(
        uow,
        actor=officer,
        year=2027,
        percent=Decimal("2.8"),
        level_percent={},
        rounding=PriceRounding(),
        proposed_on=date(2026, 6, 30),
        reference="Styrelsen § 3",
        now=BUILT,
    )
    grant = GrantRequest(
        PUPIL, "0180", "niu", Decimal(24000), "year", Month(2026, 9), None, date(2026, 6, 1), "UN"
    )
    record_additional_grants(uow, actor=officer, requests=[grant], now=BUILT)
