"""The counsellor's (SYV) pages: the pupils of their own school units.

* ``/elever`` lists the pupils of the actor's school units (never anyone else's), with each
  pupil's merit value and eligibility from the latest imported grades. ``?q=`` searches by name
  or identity number (a number that is not valid is shown again at the field, 422), ``?visa=``
  filters (``ingen-ansokan``, ``inte-behorig``, ``inte-svarat``), ``?sortera=`` sorts (``namn``,
  ``meritvarde``), 50 to a page (``?sida=``); a plain GET form, without JavaScript
  (``queries.counsellor_view.PupilSearch``).
* ``/elever/{personnummer}`` shows the pupil's application and latest published result as the
  pupil sees them; a pupil outside the actor's school units is 404, exactly like one who does
  not exist.
* ``/elever/{personnummer}/utlandska-betyg`` (POST) marks or unmarks foreign grades (audited).
* ``/elever/{personnummer}/ankomst-och-studier`` (POST) records the arrival date of a newly
  arrived pupil and whether they completed a national programme (audited).
* ``/betyg/import`` takes a pupil file (.csv or .xlsx) and a term. Every row is checked
  (``http.read_own_pupils``, shared with the API's grade import) and must name one of the
  actor's school units; then ``import_pupils``
  checks each row against what is stored (a pupil of another unit, a move or a lifted
  protection is refused, ``admission.domain.pupil_import_scope``). If any row is wrong, the
  page says so at the file's field, as every refused form does
  (``platform.web.forms.show_refusal``), lists every problem in a table below it, and nothing is
  saved; otherwise the report (new, changed, unchanged) is shown.
* ``/betyg/mall?format=xlsx`` (or ``csv``) downloads the file's template: the header and one
  example row (``admission.files.pupil_template``, as ``samverka pupils template`` writes it).

The forms take the API's models (``http.ForeignGradesIn``, ``http.AdmissionFactsIn``); a
refused one comes back as the pupil's page with the input kept and the error at its field.

The COUNSELLOR role uses them for its own school units (``http.OwnPupilsPage``). The admission
officer may use them too, for one school unit at a time, chosen with ``?skolenhet=CODE``
(carried on every link and form; ``/elever`` and ``/betyg/import`` without it list the school
units to choose from): the
officer then sees and does what that unit's counsellor may, with the officer's own name in the
audit trail, and sees the unit's pupils with protected identity too. A counsellor naming a unit
that is not theirs is refused (403); see ``platform.access.domain.scope``.
"""

from __future__ import annotations

import tempfile
from datetime import datetime
from pathlib import Path, PurePath
from typing import Annotated

from fastapi import APIRouter, File, Form, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from samverka.admission.domain.calendar import GradeTerm
from samverka.admission.domain.grades import SUBJECTS
from samverka.admission.files.pupil_template import write_template
from samverka.admission.http import (
    MAXIMUM_FILE_BYTES,
    AdmissionFactsIn,
    ForeignGradesIn,
    OwnPupilsPage,
    read_own_pupils,
)
from samverka.admission.queries.admission_statistics import latest_admission_year
from samverka.admission.queries.counsellor_view import (
    PupilFilter,
    PupilOrder,
    PupilSearch,
    own_pupil,
    own_pupils,
    pupil_view,
)
from samverka.admission.queries.person_lookup import (
    MAXIMUM_QUERY,
    NOT_A_NUMBER,
    PersonQueryError,
    parse_person_query,
)
from samverka.admission.services.applicant_facts import set_admission_facts
from samverka.admission.services.foreign_grades import mark_foreign_grades
from samverka.admission.services.pupils import import_pupils
from samverka.admission.web.applicant import subject_names
from samverka.admission.web.inbox import INBOX_TEXTS
from samverka.errors import InvalidInput
from samverka.platform.access.domain.actors import Role
from samverka.platform.domain.swedish_time import swedish_today
from samverka.platform.web.deps import Now, Reads, Work
from samverka.platform.web.forms import FieldProblem, show_refusal
from samverka.platform.web.i18n import N_
from samverka.platform.web.templating import render
from samverka.platform.web.workplace import Workplace, choose

PAGE_SIZE = 50
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SUFFIXES = (".csv", ".xlsx")
IMPORT_PAGE = "counsellor/import.html"

PUPILS_HEADING = N_("Elever per skolenhet")
TEMPLATE_TYPES = {"xlsx": XLSX_TYPE, "csv": "text/csv; charset=utf-8"}
FILE_REFUSED = N_("Filen innehåller fel; varje fel står i tabellen nedan.")

router = APIRouter(include_in_schema=False)


