"""The reconciliation check of a year (``samverka compensation check``), summed by the database.

Sources: issue 13 point 2 (every placed pupil-month paid or listed with its reason; "the
reconciliation check proves placements = paid pupil-months + anomalies for every month") and
"the reconciliation check's speed" (a year of 1.05 million lines in under 10 s: aggregate in
SQL, compare sums per group, but keep it a real proof: every line accounted for);
admissions-rules.md §11.2 item 12 (totals reconcile exactly with the pupil-months behind them);
``compensation.domain.reconciliation`` and ``compensation.domain.unpaid``.

What an empty list of discrepancies proves, for the lines booked in the year's months:

1. Every line's amount is its price, supplement, administration and VAT parts (no line differs).
2. Per payer, payee and month booked in, the database's sums and counts of the lines equal what
   the runs stated they booked (``compensation_run_total``: each run's sums, checked against
   its stored lines before it committed). A statement sums the same lines per payer (or payee)
   and month (``compensation.domain.statements``, a partition of the lines: its total is their
   sum), so every statement's total is proven with them, and every line is counted once.
   Runs stored before the stated totals existed (migration 0018) are checked by 3 only (a note
   says how many).
3. Every run of the year: its stored number of lines, total and regular total equal those of
   its lines.
4. Every service month of the year that has a run: each pupil with a placement in the register
   in force on the month's measurement date (the region's settings) is paid once (net lines:
   payments +1, reversals −1) or listed unpaid once with its reason, and nobody else is paid or
   listed; so placed = paid + not charged (own municipality) + anomalies, pupil by pupil. A
   difference means that the register changed after the month's last run (run again: the next
   run books the correction) or a fault. Pupils are named to the admission officer only.

Only sums, counts and the few pupil-months that do not add up leave the database. On PostgreSQL
the check's queries get ``CHECK_WORK_MEM`` of sort and hash memory, so that grouping a year's
pupil-months (about two million rows) stays in memory instead of spilling to disk.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import and_, case, func, literal, or_, select, text, union_all
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from samverka.compensation.db import tables as t
from samverka.compensation.db.compensation_repository import SqlCompensationRepository
from samverka.compensation.domain.measurement_day import measurement_date
from samverka.compensation.domain.month_lines import LineKind, LinePurpose, UnpaidReason
from samverka.compensation.domain.monthly_compensation import CompensationSettings
from samverka.compensation.domain.organiser import Organiser, OrganiserKind
from samverka.compensation.domain.period import Month
from samverka.compensation.domain.reconciliation import Discrepancy, TotalKey, reconcile_totals
from samverka.compensation.domain.unpaid import MonthAccount, pupil_month_problem
from samverka.compensation.queries.compensation_view import AGGREGATE_ROLES
from samverka.errors import N_, NotPermitted
from samverka.platform.access.domain.actors import Actor, Role
from samverka.register.db import tables as rt

_ZERO = Decimal(0)
_HALF_ORE = 0.005
CHECK_WORK_MEM = "256MB"
NAMED_PROBLEMS = 20  # pupil-months named per month to the officer


@dataclass(frozen=True, slots=True)
class ReconciliationResult:
    """The check of a year: lines, statement totals and runs compared, every service month's
    pupils accounted for, and every difference."""

    year: int
    lines: int
    totals_checked: int
    runs_checked: int
    discrepancies: tuple[Discrepancy | str, ...]
    months: tuple[MonthAccount, ...] = ()
    notes: tuple[str, ...] = ()

    @property
    def reconciled(self) -> bool:
        return not self.discrepancies and all(month.balanced for month in self.months)


def _year_bounds(year: int) -> tuple[str, str]:
    return f"{year:04d}-01", f"{year:04d}-12"


def reconciliation_check(session: Session, actor: Actor, year: int) -> ReconciliationResult:
    """The check of ``year`` (module docstring); ``reconciled`` proves it."""
    if actor.role not in AGGREGATE_ROLES:
        raise NotPermitted(
            N_("Ersättningens rapporter är för antagningskansliet, analytiker och kommuner.")
        )
    first, last = _year_bounds(year)
    with _work_memory(session):
        return _check(session, actor, year, first, last)


@contextmanager
def _work_memory(session: Session) -> Iterator[None]:
    """More sort and hash memory for the check's queries on PostgreSQL, reset afterwards."""
    if session.get_bind().dialect.name != "postgresql":
        yield
        return
    session.execute(text(f"SET work_mem = '{CHECK_WORK_MEM}'"))
    try:
        yield
    finally:
        # In a transaction that failed the rollback undoes the SET; RESET cannot run there.
        with suppress(DBAPIError):
            session.execute(text("RESET work_mem"))


