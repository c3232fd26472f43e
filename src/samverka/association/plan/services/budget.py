"""Use cases of the association's budget: budget units, and importing budget lines.

An import is all or nothing: every row is checked (unit known, year, kind, line type, amount by
the rules of ``association.plan.domain.budget``, no line twice in the file), every problem is
reported at once with its sheet and line as ``InvalidInput``, and nothing is stored unless the
whole file is valid. A valid file sets each of its lines (unit, year, kind, line type) to the
given amount, adding it or replacing the stored amount; lines not in the file stay as they are.
Only the association's staff import; the import is one audit event listing each changed line.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from samverka.association.plan.domain.audited import BudgetLine
from samverka.association.plan.domain.budget import (
    Financing,
    amount_problem,
    parse_amount,
    parse_kind,
    parse_line_type,
)
from samverka.association.plan.domain.operations_plan import plan_year_problem
from samverka.association.plan.ports import BudgetKey, UnitOfWork, UnitRow
from samverka.association.plan.services.operations_plan import check_staff
from samverka.errors import N_, BadValue, Conflict, InvalidInput, RowError
from samverka.platform.access.domain.actors import Actor
from samverka.platform.domain.numbers import parse_whole_number
from samverka.platform.services.audit_records import record_change


@dataclass(frozen=True, slots=True)
class BudgetLineText:
    """One row of a budget file as read: where it is and its cells as text."""

    source: str  # file and sheet, e.g. "budget.xlsx/Budget"
    line: int  # 1 = the header
    unit: str
    year: str
    kind: str
    line_type: str
    amount: str


@dataclass(frozen=True, slots=True)
class BudgetImport:
    lines: int
    added: int
    changed: int
    unchanged: int
    years: tuple[int, ...]


def add_budget_unit(
    uow: UnitOfWork,
    *,
    actor: Actor,
    name: str,
    financing: Financing,
    admission_office: bool = False,
    now: datetime,
) -> int:
    """Add a budget unit (at most one may be the joint admission office); returns its id."""
    check_staff(actor)
    name = name.strip()
    if not name or len(name) > 120:
        reason = N_("Fyll i fältet.") if not name else N_("Texten är längre än %(most)s tecken.")
        raise InvalidInput([RowError("unit", 0, "name", reason, {"most": 120})])
    with uow:
        units = uow.operations_plan.units()
        if any(u.name.casefold() == name.casefold() for u in units):
            raise Conflict(
                N_("Det finns redan en budgetenhet som heter %(name)s."), name=repr(name)
            )
        if admission_office and any(u.admission_office for u in units):
            raise Conflict(N_("En annan enhet är redan antagningskansliet."))
        unit_id = uow.operations_plan.add_unit(name, financing, admission_office)
        unit = UnitRow(unit_id, name, financing, admission_office)
        record_change(
            uow.audit, actor, "budget_unit", unit_id, "add", before=None, after=unit, at=now
        )
        uow.commit()
    return unit_id


def _parse(
    row: BudgetLineText, units: dict[str, int], errors: list[RowError]
) -> tuple[BudgetKey, Decimal] | None:
    found = len(errors)

    def bad(field: str, reason: str, parameters: Mapping[str, object] | None = None) -> None:
        errors.append(RowError(row.source, row.line, field, reason, parameters or {}))

    unit_id = units.get(row.unit.strip().casefold())
    if unit_id is None:
        if row.unit.strip():
            named = {"name": repr(row.unit.strip())}
            bad("unit", N_("Det finns ingen budgetenhet som heter %(name)s."), named)
        else:
            bad("unit", N_("Fyll i fältet."))
    year = 0
    try:
        year = parse_whole_number(row.year, minimum=0, maximum=9999)
    except BadValue as problem:
        bad("year", problem.text, problem.parameters)
    else:
        if year_problem := plan_year_problem(year):
            bad("year", year_problem)
    try:
        kind = parse_kind(row.kind)
    except BadValue as problem:
        bad("kind", problem.text, problem.parameters)
    try:
        line_type = parse_line_type(row.line_type)
    except BadValue as problem:
        bad("line_type", problem.text, problem.parameters)
    try:
        amount = parse_amount(row.amount)
    except BadValue as problem:
        bad("amount", problem.text, problem.parameters)
    if len(errors) > found:
        return None
    if amount_issue := amount_problem(line_type, amount):
        bad("amount", amount_issue)
        return None
    assert unit_id is not None
    return (unit_id, year, kind, line_type), amount


def import_budget_lines(
    uow: UnitOfWork, *, actor: Actor, rows: Sequence[BudgetLineText], now: datetime
) -> BudgetImport:
    """Set the budget lines of ``rows`` (all or nothing)."""
    check_staff(actor)
    errors: list[RowError] = []
    if not rows:
        raise InvalidInput([RowError("budget", 0, "", N_("Filen har inga budgetrader."))])
    with uow:
        units = {u.name.casefold(): u.id for u in uow.operations_plan.units()}
        amounts: dict[BudgetKey, Decimal] = {}
        first_line: dict[BudgetKey, int] = {}
        for row in rows:
            parsed = _parse(row, units, errors)
            if parsed is None:
                continue
            key, amount = parsed
            if key in first_line:
                reason = N_("Samma rad (enhet, år, slag, radtyp) som på rad %(line)s.")
                first = {"line": first_line[key]}
                errors.append(RowError(row.source, row.line, "line_type", reason, first))
                continue
            first_line[key] = row.line
            amounts[key] = amount
        if errors:
            raise InvalidInput(errors)
        before = uow.operations_plan.budget_lines(list(amounts))
        changed = {k: v for k, v in amounts.items() if k in before and before[k] != v}
        added = {k: v for k, v in amounts.items() if k not in before}
        uow.operations_plan.put_budget_lines(amounts, now, actor.audit_name)
        record_change(
            uow.audit,
            actor,
            "budget_line",
            "import",
            "import",
            before=[BudgetLine(*key, before[key]) for key in changed],
            after=[BudgetLine(*key, amount) for key, amount in {**added, **changed}.items()],
            at=now,
        )
        uow.commit()
    return BudgetImport(
        len(amounts),
        len(added),
        len(changed),
        len(amounts) - len(added) - len(changed),
        tuple(sorted({k[1] for k in amounts})),
    )
