"""Use cases of the member fees, for the association's staff: the members' revenue bases (set
one, or import a whole base year), the board's service-fee decision and the admission service
fee decision, each stored with its fees per municipality and its invoices; the admission fee
also previewed (``preview_admission_fee``: each party's fee, nothing recorded) for the page's
confirm step.

A decision is fastställd when it is recorded here: its fees and invoices are computed once and
stored. A fee year already decided is not silently recomputed: deciding it again needs a reason,
marks the earlier decision superseded (kept, with its fees and invoices) and is audited with
both. Only ``ASSOCIATION_STAFF`` may do any of this (``NotPermitted`` otherwise); every change is
in the audit trail.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from samverka.association.fees.domain.admission_fee import (
    AdmissionFeeDecision,
    AdmissionFees,
    CountBasis,
    admission_fees,
    cohort_year,
)
from samverka.association.fees.domain.audited import FeeDecided, RevenueBases
from samverka.association.fees.domain.fee_invoices import FeeKind, Invoice, make_invoice
from samverka.association.fees.domain.revenue_base import (
    RevenueBase,
    RevenueRow,
    parse_revenue_rows,
)
from samverka.association.fees.domain.service_fee import ServiceFeeDecision, service_fees
from samverka.association.fees.ports import DecisionRef, UnitOfWork
from samverka.errors import N_, Conflict, InvalidInput, NotPermitted, RowError
from samverka.platform.access.domain.actors import Actor, Role
from samverka.platform.services.audit_records import record_change

SET_BY_HAND = "set by hand"
_ALREADY_DECIDED = {
    FeeKind.SERVICE: N_(
        "Serviceavgiften för %(year)s är redan beslutad (version %(version)s, %(by)s); ange ett "
        "skäl för att besluta den igen."
    ),
    FeeKind.ADMISSION: N_(
        "Serviceavgiften för antagningen %(year)s är redan beslutad (version %(version)s, "
        "%(by)s); ange ett skäl för att besluta den igen."
    ),
}


@dataclass(frozen=True, slots=True)
class DecisionResult:
    kind: FeeKind
    fee_year: int
    version: int
    municipalities: int
    total: Decimal
    invoices: int
    price_per_young_person: Decimal | None = None  # the admission fee's
    young_people: int | None = None


def _staff_only(actor: Actor) -> None:
    if actor.role is not Role.ASSOCIATION_STAFF:
        raise NotPermitted(N_("Bara förbundets kansli sköter medlemsavgifterna."))


def _year_problem(field: str, year: int) -> list[RowError]:
    if 2000 <= year <= 2100:
        return []
    reason = N_("Året ska vara 2000–2100, inte %(year)s.")
    return [RowError("request", 0, field, reason, {"year": year})]


def set_revenue_base(
    uow: UnitOfWork,
    *,
    actor: Actor,
    base_year: int,
    municipality_code: str,
    revenue: str,
    now: datetime,
) -> Decimal:
    """Set one member's tax and grant revenue of ``base_year``; returns the amount stored."""
    _staff_only(actor)
    return import_revenue_bases(
        uow,
        actor=actor,
        base_year=base_year,
        rows=[RevenueRow(0, municipality_code, revenue)],
        source=SET_BY_HAND,
        now=now,
    )


def import_revenue_bases(
    uow: UnitOfWork,
    *,
    actor: Actor,
    base_year: int,
    rows: Sequence[RevenueRow],
    source: str,
    now: datetime,
) -> Decimal:
    """Store the revenue of ``base_year`` of every row, all or nothing (every bad row is
    reported with its line and reason); returns the total revenue of the rows."""
    _staff_only(actor)
    if errors := _year_problem("base_year", base_year):
        raise InvalidInput(errors)
    with uow:
        members = uow.member_fees.member_codes()
        bases, errors = parse_revenue_rows(source, base_year, rows, members)
        if errors:
            raise InvalidInput(errors)
        before = uow.member_fees.revenue_bases(base_year)
        uow.member_fees.set_revenue_bases(bases, source=source, at=now, by=actor.audit_name)
        given = _revenue_of(bases)
        replaced = {code: amount for code, amount in before.items() if code in given}
        record_change(
            uow.audit,
            actor,
            "fee_revenue_base",
            base_year,
            "set" if source == SET_BY_HAND else "import",
            before=RevenueBases(replaced),
            after=RevenueBases(given, source[:200]),
            at=now,
        )
        uow.commit()
    return sum((base.revenue for base in bases), Decimal(0))


