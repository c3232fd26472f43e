"""The state grant the database tests and the in-memory service tests share: the moments (now,
the reports' due date, after it), who acts (the staff, a board member, Stockholm and Nacka), the
psychiatric grant's terms and the board's two decisions on unused funds (repay, redistribute)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

from samverka.association.grants.domain.grant_allocation import GrantTerms
from samverka.association.grants.domain.grant_unused import Disposal, UnusedDecision
from samverka.platform.access.domain.actors import Actor, Role

NOW = datetime(2026, 3, 1, 9, tzinfo=UTC)
DUE = date(2026, 6, 30)
AFTER_DUE = datetime(2026, 7, 15, 9, tzinfo=UTC)
STAFF = Actor("stina", Role.ASSOCIATION_STAFF, "Stina")
BOARD = Actor("bertil", Role.BOARD_MEMBER, "Bertil")
STOCKHOLM = Actor("sthlm", Role.MUNICIPALITY, "Stockholm", municipality_code="0180")
NACKA = Actor("nacka", Role.MUNICIPALITY, "Nacka", municipality_code="0182")
PSYCHIATRIC = GrantTerms(Decimal(1_000_000), Decimal(50), Decimal(4))
REPAY = UnusedDecision(
    Disposal.REPAY,
    date(2026, 7, 10),
    "styrelsen 2026-07-10 § 4, dnr 2026/31",
    "styrelsen",
    repaid_to="Kammarkollegiet",
    repaid_on=date(2026, 9, 30),
)
REDISTRIBUTE = UnusedDecision(
    Disposal.REDISTRIBUTE, date(2026, 7, 10), "styrelsen 2026-07-10 § 5", "styrelsen"
)
