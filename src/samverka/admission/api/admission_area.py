"""The admission area under ``/api/v1`` (admission officer; issue 12 point 9).

* ``GET /area``: every municipality with its terms (member, admission_and_compensation,
  admission_only, outside; ``admission.domain.area``).
* ``PUT /area/{code}``: add a municipality with its terms, or change them (audited). A code
  that is not four digits or a missing name is 422 ``invalid_input`` and changes nothing.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request
from pydantic import BaseModel

from samverka.admission.domain.area import AreaTerms
from samverka.admission.http import PartyIn, YearAdmin
from samverka.admission.queries.admission_area import area_parties
from samverka.admission.services.admission_area import set_area_terms
from samverka.platform.api.routes import ERRORS, PREFIX
from samverka.platform.web.context import web_context
from samverka.platform.web.deps import now, unit_of_work

router = APIRouter(prefix=PREFIX, tags=["area"], responses=ERRORS)
Code = Annotated[str, Path(pattern=r"^\d{4}$", description="SCB municipality code.")]


class PartyOut(BaseModel):
    code: str
    name: str
    terms: AreaTerms


@router.get("/area", summary="The admission area: each municipality's terms")
def area(request: Request, actor: YearAdmin) -> list[PartyOut]:
    with web_context(request).reads() as session:
        parties = area_parties(session)
    return [PartyOut(code=p.code, name=p.name, terms=p.terms) for p in parties]


@router.put("/area/{code}", summary="Add a municipality with its terms, or change them")
def set_terms(request: Request, actor: YearAdmin, code: Code, body: PartyIn) -> PartyOut:
    set_area_terms(
        unit_of_work(request),
        code=code,
        name=body.name,
        terms=body.terms,
        actor=actor,
        now=now(),
    )
    return PartyOut(code=code, name=body.name.strip(), terms=body.terms)
