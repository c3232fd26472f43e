"""`samverka admission …`: run the admission engine on files."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Annotated

import typer

from samverka.admission.domain.priorities import (
    STATUTE_ORDER,
    PriorityRules,
    QuotaOrder,
    QuotaRules,
    TieBreak,
    UnusedQuotaPlaces,
    class_order_of,
)
from samverka.admission.domain.rule_set import default_rule_set
from samverka.admission.files.graded_format import read_graded
from samverka.admission.files.result_files import (
    explanation_table,
    match_tables,
    merit_table,
    read_explanations,
    write_files,
)
from samverka.admission.files.scored_format import read_scored
from samverka.admission.services.admission_runs import RunRecord, match_scored, run_graded
from samverka.platform.cli.errors import reported_errors

app = typer.Typer(
    help="Upper-secondary admission: merit values, eligibility, matching, explanations.",
    no_args_is_help=True,
)

InputDir = Annotated[
    Path, typer.Argument(exists=True, file_okay=False, help="Folder with the input CSV files.")
]
OutDir = Annotated[Path, typer.Option("--out", help="Folder for the result files.")]
Seed = Annotated[
    int, typer.Option(help="Seed that draws missing lottery numbers; recorded in run.json.")
]


@app.command()
def match(directory: InputDir, out: OutDir, seed: Seed = 0) -> None:
    """Match on given scores (low-level format, see docs/formats.md).

    Reads offerings.csv, applicants.csv and choices.csv; writes placements.csv, reserves.csv,
    cutoffs.csv and run.json. Bad input is reported row by row and nothing is written.
    """
    with reported_errors():
        offerings, applicants = read_scored(directory)
        run, record = match_scored(offerings, applicants, seed=seed)
        write_files(out, match_tables(run), record.as_dict())
    _summary(record, out)


@app.command()
def run(
    directory: InputDir,
    out: OutDir,
    seed: Seed = 0,
    year: Annotated[int, typer.Option(help="Admission year whose rules apply.")] = 2026,
    tie_breaks: Annotated[
        str,
        typer.Option(
            help="Tie-break chain after the score, comma-separated, ending in lottery: "
            "choice_rank, grade_value, grade_count, lottery."
        ),
    ] = "lottery",
    class_order: Annotated[
        str,
        typer.Option(
            help="Priority classes in order, comma-separated: first_hand, first_hand_late, "
            "second_hand, second_hand_late (the default, SL 16 kap. 43-44 §§); the old 'late' "
            "stands for first_hand_late,second_hand_late. Fri kvot is a capped quota, not a class."
        ),
    ] = ",".join(STATUTE_ORDER),
    unused_fri_kvot_places: Annotated[
        UnusedQuotaPlaces,
        typer.Option(
            help="Fri-kvot places no fri-kvot applicant takes: revert to selection on merit "
            "(GyF 7 kap. 4 §) or keep them empty."
        ),
    ] = UnusedQuotaPlaces.REVERT,
    fri_kvot_order: Annotated[
        QuotaOrder,
        typer.Option(
            help="quota_first: fri-kvot applicants take the fri-kvot places before merit "
            "selection; merit_first: they compete on merit first."
        ),
    ] = QuotaOrder.QUOTA_FIRST,
) -> None:
    """Run an admission from grades (domain-level format, see docs/formats.md).

    Computes merit values and eligibility, matches, and explains every choice. Writes the
    files of `match` plus merit.csv, explanations.csv and run.json.
    """
    rules = default_rule_set(year)
    priority_rules = _priority_rules(tie_breaks, class_order)
    priority_rules = replace(
        priority_rules, quota=QuotaRules(unused_fri_kvot_places, fri_kvot_order)
    )
    with reported_errors():
        offerings, applicants = read_graded(directory, rules.eligibility)
        graded, result, record = run_graded(offerings, applicants, rules, priority_rules, seed=seed)
        tables = match_tables(result)
        tables["merit.csv"] = merit_table(graded)
        tables["explanations.csv"] = explanation_table(result)
        write_files(out, tables, record.as_dict())
    _summary(record, out)


@app.command()
def explain(
    results: Annotated[
        Path, typer.Argument(exists=True, file_okay=False, help="Output folder of `run`.")
    ],
    applicant_id: Annotated[str, typer.Argument(help="The applicant to explain.")],
) -> None:
    """Show every choice of one applicant with its outcome and reason."""
    with reported_errors():
        rows = read_explanations(results, applicant_id)
    if not rows:
        typer.echo(f"error: no applicant {applicant_id!r} in {results}/explanations.csv", err=True)
        raise typer.Exit(1)
    typer.echo(f"Applicant {applicant_id}:")
    for row in rows:
        typer.echo(f"  {row['rank']}. {row['offering_id']:<20} {row['reason']}")


def _priority_rules(tie_breaks: str, class_order: str) -> PriorityRules:
    try:
        return PriorityRules(
            class_order=class_order_of([c.strip() for c in class_order.split(",")]),
            tie_breaks=tuple(TieBreak(t.strip()) for t in tie_breaks.split(",")),
        )
    except ValueError as error:
        raise typer.BadParameter(str(error)) from error


def _summary(record: RunRecord, out: Path) -> None:
    typer.echo(
        f"{record.placed} of {record.applicants} applicants placed in {record.offerings} "
        f"offerings ({record.proposals} proposals; solved, certified and listed in "
        f"{record.run_seconds * 1000:.1f} ms). Results in {out}/"
    )
