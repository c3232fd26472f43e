"""`samverka plan …`: the operations plan and budget: focus areas, goals, assignments, activities,
follow-up; budget lines and staff allocation.

The commands act as the association's staff (the audit trail names the login user). Budget
amounts are in tkr; ``import-budget`` is all or nothing (exit code 2 listing every bad row).
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Annotated

import typer

from samverka.association.plan.domain.budget import Financing
from samverka.association.plan.domain.operations_plan import AreaKind, TrafficLight
from samverka.association.plan.files.budget_file import budget_template, read_budget_file
from samverka.association.plan.queries.operations_plan import (
    BudgetColumn,
    budget_for_year,
    budget_units,
    default_year,
    plan_for_year,
    staff_allocation,
)
from samverka.association.plan.services import budget, operations_plan
from samverka.platform.cli.context import association_staff, now, reading_session, unit_of_work
from samverka.platform.cli.errors import reported_errors
from samverka.platform.files.limits import UPLOAD_LIMITS, read_file

app = typer.Typer(
    help="The operations plan and budget: goals, assignments, follow-up, budget lines.",
    no_args_is_help=True,
)
YearOption = Annotated[
    int | None, typer.Option("--year", help="The plan year (default: this year or the latest).")
]
PlanYear = Annotated[int, typer.Option("--year", help="The plan year.")]


def _hours(value: Decimal) -> str:
    return f"{value:,.1f}".replace(",", " ")


def _tkr(value: Decimal) -> str:
    return f"{value:,.0f}".replace(",", " ")


@app.command("show")
def show(year: YearOption = None) -> None:
    """The plan: areas, goals and assignments with hours, traffic light and latest comment, and
    the staff allocation with and without the admission office."""
    with reading_session() as session:
        chosen = year or default_year(session, now().year)
        plan = plan_for_year(session, chosen)
        allocation = staff_allocation(session, chosen)
    typer.echo(f"Operations plan {chosen}: {_hours(plan.planned_hours)} hours planned")
    for area in plan.areas:
        typer.echo(f"\n[{area.id}] {area.name} ({area.kind.value})")
        for goal in area.goals:
            typer.echo(f"  goal {goal.id}: {goal.text}")
        for a in area.assignments:
            light = a.light.value if a.light else "not followed up"
            typer.echo(
                f"  assignment {a.id}: {a.name}\t{a.unit_name}\t{_hours(a.planned_hours)} h"
                f"\t{_hours(a.reported_hours)} h reported\t{light}"
            )
            if a.latest:
                typer.echo(f"      {a.latest.period}: {a.latest.comment}")
    for title, shares in (
        ("with the admission office", allocation.with_admission_office),
        ("without the admission office", allocation.without_admission_office),
    ):
        typer.echo(f"\nStaff allocation {title}:")
        for share in shares:
            typer.echo(f"  {share.name}\t{share.percent} %\t{_hours(share.hours)} h")


@app.command("budget")
def show_budget(year: YearOption = None) -> None:
    """Net cost and full-time equivalents per unit (tkr), the year beside the two before it."""
    with reading_session() as session:
        chosen = year or default_year(session, now().year)
        view = budget_for_year(session, chosen)
    typer.echo("unit\t" + "\t".join(f"{y} net cost\t{y} fte" for y in view.years))

    def line(name: str, columns: tuple[BudgetColumn, ...]) -> None:
        cells = [f"{_tkr(c.net_cost)}\t{c.figures.fte:.2f}" for c in columns]
        typer.echo(f"{name}\t" + "\t".join(cells))

    for unit in view.units:
        line(unit.name, unit.columns)
    for subtotal in view.subtotals:
        line(f"total {subtotal.financing}", subtotal.columns)
    line("total", view.total.columns)


@app.command("import-budget")
def import_budget(
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="An .xlsx or .csv")],
) -> None:
    """Import budget lines (all or nothing; every bad row reported with sheet and line)."""
    with reported_errors():
        rows = read_budget_file(file.name, read_file(file, UPLOAD_LIMITS))
        report = budget.import_budget_lines(
            unit_of_work(), actor=association_staff(), rows=rows, now=now()
        )
    years = ", ".join(str(y) for y in report.years)
    typer.echo(
        f"{report.lines} budget lines for {years}: {report.added} added, "
        f"{report.changed} changed, {report.unchanged} unchanged."
    )


@app.command("budget-template")
def template(
    out: Annotated[Path, typer.Option("--out", help="The .xlsx file to write.")],
    year: YearOption = None,
) -> None:
    """Write the budget import template (with the known units)."""
    with reading_session() as session:
        units = [u[1] for u in budget_units(session)]
    out.write_bytes(budget_template(year or now().year, units))
    typer.echo(f"Wrote {out}.")


@app.command("add-unit")
def add_unit(
    name: str,
    financing: Annotated[Financing, typer.Option(help="How the unit is financed.")],
    admission_office: Annotated[
        bool, typer.Option("--admission-office", help="The unit is the joint admission office.")
    ] = False,
) -> None:
    """Add a budget unit."""
    with reported_errors():
        unit_id = budget.add_budget_unit(
            unit_of_work(),
            actor=association_staff(),
            name=name,
            financing=financing,
            admission_office=admission_office,
            now=now(),
        )
    typer.echo(f"Unit {unit_id}: {name}.")


@app.command("add-area")
def add_area(
    name: str,
    year: PlanYear,
    kind: Annotated[
        AreaKind, typer.Option(help="Focus area or prerequisite.")
    ] = AreaKind.FOCUS_AREA,
    description: Annotated[str, typer.Option(help="What the area is about.")] = "",
) -> None:
    """Add a focus area (or prerequisite) to a year's plan."""
    with reported_errors():
        area_id = operations_plan.add_area(
            unit_of_work(),
            actor=association_staff(),
            year=year,
            kind=kind,
            name=name,
            description=description,
            now=now(),
        )
    typer.echo(f"Area {area_id}: {name}.")


