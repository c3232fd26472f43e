"""The admission officer decides one choice's reception in first or second hand, with a reason:
``POST /elever/{personnummer}/mottagande`` (issue 12 point 8; SL 16 kap. 43–44 §§).

Reception is derived, never typed in by the applicant or the counsellor; the officer, working
in a school unit's place on the counsellor's pupil page (``?skolenhet=``), may override it for
one choice with a recorded reason (the home municipality's statement, special reasons), or
take the decision back. A decision the law does not allow (second hand at an independent
school, at the applicant's own municipality's school, at a nationally recruiting offering or
inside the samverkansavtal) or one without a reason is refused with the reason in the page's
language at its field, as every refused form is shown (``platform.web.forms.show_refusal``), and
changes nothing. Every decision is in the audit trail (``override_reception``). The form is the
API's ``http.ReceptionIn`` ("derived" for back to the derived reception) with the choice's offering
code, which the API has in its path.

``GET /antagning/mottagande`` lists, for the officer, the choices whose reception waits for the
office's decision (``start_tasks.receptions_waiting``: a home municipality outside the admission
area, no statement recorded yet), each with a link to the pupil's page where the decision is
made, or to the person's page for an applicant without a school unit.
"""

from __future__ import annotations

from typing import Annotated, Final

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from samverka.admission.http import OwnPupilsPage, ReceptionIn, YearAdmin
from samverka.admission.queries.admission_statistics import latest_admission_year
from samverka.admission.queries.counsellor_view import own_pupil
from samverka.admission.queries.start_tasks import receptions_waiting
from samverka.admission.services.reception import override_reception
from samverka.admission.web.counsellor import pupil_page
from samverka.errors import InvalidInput, NotPermitted, ReceptionNotPossible
from samverka.platform.access.domain.actors import Role
from samverka.platform.web.deps import Now, Reads, Work
from samverka.platform.web.forms import FieldProblem, show_refusal
from samverka.platform.web.i18n import N_
from samverka.platform.web.templating import render

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
FORM = "mottagande"  # the form's name on the pupil's page

router = APIRouter(include_in_schema=False)


@router.get("/antagning/mottagande", name="receptions_waiting", response_class=HTMLResponse)
def waiting(request: Request, actor: YearAdmin, db: Reads) -> Response:
    year = latest_admission_year(db)
    context = {"year": year, "waiting": receptions_waiting(db, year)}
    return render(request, "officer/receptions_waiting.html", context)


@router.post("/elever/{personnummer}/mottagande", name="decide_reception")
def decide_reception(
    request: Request,
    place: OwnPupilsPage,
    db: Reads,
    uow: Work,
    now: Now,
    personnummer: str,
    offering_code: Annotated[str, Form(min_length=1, max_length=40)],
    form: Annotated[ReceptionIn, Form()],
) -> Response:
    if place.signed_in.role is not Role.OFFICER:
        raise NotPermitted(N_("Bara antagningskansliet beslutar om ett vals mottagande."))
    year = latest_admission_year(db)
    pid = own_pupil(db, place.working, year, personnummer).personal_id  # 404 outside the unit
    try:
        override_reception(
            uow,
            year=year,
            personal_id=pid,
            offering_code=offering_code,
            reception=form.reception,
            reason=form.reason,
            actor=place.signed_in,
            now=now,
        )
    except InvalidInput as refusal:
        if isinstance(refusal, ReceptionNotPossible) and refusal.ground in NOT_POSSIBLE:
            problems = [FieldProblem("reception", NOT_POSSIBLE[refusal.ground])]
        else:  # as the service words it
            problems = [FieldProblem(e.field, e.reason, translated=False) for e in refusal.errors]
        reception = "derived" if form.reception is None else form.reception.value
        values = {"offering_code": offering_code, "reception": reception, "reason": form.reason}
        show_refusal(request, problems, values, form=FORM)
        return pupil_page(request, place, db, now, pid, status_code=422)
    return RedirectResponse(place.link(f"/elever/{pid}", mottagande=1), status_code=303)
