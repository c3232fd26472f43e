"""`samverka plan-document …`: the yearly operations plan and budget document, generated from the
data as HTML and PDF.

``samverka plan-document --year 2026 --out plan.pdf`` writes the document of the year (default:
this year if it has a plan or budget, else the latest year that has one); the file's suffix
chooses the format (``association.plan.http.DocumentFormat``): ``.pdf``, or ``.html``/``.htm``
for one self-contained HTML file. The command reads as the association's staff (it changes
nothing). The document's queries and renderers (the PDF library) are imported when it runs, not
for its help (issue 15, point 13).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from samverka.platform.cli.context import association_staff, now, reading_session
from samverka.platform.cli.errors import reported_errors

app = typer.Typer(
    help="The yearly operations plan and budget document, as HTML and PDF.",
    no_args_is_help=True,
)


@app.callback(invoke_without_command=True)
def render(
    out: Annotated[
        Path,
        typer.Option(
            "--out", dir_okay=False, help="The file to write: .pdf, or .html for one HTML file."
        ),
    ],
    year: Annotated[
        int | None,
        typer.Option(min=2000, max=2100, help="The plan's year (default: the current plan's)."),
    ] = None,
) -> None:
    """Write the operations plan and budget document of ``--year`` to ``--out``."""
    from samverka.association.plan.http import DocumentFormat
    from samverka.association.plan.queries.document import operations_plan_document
    from samverka.association.plan.queries.operations_plan import default_year

    kind = DocumentFormat.of_suffix(out.suffix)
    if kind is None:
        raise typer.BadParameter(
            f"{out.name}: the file must end in .pdf or .html", param_hint="--out"
        )
    with reported_errors(), reading_session() as session:
        chosen = year if year is not None else default_year(session, now().year)
        document = operations_plan_document(session, association_staff(), chosen)
    out.write_bytes(kind.content(document))
    typer.echo(f"Verksamhetsplan och budget {chosen}: {kind.name} written to {out}.")
