"""The school's (principal's) pages: its own offerings, places, test points, closing.

* ``/skola``: the offerings of the actor's school units with places and applicants.
* ``/skola/utbildningar/{code}``: one offering: forms for places and discretionary places, test
  points per applicant (offerings with an aptitude test), closing, and the admitted and the
  reserves of the latest published round (protected identities masked). 404 outside the scope.
  ``?sok=`` narrows the applicants, the admitted and the reserves to those whose name or identity
  number it finds (``queries.person_lookup``: any spelling of a number, every word of a name in
  any case; a masked person is found by the masked text only); each keeps their place in the
  list. A number that is not valid is shown again at the field (422).

The admission officer may use them too, for one school unit at a time: ``?skolenhet=CODE``
(carried on every link and form) chooses it, and ``/skola`` without it lists the year's school
units to choose from. ``http.OwnOfferingsPage`` (a ``Workplace``, shared with the counsellor's
and the municipality's pages and the API) says as whom the request works
(``platform.access.domain.scope.working_actor``); a school naming a unit not its own is 403.

Changes go through ``admission.services.offering_settings`` with the working actor (audited under
the name of the person signed in). The places form takes the API's model (``http.PlacesIn``); a
refused form comes back as the offering's page with the input kept and the error at its field,
and a refused closing or reopening (409) with the reason. One applicant's test points alone are
the API's (``PUT /api/v1/school/offerings/{code}/test-points/{personal_id}``); the page enters
them in the table.

Closing asks first (issue 15 point 7): ``GET …/stang`` shows how many applicants it concerns
(those who chose it, those admitted there in the latest published round) and the way back (it
may be reopened until the next round is run: ``offerings.reopen_offering``), with a "Bekräfta"
form; only that form's POST (``confirmed``) closes it. The API closes in one step.

Test points for many applicants at once (issue 15 point 10; ``web.school_entries``):

* ``…/provpoang/tabell``: one field per applicant in the table of applicants, saved in one POST;
  a wrong row is shown at its row, with what was typed in every row kept, and nothing is saved.
* ``…/provpoang/fil``: the same from a ``.csv`` or ``.xlsx`` file; every wrong line is listed
  with its line number, and nothing is saved. ``…/provpoang/mall?format=csv|xlsx``: the file to
  fill in, the offering's applicants already listed.

``…/antagna?format=csv|xlsx``: the admitted of the latest published round with each one's reply
(accepted, declined, no reply yet), written by ``platform.files.exports``; the page shows the
same list, and the reserves 50 a page (``?sida=``), "Inga reserver" when there are none.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import replace
from decimal import Decimal
from pathlib import Path, PurePath
from typing import Annotated

from fastapi import APIRouter, File, Form, Query, Request, UploadFile
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from pydantic import Field
from starlette.background import BackgroundTask

from samverka.admission.http import MAXIMUM_APPLICANTS, OwnOfferingsPage, PlacesIn
from samverka.admission.queries.person_lookup import (
    MAXIMUM_QUERY,
    NOT_A_NUMBER,
    PersonQuery,
    PersonQueryError,
    matches,
    parse_person_query,
)
from samverka.admission.queries.school_view import (
    OfferingDetails,
    offering_details,
    school_offerings,
)
from samverka.admission.services.offering_settings import (
    close_own_offering,
    record_test_points_table,
    reopen_own_offering,
    set_places,
)
from samverka.admission.web.school_entries import (
    ENTRY_FILE_LIMITS,
    FILE_REFUSED,
    ID_COLUMN,
    NAME_COLUMN,
    POINTS_COLUMN,
    EntryRow,
    points_entries,
    read_entry_file,
)
from samverka.platform.access.domain.actors import Actor
from samverka.platform.domain.swedish_time import swedish_today
from samverka.platform.files.exports import FileFormat, write_table
from samverka.platform.http import UseCaseModel
from samverka.platform.web.context import web_context
from samverka.platform.web.deps import Now, current_year, now, unit_of_work
from samverka.platform.web.forms import FieldProblem, show_refusal
from samverka.platform.web.i18n import N_
from samverka.platform.web.templating import render, translations
from samverka.platform.web.workplace import Workplace, choose

router = APIRouter(include_in_schema=False)
Place = OwnOfferingsPage  # the register's pages of a school unit use it too
OFFERING_PAGE = "school/offering.html"
RESERVES_PER_PAGE = 50
REPLY_TEXTS = {
    "accept": N_("Tackat ja"),
    "accept_without_reserve": N_("Tackat ja, vill inte stå kvar som reserv"),
    "decline": N_("Tackat nej"),
    None: N_("Inget svar ännu"),
}
ADMITTED_HEADER = (
    N_("Plats"),
    N_("Namn"),
    N_("Personnummer"),
    N_("Meritvärde"),
    N_("Inom fri kvot"),
    N_("Svar"),
)


class TableForm(UseCaseModel):
    """A table of entries: one identity number and one value field per applicant, in the
    order of the page's rows."""

    personal_id: list[str] = Field(default_factory=list, max_length=MAXIMUM_APPLICANTS)
    value: list[str] = Field(default_factory=list, max_length=MAXIMUM_APPLICANTS)

    def rows(self) -> list[EntryRow]:
        """Each row with its position on the page (1 first); a value without its applicant
        (a form not sent from the page) counts as the applicant left empty."""
        return [
            EntryRow(line, who, self.value[line - 1] if line <= len(self.value) else "")
            for line, who in enumerate(self.personal_id, start=1)
        ]


