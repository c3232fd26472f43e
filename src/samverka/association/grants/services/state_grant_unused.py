"""Use case: decide what is left unused of a state grant after the follow-up: repay it to the
state or redistribute it to municipalities (``association.grants.domain.grant_unused``).

Only the association's staff decide. The decision is refused, and nothing stored, when the
grant is not allocated, its reports are not yet due, nothing is unused, or the decision is
incomplete (every problem named at once). A recorded decision is audited with what it took
back from and gave to each municipality; later reports of use count against what each
municipality has available after it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from decimal import Decimal

from samverka.association.grants.domain.audited import DecidedUnused
from samverka.association.grants.domain.grant_follow_up import follow_up
from samverka.association.grants.domain.grant_unused import (
    Disposal,
    RedistributionKey,
    UnusedDecision,
    UnusedSettlement,
    decision_problems,
    default_recipients,
    settle,
    unused_of,
)
from samverka.association.grants.ports import StoredAllocation, UnitOfWork, settled
from samverka.errors import N_, Conflict, InvalidInput, NotFound, NotPermitted, RowError
from samverka.platform.access.domain.actors import Actor, Role
from samverka.platform.domain.swedish_time import swedish_today
from samverka.platform.services.audit_records import record_change

SOURCE = "unused funds decision"


@dataclass(frozen=True, slots=True)
class UnusedResult:
    decision_id: int
    disposal: Disposal
    settlement: UnusedSettlement


def _weights(
    uow: UnitOfWork, stored: StoredAllocation, recipients: Sequence[str], key: RedistributionKey
) -> dict[str, Decimal]:
    if key is RedistributionKey.EQUAL:
        return dict.fromkeys(recipients, Decimal(1))
    if key is RedistributionKey.POPULATION:
        populations = {m.code: m.population for m in uow.state_grants.members()}
        lacking = [code for code in recipients if populations.get(code) is None]
        if lacking:
            reason = N_("Ingen folkmängd är registrerad för %(codes)s.")
            raise InvalidInput([RowError(SOURCE, 0, "key", reason, {"codes": ", ".join(lacking)})])
        return {code: Decimal(populations[code] or 0) for code in recipients}
    values = {line.municipality_code: line.key_value for line in stored.allocation.lines}
    return {code: values[code] for code in recipients}


def _problems(decision: UnusedDecision, codes: Sequence[str], now: datetime) -> list[RowError]:
    problems = decision_problems(decision, codes)
    if decision.decided_on > swedish_today(now):
        reason = N_("Beslutet är daterat efter i dag.")
        problems.append(RowError(SOURCE, 0, "decided_on", reason))
    return problems


def decide_unused_funds(
    uow: UnitOfWork, *, actor: Actor, grant_id: int, decision: UnusedDecision, now: datetime
) -> UnusedResult:
    """Record ``decision`` on everything of the grant unused now (see the module)."""
    if actor.role is not Role.ASSOCIATION_STAFF:
        raise NotPermitted(N_("Bara förbundets kansli beslutar om outnyttjade stimulansmedel."))
    with uow:
        grant = uow.state_grants.grant(grant_id)
        if grant is None:
            raise NotFound(N_("Det finns inga stimulansmedel %(grant)s."), grant=grant_id)
        stored = uow.state_grants.allocation(grant_id)
        if stored is None:
            raise Conflict(N_("Medlen är inte fördelade ännu: inget kan ha blivit över."))
        codes = [line.municipality_code for line in stored.allocation.lines]
        if problems := _problems(decision, codes, now):
            raise InvalidInput(problems)
        today = swedish_today(now)
        if grant.report_due is not None and today <= grant.report_due:
            raise Conflict(
                N_(
                    "Kommunernas redovisningar ska in senast %(due)s: besluta om det som blivit "
                    "över efter den dagen."
                ),
                due=grant.report_due.isoformat(),
            )
        earlier = uow.state_grants.unused_decisions(grant_id)
        rows = follow_up(
            {line.municipality_code: line.net for line in stored.allocation.lines},
            uow.state_grants.uses(grant_id),
            (),
            grant.report_due,
            today,
            settled(earlier),
        )
        unused = {row.municipality_code: unused_of(row.available, row.used) for row in rows}
        if sum(unused.values(), Decimal(0)) <= 0:
            raise Conflict(N_("Inget av medlen har blivit över: det finns inget att besluta om."))
        weights = None
        if decision.disposal is Disposal.REDISTRIBUTE:
            recipients = list(decision.recipients) or default_recipients(unused)
            if not recipients:
                reason = N_("Varje kommun har medel över: ange mottagarna.")
                raise InvalidInput([RowError(SOURCE, 0, "recipients", reason)])
            weights = _weights(uow, stored, recipients, decision.key)
            if sum(weights.values(), Decimal(0)) <= 0:
                reason = N_("Mottagarnas nyckeltal blir noll tillsammans.")
                raise InvalidInput([RowError(SOURCE, 0, "key", reason)])
            decision = replace(decision, recipients=tuple(sorted(recipients)))
        settlement = settle(unused, decision.disposal, weights)
        decision_id = uow.state_grants.add_unused_decision(
            grant_id, decision, settlement, at=now, by=actor.audit_name
        )
        record_change(
            uow.audit,
            actor,
            "state_grant",
            grant_id,
            "decide_unused",
            before=None,
            after=DecidedUnused(decision_id, decision, settlement),
            at=now,
        )
        uow.commit()
    return UnusedResult(decision_id, decision.disposal, settlement)
