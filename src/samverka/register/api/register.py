"""The API of the youth register for the schools: the placements in force, and their end (an
interruption, or a completion with an examen or a studiebevis) and programme changes. The
municipality's activity follow-up (KAA) is ``api.kaa``.

* ``GET /school/placements``: the placements in force today at the school's own units;
  ``POST /school/placements/{id}/interruption`` (``reason``: ``interrupted``, the default,
  ``examen`` or ``studiebevis``) and ``…/programme-change``.

The officer names the school unit (``school_unit``) to work in, as on the other school
endpoints (``platform.access.domain.scope``).
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel

from samverka.admission.queries.school_view import the_years_school_units
from samverka.errors import N_, InvalidInput, RowError
from samverka.platform.access.domain.actors import Actor, Role
from samverka.platform.api.routes import ERRORS, PREFIX
from samverka.platform.clock import today
from samverka.platform.web.context import web_context
from samverka.platform.web.deps import Now, unit_of_work
from samverka.platform.web.workplace import CODE_PATTERN, find_workplace
from samverka.register.http import (
    InterruptionIn,
    PlacementId,
    ProgrammeChangeIn,
    SchoolWork,
    change_programme,
    end_placement,
)
from samverka.register.queries.register_view import school_placements

SCHOOL_UNIT = "school_unit"  # as on the school's admission endpoints
CHOSEN = Query(
    alias=SCHOOL_UNIT,
    pattern=CODE_PATTERN,
    description="The school unit to work in: required of the admission officer; "
    "a school may name only one of its own.",
)


def school_workplace(
    request: Request, actor: SchoolWork, chosen: Annotated[str | None, CHOSEN] = None
) -> Actor:
    """The working actor (``platform.access.domain.scope``)."""
    place = find_workplace(request, actor, Role.SCHOOL, SCHOOL_UNIT, chosen, the_years_school_units)
    return place.working


router = APIRouter(prefix=PREFIX, tags=["register"], responses=ERRORS)
School = Annotated[Actor, Depends(school_workplace)]


class PlacementOut(BaseModel):
    id: int
    personal_id: str | None
    name: str
    school_unit: str
    programme: str
    orientation: str
    start: date


class PlacementCreatedOut(BaseModel):
    id: int


@router.get("/school/placements")
def placements(request: Request, actor: School, now: Now) -> list[PlacementOut]:
    with web_context(request).reads() as session:
        pupils = school_placements(session, actor, today())
    result = []
    for p in pupils:
        if p.placement.id is None:
            reason = N_("En sparad placering har ett id.")
            raise InvalidInput([RowError("placement", 0, "id", reason)])
        result.append(
            PlacementOut(
                id=p.placement.id,
                personal_id=p.personal_id,
                name=p.name,
                school_unit=p.placement.school_unit,
                programme=p.placement.programme,
                orientation=p.placement.orientation,
                start=p.placement.start,
            )
        )
    return result


@router.post("/school/placements/{placement_id}/interruption", status_code=204)
def interruption(
    request: Request, actor: School, now: Now, placement_id: PlacementId, body: InterruptionIn
) -> None:
    end_placement(unit_of_work(request), actor, placement_id, body, now)


@router.post("/school/placements/{placement_id}/programme-change", status_code=201)
def programme_change(
    request: Request, actor: School, now: Now, placement_id: PlacementId, body: ProgrammeChangeIn
) -> PlacementCreatedOut:
    new_id = change_programme(unit_of_work(request), actor, placement_id, body, now)
    return PlacementCreatedOut(id=new_id)