def _check(
    session: Session, actor: Actor, year: int, first: str, last: str
) -> ReconciliationResult:
    groups = _line_groups(session, first, last)
    runs = _runs(session, first, last)
    problems: list[Discrepancy | str] = []
    wrong_parts = sum(group.wrong for group in groups.values())
    if wrong_parts:
        problems.append(f"{wrong_parts} lines whose amount is not price + supplement")
    problems.extend(_run_problems(groups, runs))
    stated = _stated(session, first, last)
    unstated = {run_id for run_id, run in runs.items() if run.lines and run_id not in stated.runs}
    problems.extend(_stated_problems(groups, stated, unstated))
    notes: tuple[str, ...] = ()
    if unstated:
        notes = (f"{len(unstated)} runs from before the stated totals: checked per run only",)
    settings = SqlCompensationRepository(session).settings() or CompensationSettings()
    months = sorted({run.month for run in runs.values()})
    named = actor.role is Role.OFFICER
    accounts = tuple(month_accounts(session, months, settings, name_pupils=named))
    counted = sum(group.lines for group in groups.values())
    keys = {(payer, payee, booked) for _run, payer, payee, booked in groups}
    return ReconciliationResult(
        year, counted, len(keys), len(runs), tuple(problems), accounts, notes
    )


# -- 1, 2 and 3: the lines, what the runs stated, and the runs ------------------------------------
@dataclass(frozen=True, slots=True)
class _Group:
    """The lines of one run, payer, payee and month booked in, summed by the database."""

    lines: int
    amount: Decimal
    regular: Decimal  # the lines for the run's own month (service month = month booked in)
    wrong: int  # lines whose amount is not price + supplement


_GroupKey = tuple[int, str, Organiser, Month]


@dataclass(frozen=True, slots=True)
class _Run:
    month: Month
    lines: int
    total: Decimal
    regular_total: Decimal


@dataclass(frozen=True, slots=True)
class _Stated:
    totals: dict[_GroupKey, tuple[int, Decimal]]
    runs: set[int]


def _line_groups(session: Session, first: str, last: str) -> dict[_GroupKey, _Group]:
    """One pass over the lines booked in [first, last]: their sums per run, payer, payee and
    month booked in."""
    line = t.compensation_line
    keys = (line.c.run_id, line.c.payer, line.c.payee_kind, line.c.payee_code, line.c.booked_in)
    parts = line.c.price_amount + line.c.supplement_amount + line.c.admin_amount + line.c.vat_amount
    wrong = case((func.abs(line.c.amount - parts) > _HALF_ORE, 1), else_=0)  # REAL on SQLite
    regular = case((line.c.service_month == line.c.booked_in, line.c.amount), else_=0)
    query = (
        select(*keys, func.count(), func.sum(line.c.amount), func.sum(regular), func.sum(wrong))
        .where(line.c.booked_in.between(first, last))
        .group_by(*keys)
    )
    months: dict[str, Month] = {}
    groups: dict[_GroupKey, _Group] = {}
    for run_id, payer, kind, code, booked, count, amount, own, wrong_count in session.execute(
        query
    ):
        booked_in = months.setdefault(booked, Month.parse(booked))
        key = (int(run_id), payer, Organiser(OrganiserKind(kind), code), booked_in)
        groups[key] = _Group(int(count), _money(amount), _money(own), int(wrong_count or 0))
    return groups


def _runs(session: Session, first: str, last: str) -> dict[int, _Run]:
    run = t.compensation_run
    query = select(run.c.id, run.c.month, run.c.lines, run.c.total, run.c.regular_total).where(
        run.c.month.between(first, last)
    )
    return {
        int(run_id): _Run(Month.parse(month), int(lines), _money(total), _money(regular))
        for run_id, month, lines, total, regular in session.execute(query)
    }


