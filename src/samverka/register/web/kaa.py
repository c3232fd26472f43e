"""The municipality's activity follow-up (KAA) pages.

* ``/kommun/kaa``: the young people in the municipality's group on a day (``?datum=``, default
  today), each with their status and the day they entered the group; ``?sok=`` narrows it to
  those whose name or identity number it finds (as the admission's person search reads it,
  ``admission.queries.person_lookup``; a masked person by the masked text only) and
  ``?status=`` to one status, and ``?sida=`` pages through it, 50 at a time (the group, the
  narrowing and the page read in the database, ``queries.activity_follow_up.kaa_page``). A
  number that is not valid is shown again at the field (422). The list as narrowed, every page
  of it, is a file at ``/kommun/kaa/lista/fil`` (``register.web.kaa_list_file``).
* ``/kommun/kaa/rapport``: the half-year's summary (``?halvar=2026H2``) as tables and an SVG
  chart, counted in the database (``queries.activity_follow_up.kaa_report``);
  ``/kommun/kaa/rapport/fil?halvar=…&format=csv|xlsx``: the person-level file for SCB (CSV in
  SCB's own layout whatever CSV is asked for; XLSX streamed, ``platform.web.downloads``), its
  records decided person by person by the domain (the same persons the page counts). Without
  ``halvar`` both show the half-year of today; a ``halvar`` that names no half-year is refused
  (422) with a Swedish reason naming the problem (``HalfYear``), English on request.
* ``/kommun/kaa/gallring``: the retention period (POST ``…/gallring/period``, ``months``), what
  is due for erasure today, and the erasures made; POST ``/kommun/kaa/gallring`` with the box
  ``apply`` ticked erases what is due.
* ``/kommun/kaa/{personnummer}``: one person, their entries and measures and a form for a new
  contact, measure (begun or ended) or status (POST to the same path).

The forms are the API's use cases (``register.http``: ``EntryIn``, ``RetentionIn``,
``ErasureIn``), with the same field names and limits; a refused form comes back as its page,
the input kept and each error at its field (``platform.web.forms``).

Only the home municipality and the admission officer (choosing a municipality with
``?kommun=``) see KAA persons; a person outside the municipality is 404. Sources: skollagen
29 kap. 9 §; issue 13 points 8–10 (``register.domain.kaa_group``, ``kaa_collection``,
``kaa_retention``).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, Final

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from markupsafe import Markup

from samverka.admission.queries.person_lookup import (
    MAXIMUM_QUERY,
    NOT_A_NUMBER,
    PersonQuery,
    PersonQueryError,
    parse_person_query,
)
from samverka.errors import BadValue, InvalidInput, RowError
from samverka.platform.files.charts import BarChart, Series, bar_chart
from samverka.platform.files.exports import FileFormat, Sheet
from samverka.platform.web.context import web_context
from samverka.platform.web.deps import Now, unit_of_work
from samverka.platform.web.downloads import content_disposition, download
from samverka.platform.web.forms import FieldProblem, show_refusal
from samverka.platform.web.i18n import N_
from samverka.platform.web.templating import render, translations
from samverka.platform.web.workplace import choose
from samverka.register.domain.activity_follow_up import EntryKind, HalfYear, KaaStatus, MeasureType
from samverka.register.domain.compulsory_school import Evidence
from samverka.register.domain.kaa_collection import DeregistrationReason, RegistrationReason
from samverka.register.domain.kaa_retention import LONGEST_MONTHS, SHORTEST_MONTHS
from samverka.register.files.kaa_collection_file import HEADER, collection_csv, collection_rows
from samverka.register.http import (
    EntryIn,
    ErasureIn,
    RetentionIn,
    erase_due_entries,
    record_entry,
    set_retention_period,
    swedish_day,
)
from samverka.register.queries.activity_follow_up import (
    kaa_half_year,
    kaa_page,
    kaa_person,
    kaa_report,
    kaa_retention,
)
from samverka.register.web.municipality import Place as MunicipalityPlace

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
    EntryKind.MEASURE: N_("Åtgärd påbörjas"),
    EntryKind.MEASURE_ENDED: N_("Åtgärd avslutas"),
    EntryKind.STATUS: N_("Status"),
}
MEASURE_LABELS: Final = {
    MeasureType.GUIDANCE: N_("Studie- och yrkesvägledning"),
    MeasureType.MOTIVATION: N_("Motiverande samtal, kartläggning"),
    MeasureType.WORK_PLACEMENT: N_("Praktik"),
    MeasureType.ADULT_EDUCATION: N_("Kommunal vuxenutbildning"),
    MeasureType.FOLK_HIGH_SCHOOL: N_("Folkhögskola"),
    MeasureType.OTHER: N_("Annan åtgärd"),
}
REGISTRATION_LABELS: Final = {
    RegistrationReason.NEVER_STARTED: N_("Har inte studerat i gymnasieskolan"),
    RegistrationReason.INTERRUPTED: N_("Avbrott på nationellt program"),
    RegistrationReason.STUDIEBEVIS: N_("Slutfört med studiebevis"),
    RegistrationReason.LEFT_INTRODUCTORY: N_("Lämnat introduktionsprogram"),
    RegistrationReason.UNKNOWN: N_("Uppgift saknas"),
}
DEREGISTRATION_LABELS: Final = {
    DeregistrationReason.TURNED_20: N_("Fyllt 20 år"),
    DeregistrationReason.MOVED: N_("Flyttat från kommunen"),
    DeregistrationReason.STARTED_NATIONAL: N_("Påbörjat nationellt program"),
    DeregistrationReason.STARTED_INTRODUCTORY: N_("Påbörjat introduktionsprogram"),
    DeregistrationReason.OTHER: N_("Annan orsak"),
}
EVIDENCE_LABELS: Final = {
    Evidence.FINAL_GRADES: N_("slutbetyg från årskurs 9"),
    Evidence.UPPER_SECONDARY: N_("placering i gymnasieskolan"),
    Evidence.AGE: N_("skolplikten upphörde enligt ålder"),
}
DATE_PATTERN: Final = r"^\d{4}-\d{2}-\d{2}$"
PAGE_SIZE: Final = 50

router = APIRouter(include_in_schema=False)
Day = Annotated[str | None, Query(alias="datum", pattern=DATE_PATTERN)]
Half = Annotated[str | None, Query(alias="halvar")]  # read by ``_half``, in Swedish


def asked_day(text: str | None, today: date) -> date:
    """``?datum=``, or ``today``; a text that is no date refused in Swedish."""
    if not text:
        return today
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InvalidInput(
            [
                RowError(
                    "request", 0, "datum", N_("%(text)s är inte ett datum."), {"text": repr(text)}
                )
            ]
        ) from None


def _half(text: str | None, today: date) -> HalfYear:
    """``?halvar=``, or the half-year of ``today``; a year outside 1–9999 (the year 0, say) is
    bad input naming the problem."""
    if not text:
        return HalfYear.of(today)
    try:
        return HalfYear.parse(text)
    except BadValue as error:
        problem = RowError("request", 0, "halvar", error.text, error.parameters)
        raise InvalidInput([problem]) from None


def _labels() -> dict[str, object]:
    return {
        "status_labels": STATUS_LABELS,
        "entry_labels": ENTRY_LABELS,
        "measure_labels": MEASURE_LABELS,
        "registration_labels": REGISTRATION_LABELS,
        "deregistration_labels": DEREGISTRATION_LABELS,
        "evidence_labels": EVIDENCE_LABELS,
    }


# -- the municipality ------------------------------------------------------------------------
@router.get("/kommun/kaa", name="kaa_list", response_class=HTMLResponse)
def list_page(
    request: Request,
    place: MunicipalityPlace,
    now: Now,
    day: Day = None,
    sok: Annotated[str, Query(max_length=MAXIMUM_QUERY)] = "",
    status: Annotated[str, Query(max_length=40)] = "",
    page: Annotated[int, Query(alias="sida", ge=1, le=100_000)] = 1,
) -> Response:
    if place.actor is None:
        return choose(request, place, "/kommun/kaa", N_("Aktivitetsansvaret"))
    actor, on = place.actor, asked_day(day, swedish_day(now))
    assert actor.municipality_code is not None
    code = 200
    try:
        query = parse_person_query(sok, today=swedish_day(now))
    except PersonQueryError:
        show_refusal(request, [FieldProblem("sok", NOT_A_NUMBER)], {"sok": sok})
        query, code = PersonQuery(), 422
    chosen = next((s for s in KaaStatus if s.value == status), None)
    with web_context(request).reads() as session:
        found = kaa_page(
            session,
            actor,
            actor.municipality_code,
            on,
            search=query,
            status=chosen,
            limit=PAGE_SIZE,
            offset=(page - 1) * PAGE_SIZE,
        )
    context = {
        "people": found.people,
        "total": found.total,
        "everyone": found.everyone,
        "page": page,
        "pages": max(1, -(-found.total // PAGE_SIZE)),
        "day": on,
        "place": place,
        "sok": sok,
        "status": chosen.value if chosen else "",
        **_labels(),
    }
    return render(request, "register/kaa_list.html", context, status_code=code)


@router.get("/kommun/kaa/rapport", name="kaa_report", response_class=HTMLResponse)
def report_page(
    request: Request, place: MunicipalityPlace, now: Now, half: Half = None
) -> Response:
    if place.actor is None:
        return choose(request, place, "/kommun/kaa/rapport", N_("Aktivitetsansvaret"))
    actor = place.actor
    assert actor.municipality_code is not None
    half_year = _half(half, swedish_day(now))
    with web_context(request).reads() as session:
        report = kaa_report(session, actor, actor.municipality_code, half_year)
    texts = translations(request)
    chart = BarChart(
        "chart-kaa",
        texts.gettext("Ungdomar i aktivitetsansvaret per status"),
        texts.gettext(
            "Antal ungdomar per status när deras tid i aktivitetsansvaret under halvåret slutade."
        ),
        tuple(texts.gettext(STATUS_LABELS[s]) for s in report.counts),
        (Series(texts.gettext("Antal"), tuple(Decimal(n) for n in report.counts.values())),),
    )
    context = {"report": report, "chart": Markup(bar_chart(chart)), "place": place, **_labels()}
    return render(request, "register/kaa_report.html", context)


@router.get("/kommun/kaa/rapport/fil", name="kaa_report_file")
def report_file(
    request: Request,
    place: MunicipalityPlace,
    now: Now,
    half: Half = None,
    file_format: Annotated[FileFormat, Query(alias="format")] = FileFormat.CSV,
) -> Response:
    """The person-level file for SCB (``register.files.kaa_collection_file``)."""
    actor = place.working
    assert actor.municipality_code is not None
    half_year = _half(half, swedish_day(now))
    with web_context(request).reads() as session:
        found = kaa_half_year(session, actor, actor.municipality_code, half_year)
    name = f"aktivitetsansvar-{actor.municipality_code}-{half_year}"
    if file_format is not FileFormat.XLSX:  # SCB's own CSV (kaa_collection_file)
        text = collection_csv(found.records, half_year)
        headers = {"Content-Disposition": content_disposition(f"{name}.csv")}
        return Response(text, media_type=file_format.media_type, headers=headers)
    rows = collection_rows(found.records, half_year)
    return download(name, file_format, Sheet("Aktivitetsansvar", HEADER, rows))


@router.get("/kommun/kaa/gallring", name="kaa_retention", response_class=HTMLResponse)
def retention_page(
    request: Request,
    place: MunicipalityPlace,
    now: Now,
    done: Annotated[str | None, Query(alias="klart", max_length=20)] = None,
) -> Response:
    if place.actor is None:
        return choose(request, place, "/kommun/kaa/gallring", N_("Gallring i aktivitetsansvaret"))
    actor = place.actor
    assert actor.municipality_code is not None
    today = swedish_day(now)
    dry_run = ErasureIn(apply=False)
    preview = erase_due_entries(unit_of_work(request), actor, actor.municipality_code, dry_run, now)
    with web_context(request).reads() as session:
        view = kaa_retention(session, actor, actor.municipality_code)
    context = {
        "view": view,
        "preview": preview,
        "place": place,
        "done": done,
        "today": today,
        "shortest": SHORTEST_MONTHS,
        "longest": LONGEST_MONTHS,
        **_labels(),
    }
    return render(request, "register/kaa_retention.html", context)


@router.post("/kommun/kaa/gallring/period", name="kaa_retention_period")
def retention_period(
    request: Request, place: MunicipalityPlace, now: Now, form: Annotated[RetentionIn, Form()]
) -> Response:
    actor = place.working
    assert actor.municipality_code is not None
    set_retention_period(unit_of_work(request), actor, actor.municipality_code, form, now)
    return RedirectResponse(place.link("/kommun/kaa/gallring", klart="period"), status_code=303)


@router.post("/kommun/kaa/gallring", name="kaa_erase")
def erase(
    request: Request, place: MunicipalityPlace, now: Now, form: Annotated[ErasureIn, Form()]
) -> Response:
    """The page's box says ``apply``; without it the erasure is refused as not confirmed."""
    actor = place.working
    assert actor.municipality_code is not None
    done = erase_due_entries(unit_of_work(request), actor, actor.municipality_code, form, now)
    shown = "gallrat" if done.applied else None
    return RedirectResponse(place.link("/kommun/kaa/gallring", klart=shown), status_code=303)


