"""Bad input to the association's state_grants API: rows for test_api_bad_input.

Each world holds two grants keyed out in equal shares to 0180 and 0182
(``state_grant_support``): grant 1 with a report of use by Stockholm (so it may not be
allocated again), grant 2 without."""

from __future__ import annotations

from bad_input_support import HUGE, LONG, NOT_JSON, Bad, invalid, missing
from sqlalchemy.orm import Session, sessionmaker
from state_grant_support import add_grants

from samverka.platform.access.domain.actors import Role

STAFF, MUNICIPALITY = Role.ASSOCIATION_STAFF, Role.MUNICIPALITY
GRANTS = "/api/v1/association/grants"
GRANT = "/api/v1/association/grants/{grant_id}"
ALLOCATION = "/api/v1/association/grants/{grant_id}/allocation"
REMINDERS = "/api/v1/association/grants/{grant_id}/reminders"
USES = "/api/v1/municipality/grants/{grant_id}/uses"
UNUSED = "/api/v1/association/grants/{grant_id}/unused-decisions"
REPAY = {
    "disposal": "repay",
    "decided_on": "2026-01-15",
    "reference": "dnr 2026/31",
    "decided_by": "styrelsen",
    "repaid_to": "Kammarkollegiet",
    "repaid_on": "2026-09-30",
}
FIRST, SECOND = {"grant_id": "1"}, {"grant_id": "2"}
UNKNOWN, TEXT, HUGE_ID = {"grant_id": "999"}, {"grant_id": "x"}, {"grant_id": str(HUGE)}
NEW = {"name": "Nya medel", "year": 2026, "total": 1000}
USE = {
    "category": "training",
    "purpose": "Utbildning",
    "amount": 10,
    "period_start": "2026-01-01",
    "period_end": "2026-02-01",
}

