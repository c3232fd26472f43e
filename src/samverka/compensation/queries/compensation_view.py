"""What is read of the money between municipalities: statements, the settlement, reports.

Who sees what:

* A statement (per payer or per payee, for the lines booked in one month): a municipality sees
  its own only (as payer, or as payee organiser); the admission officer all; the analyst none
  (``NotPermitted``), since a statement is one party's accounts.
* The organisers that are not municipalities (independent organisers and regions) have no
  accounts: the admission officer lists what each gets in a month (``organiser_payees``) and
  gives them their statements.
* The settlement, the flows matrix, pupils by programme and home municipality and payments over
  the year are aggregates without names: the officer, the analyst and the municipalities.

No pupil is ever named: statements sum lines, and the pupil counts are counts.

Statements, the settlement, the year's report and its pupil counts are aggregated in the
database (sums per statement row, per pair of municipalities, per month, per pupil's line key),
never by loading a month's or a year's lines: the sums are taken in öre, exact on both
databases, and are the same as the domain's sums of the lines (``statements``,
``net_settlement.municipal_flows``, ``month_lines.net_booked``). A statement's page
(``payer_statement_page``, ``payee_statement_page``) reads only its rows, in the statement's
order, and the totals and the number of rows of all of it (issue 15 point 2).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import ColumnElement, case, func, select
from sqlalchemy.orm import Session

from samverka.admission.db import tables as at
from samverka.compensation.db import tables as t
from samverka.compensation.db.terms_repository import SqlCompensationTermsRepository
from samverka.compensation.domain.month_lines import LineKind, LinePurpose
from samverka.compensation.domain.net_settlement import (
    Settlement,
    flows_of_pairs,
    mode_in_force,
    settle,
)
from samverka.compensation.domain.organiser import Organiser, OrganiserKind
from samverka.compensation.domain.period import Month, months_between
from samverka.compensation.domain.statements import (
    Statement,
    StatementRow,
    statement_of_rows,
)
from samverka.compensation.files.compensation_report import ReportData
from samverka.errors import N_, NotPermitted
from samverka.platform.access.domain.actors import Actor, Role

_ZERO = Decimal(0)
AGGREGATE_ROLES = frozenset({Role.OFFICER, Role.ANALYST, Role.MUNICIPALITY})


@dataclass(frozen=True, slots=True)
class ProgrammeCount:
    programme: str
    home_municipality: str
    pupils: int


@dataclass(frozen=True, slots=True)
class PayeeTotal:
    """What one organiser gets for the lines booked in a month."""

    organiser: Organiser
    name: str  # the organiser's name in the catalogue, or its code when it is not there
    pupil_months: int  # lines: a reversal counts as one
    total: Decimal


def year_months(year: int) -> list[Month]:
    return list(months_between(Month(year, 1), Month(year, 12)))


def _aggregates(actor: Actor) -> None:
    if actor.role not in AGGREGATE_ROLES:
        raise NotPermitted(
            N_("Ersättningens rapporter är för antagningskansliet, analytiker och kommuner.")
        )


def _statement_of(actor: Actor, party: str) -> None:
    if actor.role is Role.OFFICER:
        return
    if actor.role is Role.MUNICIPALITY and actor.municipality_code == party:
        return
    raise NotPermitted(N_("En kommun ser bara sina egna specifikationer."))


@dataclass(frozen=True, slots=True)
class StatementPage:
    """A page of a statement's rows, with the totals and the number of rows of all of it."""

    statement: Statement  # the page's rows only
    rows: int
    total: Decimal
    vat_total: Decimal
    admin_total: Decimal


def payer_statement(session: Session, actor: Actor, municipality: str, month: Month) -> Statement:
    """What ``municipality`` pays for the lines booked in ``month``."""
    _statement_of(actor, municipality)
    line = t.compensation_line
    rows = _statement_rows(session, month, line.c.payer == municipality)
    return statement_of_rows(municipality, month, rows)


