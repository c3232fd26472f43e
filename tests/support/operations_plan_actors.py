"""The plan year, the moment and who acts that the database tests and the in-memory service
tests of the operations plan and budget share: the plan of 2018, built in December 2017 by the
staff and read by a board member."""

from __future__ import annotations

from datetime import UTC, datetime

from samverka.platform.access.domain.actors import Actor, Role

YEAR = 2018
NOW = datetime(2017, 12, 12, 10, tzinfo=UTC)
STAFF = Actor("kansli", Role.ASSOCIATION_STAFF, "Kansliet")
BOARD = Actor("ledamot", Role.BOARD_MEMBER, "Ledamot")