def _revenue_of(bases: Sequence[RevenueBase]) -> dict[str, Decimal]:
    return {base.municipality_code: base.revenue for base in bases}


def _version(
    uow: UnitOfWork, kind: FeeKind, fee_year: int, reason: str, now: datetime
) -> tuple[int, DecisionRef | None]:
    """The next version of ``fee_year``'s decision; the one in force is superseded, which
    needs a reason (``Conflict`` without one)."""
    current = uow.member_fees.decision_in_force(kind, fee_year)
    if current is None:
        return 1, None
    if not reason.strip():
        raise Conflict(
            _ALREADY_DECIDED[kind],
            year=fee_year,
            version=current.version,
            by=current.decided_by,
        )
    uow.member_fees.supersede(kind, current.id, now)
    return current.version + 1, current


def _audit_decision(
    uow: UnitOfWork,
    actor: Actor,
    result: DecisionResult,
    previous: DecisionRef | None,
    decided: FeeDecided,
    now: datetime,
) -> None:
    record_change(
        uow.audit,
        actor,
        f"{result.kind.value}_fee_decision",
        result.fee_year,
        "decide" if previous is None else "decide_again",
        before=previous,
        after=decided,
        at=now,
    )


Lines = dict[str, list[tuple[str, str, Decimal]]]


def _invoices(
    kind: FeeKind,
    fee_year: int,
    version: int,
    fees: dict[str, Decimal],
    issued_on: date,
    count: int,
    lines: Lines | None = None,
) -> list[Invoice]:
    """An invoice to every municipality with a fee above zero; ``lines`` per municipality
    (kind, text, amount), without lines of nothing."""
    return [
        make_invoice(
            kind,
            fee_year,
            code,
            version,
            amount,
            issued_on,
            count,
            [line for line in (lines or {}).get(code, []) if line[2] > 0],
        )
        for code, amount in sorted(fees.items())
        if amount > 0
    ]


def _charge_lines(fees: AdmissionFees) -> Lines:
    return {
        fee.municipality_code: [(p.kind.value, p.text, p.amount) for p in fee.parts]
        for fee in fees.fees
    }


def decide_service_fee(
    uow: UnitOfWork, *, actor: Actor, decision: ServiceFeeDecision, reason: str = "", now: datetime
) -> DecisionResult:
    """Record the board's service-fee decision for its fee year, with every member's fee and
    invoice; refused (nothing stored) above the cap or without every member's revenue."""
    _staff_only(actor)
    problems = decision.problems() + _year_problem("fee_year", decision.fee_year)
    if problems:
        raise InvalidInput(problems)
    with uow:
        members = uow.member_fees.member_codes()
        revenues = uow.member_fees.revenue_bases(decision.base_year)
        lacking = [code for code in members if code not in revenues]
        if lacking:
            reason_text = N_(
                "Skatteintäkter och generella statsbidrag för %(year)s saknas för "
                "medlemskommunerna %(codes)s."
            )
            parameters = {"year": decision.base_year, "codes": ", ".join(lacking)}
            raise InvalidInput(
                [RowError("service fee decision", 0, "base_year", reason_text, parameters)]
            )
        version, previous = _version(uow, FeeKind.SERVICE, decision.fee_year, reason, now)
        fees = service_fees(decision, {code: revenues[code] for code in members})
        decision_id = uow.member_fees.add_service_decision(
            decision, fees, version=version, reason=reason, at=now, by=actor.audit_name
        )
        amounts = {fee.municipality_code: fee.fee for fee in fees}
        invoices = _invoices(
            FeeKind.SERVICE,
            decision.fee_year,
            version,
            amounts,
            decision.decided_on,
            decision.instalments,
        )
        uow.member_fees.add_invoices(decision_id, invoices)
        total = sum(amounts.values(), Decimal(0))
        result = DecisionResult(
            FeeKind.SERVICE, decision.fee_year, version, len(fees), total, len(invoices)
        )
        decided = FeeDecided(version, total, decision, reason.strip())
        _audit_decision(uow, actor, result, previous, decided, now)
        uow.commit()
    return result


