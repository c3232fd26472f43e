"""What the audit events of the member fees keep of a change that no single domain object says
whole: small summaries, each a frozen dataclass whose audited form
(``samverka.platform.domain.audit_snapshot``) is the event's before or after.

Source: issue 11, point 9 (every change in the audit trail, before and after); the member fees
(``association.fees.domain.service_fee``, ``admission_fee``, ``revenue_base``);
``docs/security.md``, "Audit trail"; ``docs/association.md``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from samverka.association.fees.domain.admission_fee import AdmissionFeeDecision
from samverka.association.fees.domain.service_fee import ServiceFeeDecision


@dataclass(frozen=True, slots=True)
class RevenueBases:
    """Members' tax and grant revenue of a base year by municipality code, with where it came
    from (a file's name, or set by hand; ``None``: as stored before)."""

    revenue: Mapping[str, Decimal]
    source: str | None = None


@dataclass(frozen=True, slots=True)
class FeeDecided:
    """A fee decision as recorded: its version and total fee, the decision itself and the reason
    for deciding the year again (empty the first time); for the admission service fee, the young
    people counted and the price per young person."""

    version: int
    total: Decimal
    decision: ServiceFeeDecision | AdmissionFeeDecision
    reason: str
    young_people: int | None = None
    price_per_young_person: Decimal | None = None
