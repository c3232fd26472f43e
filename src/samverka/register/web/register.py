"""The youth register's pages for the schools: the registration of interruptions, completions
and programme changes. The municipality's activity follow-up (KAA) is ``web.kaa``.

* ``/skola/placeringar``: the placements in force today at the school's own units, each with
  forms for an end (an interruption, or a completion with an examen or a studiebevis) and a
  programme change (POST ``…/{id}/avbrott`` and ``…/{id}/byte``); ``PAGE_SIZE`` pupils to a
  page (``?sida=``), as a school of several hundred pupils would otherwise get a page of a
  thousand fields (issue 15, point 2).

Schools act on their own units only (another unit's placement is 404); the officer chooses a
unit with ``?skolenhet=`` (``school_workplace``, on the register's ``SchoolWork``). The forms
are the API's use cases (``register.http``: ``InterruptionIn``, ``ProgrammeChangeIn``), each
pupil's two named ``avbrott-{id}`` and ``byte-{id}``, so that a refused one comes back with its
errors and input at that pupil's form (``platform.web.forms``).
"""

from __future__ import annotations

from typing import Annotated, Final

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from samverka.admission.queries.school_view import the_years_school_units
from samverka.platform.access.domain.actors import Role
from samverka.platform.domain.swedish_time import swedish_today
from samverka.platform.web.context import web_context
from samverka.platform.web.deps import Now, unit_of_work
from samverka.platform.web.i18n import N_
from samverka.platform.web.templating import render
from samverka.platform.web.workplace import CODE_PATTERN, Workplace, choose, find_workplace
from samverka.register.domain.placements import EndReason
from samverka.register.http import (
    InterruptionIn,
    PlacementId,
    ProgrammeChangeIn,
    SchoolWork,
    change_programme,
    end_placement,
)
from samverka.register.queries.register_view import school_placements

UNIT_PARAMETER: Final = "skolenhet"  # as on the school's admission pages
PAGE_SIZE: Final = 50
END_LABELS: Final = {
    EndReason.INTERRUPTED: N_("Avbrott"),
    EndReason.EXAMEN: N_("Fullföljt med examen"),
    EndReason.STUDIEBEVIS: N_("Fullföljt med studiebevis"),
}


def school_workplace(
    request: Request,
    actor: SchoolWork,
    chosen: Annotated[str | None, Query(alias=UNIT_PARAMETER, pattern=CODE_PATTERN)] = None,
) -> Workplace:
    """The school unit the page works for: the school's own, or the one the officer chose."""
    return find_workplace(
        request, actor, Role.SCHOOL, UNIT_PARAMETER, chosen, the_years_school_units
    )


router = APIRouter(include_in_schema=False)
SchoolPlace = Annotated[Workplace, Depends(school_workplace)]


# -- the school ------------------------------------------------------------------------------
@router.get("/skola/placeringar", name="school_placements", response_class=HTMLResponse)
def placements_page(
    request: Request,
    place: SchoolPlace,
    now: Now,
    done: Annotated[str | None, Query(alias="klart")] = None,
    sida: Annotated[int, Query(ge=1, le=10_000)] = 1,
) -> Response:
    if place.actor is None:
        return choose(request, place, "/skola/placeringar", N_("Skolornas elever"))
    on_day = swedish_today(now)
    with web_context(request).reads() as session:
        pupils = school_placements(session, place.actor, on_day)
    context = {
        "pupils": pupils[(sida - 1) * PAGE_SIZE : sida * PAGE_SIZE],
        "page": sida,
        "pages": max(1, -(-len(pupils) // PAGE_SIZE)),
        "day": on_day,
        "place": place,
        "done": done,
        "end_labels": END_LABELS,
    }
    return render(request, "register/school_placements.html", context)


@router.post("/skola/placeringar/{placement_id}/avbrott", name="school_interruption")
def interruption(
    request: Request,
    place: SchoolPlace,
    now: Now,
    placement_id: PlacementId,
    form: Annotated[InterruptionIn, Form()],
) -> Response:
    end_placement(unit_of_work(request), place.working, placement_id, form, now)
    return RedirectResponse(place.link("/skola/placeringar", klart="avbrott"), status_code=303)


@router.post("/skola/placeringar/{placement_id}/byte", name="school_programme_change")
def programme_change(
    request: Request,
    place: SchoolPlace,
    now: Now,
    placement_id: PlacementId,
    form: Annotated[ProgrammeChangeIn, Form()],
) -> Response:
    change_programme(unit_of_work(request), place.working, placement_id, form, now)
    return RedirectResponse(place.link("/skola/placeringar", klart="byte"), status_code=303)