BAD_INPUTS: list[Bad] = [
    # -- creating a grant ------------------------------------------------------------------------
    invalid("no body", "POST", GRANTS, STAFF, "body"),
    invalid("a body that is not JSON", "POST", GRANTS, STAFF, "json", content=NOT_JSON),
    invalid("no total", "POST", GRANTS, STAFF, "total", json={"name": "X", "year": 2026}),
    invalid("a total in öre", "POST", GRANTS, STAFF, "whole kronor", json={**NEW, "total": 10.5}),
    invalid("a name too long", "POST", GRANTS, STAFF, "name", json={**NEW, "name": LONG}),
    invalid(
        "all of it to the region",
        "POST",
        GRANTS,
        STAFF,
        "region_percent",
        json={**NEW, "region_percent": 100},
    ),
    invalid("a year long gone", "POST", GRANTS, STAFF, "year", json={**NEW, "year": 1066}),
    # -- one grant -------------------------------------------------------------------------------
    invalid("a grant id that is text", "GET", GRANT, STAFF, "grant_id", fill=TEXT),
    invalid("a huge grant id", "GET", GRANT, STAFF, "grant_id", fill=HUGE_ID),
    missing("an unknown grant", "GET", GRANT, STAFF, "999", fill=UNKNOWN),
    # -- allocating ------------------------------------------------------------------------------
    invalid("an unknown key", "POST", ALLOCATION, STAFF, "key", fill=SECOND, json={"key": "x"}),
    invalid(
        "a population key without populations",
        "POST",
        ALLOCATION,
        STAFF,
        "no population recorded",
        fill=SECOND,
        json={"key": "population"},
    ),
    invalid(
        "an age band without a reference date",
        "POST",
        ALLOCATION,
        STAFF,
        "reference date",
        fill=SECOND,
        json={"key": "age_band"},
    ),
    invalid(
        "a custom key naming no member municipality",
        "POST",
        ALLOCATION,
        STAFF,
        "member municipality",
        fill=SECOND,
        json={"key": "custom", "weights": [{"municipality_code": "0114", "weight": 1}]},
    ),
    invalid(
        "a custom key with a negative weight",
        "POST",
        ALLOCATION,
        STAFF,
        "weight",
        fill=SECOND,
        json={"key": "custom", "weights": [{"municipality_code": "0180", "weight": -1}]},
    ),
    missing(
        "an unknown grant", "POST", ALLOCATION, STAFF, "999", fill=UNKNOWN, json={"key": "equal"}
    ),
    Bad(
        "a grant whose use is reported",
        "POST",
        ALLOCATION,
        STAFF,
        409,
        "conflict",
        "reported use",
        fill=FIRST,
        json={"key": "equal"},
    ),
    # -- reminding -------------------------------------------------------------------------------
    invalid(
        "a municipality code of two digits",
        "POST",
        REMINDERS,
        STAFF,
        "municipality_code",
        fill=FIRST,
        json={"municipality_code": "18"},
    ),
    invalid(
        "a message too long",
        "POST",
        REMINDERS,
        STAFF,
        "message",
        fill=FIRST,
        json={"message": LONG + "X"},
    ),
    missing(
        "a municipality without an allocation",
        "POST",
        REMINDERS,
        STAFF,
        "0114",
        fill=FIRST,
        json={"municipality_code": "0114"},
    ),
    missing("an unknown grant", "POST", REMINDERS, STAFF, "999", fill=UNKNOWN, json={}),
    # -- deciding on unused funds (rules-audit-2026-12 §6) -----------------------------------
    invalid("no body", "POST", UNUSED, STAFF, "body", fill=FIRST),
    invalid(
        "an unknown disposal",
        "POST",
        UNUSED,
        STAFF,
        "disposal",
        fill=FIRST,
        json={**REPAY, "disposal": "spend"},
    ),
    invalid(
        "no reference",
        "POST",
        UNUSED,
        STAFF,
        "reference",
        fill=FIRST,
        json={**REPAY, "reference": ""},
    ),
    invalid(
        "a repayment to no one",
        "POST",
        UNUSED,
        STAFF,
        "repaid_to",
        fill=FIRST,
        json={**REPAY, "repaid_to": " "},
    ),
    invalid(
        "a recipient code of two digits",
        "POST",
        UNUSED,
        STAFF,
        "recipients",
        fill=FIRST,
        json={**REPAY, "disposal": "redistribute", "recipients": ["18"]},
    ),
    invalid(
        "an unknown redistribution key",
        "POST",
        UNUSED,
        STAFF,
        "key",
        fill=FIRST,
        json={**REPAY, "disposal": "redistribute", "key": "lottery"},
    ),
    invalid(
        "a decision dated 10 000",
        "POST",
        UNUSED,
        STAFF,
        "decided_on",
        fill=FIRST,
        json={**REPAY, "decided_on": "10000-01-01"},
    ),
    missing("an unknown grant", "POST", UNUSED, STAFF, "999", fill=UNKNOWN, json=REPAY),
    # -- reporting use ---------------------------------------------------------------------------
    invalid("no body", "POST", USES, MUNICIPALITY, "body", fill=FIRST),
    invalid(
        "an unknown category",
        "POST",
        USES,
        MUNICIPALITY,
        "category",
        fill=FIRST,
        json={**USE, "category": "party"},
    ),
    invalid(
        "a negative amount",
        "POST",
        USES,
        MUNICIPALITY,
        "amount",
        fill=FIRST,
        json={**USE, "amount": -5},
    ),
    invalid(
        "a period that ends before it starts",
        "POST",
        USES,
        MUNICIPALITY,
        "period_end",
        fill=FIRST,
        json={**USE, "period_end": "2025-12-31"},
    ),
    invalid(
        "more than the allocation",
        "POST",
        USES,
        MUNICIPALITY,
        "exceeds",
        fill=FIRST,
        json={**USE, "amount": 999_999},
    ),
    missing("an unknown grant", "POST", USES, MUNICIPALITY, "999", fill=UNKNOWN, json=USE),
]
WITHOUT_INPUT: set[tuple[str, str]] = {
    ("GET", "/api/v1/association/grants"),
    ("GET", "/api/v1/municipality/grants"),
}


def build(database: sessionmaker[Session]) -> None:
    """Add what these rows need to one of the two years (its accounts exist already)."""
    add_grants(database)
