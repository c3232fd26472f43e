"""What the audit events of the state grants keep of a change that no single domain object says
whole: small summaries, each a frozen dataclass whose audited form
(``samverka.platform.domain.audit_snapshot``) is the event's before or after.

Source: issue 11, point 9 (every change in the audit trail, before and after); the state grants
(``association.grants.domain.grant_allocation``, ``grant_follow_up``, ``grant_unused``);
``docs/security.md``, "Audit trail"; ``docs/association.md``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from samverka.association.grants.domain.grant_follow_up import UseReport
from samverka.association.grants.domain.grant_unused import UnusedDecision, UnusedSettlement


@dataclass(frozen=True, slots=True)
class MemberPopulations:
    """The member municipalities' population figures the keys use, by municipality code."""

    populations: Mapping[str, int | None]  # None: no figure recorded yet


@dataclass(frozen=True, slots=True)
class ReportedUse:
    """A municipality's report of how it used its grant, by the report's id."""

    id: int
    report: UseReport


@dataclass(frozen=True, slots=True)
class DecidedUnused:
    """A decision on a grant's unused funds, by its id, with what it took back and gave."""

    id: int
    decision: UnusedDecision
    settlement: UnusedSettlement
