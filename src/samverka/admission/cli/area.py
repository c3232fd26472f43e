"""`samverka area …`: the admission area's municipalities and their terms, and the admission
office's decision on one choice's reception (`samverka applications reception`, in
``admission.cli.registration``).

Issue 12 points 8 and 9: the admission area is not the member list (``admission.domain.area``);
reception is derived, and only the admission office overrides it, with a reason.
"""

from __future__ import annotations

from typing import Annotated

import typer

from samverka.admission.domain.area import AreaTerms
from samverka.admission.queries.admission_area import area_parties
from samverka.admission.services.admission_area import set_area_terms
from samverka.platform.cli.context import (
    ActingAs,
    admission_officer,
    now,
    reading_session,
    unit_of_work,
)
from samverka.platform.cli.errors import reported_errors

app = typer.Typer(
    help="The admission area: each municipality's terms (member, admission and compensation, "
    "admission only, outside).",
    no_args_is_help=True,
)

TERMS_TEXT = {
    AreaTerms.MEMBER: "member (samverkansavtal, service fee)",
    AreaTerms.ADMISSION_AND_COMPENSATION: "samverkansavtal: admission and compensation",
    AreaTerms.ADMISSION_ONLY: "admission only",
    AreaTerms.OUTSIDE: "outside the area (home municipality only)",
}


@app.command("list")
def list_parties() -> None:
    """Every municipality with its terms."""
    with reading_session() as session:
        parties = area_parties(session)
    for party in parties:
        typer.echo(f"{party.code}  {party.name:<20} {TERMS_TEXT[party.terms]}")


@app.command("set")
def set_terms(
    code: Annotated[str, typer.Argument(help="SCB municipality code, 4 digits.")],
    name: Annotated[str, typer.Argument(help="The municipality's name.")],
    terms: Annotated[AreaTerms, typer.Option(help="Its part in the admission area.")],
    actor: ActingAs = "",
) -> None:
    """Add a municipality with its terms, or change them (audited)."""
    with reported_errors():
        set_area_terms(
            unit_of_work(),
            code=code,
            name=name,
            terms=terms,
            actor=admission_officer(actor),
            now=now(),
        )
    typer.echo(f"{code} {name}: {TERMS_TEXT[terms]}.")