def details(request: Request, actor: Actor, code: str) -> OfferingDetails:
    with web_context(request).reads() as session:
        return offering_details(session, current_year(request), actor, code)


def offering_again(
    request: Request,
    place: Workplace,
    code: str,
    problems: list[FieldProblem],
    values: dict[str, object],
    form: str,
) -> Response:
    """The offering's page again, showing the refused form ``form`` with ``problems`` and what
    was sent (``values``); nothing was saved (422)."""
    show_refusal(request, problems, values, form=form)
    found = details(request, place.working, code)
    context = {
        "details": found,
        "done": None,
        "place": place,
        "sok": "",
        **_reserve_page(found, 1),
    }
    return render(request, OFFERING_PAGE, context, status_code=422)


def visible_applicants(request: Request, place: Workplace, code: str) -> dict[str, str]:
    """The offering's applicants the working actor may see: identity number → name."""
    found = details(request, place.working, code)
    return {a.personal_id: a.name for a in found.applicants if a.personal_id is not None}


def template_file(
    name: str, header: list[str], rows: list[list[object]], file_format: FileFormat
) -> Response:
    """A table as a file (to fill in, or a list), written by the platform's exports and
    removed once sent."""
    directory = Path(tempfile.mkdtemp(prefix="samverka-school-"))
    path = directory / f"{name}{file_format.suffix}"
    write_table(path, header, rows)
    return FileResponse(
        path,
        media_type=file_format.media_type,
        filename=path.name,
        background=BackgroundTask(shutil.rmtree, directory, ignore_errors=True),
    )


async def uploaded(file: UploadFile) -> tuple[str, bytes]:
    """The file's name (without any folder) and at most one byte more than the limit."""
    content = await file.read(ENTRY_FILE_LIMITS.maximum_bytes + 1)
    return PurePath(file.filename or "fil.csv").name, content


def back_to_offering(place: Workplace, code: str, done: str) -> Response:
    """A redirect to the offering's page, saying what was ``done``."""
    path = place.link(f"/skola/utbildningar/{code}", klart=done)
    return RedirectResponse(path, status_code=303)


@router.get("/skola", name="school_offerings", response_class=HTMLResponse)
def offerings_page(request: Request, place: OwnOfferingsPage) -> Response:
    if place.actor is None:
        return choose(request, place, "/skola", N_("Skolornas utbildningar"))
    year = current_year(request)
    with web_context(request).reads() as session:
        offerings = school_offerings(session, year, place.actor)
    context = {"year": year, "offerings": offerings, "place": place}
    return render(request, "school/offerings.html", context)


@router.get("/skola/utbildningar/{code}", name="school_offering", response_class=HTMLResponse)
def offering_page(
    request: Request,
    place: OwnOfferingsPage,
    today: Now,
    code: str,
    done: Annotated[str | None, Query(alias="klart")] = None,
    sok: Annotated[str, Query(max_length=MAXIMUM_QUERY)] = "",
    page: Annotated[int, Query(alias="sida", ge=1, le=100_000)] = 1,
) -> Response:
    found = details(request, place.working, code)
    status = 200
    try:
        query = parse_person_query(sok, today=swedish_today(today))
    except PersonQueryError:
        show_refusal(request, [FieldProblem("sok", NOT_A_NUMBER)], {"sok": sok}, form="sok")
        query, status = PersonQuery(), 422
    if not query.empty:
        found = replace(
            found,
            applicants=[a for a in found.applicants if _finds(query, a.personal_id, a.name)],
            admitted=[a for a in found.admitted if _finds(query, a.personal_id, a.name)],
            reserves=[r for r in found.reserves if _finds(query, r.personal_id, r.name)],
        )
    context = {
        "details": found,
        "done": done,
        "place": place,
        "sok": sok,
        **_reserve_page(found, page),
    }
    return render(request, OFFERING_PAGE, context, status_code=status)


def _finds(query: PersonQuery, personal_id: str | None, name: str) -> bool:
    return matches(query, personal_id or "", name)


