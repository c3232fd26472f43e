"""Member fees for the e2e worlds (the matrix's and the bad-input table's): the revenue of the
base year 2024 for every member, and a decided service fee (and, when the register holds
16-year-olds on 1 September 2026, an admission fee) for the fee year 2027; and who acts, when
and the reference date that the database tests and the in-memory service tests of member fees
share, with the board's service fee decision for 2027 that both build."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

from sqlalchemy.orm import Session, sessionmaker

from samverka.association.fees.domain.admission_fee import AdmissionFeeDecision
from samverka.association.fees.domain.revenue_base import RevenueRow
from samverka.association.fees.domain.service_fee import ServiceFeeDecision
from samverka.association.fees.services import (
    decide_admission_fee,
    decide_service_fee,
    import_revenue_bases,
)
from samverka.platform.access.domain.actors import Actor, Role
from samverka.unit_of_work import SqlUnitOfWork

STAFF = Actor("stina", Role.ASSOCIATION_STAFF, "Stina")
BOARD = Actor("bertil", Role.BOARD_MEMBER, "Bertil")
STOCKHOLM = Actor("sthlm", Role.MUNICIPALITY, "Stockholm", municipality_code="0180")
NOW = datetime(2026, 12, 5, 10, tzinfo=UTC)
AT = datetime(2026, 12, 4, 15, tzinfo=UTC)
FEE_YEAR, BASE_YEAR = 2027, 2024
REFERENCE = date(2026, 9, 1)


def add_fees(database: sessionmaker[Session], *, admission: bool) -> None:
    uow = SqlUnitOfWork(database)
    with uow:
        members = uow.member_fees.member_codes()
    rows = [RevenueRow(n, code, str(10_000_000_000 * n)) for n, code in enumerate(members, 2)]
    import_revenue_bases(uow, actor=STAFF, base_year=BASE_YEAR, rows=rows, source="t.csv", now=AT)
    service = ServiceFeeDecision(FEE_YEAR, Decimal("0.42"), BASE_YEAR, AT.date(), "styrelsen § 9")
    decide_service_fee(uow, actor=STAFF, decision=service, now=AT)
    if admission:
        decision = AdmissionFeeDecision(
            FEE_YEAR, Decimal(24_800_000), REFERENCE, AT.date(), "styrelsen § 10"
        )
        decide_admission_fee(uow, actor=STAFF, decision=decision, now=AT)


def service_fee_decision(rate: str = "0.42", **changes: object) -> ServiceFeeDecision:
    """The board's decision of 2026-12-04 on the service fee of 2027 at ``rate`` per mille of
    the revenue of 2024; ``changes`` replace fields."""
    values: dict[str, object] = {
        "fee_year": 2027,
        "rate_per_mille": Decimal(rate),
        "base_year": 2024,
        "decided_on": date(2026, 12, 4),
        "decided_by": "styrelsen 2026-12-04 § 9",
    }
    values.update(changes)
    return ServiceFeeDecision(**values)  # type: ignore[arg-type]
