"""The youth register's pages: the municipality's activity follow-up (KAA) and the school's
registration of interruptions and programme changes.

* ``/kommun/kaa``: the municipality's young people outside upper-secondary school on a day
  (``?datum=``, default today), each with their status.
* ``/kommun/kaa/rapport``: the half-year report (``?halvar=2026H2``) as a table and an SVG chart.
* ``/kommun/kaa/{personnummer}``: one person, their entries and a form for a new contact,
  measure or status (POST to the same path).
* ``/skola/placeringar``: the placements in force today at the school's own units, each with
  forms for an interruption and a programme change (POST ``…/{id}/avbrott`` and ``…/{id}/byte``).

Only the home municipality and the admission officer (choosing a municipality with
``?kommun=``) see KAA persons; a person outside the municipality is 404. Schools act on their own
units only (another unit's placement is 404); the officer chooses a unit with ``?skolenhet=``.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, Final

from fastapi import APIRouter, Form, Path, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from markupsafe import Markup
from pydantic import BaseModel, Field

from samverka.adapters.documents.charts import BarChart, Series, bar_chart
from samverka.domain.common.swedish_time import swedish_today
from samverka.domain.register.activity_follow_up import EntryKind, HalfYear, KaaStatus
from samverka.entrypoints.web.applicant import Now
from samverka.entrypoints.web.context import web_context
from samverka.entrypoints.web.i18n import N_
from samverka.entrypoints.web.municipality import Place as MunicipalityPlace
from samverka.entrypoints.web.officer import unit_of_work
from samverka.entrypoints.web.school import Place as SchoolPlace
from samverka.entrypoints.web.school import choose
from samverka.entrypoints.web.templating import render, translations
from samverka.errors import InvalidInput, RowError
from samverka.queries.activity_follow_up import kaa_list, kaa_person, kaa_report
from samverka.queries.register_view import school_placements
from samverka.services.activity_follow_up import record_follow_up
from samverka.services.register import register_interruption, register_programme_change

STATUS_LABELS: Final = {
    KaaStatus.NOT_CONTACTED: N_("Ej kontaktad"),
    KaaStatus.NOT_REACHED: N_("Sökt men ej nådd"),
    KaaStatus.CONTACTED: N_("Kontakt utan åtgärd"),
    KaaStatus.IN_MEASURE: N_("I åtgärd genom kommunen"),
    KaaStatus.WORKING: N_("Arbetar"),
    KaaStatus.STUDYING_ELSEWHERE: N_("Studerar på annat håll"),
    KaaStatus.OTHER: N_("Annan sysselsättning"),
    KaaStatus.DECLINED: N_("Avböjer insats"),
}
ENTRY_LABELS: Final = {
    EntryKind.CONTACT: N_("Kontakt"),
    EntryKind.MEASURE: N_("Åtgärd"),
    EntryKind.STATUS: N_("Status"),
}
DATE_PATTERN: Final = r"^\d{4}-\d{2}-\d{2}$"

router = APIRouter(include_in_schema=False)
Day = Annotated[str | None, Query(alias="datum", pattern=DATE_PATTERN)]
MAXIMUM_ID: Final = 2_147_483_647  # a database integer
PlacementId = Annotated[int, Path(ge=1, le=MAXIMUM_ID, description="The placement's id.")]


def _day(text: str | None, default: date) -> date:
    if not text:
        return default
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InvalidInput([RowError("request", 0, "datum", f"{text!r} is not a date")]) from None


def _half_year(text: str | None, today: date) -> HalfYear:
    if not text:
        return HalfYear(today.year, 1 if today.month <= 6 else 2)
    try:
        return HalfYear.parse(text)
    except ValueError as error:
        raise InvalidInput([RowError("request", 0, "halvar", str(error))]) from None


def _labels() -> dict[str, object]:
    return {"status_labels": STATUS_LABELS, "entry_labels": ENTRY_LABELS}


# -- the municipality ------------------------------------------------------------------------
@router.get("/kommun/kaa", name="kaa_list", response_class=HTMLResponse)
def kaa_page(request: Request, place: MunicipalityPlace, now: Now, day: Day = None) -> Response:
    if place.actor is None:
        return choose(request, place, "/kommun/kaa", N_("Aktivitetsansvaret"))
    actor, on = place.actor, _day(day, swedish_today(now))
    assert actor.municipality_code is not None
    with web_context(request).reads() as session:
        people = kaa_list(session, actor, actor.municipality_code, on)
    context = {"people": people, "day": on, "place": place, **_labels()}
    return render(request, "register/kaa_list.html", context)


@router.get("/kommun/kaa/rapport", name="kaa_report", response_class=HTMLResponse)
def report_page(
    request: Request,
    place: MunicipalityPlace,
    now: Now,
    half: Annotated[str | None, Query(alias="halvar", pattern=r"^\d{4}[Hh][12]$")] = None,
) -> Response:
    if place.actor is None:
        return choose(request, place, "/kommun/kaa/rapport", N_("Aktivitetsansvaret"))
    actor = place.actor
    assert actor.municipality_code is not None
    half_year = _half_year(half, swedish_today(now))
    with web_context(request).reads() as session:
        report = kaa_report(session, actor, actor.municipality_code, half_year)
    texts = translations(request)
    chart = BarChart(
        "chart-kaa",
        texts.gettext("Ungdomar i aktivitetsansvaret per status"),
        texts.gettext("Antal ungdomar per status vid halvårets slut."),
        tuple(texts.gettext(STATUS_LABELS[s]) for s in report.counts),
        (Series(texts.gettext("Antal"), tuple(Decimal(n) for n in report.counts.values())),),
    )
    context = {"report": report, "chart": Markup(bar_chart(chart)), "place": place, **_labels()}
    return render(request, "register/kaa_report.html", context)


@router.get("/kommun/kaa/{personnummer}", name="kaa_person", response_class=HTMLResponse)
def person_page(
    request: Request,
    place: MunicipalityPlace,
    now: Now,
    personnummer: str,
    day: Day = None,
    done: Annotated[str | None, Query(alias="klart")] = None,
) -> Response:
    on = _day(day, swedish_today(now))
    with web_context(request).reads() as session:
        person = kaa_person(session, place.working, personnummer, on)
    context = {
        "person": person,
        "day": on,
        "place": place,
        "done": done,
        "statuses": list(KaaStatus),
        "kinds": list(EntryKind),
        **_labels(),
    }
    return render(request, "register/kaa_person.html", context)


class EntryForm(BaseModel):
    kind: EntryKind
    on: date
    status: KaaStatus | None = None
    note: str = Field(default="", max_length=2000)


@router.post("/kommun/kaa/{personnummer}", name="kaa_record")
def record(
    request: Request,
    place: MunicipalityPlace,
    now: Now,
    personnummer: str,
    form: Annotated[EntryForm, Form()],
) -> Response:
    record_follow_up(
        unit_of_work(request),
        actor=place.working,
        personal_id=personnummer,
        kind=form.kind,
        on=form.on,
        status=form.status if form.kind is EntryKind.STATUS else None,
        note=form.note,
        now=now,
    )
    path = place.link(f"/kommun/kaa/{personnummer}", klart="sparad")
    return RedirectResponse(path, status_code=303)


# -- the school ------------------------------------------------------------------------------
@router.get("/skola/placeringar", name="school_placements", response_class=HTMLResponse)
def placements_page(
    request: Request,
    place: SchoolPlace,
    now: Now,
    done: Annotated[str | None, Query(alias="klart")] = None,
) -> Response:
    if place.actor is None:
        return choose(request, place, "/skola/placeringar", N_("Skolornas elever"))
    on_day = swedish_today(now)
    with web_context(request).reads() as session:
        pupils = school_placements(session, place.actor, on_day)
    context = {"pupils": pupils, "day": on_day, "place": place, "done": done}
    return render(request, "register/school_placements.html", context)


class InterruptionForm(BaseModel):
    end: date


class ChangeForm(BaseModel):
    start: date
    programme: str = Field(min_length=2, max_length=8, pattern=r"^[A-Za-z0-9]+$")
    orientation: str = Field(default="", max_length=80)


@router.post("/skola/placeringar/{placement_id}/avbrott", name="school_interruption")
def interruption(
    request: Request,
    place: SchoolPlace,
    now: Now,
    placement_id: PlacementId,
    form: Annotated[InterruptionForm, Form()],
) -> Response:
    register_interruption(
        unit_of_work(request),
        actor=place.working,
        placement_id=placement_id,
        end=form.end,
        now=now,
    )
    return RedirectResponse(place.link("/skola/placeringar", klart="avbrott"), status_code=303)


@router.post("/skola/placeringar/{placement_id}/byte", name="school_programme_change")
def programme_change(
    request: Request,
    place: SchoolPlace,
    now: Now,
    placement_id: PlacementId,
    form: Annotated[ChangeForm, Form()],
) -> Response:
    register_programme_change(
        unit_of_work(request),
        actor=place.working,
        placement_id=placement_id,
        start=form.start,
        programme=form.programme.upper(),
        orientation=form.orientation,
        now=now,
    )
    return RedirectResponse(place.link("/skola/placeringar", klart="byte"), status_code=303)
