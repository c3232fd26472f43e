"""Use cases of state grants (stimulansmedel): create a grant, key it out to the municipalities,
record population figures for the keys, report use (a municipality) and send reminders.

The association's staff create, allocate and remind; a municipality reports the use of its own
allocation only (another municipality's grant is ``NotFound``). Every change is in the audit
trail. Reminders are recorded messages shown on the municipality's page; nothing is e-mailed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from samverka.association.grants.domain.allocation_key import key_weights
from samverka.association.grants.domain.audited import MemberPopulations, ReportedUse
from samverka.association.grants.domain.grant_allocation import (
    Allocation,
    AllocationKeyKind,
    GrantTerms,
    MunicipalAllocation,
    allocate,
    terms_problems,
)
from samverka.association.grants.domain.grant_follow_up import (
    Reminder,
    UseCategory,
    UseReport,
    follow_up,
    reminder_text,
    to_remind,
    use_problems,
)
from samverka.association.grants.ports import (
    AllocationKey,
    GrantRow,
    StoredAllocation,
    UnitOfWork,
    settled,
)
from samverka.errors import N_, Conflict, InvalidInput, NotFound, NotPermitted, RowError
from samverka.platform.access.domain.actors import Actor, Role
from samverka.platform.domain.swedish_time import swedish_today
from samverka.platform.services.audit_records import record_change
from samverka.register.domain.population import AgeBand

ENTITY = "state_grant"


def _staff(actor: Actor) -> None:
    if actor.role is not Role.ASSOCIATION_STAFF:
        raise NotPermitted(N_("Bara förbundets kansli ändrar stimulansmedel."))


def grant_of(uow: UnitOfWork, grant_id: int) -> GrantRow:
    """The grant; ``NotFound`` when there is none."""
    found = uow.state_grants.grant(grant_id)
    if found is None:
        raise NotFound(N_("Det finns inga stimulansmedel %(grant)s."), grant=grant_id)
    return found


def create_grant(
    uow: UnitOfWork,
    *,
    actor: Actor,
    name: str,
    year: int,
    terms: GrantTerms,
    report_due: date | None = None,
    description: str = "",
    now: datetime,
) -> int:
    """A new grant, not yet keyed out; returns its id."""
    _staff(actor)
    problems = terms_problems(terms)
    if not name.strip():
        problems.append(RowError("grant", 0, "name", N_("Ange medlens namn.")))
    if problems:
        raise InvalidInput(problems)
    with uow:
        grant_id = uow.state_grants.add_grant(
            name=name.strip(),
            year=year,
            description=description.strip(),
            terms=terms,
            report_due=report_due,
            at=now,
            by=actor.audit_name,
        )
        created = GrantRow(
            grant_id,
            name.strip(),
            year,
            description.strip(),
            terms,
            report_due,
            now,
            actor.audit_name,
        )
        record_change(
            uow.audit,
            actor,
            ENTITY,
            grant_id,
            "create",
            before=None,
            after=created,
            at=now,
            leave_out=("created_at", "created_by"),
        )
        uow.commit()
    return grant_id


@dataclass(frozen=True, slots=True)
class KeyRequest:
    """Which key to allocate by: the age band and reference date for AGE_BAND, the rows
    (line, municipality code, weight text) of an imported key for CUSTOM."""

    kind: AllocationKeyKind
    age_from: int = 16
    age_to: int = 19
    reference_date: date | None = None
    rows: Sequence[tuple[int, str, str]] = ()
    source: str = "key"


def _weights(uow: UnitOfWork, key: KeyRequest) -> tuple[dict[str, Decimal], AllocationKey]:
    members = uow.state_grants.members()
    codes = [m.code for m in members]
    if key.kind is AllocationKeyKind.POPULATION:
        lacking = [m.code for m in members if m.population is None]
        if lacking or not members:
            if lacking:
                reason = N_("Ingen folkmängd är registrerad för %(codes)s.")
                parameters = {"codes": ", ".join(lacking)}
            else:
                reason, parameters = N_("Ingen folkmängd är registrerad för någon kommun."), {}
            raise InvalidInput([RowError("population", 0, "population", reason, parameters)])
        weights = {m.code: Decimal(m.population or 0) for m in members}
        return weights, AllocationKey(key.kind, "folkmängd")
    if key.kind is AllocationKeyKind.AGE_BAND:
        if key.reference_date is None or not 0 <= key.age_from <= key.age_to <= 120:
            reason = N_("Ett åldersspann behöver 0 ≤ från ≤ till ≤ 120 och ett referensdatum.")
            raise InvalidInput([RowError("key", 0, "age_band", reason)])
        band = AgeBand(key.age_from, key.age_to)
        counts = uow.state_grants.registered_in_band(key.reference_date, band)
        weights = {code: Decimal(counts.get(code, 0)) for code in codes}
        described = f"{key.age_from}–{key.age_to} år {key.reference_date.isoformat()}"
        stored = AllocationKey(key.kind, described, key.age_from, key.age_to, key.reference_date)
        return weights, stored
    if key.kind is AllocationKeyKind.CUSTOM:
        weights, problems = key_weights(key.rows, set(codes), key.source)
        if problems:
            raise InvalidInput(problems)
        return weights, AllocationKey(key.kind, f"egen nyckel ({key.source})")
    return {code: Decimal(1) for code in codes}, AllocationKey(key.kind, "lika delar")


@dataclass(frozen=True, slots=True)
class AllocationPreview:
    """Keying a grant out again, before it is stored: the allocation in force and the new one."""

    before: Allocation | None
    after: Allocation
    key: AllocationKey


def preview_allocation(
    uow: UnitOfWork, *, actor: Actor, grant_id: int, key: KeyRequest
) -> AllocationPreview:
    """What ``allocate_grant`` would store, refused the same way; nothing is stored."""
    _staff(actor)
    with uow:
        allocation, stored_key = _allocation(uow, grant_id, key)
        before = uow.state_grants.allocation(grant_id)
        return AllocationPreview(
            None if before is None else before.allocation, allocation, stored_key
        )


def allocate_grant(
    uow: UnitOfWork, *, actor: Actor, grant_id: int, key: KeyRequest, now: datetime
) -> Allocation:
    """Key the grant out by ``key`` and store it (replacing an earlier allocation while no
    municipality has reported use of it)."""
    _staff(actor)
    with uow:
        allocation, stored_key = _allocation(uow, grant_id, key)
        before = uow.state_grants.allocation(grant_id)
        stored = StoredAllocation(stored_key, allocation, now, actor.audit_name)
        uow.state_grants.save_allocation(grant_id, stored)
        record_change(
            uow.audit, actor, ENTITY, grant_id, "allocate", before=before, after=stored, at=now
        )
        uow.commit()
    return allocation


def _allocation(
    uow: UnitOfWork, grant_id: int, key: KeyRequest
) -> tuple[Allocation, AllocationKey]:
    """The grant keyed out by ``key``; refused once use is reported or unused funds decided."""
    grant = grant_of(uow, grant_id)
    if uow.state_grants.uses(grant_id):
        raise Conflict(N_("Kommuner har redovisat användning av medlen: fördelningen står kvar."))
    if uow.state_grants.unused_decisions(grant_id):
        raise Conflict(
            N_("Ett beslut om medlen som blivit över är registrerat: fördelningen står kvar.")
        )
    weights, stored_key = _weights(uow, key)
    if sum(weights.values(), Decimal(0)) <= 0:
        reason = N_("Nyckelns vikter blir noll tillsammans (ingen i åldersspannet den dagen?).")
        raise InvalidInput([RowError(key.source, 0, "weights", reason)])
    return allocate(grant.terms, weights), stored_key


def record_populations(
    uow: UnitOfWork, *, actor: Actor, populations: Mapping[str, int], now: datetime
) -> None:
    """Record the members' population figures (e.g. SCB's of 31 December) for the keys."""
    _staff(actor)
    with uow:
        known = {m.code: m.population for m in uow.state_grants.members()}
        problems = [
            RowError(
                "population",
                0,
                code,
                N_("Ingen medlemskommun, eller en folkmängd under 0."),
            )
            for code, value in populations.items()
            if code not in known or value < 0
        ]
        if problems or not populations:
            none = RowError("population", 0, "", N_("Inga siffror är angivna."))
            raise InvalidInput(problems or [none])
        uow.state_grants.set_populations(populations)
        earlier = MemberPopulations({code: known[code] for code in populations})
        record_change(
            uow.audit,
            actor,
            "municipality_population",
            "members",
            "update",
            before=earlier,
            after=MemberPopulations(populations),
            at=now,
        )
        uow.commit()


@dataclass(frozen=True, slots=True)
class UseRequest:
    category: UseCategory
    purpose: str
    amount: Decimal
    period_start: date
    period_end: date
    comment: str = ""


def report_use(
    uow: UnitOfWork, *, actor: Actor, grant_id: int, use: UseRequest, now: datetime
) -> int:
    """A municipality reports use of its allocation; returns the report's id."""
    if actor.role is not Role.MUNICIPALITY or actor.municipality_code is None:
        raise NotPermitted(N_("Bara kommunen själv redovisar hur dess stimulansmedel används."))
    code = actor.municipality_code
    problems = use_problems(use.category, use.purpose, use.amount, use.period_start, use.period_end)
    if problems:
        raise InvalidInput(problems)
    with uow:
        stored = uow.state_grants.allocation(grant_id)
        line = None if stored is None else _line(stored.allocation, code)
        if line is None:
            raise NotFound(
                N_("Din kommun har inte tilldelats stimulansmedel %(grant)s."), grant=grant_id
            )
        used = sum((u.amount for u in uow.state_grants.uses(grant_id, code)), Decimal(0))
        returned, received = settled(uow.state_grants.unused_decisions(grant_id)).get(
            code, (Decimal(0), Decimal(0))
        )
        available = line.net + received - returned
        if used + use.amount > available:
            left = available - used
            reason = N_("Användningen är mer än det som är kvar av tilldelningen (%(left)s kr).")
            raise InvalidInput([RowError("use", 0, "amount", reason, {"left": left})])
        report = UseReport(
            code,
            use.category,
            use.purpose.strip(),
            use.amount,
            use.period_start,
            use.period_end,
            use.comment.strip(),
            now,
            actor.audit_name,
        )
        use_id = uow.state_grants.add_use(grant_id, report)
        record_change(
            uow.audit,
            actor,
            ENTITY,
            grant_id,
            "report_use",
            before=None,
            after=ReportedUse(use_id, report),
            at=now,
        )
        uow.commit()
    return use_id