def _reserve_page(found: OfferingDetails, page: int) -> dict[str, object]:
    """One page of the reserve list, ``RESERVES_PER_PAGE`` at a time (a long list on a phone)."""
    pages = max(1, -(-len(found.reserves) // RESERVES_PER_PAGE))
    start = (page - 1) * RESERVES_PER_PAGE
    shown = found.reserves[start : start + RESERVES_PER_PAGE]
    return {"reserves": shown, "reserve_page": page, "reserve_pages": pages}


@router.post("/skola/utbildningar/{code}/platser", name="school_set_places")
def places(
    request: Request, place: OwnOfferingsPage, code: str, form: Annotated[PlacesIn, Form()]
) -> Response:
    set_places(
        unit_of_work(request),
        year=current_year(request),
        offering_code=code,
        places=form.places,
        discretionary_places=form.discretionary_places,
        actor=place.working,
        now=now(),
    )
    return back_to_offering(place, code, "platser")


@router.get("/skola/utbildningar/{code}/stang", name="school_confirm_close")
def confirm_close(request: Request, place: OwnOfferingsPage, code: str) -> Response:
    context = {"details": details(request, place.working, code), "place": place}
    return render(request, "school/confirm_close.html", context)


@router.post("/skola/utbildningar/{code}/provpoang/tabell", name="school_test_points_table")
def points_table(
    request: Request, place: OwnOfferingsPage, code: str, form: Annotated[TableForm, Form()]
) -> Response:
    """Every applicant's test points from the table, all saved or none."""
    entries = points_entries(form.rows(), visible_applicants(request, place, code))
    if entries.problems:
        values: dict[str, object] = {"value": form.value}
        return offering_again(request, place, code, entries.problems, values, "provpoang")
    _record_points(request, place, code, entries.values)
    return back_to_offering(place, code, "provpoang")


@router.post("/skola/utbildningar/{code}/provpoang/fil", name="school_test_points_file")
async def points_file(
    request: Request, place: OwnOfferingsPage, code: str, file: Annotated[UploadFile, File()]
) -> Response:
    """Test points from a file; every wrong line listed, nothing saved."""
    name, content = await uploaded(file)
    rows, problems = read_entry_file(name, content, POINTS_COLUMN)
    entries = points_entries(rows, visible_applicants(request, place, code), source=name)
    if problems or entries.problems:
        refused = [FieldProblem("file", FILE_REFUSED), *problems, *entries.problems]
        return offering_again(request, place, code, refused, {}, "provpoang-fil")
    _record_points(request, place, code, entries.values)
    return back_to_offering(place, code, "provpoang")


@router.get("/skola/utbildningar/{code}/provpoang/mall", name="school_test_points_template")
def points_template(
    request: Request,
    place: OwnOfferingsPage,
    code: str,
    file_format: Annotated[FileFormat, Query(alias="format")] = FileFormat.CSV,
) -> Response:
    found = details(request, place.working, code)
    rows: list[list[object]] = [
        [a.personal_id, a.name, a.test_points] for a in found.applicants if a.personal_id
    ]
    header = [ID_COLUMN, NAME_COLUMN, POINTS_COLUMN]
    return template_file(f"provpoang-{code}", header, rows, file_format)


def _record_points(
    request: Request, place: Workplace, code: str, points: dict[str, Decimal]
) -> None:
    record_test_points_table(
        unit_of_work(request),
        year=current_year(request),
        offering_code=code,
        points=points,
        actor=place.working,
        now=now(),
    )


@router.get("/skola/utbildningar/{code}/antagna", name="school_admitted_file")
def admitted_file(
    request: Request,
    place: OwnOfferingsPage,
    code: str,
    file_format: Annotated[FileFormat, Query(alias="format")] = FileFormat.CSV,
) -> Response:
    """The admitted of the latest published round with their replies, as a file."""
    found = details(request, place.working, code)
    texts = translations(request)
    yes, no = texts.gettext("Ja"), texts.gettext("Nej")
    rows: list[list[object]] = [
        [
            a.position,
            a.name,
            a.personal_id or "",
            a.merit_value,
            yes if a.under_fri_kvot else no,
            texts.gettext(REPLY_TEXTS.get(reply, REPLY_TEXTS[None])),
        ]
        for a, reply in zip(found.admitted, _replies(found), strict=False)
    ]
    header = [texts.gettext(text) for text in ADMITTED_HEADER]
    return template_file(f"antagna-{code}", header, rows, file_format)


def _replies(found: OfferingDetails) -> list[str | None]:
    """One reply per admitted applicant, none where none is known."""
    known = list(found.replies)
    return known + [None] * (len(found.admitted) - len(known))


@router.post("/skola/utbildningar/{code}/stang", name="school_close")
def close(
    request: Request,
    place: OwnOfferingsPage,
    code: str,
    confirmed: Annotated[str, Form(max_length=10)] = "",
) -> Response:
    if confirmed != "ja":
        return confirm_close(request, place, code)
    year, actor = current_year(request), place.working
    close_own_offering(unit_of_work(request), year=year, offering_code=code, actor=actor, now=now())
    return back_to_offering(place, code, "stangd")


@router.post("/skola/utbildningar/{code}/oppna", name="school_reopen")
def reopen(request: Request, place: OwnOfferingsPage, code: str) -> Response:
    """Reopen a closed offering, until the next round is run (issue 12 point 10)."""
    uow, year = unit_of_work(request), current_year(request)
    reopen_own_offering(uow, year=year, offering_code=code, actor=place.working, now=now())
    return back_to_offering(place, code, "oppnad")
