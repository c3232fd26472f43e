"""What the member-fee pages, the API, the command line and the operations-plan document read:
the fee years with their decisions, one year per municipality (revenue base, service fee,
admission count and fee, total), the invoices, and a municipality's own fees.

The rows are the members and the admission area's other parties (Håbo, Gnesta: issue 12
point 9), who pay the admission fee but never the service fee; ``member`` says which is which.

Only the decisions in force count (a superseded decision is history, shown as such). The
association's staff and board members read every municipality; a municipality account reads
only its own fees and invoices (``municipality_fees``); anyone else gets ``NotPermitted``.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Row, func, or_, select

from samverka.admission.domain.area import AreaTerms
from samverka.admission.queries.admission_statistics import Database
from samverka.association.fees.db import tables as f
from samverka.association.fees.domain.admission_fee import ChargeKind, CountBasis
from samverka.association.fees.domain.fee_invoices import FeeKind
from samverka.association.fees.queries.invoices import InvoiceView, invoices_of
from samverka.errors import N_, NotFound, NotPermitted
from samverka.platform.access.domain.actors import Actor, Role
from samverka.platform.db import tables as pt

ZERO = Decimal(0)
READERS = frozenset({Role.ASSOCIATION_STAFF, Role.BOARD_MEMBER})


@dataclass(frozen=True, slots=True)
class ChargeView:
    kind: ChargeKind
    text: str
    cost: Decimal


@dataclass(frozen=True, slots=True)
class MunicipalityFee:
    """One party's fees of a year (the operations-plan document's "fee per municipality")."""

    municipality_code: str
    name: str
    service_fee: Decimal
    admission_fee: Decimal
    total: Decimal


@dataclass(frozen=True, slots=True)
class Decision:
    kind: FeeKind
    id: int
    fee_year: int
    version: int
    decided_on: date
    decided_by: str
    reason: str
    recorded_at: datetime
    recorded_by: str
    superseded_at: datetime | None
    instalments: int
    total: Decimal
    rate_per_mille: Decimal | None = None  # the service fee's
    cap_per_mille: Decimal | None = None
    base_year: int | None = None
    budgeted_cost: Decimal | None = None  # the admission fee's
    fee_age: int | None = None
    reference_date: date | None = None
    price_per_young_person: Decimal | None = None
    young_people: int | None = None
    count_basis: CountBasis | None = None
    charges: tuple[ChargeView, ...] = ()  # the admission fee's, the admission office's first

    @property
    def superseded(self) -> bool:
        return self.superseded_at is not None


@dataclass(frozen=True, slots=True)
class FeeYearSummary:
    fee_year: int
    service: Decision | None
    admission: Decision | None

    @property
    def total(self) -> Decimal:
        return sum((d.total for d in (self.service, self.admission) if d), ZERO)


@dataclass(frozen=True, slots=True)
class FeeRow:
    municipality_code: str
    name: str
    revenue: Decimal | None
    service_fee: Decimal
    young_people: int | None
    admission_fee: Decimal
    member: bool = True  # False: a party of the admission area only (Håbo, Gnesta)

    @property
    def total(self) -> Decimal:
        return self.service_fee + self.admission_fee


@dataclass(frozen=True, slots=True)
class FeeYear:
    fee_year: int
    service: Decision | None
    admission: Decision | None
    rows: tuple[FeeRow, ...]
    history: tuple[Decision, ...]  # every decision of the year, superseded ones included
    invoices: tuple[InvoiceView, ...]  # of the decisions in force

    @property
    def service_total(self) -> Decimal:
        return sum((row.service_fee for row in self.rows), ZERO)

    @property
    def admission_total(self) -> Decimal:
        return sum((row.admission_fee for row in self.rows), ZERO)

    @property
    def total(self) -> Decimal:
        return self.service_total + self.admission_total


@dataclass(frozen=True, slots=True)
class RevenueView:
    municipality_code: str
    name: str
    revenue: Decimal | None


def _readers_only(actor: Actor) -> None:
    if actor.role not in READERS:
        raise NotPermitted(N_("Bara förbundets kansli och styrelse ser alla medlemmars avgifter."))


def _names(db: Database) -> dict[str, str]:
    """The members' names by code."""
    return {code: name for code, (name, member) in _parties(db).items() if member}


def party_names(db: Database) -> dict[str, str]:
    """The names by code of every party of the admission area, members included."""
    return {code: name for code, (name, _member) in _parties(db).items()}


