"""What the database tests and the in-memory service tests of the municipal activity follow-up
(KAA) share: the day of the entries and the moment they are recorded, who acts (Stockholm,
Nacka and the officer), and the valid personal identity numbers of someone born 2009-03-01 and
of someone born 2010-11-20."""

from __future__ import annotations

from datetime import UTC, date, datetime

from samverka.platform.access.domain.actors import Actor, Role
from samverka.platform.domain.personal_id import luhn_check_digit

DAY = date(2026, 9, 15)
NOW = datetime(2026, 9, 16, 9, tzinfo=UTC)
STOCKHOLM = Actor("sthlm", Role.MUNICIPALITY, "Stockholm", municipality_code="0180")
NACKA = Actor("nacka", Role.MUNICIPALITY, "Nacka", municipality_code="0182")
OFFICER = Actor("officer", Role.OFFICER, "Officer")


def pid(serial: int) -> str:
    """A valid personal identity number of someone born 2009-03-01."""
    return f"20090301-{serial:03d}{luhn_check_digit(f'090301{serial:03d}')}"


def young(serial: int) -> str:
    """Someone born 2010-11-20: 15 when year 9 ends in June 2026."""
    return f"20101120-{serial:03d}{luhn_check_digit(f'101120{serial:03d}')}"