def _run_problems(groups: dict[_GroupKey, _Group], runs: dict[int, _Run]) -> list[str]:
    """Every run whose stored lines, total or regular total its lines contradict, and every
    line booked in a month other than its run's."""
    sums: dict[int, list[Decimal]] = {run_id: [_ZERO, _ZERO, _ZERO] for run_id in runs}
    problems = []
    for (run_id, payer, payee, booked_in), group in groups.items():
        run = runs.get(run_id)
        if run is None or run.month != booked_in:
            problems.append(
                f"{group.lines} lines of run {run_id} ({payer} → {payee}) booked in {booked_in},"
                " not in their run's month"
            )
            continue
        found = sums[run_id]
        found[0] += group.lines
        found[1] += group.amount
        found[2] += group.regular
    for run_id, run in sorted(runs.items()):
        lines, total, regular = sums[run_id]
        if run.lines != lines:
            problems.append(f"run {run_id}: {run.lines} lines stored, {lines} found")
        if run.total != total:
            problems.append(f"run {run_id}: stored total {run.total} but its lines sum to {total}")
        if run.regular_total != regular:
            problems.append(
                f"run {run_id}: stored regular total {run.regular_total}, its own month's lines"
                f" sum to {regular}"
            )
    return problems


def _stated(session: Session, first: str, last: str) -> _Stated:
    run, total = t.compensation_run, t.compensation_run_total
    query = (
        select(
            total.c.run_id,
            total.c.payer,
            total.c.payee_kind,
            total.c.payee_code,
            run.c.month,
            total.c.lines,
            total.c.amount,
        )
        .join(run, run.c.id == total.c.run_id)
        .where(run.c.month.between(first, last))
    )
    totals: dict[_GroupKey, tuple[int, Decimal]] = {}
    for run_id, payer, kind, code, month, lines, amount in session.execute(query):
        key = (int(run_id), payer, Organiser(OrganiserKind(kind), code), Month.parse(month))
        totals[key] = (int(lines), _money(amount))
    return _Stated(totals, {key[0] for key in totals})


def _stated_problems(
    groups: dict[_GroupKey, _Group], stated: _Stated, unstated: set[int]
) -> list[Discrepancy | str]:
    """Per run, payer and payee: the lines against what the run stated (runs in ``unstated``
    are left out), as discrepancies per payer, payee and month booked in."""
    lines: dict[TotalKey, Decimal] = {}
    said: dict[TotalKey, Decimal] = {}
    problems: list[Discrepancy | str] = []
    for key in sorted(groups.keys() | stated.totals.keys()):
        run_id, payer, payee, booked_in = key
        if run_id in unstated:
            continue
        group = groups.get(key)
        count, amount = stated.totals.get(key, (0, _ZERO))
        total_key = (payer, payee, booked_in)
        lines[total_key] = lines.get(total_key, _ZERO) + (_ZERO if group is None else group.amount)
        said[total_key] = said.get(total_key, _ZERO) + amount
        found = 0 if group is None else group.lines
        if found != count:
            problems.append(
                f"run {run_id}: {found} lines {payer} → {payee}, the run stated {count}"
            )
    problems.extend(reconcile_totals(lines, said))
    return problems


# -- 4: every placed pupil-month -----------------------------------------------------------------
def month_accounts(
    session: Session,
    months: list[Month],
    settings: CompensationSettings,
    *,
    name_pupils: bool,
) -> list[MonthAccount]:
    """Each month's placed pupils (the register on the measurement date) against its paid
    and unpaid pupils (module docstring, 4); ``name_pupils``: name the pupil-months that do
    not add up (the officer), else count them."""
    if not months:
        return []
    days = {str(m): measurement_date(m, settings.measurement_day) for m in months}
    per_pupil = _per_pupil(days).subquery()
    fine = or_(
        and_(
            per_pupil.c.placed == 1,
            per_pupil.c.net.in_((0, 1)),
            per_pupil.c.net + per_pupil.c.unpaid == 1,
        ),
        and_(per_pupil.c.placed == 0, per_pupil.c.net == 0, per_pupil.c.unpaid == 0),
    )
    ok = and_(per_pupil.c.placed == 1, per_pupil.c.unpaid == 1, per_pupil.c.net == 0)
    summary = select(
        per_pupil.c.month,
        func.sum(per_pupil.c.placed),
        func.sum(case((and_(per_pupil.c.placed == 1, per_pupil.c.net == 1), 1), else_=0)),
        func.sum(case((and_(ok, per_pupil.c.own == 1), 1), else_=0)),
        func.sum(case((and_(ok, per_pupil.c.own == 0), 1), else_=0)),
        func.sum(case((fine, 0), else_=1)),
    ).group_by(per_pupil.c.month)
    found = {row[0]: row[1:] for row in session.execute(summary)}
    accounts = []
    for month in months:
        placed, paid, own, anomalies, wrong = found.get(str(month), (0, 0, 0, 0, 0))
        problems: tuple[str, ...] = ()
        if wrong:
            problems = _problems(session, per_pupil, fine, str(month), int(wrong), name_pupils)
        accounts.append(
            MonthAccount(
                month,
                days[str(month)],
                int(placed or 0),
                int(paid or 0),
                int(own or 0),
                int(anomalies or 0),
                problems,
            )
        )
    return accounts