@router.get("/elever", name="pupils", response_class=HTMLResponse)
def pupils(
    request: Request,
    place: OwnPupilsPage,
    db: Reads,
    now: Now,
    sida: Annotated[int, Query(ge=1, le=10_000)] = 1,
    q: Annotated[str, Query(max_length=MAXIMUM_QUERY)] = "",
    visa: PupilFilter = PupilFilter.ALL,
    sortera: PupilOrder = PupilOrder.NAME,
) -> Response:
    if place.actor is None:
        return choose(request, place, "/elever", PUPILS_HEADING)
    year = latest_admission_year(db)
    context: dict[str, object] = {
        "year": year,
        "page": sida,
        "place": place,
        "q": q,
        "show": visa,
        "order": sortera,
    }
    try:
        query = parse_person_query(q, today=swedish_today(now))
    except PersonQueryError:
        show_refusal(request, [FieldProblem("q", NOT_A_NUMBER)], {"q": q}, form="sok")
        context.update(found=None, pages=1)
        return render(request, "counsellor/pupils.html", context, status_code=422)
    search = PupilSearch(query, visa, sortera)
    offset = (sida - 1) * PAGE_SIZE
    found = own_pupils(db, place.actor, year, limit=PAGE_SIZE, offset=offset, search=search)
    pages = max(1, -(-found.total // PAGE_SIZE))
    context.update(found=found, pages=pages)
    return render(request, "counsellor/pupils.html", context)


@router.get("/betyg/mall", name="grade_import_template")
def grade_import_template(
    place: OwnPupilsPage,
    suffix: Annotated[str, Query(alias="format", pattern="^(xlsx|csv)$")] = "xlsx",
) -> Response:
    """The pupil file's template, as a workbook or a CSV file."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"elevfil-mall.{suffix}"
        write_template(path)
        content = path.read_bytes()
    disposition = f'attachment; filename="elevfil-mall.{suffix}"'
    return Response(
        content, media_type=TEMPLATE_TYPES[suffix], headers={"Content-Disposition": disposition}
    )


@router.get("/elever/{personnummer}", name="pupil", response_class=HTMLResponse)
def pupil(
    request: Request, place: OwnPupilsPage, db: Reads, now: Now, personnummer: str
) -> Response:
    return pupil_page(request, place, db, now, personnummer)


def pupil_page(
    request: Request,
    place: Workplace,
    db: Session,
    now: datetime,
    personnummer: str,
    *,
    status_code: int = 200,
) -> Response:
    """The pupil's page; the admission officer also gets the form to decide a choice's
    reception (``web.reception``)."""
    view = pupil_view(db, place.working, latest_admission_year(db), personnummer, now)
    context = {
        "view": view,
        "marked": "sparat" in request.query_params,
        "facts_saved": "uppgifter" in request.query_params,
        "reception_saved": "mottagande" in request.query_params,
        "officer": place.signed_in.role is Role.OFFICER,
        "place": place,
        "subject_names": subject_names,
        "subject_titles": SUBJECTS,
        "texts": INBOX_TEXTS,
    }
    return render(request, "counsellor/pupil.html", context, status_code=status_code)


@router.post("/elever/{personnummer}/utlandska-betyg", name="mark_foreign_grades")
def foreign_grades(
    place: OwnPupilsPage,
    db: Reads,
    uow: Work,
    now: Now,
    personnummer: str,
    form: Annotated[ForeignGradesIn, Form()],
) -> Response:
    year, actor, foreign = latest_admission_year(db), place.working, form.foreign
    pid = own_pupil(db, actor, year, personnummer).personal_id  # 404 outside the scope
    mark_foreign_grades(uow, year=year, personal_id=pid, foreign=foreign, actor=actor, now=now)
    return RedirectResponse(place.link(f"/elever/{pid}", sparat=1), status_code=303)


@router.post("/elever/{personnummer}/ankomst-och-studier", name="pupil_admission_facts")
def admission_facts(
    place: OwnPupilsPage,
    db: Reads,
    uow: Work,
    now: Now,
    personnummer: str,
    form: Annotated[AdmissionFactsIn, Form()],
) -> Response:
    year, actor = latest_admission_year(db), place.working
    pid = own_pupil(db, actor, year, personnummer).personal_id  # 404 outside the scope
    set_admission_facts(
        uow,
        year=year,
        personal_id=pid,
        arrival_date=form.arrival_date,
        completed_national_programme=form.completed_national_programme,
        actor=actor,
        now=now,
    )
    return RedirectResponse(place.link(f"/elever/{pid}", uppgifter=1), status_code=303)


@router.get("/betyg/import", name="grade_import_form", response_class=HTMLResponse)
def grade_import_form(request: Request, place: OwnPupilsPage) -> Response:
    if place.actor is None:
        return choose(request, place, "/betyg/import", N_("Importera betyg"))
    return render(request, IMPORT_PAGE, _import_context(place, GradeTerm.FINAL))


@router.post("/betyg/import", name="grade_import", response_class=HTMLResponse)
async def grade_import(
    request: Request,
    place: OwnPupilsPage,
    db: Reads,
    uow: Work,
    now: Now,
    term: Annotated[GradeTerm, Form()],
    file: Annotated[UploadFile, File()],
) -> Response:
    content = await file.read(MAXIMUM_FILE_BYTES + 1)
    name, year = PurePath(file.filename or "fil").name, latest_admission_year(db)
    actor, context = place.working, _import_context(place, term)
    try:
        pupils = read_own_pupils(uow, actor, name, content, term, swedish_today(now))
        report = import_pupils(uow, year=year, pupils=pupils, actor=actor, now=now)
    except InvalidInput as invalid:
        show_refusal(request, [FieldProblem("file", FILE_REFUSED)], {"term": term.value})
        return render(request, IMPORT_PAGE, {**context, "errors": invalid.errors}, status_code=422)
    return render(request, IMPORT_PAGE, {**context, "report": report})


def _import_context(place: Workplace, term: GradeTerm) -> dict[str, object]:
    return {"terms": list(GradeTerm), "term": term, "errors": (), "report": None, "place": place}