@app.command("add-goal")
def add_goal(area: Annotated[int, typer.Argument(help="The area's id.")], text: str) -> None:
    """Add a goal to an area."""
    with reported_errors():
        goal_id = operations_plan.add_goal(
            unit_of_work(), actor=association_staff(), area_id=area, text=text, now=now()
        )
    typer.echo(f"Goal {goal_id}.")


@app.command("add-assignment")
def add_assignment(
    name: str,
    year: PlanYear,
    unit: Annotated[int, typer.Option(help="The responsible budget unit's id.")],
    hours: Annotated[Decimal, typer.Option(help="Planned hours.")],
    goal: Annotated[list[int], typer.Option(help="A goal it serves (repeat for several).")],
    description: Annotated[str, typer.Option(help="What the assignment is.")] = "",
) -> None:
    """Add an assignment serving one or more goals."""
    with reported_errors():
        assignment_id = operations_plan.add_assignment(
            unit_of_work(),
            actor=association_staff(),
            year=year,
            name=name,
            description=description,
            unit_id=unit,
            planned_hours=hours,
            goal_ids=goal,
            now=now(),
        )
    typer.echo(f"Assignment {assignment_id}: {name}.")


@app.command("add-activity")
def add_activity(
    assignment: Annotated[int, typer.Argument(help="The assignment's id.")],
    name: str,
    hours: Annotated[Decimal, typer.Option(help="Planned hours.")],
) -> None:
    """Add an activity to an assignment."""
    with reported_errors():
        activity_id = operations_plan.add_activity(
            unit_of_work(),
            actor=association_staff(),
            assignment_id=assignment,
            name=name,
            planned_hours=hours,
            now=now(),
        )
    typer.echo(f"Activity {activity_id}.")


@app.command("report-hours")
def report_hours(
    activity: Annotated[int, typer.Argument(help="The activity's id.")],
    hours: Annotated[Decimal, typer.Option(help="Hours reported so far (the total).")],
) -> None:
    """Set an activity's reported hours."""
    with reported_errors():
        operations_plan.report_hours(
            unit_of_work(),
            actor=association_staff(),
            activity_id=activity,
            reported_hours=hours,
            now=now(),
        )
    typer.echo(f"Activity {activity}: {hours} hours reported.")


@app.command("follow-up")
def follow_up(
    assignment: Annotated[int, typer.Argument(help="The assignment's id.")],
    period: Annotated[str, typer.Option(help="T1, T2, T3, H1, H2 or Å.")],
    light: Annotated[TrafficLight, typer.Option(help="The traffic light.")],
    comment: Annotated[str, typer.Option(help="The follow-up comment.")],
) -> None:
    """Record a follow-up of an assignment for a period."""
    with reported_errors():
        follow_up_id = operations_plan.record_follow_up(
            unit_of_work(),
            actor=association_staff(),
            assignment_id=assignment,
            period=period,
            light=light,
            comment=comment,
            now=now(),
        )
    typer.echo(f"Follow-up {follow_up_id} recorded: {light.value}.")