def _per_pupil(days: dict[str, date]) -> Any:
    """Per service month and pupil: placed (0/1), net lines, unpaid rows, own-municipality rows."""
    s, line, u = rt.school_placement, t.compensation_line, t.compensation_unpaid
    zero, one = literal(0), literal(1)
    placed = [
        select(
            literal(month).label("month"),
            s.c.personal_id.label("pupil"),
            one.label("placed"),
            zero.label("net"),
            zero.label("unpaid"),
            zero.label("own"),
        ).where(s.c.start <= day, or_(s.c.end.is_(None), s.c.end >= day))
        for month, day in days.items()
    ]
    net = case((line.c.kind == LineKind.REVERSAL.value, -1), else_=1)
    # a pupil-month is paid by its programme line; tilläggsbelopp lines lie beside it, and so
    # does a tilläggsbelopp not paid (``UnpaidReason.accounts_for_month``)
    lines = select(line.c.service_month, line.c.pupil_id, zero, net, zero, zero).where(
        line.c.service_month.in_(list(days)), line.c.purpose == LinePurpose.PROGRAMME.value
    )
    own = case((u.c.reason == UnpaidReason.OWN_MUNICIPALITY.value, 1), else_=0)
    beside = [reason.value for reason in UnpaidReason if not reason.accounts_for_month]
    unpaid = select(u.c.service_month, u.c.pupil_id, zero, zero, one, own).where(
        u.c.service_month.in_(list(days)), u.c.reason.notin_(beside)
    )
    every = union_all(*placed, lines, unpaid).subquery()
    return select(
        every.c.month.label("month"),
        every.c.pupil.label("pupil"),
        func.max(every.c.placed).label("placed"),
        func.sum(every.c.net).label("net"),
        func.sum(every.c.unpaid).label("unpaid"),
        func.sum(every.c.own).label("own"),
    ).group_by(every.c.month, every.c.pupil)


def _problems(
    session: Session, per_pupil: Any, fine: Any, month: str, wrong: int, name_pupils: bool
) -> tuple[str, ...]:
    query = (
        select(per_pupil.c.pupil, per_pupil.c.placed, per_pupil.c.net, per_pupil.c.unpaid)
        .where(per_pupil.c.month == month, ~fine)
        .order_by(per_pupil.c.pupil)
        .limit(NAMED_PROBLEMS if name_pupils else 1_000_000)
    )
    found: dict[str, list[str]] = {}
    for pupil, placed, net, unpaid in session.execute(query):
        problem = pupil_month_problem(bool(placed), int(net), int(unpaid)) or "does not add up"
        found.setdefault(problem, []).append(pupil)
    if name_pupils:
        named = [
            f"{month} pupil {pupil}: {problem}" for problem, ps in found.items() for pupil in ps
        ]
        if wrong > len(named):
            named.append(f"{month}: {wrong - len(named)} more pupil-months do not add up")
        return tuple(named)
    return tuple(f"{month}: {len(ps)} pupil-months {problem}" for problem, ps in found.items())


def _money(value: object) -> Decimal:
    if value is None:
        return _ZERO
    if isinstance(value, Decimal):
        return value
    if isinstance(value, float):
        return Decimal(f"{value:.2f}")
    return Decimal(str(value))
