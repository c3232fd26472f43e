"""`samverka reports …`: statistics of a stored admission round, and lists to CSV or XLSX files.

The database is the configured one (``SAMVERKA_DATABASE_URL``). Statistics carry no personal
data. The placement and reserve lists do; applicants with protected identity are masked in them
unless ``--show-protected`` is given by someone with that right. The lists are written as the
page's export writes them (``round_lists.export_sheet``: Swedish columns, names beside codes;
docs/formats.md, "Exports"); ``--format`` chooses the CSV, else the suffix does (``.csv`` the
CSV for Swedish Excel, ``.xlsx``).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path
from typing import Annotated

import typer
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from samverka.admission.queries.admission_statistics import (
    AdmissionStatistics,
    GroupStatistics,
    RoundTotals,
    admission_statistics,
    default_round,
    latest_admission_year,
    round_of_year,
)
from samverka.admission.queries.round_lists import SHEET_NAMES, ExportKind, Viewer, export_sheet
from samverka.platform.cli.context import Year, reading_session
from samverka.platform.cli.errors import EXIT_OTHER, reported_errors
from samverka.platform.files.exports import SUFFIXES, FileFormat, write_table

app = typer.Typer(
    help="Reports of admission rounds: statistics, and admitted and reserve lists as files.",
    no_args_is_help=True,
)


Table = tuple[list[str], list[list[object]]]

PROGRAMME_COLUMNS = (
    ("Programme", "key"),
    ("Offerings", "offerings"),
    ("Places", "places"),
    ("1st choice", "first_choice_applicants"),
    ("Applicants", "applicants"),
    ("Per place", "applicants_per_place"),
    ("Admitted", "admitted"),
    ("Reserves", "reserves"),
    ("Vacant", "vacancies"),
    ("Median cut-off", "median_cutoff"),
    ("Lowest cut-off", "lowest_cutoff"),
)


@app.command()
def statistics(
    year: Year = None,
    round_id: Annotated[
        int | None,
        typer.Option(
            "--round",
            help="Round id; by default the latest published final or reserve round, "
            "else the latest round.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Print a round's totals and its figures per programme (no personal data)."""
    with reported_errors(), _reports_session() as db:
        year = year or latest_admission_year(db)
        chosen = default_round(db, year) if round_id is None else round_of_year(db, year, round_id)
        report = admission_statistics(db, year, chosen.id)
    typer.echo(_heading(report))
    typer.echo(_totals_text(report.totals))
    typer.echo("")
    header = [title for title, _ in PROGRAMME_COLUMNS]
    typer.echo(_text_table(header, [_programme_row(p) for p in report.programmes]))


@app.command()
def export(
    round_id: Annotated[int, typer.Option("--round", help="Round id.")],
    what: Annotated[ExportKind, typer.Option("--what", help="Which table to write.")],
    out: Annotated[Path, typer.Option("--out", help="Output file, .csv or .xlsx.")],
    file_format: Annotated[
        FileFormat | None,
        typer.Option(
            "--format",
            help="csv (Swedish Excel: ';', decimal comma), csv-maskin (',' and '.') or xlsx; "
            "default from the suffix of --out (.csv: csv).",
        ),
    ] = None,
    year: Year = None,
    show_protected: Annotated[
        bool,
        typer.Option(
            "--show-protected",
            help="Show names and identity numbers of applicants with protected identity; "
            "only for those with that right.",
        ),
    ] = False,
) -> None:
    """Write the admitted, the reserves or the statistics per offering of a round to a file."""
    if out.suffix.lower() not in SUFFIXES:
        raise typer.BadParameter(
            f"the file must end in {' or '.join(SUFFIXES)}", param_hint="--out"
        )
    viewer = Viewer(may_see_protected=show_protected)
    with reported_errors(), _reports_session() as db:
        year = year or latest_admission_year(db)
        sheet = export_sheet(db, year, round_id, what, viewer)
    rows = list(sheet.rows)
    chosen = file_format or (FileFormat.XLSX if out.suffix.lower() == ".xlsx" else FileFormat.CSV)
    write_table(out, sheet.header, rows, file_format=chosen, sheet=SHEET_NAMES[what])
    typer.echo(f"{out}: {len(rows)} rows of {what.value}, round {round_id} of {year}")


# -- tables ---------------------------------------------------------------------------------
def _programme_row(programme: GroupStatistics) -> list[object]:
    return [getattr(programme, name) for _, name in PROGRAMME_COLUMNS]


def _text_table(header: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """Aligned columns: numbers to the right, text to the left, ``-`` for a missing value."""
    cells = [[_shown(value) for value in row] for row in rows]
    widths = [max([len(name), *(len(row[i]) for row in cells)]) for i, name in enumerate(header)]
    numeric = [all(_is_number(row[i]) for row in rows) for i in range(len(header))]
    lines = [_line(header, widths, numeric), "  ".join("-" * width for width in widths)]
    lines += [_line(row, widths, numeric) for row in cells]
    return "\n".join(lines)


def _line(values: Sequence[str], widths: Sequence[int], numeric: Sequence[bool]) -> str:
    parts = [
        value.rjust(width) if right else value.ljust(width)
        for value, width, right in zip(values, widths, numeric, strict=True)
    ]
    return "  ".join(parts).rstrip()


def _is_number(value: object) -> bool:
    return value is None or (isinstance(value, int | Decimal) and not isinstance(value, bool))


def _shown(value: object) -> str:
    return "-" if value is None else str(value)


# -- totals ---------------------------------------------------------------------------------
def _heading(report: AdmissionStatistics) -> str:
    stored = report.round
    state = f"published {stored.published_at:%Y-%m-%d}" if stored.published_at else "not published"
    return f"Admission year {report.year}, round {stored.id} ({stored.kind}, {state})\n"


def _totals_text(totals: RoundTotals) -> str:
    national = totals.admitted_university_preparatory + totals.admitted_vocational
    rows = [
        ("Applicants", str(totals.applicants), ""),
        ("Placed", str(totals.placed), ""),
        (
            "Placed on first choice",
            str(totals.placed_first_choice),
            _percent(totals.first_choice_share, "of the placed"),
        ),
        ("Unplaced", str(totals.unplaced), ""),
        ("Places", str(totals.places), ""),
        ("Vacant places", str(totals.vacancies), ""),
        (
            "Admitted, university-preparatory",
            str(totals.admitted_university_preparatory),
            _percent(totals.university_preparatory_share, f"of {national} in national programmes"),
        ),
        (
            "Admitted, vocational",
            str(totals.admitted_vocational),
            _percent(totals.vocational_share, f"of {national} in national programmes"),
        ),
    ]
    label = max(len(name) for name, _, _ in rows)
    number = max(len(value) for _, value, _ in rows)
    return "\n".join(
        f"{name.ljust(label)}  {value.rjust(number)}  {note}".rstrip() for name, value, note in rows
    )


def _percent(share: Decimal | None, of: str) -> str:
    if share is None:
        return ""
    return f"({share * 100:.2f} % {of})"


# -- the database ---------------------------------------------------------------------------
@contextmanager
def _reports_session() -> Iterator[Session]:
    """A read-only use of the configured database; database errors become a message."""
    try:
        with reading_session() as session:
            yield session
    except SQLAlchemyError as error:
        typer.echo(f"error: database: {error}", err=True)
        raise typer.Exit(EXIT_OTHER) from error