def _line(allocation: Allocation, code: str) -> MunicipalAllocation | None:
    return next((x for x in allocation.lines if x.municipality_code == code), None)


def send_reminders(
    uow: UnitOfWork,
    *,
    actor: Actor,
    grant_id: int,
    municipality_code: str | None = None,
    message: str = "",
    now: datetime,
) -> list[str]:
    """Record a reminder to ``municipality_code``, or to every municipality whose report is
    overdue; returns the municipalities reminded. Nothing is e-mailed."""
    _staff(actor)
    with uow:
        grant = grant_of(uow, grant_id)
        stored = uow.state_grants.allocation(grant_id)
        if stored is None:
            raise Conflict(N_("Medlen är inte fördelade ännu: det finns ingen att påminna."))
        allocated = {line.municipality_code: line.net for line in stored.allocation.lines}
        if municipality_code is not None and municipality_code not in allocated:
            raise NotFound(
                N_("Kommunen %(code)s har ingen tilldelning av de här medlen."),
                code=municipality_code,
            )
        rows = follow_up(
            allocated,
            uow.state_grants.uses(grant_id),
            uow.state_grants.reminders(grant_id),
            grant.report_due,
            swedish_today(now),
            settled(uow.state_grants.unused_decisions(grant_id)),
        )
        chosen = [municipality_code] if municipality_code is not None else to_remind(rows)
        if not chosen:
            return []
        text = message.strip() or reminder_text(grant.name, grant.report_due)
        reminders = [Reminder(code, text, now, actor.audit_name) for code in chosen]
        uow.state_grants.add_reminders(grant_id, reminders)
        record_change(
            uow.audit,
            actor,
            ENTITY,
            grant_id,
            "remind",
            before=None,
            after=reminders,
            at=now,
            only=("municipality_code", "message"),
        )
        uow.commit()
    return chosen
