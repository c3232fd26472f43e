"""The admission officer decides one choice's reception in first or second hand, with a reason:
``POST /elever/{personnummer}/mottagande`` (issue 12 point 8; SL 16 kap. 43–44 §§).

Reception is derived, never typed in by the applicant or the counsellor; the officer, working
in a school unit's place on the counsellor's pupil page (``?skolenhet=``), may override it for
one choice with a recorded reason (the home municipality's statement, special reasons), or
take the decision back. A decision the law does not allow (second hand at an independent
school, at the applicant's own municipality's school, at a nationally recruiting offering or
inside the samverkansavtal) or one without a reason is refused with the reason in the page's
language and changes nothing. Every decision is in the audit trail (``override_reception``).
"""

from __future__ import annotations

from typing import Annotated, Final, Literal

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import BaseModel, Field

from samverka.admission.domain.reception import Reception
from samverka.admission.queries.admission_statistics import latest_admission_year
from samverka.admission.queries.counsellor_view import own_pupil
from samverka.admission.services.reception import override_reception
from samverka.admission.web.counsellor import Place, pupil_page
from samverka.errors import InvalidInput, NotPermitted, ReceptionNotPossible
from samverka.platform.access.domain.actors import Role
from samverka.platform.web.deps import Now, Reads, Work
from samverka.platform.web.i18n import N_
from samverka.platform.web.templating import translations

NOT_POSSIBLE: Final = {
    "independent_organiser": N_(
        "Andra hand är inte möjligt: en fristående skola tar emot alla sökande på lika villkor."
    ),
    "own_municipality": N_("Andra hand är inte möjligt: skolan tillhör den sökandes hemkommun."),
    "nationally_recruiting": N_("Andra hand är inte möjligt: utbildningen är riksrekryterande."),
    "cooperation_agreement": N_(
        "Andra hand är inte möjligt: hemkommunen och huvudmannen ingår i samverkansavtalet."
    ),
}
NO_REASON: Final = N_("Skriv skälet till beslutet, till exempel hemkommunens yttrande.")
NOT_CHANGED: Final = N_("Mottagandet är inte ändrat.")

router = APIRouter(include_in_schema=False)


class ReceptionForm(BaseModel):
    offering_code: str = Field(min_length=1, max_length=40)
    decision: Literal["first_hand", "second_hand", "derived"]
    reason: str = Field("", max_length=500)


@router.post("/elever/{personnummer}/mottagande", name="decide_reception")
def decide_reception(
    request: Request,
    place: Place,
    db: Reads,
    uow: Work,
    now: Now,
    personnummer: str,
    form: Annotated[ReceptionForm, Form()],
) -> Response:
    if place.signed_in.role is not Role.OFFICER:
        raise NotPermitted("only the admission office decides a choice's reception")
    year = latest_admission_year(db)
    pid = own_pupil(db, place.working, year, personnummer).personal_id  # 404 outside the unit
    chosen = None if form.decision == "derived" else Reception(form.decision)
    try:
        override_reception(
            uow,
            year=year,
            personal_id=pid,
            offering_code=form.offering_code,
            reception=chosen,
            reason=form.reason,
            actor=place.signed_in,
            now=now,
        )
    except InvalidInput as refusal:
        texts = translations(request)
        if isinstance(refusal, ReceptionNotPossible) and refusal.ground in NOT_POSSIBLE:
            problem = texts.gettext(NOT_POSSIBLE[refusal.ground])
        else:
            problem = texts.gettext(NO_REASON)
        problems = [problem, texts.gettext(NOT_CHANGED)]
        return pupil_page(request, place, db, now, pid, problems, status_code=422)
    return RedirectResponse(place.link(f"/elever/{pid}", mottagande=1), status_code=303)
