"""What the database tests and the in-memory rule tests of the compensation terms (shares,
clearing, payees, prices, additional grants) share: the year 2026 and its moment in October, the
months September and October, who acts (the officer, the association's staff and an official of
Stockholm), the non-member Uppsala and a pupil's valid personal identity number."""

from __future__ import annotations

from datetime import UTC, datetime

from samverka.compensation.domain.period import Month
from samverka.platform.access.domain.actors import Actor, Role

YEAR = 2026
NOW = datetime(YEAR, 10, 20, 12, tzinfo=UTC)
SEPTEMBER, OCTOBER = Month(YEAR, 9), Month(YEAR, 10)
OFFICER = Actor("alva", Role.OFFICER, "Alva")
STAFF = Actor("kajsa", Role.ASSOCIATION_STAFF, "Kajsa")
STOCKHOLM_OFFICIAL = Actor("sture", Role.MUNICIPALITY, "Sture", municipality_code="0180")
UPPSALA = "0380"
EBBA = "20100315-0016"  # a valid personal identity number (Luhn)
