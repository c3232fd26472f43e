"""The state grants' payees in the database (SQLite and PostgreSQL): recorded details replace
the earlier ones, are read back on the grant's detail, and the payout of a stored allocation
pays every recipient's amount to use."""

from __future__ import annotations

from decimal import Decimal

from admission_year_builders import open_year
from sqlalchemy.orm import Session
from state_grant_examples import NOW, PSYCHIATRIC, STAFF

from samverka.admission.ports import UnitOfWork
from samverka.association.grants.domain.grant_allocation import REGION, AllocationKeyKind
from samverka.association.grants.ports import GrantPayee
from samverka.association.grants.queries import grant_detail
from samverka.association.grants.services.grant_payments import (
    grant_payout,
    register_grant_payee,
)
from samverka.association.grants.services.state_grants import (
    KeyRequest,
    allocate_grant,
    create_grant,
)


def test_recorded_payees_are_stored_replaced_and_paid_the_allocation(
    uow: UnitOfWork, session: Session
) -> None:
    open_year(uow)  # the municipalities 0180 and 0182
    grant_id = create_grant(
        uow, actor=STAFF, name="Psykisk hälsa", year=2026, terms=PSYCHIATRIC, now=NOW
    )
    key = KeyRequest(AllocationKeyKind.POPULATION)
    allocate_grant(uow, actor=STAFF, grant_id=grant_id, key=key, now=NOW)
    payees = [
        GrantPayee(REGION, "Region Stockholm", "232100-0016", "5050-1055"),
        GrantPayee("0180", "Stockholms kommun", None, "123-4567"),
        GrantPayee("0182", "Nacka kommun", "212000-0167", None, "4711-2"),
        GrantPayee("0180", "Stockholms stad", "212000-0142", None, "12345678-9"),
    ]
    for payee in payees:
        register_grant_payee(uow, actor=STAFF, payee=payee, now=NOW)
    stored = grant_detail(session, STAFF, grant_id, NOW.date()).payees
    assert stored == {payee.recipient: payee for payee in payees}
    payout = grant_payout(uow, actor=STAFF, grant_id=grant_id)
    assert [payment.payee.recipient for payment in payout.payments] == [REGION, "0180", "0182"]
    assert payout.payments[1].payee.plusgiro == "12345678-9"
    assert payout.total == Decimal(960_000)