def _parties(db: Database) -> dict[str, tuple[str, bool]]:
    """(name, member) by code of every party of the admission area, members included."""
    m = pt.municipality
    parties = [terms.value for terms in AreaTerms if terms.in_admission_area]
    query = (
        select(m.c.code, m.c.name, m.c.member)
        .where(or_(m.c.member.is_(True), m.c.admission_terms.in_(parties)))
        .order_by(m.c.code)
    )
    return {row.code: (row.name, bool(row.member)) for row in db.execute(query)}


def _charges(db: Database, decision_ids: list[int]) -> dict[int, tuple[ChargeView, ...]]:
    table = f.admission_fee_charge
    order = list(ChargeKind)
    found: dict[int, list[ChargeView]] = defaultdict(list)
    if decision_ids:
        for row in db.execute(select(table).where(table.c.decision_id.in_(decision_ids))):
            found[row.decision_id].append(
                ChargeView(ChargeKind(row.kind), row.text, Decimal(row.cost))
            )
    return {
        key: tuple(sorted(value, key=lambda c: order.index(c.kind))) for key, value in found.items()
    }


def _lines(db: Database, kind: FeeKind, decision_ids: list[int]) -> dict[int, list[Row[Any]]]:
    table = f.service_fee_line if kind is FeeKind.SERVICE else f.admission_fee_line
    found: dict[int, list[Row[Any]]] = defaultdict(list)
    if decision_ids:
        for row in db.execute(select(table).where(table.c.decision_id.in_(decision_ids))):
            found[row.decision_id].append(row)
    return found


def _decisions(db: Database, kind: FeeKind, year: int | None = None) -> list[Decision]:
    table = f.service_fee_decision if kind is FeeKind.SERVICE else f.admission_fee_decision
    query = select(table).order_by(table.c.fee_year, table.c.version)
    if year is not None:
        query = query.where(table.c.fee_year == year)
    rows = list(db.execute(query))
    lines = _lines(db, kind, [row.id for row in rows])
    charges = _charges(db, [row.id for row in rows]) if kind is FeeKind.ADMISSION else {}
    return [_decision(kind, row, lines[row.id], charges.get(row.id)) for row in rows]


def _decision(
    kind: FeeKind,
    row: Row[Any],
    lines: list[Row[Any]],
    charges: tuple[ChargeView, ...] | None = None,
) -> Decision:
    common: dict[str, Any] = {
        "kind": kind,
        "id": row.id,
        "fee_year": row.fee_year,
        "version": row.version,
        "decided_on": row.decided_on,
        "decided_by": row.decided_by,
        "reason": row.reason,
        "recorded_at": row.recorded_at,
        "recorded_by": row.recorded_by,
        "superseded_at": row.superseded_at,
        "instalments": row.instalments,
        "total": sum((Decimal(line.fee) for line in lines), ZERO),
    }
    if kind is FeeKind.SERVICE:
        return Decision(
            **common,
            rate_per_mille=Decimal(row.rate_per_mille),
            cap_per_mille=Decimal(row.cap_per_mille),
            base_year=row.base_year,
        )
    return Decision(
        **common,
        budgeted_cost=Decimal(row.budgeted_cost),
        fee_age=row.fee_age,
        reference_date=row.reference_date,
        price_per_young_person=Decimal(row.price_per_young_person),
        young_people=sum(int(line.young_people) for line in lines),
        count_basis=CountBasis(row.count_basis),
        # a decision stored before its charges were (migration 0021) charged its cost alone
        charges=charges
        or (ChargeView(ChargeKind.ADMISSION_OFFICE, "", Decimal(row.budgeted_cost)),),
    )


def _in_force(decisions: list[Decision], year: int) -> Decision | None:
    current = [d for d in decisions if d.fee_year == year and d.superseded_at is None]
    return current[-1] if current else None


def fee_years(db: Database, actor: Actor) -> list[FeeYearSummary]:
    """Every fee year with a decision, newest first, with the decisions in force."""
    _readers_only(actor)
    service, admission = _decisions(db, FeeKind.SERVICE), _decisions(db, FeeKind.ADMISSION)
    years = sorted({d.fee_year for d in service + admission}, reverse=True)
    return [FeeYearSummary(y, _in_force(service, y), _in_force(admission, y)) for y in years]


def _fee_lines(db: Database, decision: Decision | None) -> dict[str, Row[Any]]:
    if decision is None:
        return {}
    return {
        row.municipality_code: row for row in _lines(db, decision.kind, [decision.id])[decision.id]
    }


