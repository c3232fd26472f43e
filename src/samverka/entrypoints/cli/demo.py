"""`samverka demo`: a whole admission run on realistic demo data, with explanations."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from samverka.adapters.demo_data import write_demo_input
from samverka.adapters.interchange.result_files import read_explanations
from samverka.entrypoints.cli import admission


def demo(
    directory: Annotated[Path, typer.Option(help="Folder for the demo's input and output.")] = Path(
        "demo"
    ),
    applicants: Annotated[int, typer.Option(help="Number of applicants.")] = 30_000,
    seed: Annotated[int, typer.Option(help="Seed for the data and the lottery.")] = 2026,
) -> None:
    """Build a Stockholm-county demo admission, run it and explain some results."""
    typer.echo(f"Writing demo input for {applicants} applicants to {directory / 'input'}/ …")
    write_demo_input(directory / "input", applicants=applicants, seed=seed)
    admission.run(
        directory / "input",
        directory / "output",
        seed=seed,
        tie_breaks="choice_rank,grade_value,grade_count,lottery",
    )
    _show_explanations(directory / "output")


def _show_explanations(output: Path) -> None:
    rows = read_explanations(output)
    shown = [rows[0]["applicant_id"]]
    shown += [r["applicant_id"] for r in rows if r["outcome"] in ("reserve", "not_eligible")][:1]
    for applicant_id in dict.fromkeys(shown):
        typer.echo("")
        admission.explain(output, applicant_id)
