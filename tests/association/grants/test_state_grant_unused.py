"""What is left unused of a state grant after the follow-up, on SQLite and PostgreSQL: repaid to
the state or redistributed by a recorded decision, audited, and the follow-up after it.

Source: rules-audit-2026-12 §6 ("Report back to the state, repay or redistribute unused
funds … there is no repayment or redistribution step"); förordning (2015:504) 8–10 §§ and the
government's decisions on stimulus funds ("Medel som inte förbrukats … ska återbetalas till
Kammarkollegiet"); ``association.grants.domain.grant_unused``. When a decision may be made,
how it adds up and what is refused are tested in memory (``test_state_grant_services``).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy.orm import Session
from state_grant_examples import (
    AFTER_DUE,
    BOARD,
    NACKA,
    NOW,
    REDISTRIBUTE,
    REPAY,
    STAFF,
    STOCKHOLM,
)

from samverka.admission.ports import UnitOfWork
from samverka.association.grants.domain.grant_allocation import AllocationKeyKind
from samverka.association.grants.domain.grant_unused import (
    RedistributionKey,
)
from samverka.association.grants.queries import grant_detail, municipality_grants
from samverka.association.grants.services.state_grant_unused import decide_unused_funds
from samverka.association.grants.services.state_grants import KeyRequest, report_use
from samverka.errors import InvalidInput

from .test_state_grants import _allocate, _grant, _use


def _followed_up(uow: UnitOfWork) -> int:
    """Equal shares of 240 000 kr net each; Stockholm used 200 000.50, Nacka all of its."""
    grant_id = _grant(uow)
    _allocate(uow, grant_id, KeyRequest(AllocationKeyKind.EQUAL))
    report_use(uow, actor=STOCKHOLM, grant_id=grant_id, use=_use("200000.50"), now=NOW)
    report_use(uow, actor=NACKA, grant_id=grant_id, use=_use("240000"), now=NOW)
    return grant_id


def test_the_unused_amount_is_repaid_to_the_state_by_a_recorded_and_audited_decision(
    uow: UnitOfWork, session: Session
) -> None:
    grant_id = _followed_up(uow)
    result = decide_unused_funds(uow, actor=STAFF, grant_id=grant_id, decision=REPAY, now=AFTER_DUE)
    assert result.settlement.amount == Decimal("39999.50")
    detail = grant_detail(session, BOARD, grant_id, AFTER_DUE.date())
    stockholm = next(row for row in detail.follow_up if row.municipality_code == "0180")
    assert (stockholm.returned, stockholm.available, stockholm.unused) == (
        Decimal("39999.50"),
        Decimal("200000.50"),
        Decimal(0),
    )
    assert detail.repaid == Decimal("39999.50")
    assert detail.unused == 0
    [stored] = detail.unused_decisions
    assert (stored.decision.repaid_to, stored.decision.repaid_on) == (
        "Kammarkollegiet",
        date(2026, 9, 30),
    )
    assert stored.decision.reference == "styrelsen 2026-07-10 § 4, dnr 2026/31"
    event = uow.audit.events("state_grant", str(grant_id))[-1]
    assert event["action"] == "decide_unused"
    after = event["after"]
    assert [
        (line["municipality_code"], line["returned"]) for line in after["settlement"]["lines"]
    ] == [("0180", "39999.50")]
    assert after["decision"]["repaid_to"] == "Kammarkollegiet"


def test_the_unused_amount_is_redistributed_to_those_who_used_all_of_theirs(
    uow: UnitOfWork, session: Session
) -> None:
    grant_id = _followed_up(uow)
    decide_unused_funds(uow, actor=STAFF, grant_id=grant_id, decision=REDISTRIBUTE, now=AFTER_DUE)
    [nacka] = municipality_grants(session, NACKA, AFTER_DUE.date())
    assert nacka.follow_up.received == Decimal("39999.50")
    assert nacka.follow_up.available == Decimal("279999.50")
    assert nacka.follow_up.unused == Decimal("39999.50")
    assert [d.decision.key for d in nacka.unused_decisions] == [RedistributionKey.GRANT_KEY]
    report_use(uow, actor=NACKA, grant_id=grant_id, use=_use("39999.50"), now=AFTER_DUE)
    with pytest.raises(InvalidInput, match="mer än det som är kvar"):
        report_use(uow, actor=NACKA, grant_id=grant_id, use=_use("0.01"), now=AFTER_DUE)
    [stockholm] = municipality_grants(session, STOCKHOLM, AFTER_DUE.date())
    assert (stockholm.follow_up.returned, stockholm.follow_up.unused) == (
        Decimal("39999.50"),
        Decimal(0),
    )