def fees_per_municipality(session: Database, year: int) -> list[MunicipalityFee]:
    """Every member's service fee, admission fee and total of ``year`` under the decisions in
    force (zero where none is decided), and every other party of the admission area that pays
    an admission fee, in municipality code order. For the yearly plan."""
    service = _in_force(_decisions(session, FeeKind.SERVICE, year), year)
    admission = _in_force(_decisions(session, FeeKind.ADMISSION, year), year)
    service_lines, admission_lines = _fee_lines(session, service), _fee_lines(session, admission)
    found = []
    for code, (name, member) in _parties(session).items():
        service_fee = Decimal(service_lines[code].fee) if code in service_lines else ZERO
        admission_fee = Decimal(admission_lines[code].fee) if code in admission_lines else ZERO
        if not member and service_fee + admission_fee == 0:
            continue
        found.append(
            MunicipalityFee(code, name, service_fee, admission_fee, service_fee + admission_fee)
        )
    return found


def fee_year(db: Database, actor: Actor, year: int) -> FeeYear:
    """One fee year per party (the members, and the admission area's other parties), its
    decisions' history and its invoices."""
    _readers_only(actor)
    history = _decisions(db, FeeKind.SERVICE, year) + _decisions(db, FeeKind.ADMISSION, year)
    if not history:
        raise NotFound(N_("Ingen medlemsavgift är beslutad för %(year)s."), year=year)
    service = _in_force([d for d in history if d.kind is FeeKind.SERVICE], year)
    admission = _in_force([d for d in history if d.kind is FeeKind.ADMISSION], year)
    service_lines, admission_lines = _fee_lines(db, service), _fee_lines(db, admission)
    rows = tuple(
        FeeRow(
            code,
            name,
            Decimal(service_lines[code].revenue) if code in service_lines else None,
            Decimal(service_lines[code].fee) if code in service_lines else ZERO,
            int(admission_lines[code].young_people) if code in admission_lines else None,
            Decimal(admission_lines[code].fee) if code in admission_lines else ZERO,
            member,
        )
        for code, (name, member) in _parties(db).items()
        if member or code in admission_lines
    )
    current = [d for d in (service, admission) if d is not None]
    history.sort(key=lambda d: (d.kind.value != "service", d.version))
    return FeeYear(
        year,
        service,
        admission,
        rows,
        tuple(history),
        invoices_of(db, [(d.kind, d.id) for d in current]),
    )


@dataclass(frozen=True, slots=True)
class OwnFeeYear:
    """A municipality's own fees of a year, with what they were computed from."""

    fee_year: int
    service: Decision | None  # the decisions in force (rate, base year; price, fee age)
    admission: Decision | None
    revenue: Decimal | None  # its own revenue of the base year
    service_fee: Decimal
    young_people: int | None  # its own count on the reference date
    admission_fee: Decimal
    invoices: tuple[InvoiceView, ...]

    @property
    def total(self) -> Decimal:
        return self.service_fee + self.admission_fee


def municipality_fees(db: Database, actor: Actor) -> list[OwnFeeYear]:
    """The signed-in municipality's own fees and invoices per fee year, newest first."""
    if actor.role is not Role.MUNICIPALITY or actor.municipality_code is None:
        raise NotPermitted(N_("Bara kommunens eget konto ser dess medlemsavgifter."))
    code = actor.municipality_code
    service, admission = _decisions(db, FeeKind.SERVICE), _decisions(db, FeeKind.ADMISSION)
    found = []
    for year in sorted({d.fee_year for d in service + admission}, reverse=True):
        in_force = _in_force(service, year), _in_force(admission, year)
        own_service = _fee_lines(db, in_force[0]).get(code)
        own_admission = _fee_lines(db, in_force[1]).get(code)
        current = [(d.kind, d.id) for d in in_force if d is not None]
        found.append(
            OwnFeeYear(
                year,
                *in_force,
                None if own_service is None else Decimal(own_service.revenue),
                ZERO if own_service is None else Decimal(own_service.fee),
                None if own_admission is None else int(own_admission.young_people),
                ZERO if own_admission is None else Decimal(own_admission.fee),
                invoices_of(db, current, code),
            )
        )
    return found


def revenue_bases(db: Database, actor: Actor, base_year: int) -> list[RevenueView]:
    """Every member's tax and grant revenue of ``base_year`` (``None`` where not yet given)."""
    _readers_only(actor)
    r = f.fee_revenue_base
    query = select(r.c.municipality_code, r.c.revenue).where(r.c.base_year == base_year)
    stored = {code: Decimal(revenue) for code, revenue in db.execute(query)}
    return [RevenueView(code, name, stored.get(code)) for code, name in _names(db).items()]


def latest_base_year(db: Database) -> int | None:
    """The newest base year with any revenue stored."""
    r = f.fee_revenue_base
    value = db.execute(select(func.max(r.c.base_year))).scalar()
    return None if value is None else int(value)