def payee_statement(session: Session, actor: Actor, payee: Organiser, month: Month) -> Statement:
    """What ``payee`` gets for the lines booked in ``month`` (a municipality: its own only)."""
    _statement_of(actor, payee.code if payee.is_municipality else "")
    rows = _statement_rows(session, month, _payee_is(payee))
    return statement_of_rows(payee, month, rows)


def _payee_is(payee: Organiser) -> ColumnElement[bool]:
    line = t.compensation_line
    return (line.c.payee_kind == payee.kind.value) & (line.c.payee_code == payee.code)


def payer_statement_page(
    session: Session, actor: Actor, municipality: str, month: Month, *, limit: int, offset: int
) -> StatementPage:
    """``limit`` rows from ``offset`` of ``payer_statement``, in its order, read in SQL, with
    the totals of all its rows (summed in SQL)."""
    _statement_of(actor, municipality)
    party = t.compensation_line.c.payer == municipality
    return _page(session, municipality, month, party, limit, offset)


def payee_statement_page(
    session: Session, actor: Actor, payee: Organiser, month: Month, *, limit: int, offset: int
) -> StatementPage:
    """``limit`` rows from ``offset`` of ``payee_statement``, with the totals of all of it."""
    _statement_of(actor, payee.code if payee.is_municipality else "")
    return _page(session, payee, month, _payee_is(payee), limit, offset)


def _page(
    session: Session,
    party: str | Organiser,
    month: Month,
    condition: ColumnElement[bool],
    limit: int,
    offset: int,
) -> StatementPage:
    line = t.compensation_line
    parts = (line.c.price_amount, line.c.supplement_amount, line.c.admin_amount, line.c.vat_amount)
    mine = (line.c.booked_in == str(month), condition)
    grouped = select(*_ROW_KEY).where(*mine).group_by(*_ROW_KEY).subquery()
    count = session.execute(select(func.count()).select_from(grouped)).scalar_one()
    sums = session.execute(select(*(_ore_sum(part) for part in parts)).where(*mine)).one()
    price, supplement, admin, vat = (_kronor(0 if ore is None else ore) for ore in sums)
    rows = _statement_rows(session, month, condition, limit=limit, offset=offset)
    return StatementPage(
        statement_of_rows(party, month, rows),
        int(count),
        price + supplement + admin + vat,
        vat,
        admin,
    )


_ROW_KEY = (
    t.compensation_line.c.payer,
    t.compensation_line.c.payee_kind,
    t.compensation_line.c.payee_code,
    t.compensation_line.c.school_unit,
    t.compensation_line.c.programme,
    t.compensation_line.c.orientation,
    t.compensation_line.c.purpose,
    t.compensation_line.c.invoice,
    t.compensation_line.c.service_month,
    t.compensation_line.c.kind,
)


def _row_order(session: Session) -> list[ColumnElement[Any]]:
    """The rows' order of ``statements`` (its ``_sort_key``) in SQL: texts compared by their
    characters' codes, as Python compares them (PostgreSQL's ``"C"`` collation)."""
    line = t.compensation_line

    def text(column: ColumnElement[Any]) -> ColumnElement[Any]:
        postgresql = session.get_bind().dialect.name == "postgresql"
        return column.collate("C") if postgresql else column

    return [
        text(line.c.payer),
        text(line.c.payee_kind),
        text(line.c.payee_code),
        text(line.c.school_unit),
        text(line.c.programme),
        text(func.coalesce(line.c.orientation, "")),
        line.c.service_month,
        case((line.c.purpose == LinePurpose.PROGRAMME.value, 0), else_=1),
        text(line.c.purpose),
        line.c.invoice,
        text(line.c.kind),
    ]