@router.get("/kommun/kaa/{personnummer}", name="kaa_person", response_class=HTMLResponse)
def person_page(
    request: Request,
    place: MunicipalityPlace,
    now: Now,
    personnummer: str,
    day: Day = None,
    done: Annotated[str | None, Query(alias="klart")] = None,
) -> Response:
    on = asked_day(day, swedish_day(now))
    with web_context(request).reads() as session:
        person = kaa_person(session, place.working, personnummer, on)
    context = {
        "person": person,
        "day": on,
        "place": place,
        "done": done,
        "statuses": list(KaaStatus),
        "kinds": list(EntryKind),
        "measure_types": list(MeasureType),
        "open_measures": [m for m in person.measures if m.end is None],
        **_labels(),
    }
    return render(request, "register/kaa_person.html", context)


@router.post("/kommun/kaa/{personnummer}", name="kaa_record")
def record(
    request: Request,
    place: MunicipalityPlace,
    now: Now,
    personnummer: str,
    form: Annotated[EntryIn, Form()],
) -> Response:
    """One form for every kind: the fields another kind does not have are left empty ("–");
    one filled in anyway is refused at its field, as on the API."""
    record_entry(unit_of_work(request), place.working, personnummer, form, now)
    path = place.link(f"/kommun/kaa/{personnummer}", klart="sparad")
    return RedirectResponse(path, status_code=303)
