"""Writing a run's results as CSV files, all or nothing.

Files are written to a staging folder beside the output folder and moved in only when every
file is complete, so a failure never leaves a half-written result. Identifiers come from the
input files, so every cell goes through ``spreadsheet_cells``: a text that starts like a
formula gets a ``'`` before it (issue 11 point 11), which ``read_explanations`` takes away.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path

from samverka.admission.domain.admission_run import AdmissionRun
from samverka.admission.domain.graded_instance import GradedProblem
from samverka.admission.domain.outcome import cutoff_in_points
from samverka.admission.domain.points import from_centi, normalised
from samverka.errors import N_, InvalidInput, RowError
from samverka.platform.files.csv_reader import read_csv
from samverka.platform.files.limits import INTERCHANGE_LIMITS, read_file
from samverka.platform.files.spreadsheet_cells import csv_writer, restore

Table = tuple[Sequence[str], Iterable[Sequence[object]]]


def write_files(out_dir: Path, tables: dict[str, Table], manifest: dict[str, object]) -> None:
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    stage = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}-", dir=out_dir.parent))
    try:
        for name, (header, rows) in tables.items():
            with (stage / name).open("w", newline="", encoding="utf-8") as handle:
                writer = csv_writer(handle, lineterminator="\n")
                writer.writerow(header)
                writer.writerows(rows)
        (stage / "run.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
        out_dir.mkdir(exist_ok=True)
        for staged in stage.iterdir():
            os.replace(staged, out_dir / staged.name)
    finally:
        shutil.rmtree(stage, ignore_errors=True)


def match_tables(run: AdmissionRun) -> dict[str, Table]:
    """placements.csv, reserves.csv and cutoffs.csv of the interchange format."""
    return {
        "placements.csv": (("applicant_id", "offering_id", "rank"), _placements(run)),
        "reserves.csv": (("offering_id", "applicant_id", "position"), _reserves(run)),
        "cutoffs.csv": (("offering_id", "cutoff", "admitted", "capacity"), _cutoffs(run)),
    }


EXPLANATION_HEADER = ("applicant_id", "rank", "offering_id", "outcome", "reason")


def explanation_table(run: AdmissionRun) -> Table:
    return EXPLANATION_HEADER, _explanations(run)


def _placements(run: AdmissionRun) -> Iterable[Sequence[object]]:
    indexed = run.indexed
    problem = indexed.problem
    start = problem.choice_start
    for a, row in enumerate(run.matching.placed_row.tolist()):
        if row < 0:
            yield indexed.applicant_ids[a], "", ""
        else:
            offering = indexed.offering_ids[problem.choice_offering[row]]
            yield indexed.applicant_ids[a], offering, row - int(start[a]) + 1


def _reserves(run: AdmissionRun) -> Iterable[Sequence[object]]:
    applicant = run.indexed.problem.choice_applicant()
    outcome = run.outcome
    for o, offering_id in enumerate(run.indexed.offering_ids):
        rows = outcome.reserve_rows[outcome.reserve_start[o] : outcome.reserve_start[o + 1]]
        for position, row in enumerate(rows.tolist(), start=1):
            yield offering_id, run.indexed.applicant_ids[applicant[row]], position


def _cutoffs(run: AdmissionRun) -> Iterable[Sequence[object]]:
    problem, outcome = run.indexed.problem, run.outcome
    admitted = outcome.admitted_count()
    cut_rows = cutoff_in_points(problem, outcome)
    for o, offering_id in enumerate(run.indexed.offering_ids):
        row = int(cut_rows[o])
        cutoff = from_centi(int(problem.score_centi[row])) if row >= 0 else ""
        yield offering_id, cutoff, int(admitted[o]), int(problem.capacity[o])


def _explanations(run: AdmissionRun) -> Iterable[Sequence[object]]:
    ids = run.indexed.offering_ids
    for a, applicant_id in enumerate(run.indexed.applicant_ids):
        for choice in run.explain(a):
            yield applicant_id, choice.rank, ids[choice.offering], choice.outcome, choice.reason()


def merit_table(graded: GradedProblem) -> Table:
    header = ("applicant_id", "merit_value", "grade_count", "seventeenth_grade", "scaled")
    rows = (
        (
            applicant_id,
            normalised(merit.value),
            merit.grade_count,
            merit.extra.subject if merit.extra else "",
            "yes" if merit.scaled else "no",
        )
        for applicant_id, merit in zip(graded.indexed.applicant_ids, graded.merits, strict=True)
    )
    return header, rows


def read_explanations(results: Path, applicant_id: str | None = None) -> list[dict[str, str]]:
    """Rows of a run's explanations.csv, for one applicant or all, as they were written; read
    by the one CSV reader (``InvalidInput`` if it is missing, too large or not this file)."""
    path = results / "explanations.csv"
    table = read_csv(
        path.name, read_file(path, INTERCHANGE_LIMITS), INTERCHANGE_LIMITS, delimiter=","
    )
    header = [restore(name) for name in table.header.cells]
    missing = [column for column in EXPLANATION_HEADER if column not in header]
    if missing:
        reason = N_("Rubrikraden saknar kolumnerna %(columns)s.")
        columns = {"columns": ", ".join(missing)}
        raise InvalidInput([RowError(path.name, table.header.line, missing[0], reason, columns)])
    rows = (
        dict(zip(header, (restore(cell) for cell in row.cells), strict=False))
        for row in table.body
        if not row.blank
    )
    return [row for row in rows if applicant_id in (None, row.get("applicant_id"))]