def _statement_rows(
    session: Session,
    month: Month,
    party: ColumnElement[bool],
    *,
    limit: int | None = None,
    offset: int = 0,
) -> list[StatementRow]:
    """The rows of a statement (``statements``: the lines booked in ``month`` summed per
    counterparty, school, programme, purpose, service month and kind), summed in the database
    over the ``party``'s lines only; ``limit`` of them from ``offset`` in the statement's order."""
    line = t.compensation_line
    key = (
        line.c.payer,
        line.c.payee_kind,
        line.c.payee_code,
        line.c.school_unit,
        line.c.programme,
        line.c.orientation,
        line.c.purpose,
        line.c.invoice,
        line.c.service_month,
        line.c.kind,
    )
    parts = (line.c.price_amount, line.c.supplement_amount, line.c.admin_amount, line.c.vat_amount)
    query = (
        select(*key, func.count(), *(_ore_sum(part) for part in parts))
        .where(line.c.booked_in == str(month), party)
        .group_by(*key)
    )
    if limit is not None:
        query = query.order_by(*_row_order(session)).limit(limit).offset(offset)
    rows = []
    for (payer, kind, code, unit, programme, orientation, purpose, invoice, service, line_kind,
         count, price, supplement, admin, vat) in session.execute(query):  # fmt: skip
        amounts = [_kronor(price), _kronor(supplement), _kronor(admin), _kronor(vat)]
        rows.append(
            StatementRow(
                payer=payer,
                payee=Organiser(OrganiserKind(kind), code),
                school_unit=unit,
                programme=programme,
                orientation=orientation,
                service_month=Month.parse(service),
                kind=LineKind(line_kind),
                lines=int(count),
                price_amount=amounts[0],
                supplement_amount=amounts[1],
                amount=sum(amounts, _ZERO),
                admin_amount=amounts[2],
                vat_amount=amounts[3],
                purpose=LinePurpose(purpose),
                invoice=bool(invoice),
            )
        )
    return rows


def organiser_payees(session: Session, actor: Actor, month: Month) -> list[PayeeTotal]:
    """The organisers other than municipalities with lines booked in ``month``, by name: what
    each gets (the officer only)."""
    if actor.role is not Role.OFFICER:
        raise NotPermitted(N_("Bara antagningskansliet ger huvudmännen deras specifikationer."))
    line = t.compensation_line
    query = (
        select(line.c.payee_kind, line.c.payee_code, func.count(), func.sum(line.c.amount))
        .where(line.c.booked_in == str(month), line.c.payee_kind != "municipality")
        .group_by(line.c.payee_kind, line.c.payee_code)
    )
    names: dict[str, str] = {}
    for name, number in session.execute(
        select(at.organiser.c.name, at.organiser.c.organisation_number)
    ):
        names[number or name] = name
    found = [
        PayeeTotal(
            Organiser(OrganiserKind(kind), code), names.get(code, code), count, Decimal(total)
        )
        for kind, code, count, total in session.execute(query)
    ]
    return sorted(found, key=lambda payee: (payee.name.casefold(), payee.organiser))


def settlement(session: Session, actor: Actor, *, months: Sequence[Month]) -> Settlement:
    """The net settlement of the lines booked in ``months`` (a month, or a year's twelve)
    between the member municipalities: bilateral, unless the members' clearing decision in
    force for the period's first month says multilateral (``net_settlement``)."""
    _aggregates(actor)
    line = t.compensation_line
    query = (
        select(line.c.payer, line.c.payee_code, _ore_sum(line.c.amount))
        .where(line.c.booked_in.in_(sorted(str(month) for month in months)))
        .where(line.c.payee_kind == OrganiserKind.MUNICIPALITY.value)
        .where(line.c.payee_code != line.c.payer, line.c.invoice.is_(False))
        .group_by(line.c.payer, line.c.payee_code)
    )
    pairs = {(payer, payee): _kronor(ore) for payer, payee, ore in session.execute(query)}
    terms = SqlCompensationTermsRepository(session)
    mode = mode_in_force(terms.clearing_decisions(), months)
    return settle(flows_of_pairs(pairs, terms.member_codes() or None), mode)


def _ore_sum(amount: ColumnElement[Decimal]) -> ColumnElement[Any]:
    """The sum of an amount column in öre: exact on both databases (SQLite keeps amounts as
    REAL, and the sum of whole öre stays exact far beyond any year's money)."""
    return func.sum(func.round(amount * 100))