def decide_admission_fee(
    uow: UnitOfWork,
    *,
    actor: Actor,
    decision: AdmissionFeeDecision,
    reason: str = "",
    now: datetime,
) -> DecisionResult:
    """Record the admission service fee of its fee year, each charge (the admission office,
    the youth register, the admission system, recovery) split per young person of the fee age
    registered in each party of the admission area (the members, Håbo and Gnesta) on the
    reference date, counted by birth cohort or by exact age, with the fees and invoices."""
    _check_admission_fee(actor, decision)
    with uow:
        fees = _admission_fees_of(uow, decision)
        version, previous = _version(uow, FeeKind.ADMISSION, decision.fee_year, reason, now)
        decision_id = uow.member_fees.add_admission_decision(
            decision, fees, version=version, reason=reason, at=now, by=actor.audit_name
        )
        amounts = {fee.municipality_code: fee.fee for fee in fees.fees}
        invoices = _invoices(
            FeeKind.ADMISSION,
            decision.fee_year,
            version,
            amounts,
            decision.decided_on,
            decision.instalments,
            _charge_lines(fees),
        )
        uow.member_fees.add_invoices(decision_id, invoices)
        result = DecisionResult(
            FeeKind.ADMISSION,
            decision.fee_year,
            version,
            len(fees.fees),
            fees.total,
            len(invoices),
            fees.price_per_young_person,
            fees.young_people,
        )
        decided = FeeDecided(
            version,
            fees.total,
            decision,
            reason.strip(),
            fees.young_people,
            fees.price_per_young_person,
        )
        _audit_decision(uow, actor, result, previous, decided, now)
        uow.commit()
    return result


def preview_admission_fee(
    uow: UnitOfWork, *, actor: Actor, decision: AdmissionFeeDecision
) -> AdmissionFees:
    """What ``decision`` would charge each party of the admission area, refused as
    ``decide_admission_fee`` refuses it, with nothing recorded (the page asks before it
    decides)."""
    _check_admission_fee(actor, decision)
    with uow:
        return _admission_fees_of(uow, decision)


def _check_admission_fee(actor: Actor, decision: AdmissionFeeDecision) -> None:
    _staff_only(actor)
    problems = decision.problems() + _year_problem("fee_year", decision.fee_year)
    if problems:
        raise InvalidInput(problems)


def _admission_fees_of(uow: UnitOfWork, decision: AdmissionFeeDecision) -> AdmissionFees:
    """The decision's fees per party, from the young people registered on its reference date
    (inside an open unit of work)."""
    counts = uow.member_fees.young_people(
        decision.reference_date, decision.fee_age, decision.count_basis
    )
    if sum(counts.values()) == 0:
        raise InvalidInput([_nobody(decision)])
    return admission_fees(decision.charges, counts)


def _nobody(decision: AdmissionFeeDecision) -> RowError:
    """The refusal of a decision that would count nobody: a Swedish msgid naming the age (and
    for a cohort the year of birth) and the reference date as parameters."""
    parameters: dict[str, object] = {
        "age": decision.fee_age,
        "date": decision.reference_date.isoformat(),
    }
    if decision.count_basis is CountBasis.COHORT:
        parameters["born"] = cohort_year(decision.reference_date, decision.fee_age)
        reason = N_(
            "Ingen ung person född %(born)s (som fyller %(age)s år under året) finns i "
            "antagningsområdet den %(date)s."
        )
    else:
        reason = N_("Ingen ung person som är %(age)s år finns i antagningsområdet den %(date)s.")
    return RowError("admission fee decision", 0, "reference_date", reason, parameters)
