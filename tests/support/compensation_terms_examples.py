"""What the database tests and the in-memory rule tests of the compensation terms (shares,
clearing, payees, prices, additional grants) share: the year 2026 and its moment in October, the
months September and October, who acts (the officer, the association's staff and an official of
Stockholm), the non-member Uppsala, a pupil's valid personal identity number and Stockholm's
tilläggsbelopp for that pupil."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

from samverka.compensation.domain.period import Month
from samverka.compensation.services.additional_grants import GrantRequest
from samverka.platform.access.domain.actors import Actor, Role

YEAR = 2026
NOW = datetime(YEAR, 10, 20, 12, tzinfo=UTC)
SEPTEMBER, OCTOBER = Month(YEAR, 9), Month(YEAR, 10)
OFFICER = Actor("alva", Role.OFFICER, "Alva")
STAFF = Actor("kajsa", Role.ASSOCIATION_STAFF, "Kajsa")
STOCKHOLM = "0180"
STOCKHOLM_OFFICIAL = Actor("sture", Role.MUNICIPALITY, "Sture", municipality_code=STOCKHOLM)
UPPSALA = "0380"
EBBA = "20100315-0016"  # a valid personal identity number (Luhn)


def grant_request(**changes: object) -> GrantRequest:
    """Stockholm's tilläggsbelopp for EBBA from September, as decided; ``changes`` replace
    fields."""
    values: dict[str, object] = {
        "personal_id": EBBA,
        "municipality": STOCKHOLM,
        "kind": "niu",
        "amount": Decimal(24000),
        "per": "year",
        "first": SEPTEMBER,
        "last": None,
        "decided_on": date(YEAR, 8, 20),
        "reference": "UN 2026/88",
    }
    return GrantRequest(**(values | changes))  # type: ignore[arg-type]