def _kronor(ore: object) -> Decimal:
    """An öre sum as kronor with two decimals (the database gives a float, Decimal or int)."""
    return Decimal(round(Decimal(str(ore)))).scaleb(-2)


def flows_matrix(session: Session, actor: Actor, year: int) -> dict[tuple[str, str], Decimal]:
    """Gross money per (payer, payee municipality) booked in ``year``; own schools left out."""
    _aggregates(actor)
    line = t.compensation_line
    query = (
        select(line.c.payer, line.c.payee_code, func.sum(line.c.amount))
        .where(
            line.c.booked_in.between(f"{year:04d}-01", f"{year:04d}-12"),
            line.c.payee_kind == "municipality",
            line.c.payee_code != line.c.payer,
            line.c.invoice.is_(False),
        )
        .group_by(line.c.payer, line.c.payee_code)
    )
    return {
        (payer, payee): Decimal(total) for payer, payee, total in session.execute(query) if total
    }


def payments_over_year(session: Session, actor: Actor, year: int) -> dict[Month, Decimal]:
    """The net money booked in each month of ``year`` (every month, zero when none)."""
    _aggregates(actor)
    line = t.compensation_line
    query = (
        select(line.c.booked_in, func.sum(line.c.amount))
        .where(line.c.booked_in.between(f"{year:04d}-01", f"{year:04d}-12"))
        .group_by(line.c.booked_in)
    )
    booked = {Month.parse(m): Decimal(total) for m, total in session.execute(query)}
    return {month: booked.get(month, _ZERO) for month in year_months(year)}


def pupils_by_programme(session: Session, actor: Actor, month: Month) -> list[ProgrammeCount]:
    """Pupils paid for in ``month`` (net of corrections) per programme and home municipality."""
    _aggregates(actor)
    line = t.compensation_line
    key = (
        line.c.pupil_id,
        line.c.payer,
        line.c.payee_kind,
        line.c.payee_code,
        line.c.school_unit,
        line.c.programme,
        line.c.orientation,
        line.c.decision_id,
    )  # a line's key (``PupilMonthLine.key``) and its pupil; one service month, one purpose
    paid = (
        select(line.c.programme, line.c.payer)
        .where(line.c.service_month == str(month))
        .where(line.c.purpose == LinePurpose.PROGRAMME.value)  # each pupil once
        .group_by(*key)
        .having(_ore_sum(line.c.amount) > 0)  # paid for, net of corrections
        .subquery()
    )
    query = (
        select(paid.c.programme, paid.c.payer, func.count())
        .group_by(paid.c.programme, paid.c.payer)
        .order_by(paid.c.programme, paid.c.payer)
    )
    return [ProgrammeCount(p, m, int(n)) for p, m, n in session.execute(query)]


def last_booked_month(session: Session, year: int) -> Month | None:
    line = t.compensation_line
    found = session.execute(
        select(func.max(line.c.service_month)).where(
            line.c.service_month.between(f"{year:04d}-01", f"{year:04d}-12")
        )
    ).scalar_one_or_none()
    return None if found is None else Month.parse(found)


def compensation_report(session: Session, actor: Actor, year: int) -> ReportData:
    """The figures of the year's report (``compensation.files.compensation_report``)."""
    _aggregates(actor)
    month = last_booked_month(session, year) or Month(year, 12)
    settled = settlement(session, actor, months=year_months(year))
    return ReportData(
        year=year,
        flows=flows_matrix(session, actor, year),
        payments={str(m): amount for m, amount in payments_over_year(session, actor, year).items()},
        pupils_month=str(month),
        pupils=[
            (c.programme, c.home_municipality, c.pupils)
            for c in pupils_by_programme(session, actor, month)
        ],
        transfers_before=settled.transfers_before,
        transfers_after=settled.transfers_after,
        moved_before=settled.moved_before,
        moved_after=settled.moved_after,
    )


def latest_booked_in(session: Session) -> Month | None:
    """The newest month any line was booked in, or None before the first run."""
    found = session.execute(select(func.max(t.compensation_line.c.booked_in))).scalar_one_or_none()
    return None if found is None else Month.parse(found)
