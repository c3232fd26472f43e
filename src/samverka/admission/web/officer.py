"""The admission officer's and the analyst's pages: rounds, statistics with charts, exports.

* ``/antagning`` (officer): the newest admission year's rounds with status, seed and digest; a
  form to run a round (kind and seed) and, per stored round, a link to publish it.
* Publishing asks first (issue 15 point 7): ``GET /antagning/omgangar/{id}/publicera`` shows
  what the publication changes against the round published last
  (``queries.publication_preview``) with a "Bekräfta" form; only that form's POST (with
  ``confirmed``) publishes. A POST without it publishes nothing and shows the confirmation.
  The API publishes in one step.
* A run takes seconds, so it runs in a background thread (``platform.web.jobs``): the form
  answers at once with a status page that reloads itself (``<meta http-equiv="refresh">``, no
  script) until the run is done, then shows its summary or why it failed.
* ``/statistik`` (officer, analyst): a round's totals, the figures per programme as a table and
  as charts. Statistics carry no personal data.
* ``/statistik/export`` (officer, analyst): the page's table per programme as a file, the
  same figures and headings as the page (no personal data; not the officer's sheet per
  offering, whose cut-offs of a small offering are one applicant's merit value).
* ``/antagning/export`` (officer): the admitted, the reserves or the statistics of a round as
  CSV for Swedish Excel, machine CSV or XLSX, in Swedish with names beside codes
  (``round_lists.export_sheet``), streamed while it is written (``platform.web.downloads``);
  protected identities are masked unless ``show_protected=1`` is asked for.

Every change goes through the services (``run_round``, ``publish_round``) with the signed-in
actor (an ``Actor``); every form carries the CSRF token (checked application-wide). The run form
is the API's ``RunRoundIn`` (``http``); a refused one comes back as the page with the input kept
and the error at its field (``platform.web.forms``), and a refused publication (409) as the page
with the reason.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from decimal import Decimal
from typing import Annotated, Final

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from markupsafe import Markup

from samverka.admission.domain.rounds import RoundKind
from samverka.admission.http import RunRoundIn, StatisticsRead, YearAdmin, round_statistics
from samverka.admission.queries.admission_statistics import (
    AdmissionStatistics,
    RoundRef,
    round_of_year,
    rounds,
)
from samverka.admission.queries.publication_preview import publication_preview
from samverka.admission.queries.round_lists import FILE_NAMES, ExportKind, Viewer, export_sheet
from samverka.admission.services.rounds import RoundSummary, list_rounds, publish_round, run_round
from samverka.platform.access.domain.actors import Actor
from samverka.platform.files.charts import BarChart, Series, bar_chart, share_percent
from samverka.platform.files.exports import FileFormat, Sheet
from samverka.platform.web.context import web_context
from samverka.platform.web.deps import current_year, now, unit_of_work
from samverka.platform.web.downloads import download
from samverka.platform.web.i18n import N_, format_number
from samverka.platform.web.jobs import BackgroundJobs, Job, jobs_of, status_headers
from samverka.platform.web.templating import render, request_language, translations

log = logging.getLogger(__name__)

KIND_NAMES: Final = {
    RoundKind.PRELIMINARY: N_("preliminär"),
    RoundKind.FINAL: N_("slutlig"),
    RoundKind.RESERVE: N_("reservantagning"),
    RoundKind.SIMULATION: N_("simulering"),
}

router = APIRouter(include_in_schema=False)

# the statistics page's table per programme, as its file has it (``/statistik/export``)
PROGRAMME_COLUMNS: Final = (
    N_("Program"),
    N_("Utbildningar"),
    N_("Platser"),
    N_("Förstahandssökande"),
    N_("Sökande"),
    N_("Sökande per plats"),
    N_("Antagna"),
    N_("varav inom fri kvot"),
    N_("Reserver"),
    N_("Lediga"),
    N_("Median antagningsgräns"),
    N_("Lägsta antagningsgräns"),
)

# the exports' sheet and column names (``round_lists``), for their English translations
EXPORT_TEXTS: Final = (
    N_("Antagna"),
    N_("Reserver"),
    N_("Statistik"),
    N_("Utbildningskod"),
    N_("Skolenhetskod"),
    N_("Skolenhet"),
    N_("Program"),
    N_("Programnamn"),
    N_("Inriktning"),
    N_("Plats"),
    N_("Reservplats"),
    N_("Personnummer"),
    N_("Namn"),
    N_("Hemkommunkod"),
    N_("Hemkommun"),
    N_("Meritvärde"),
    N_("Sökt i val"),
    N_("Status"),
    N_("Skyddad identitet"),
    N_("Kommunkod"),
    N_("Kommun"),
    N_("Huvudman"),
    N_("Platser"),
    N_("Förstahandssökande"),
    N_("Sökande"),
    N_("Sökande per plats"),
    N_("Antagningsgräns"),
    N_("Lediga platser"),
    N_("Antagna inom fri kvot"),
)


# -- runs in the background ---------------------------------------------------------------------
@dataclass(slots=True, kw_only=True)
class RoundJob(Job):
    kind: RoundKind
    seed: int
    summary: RoundSummary | None = None


def round_jobs(request: Request) -> BackgroundJobs[RoundJob]:
    """The application's round runs started from the page."""
    return jobs_of(request, RoundJob, "round run")


# -- pages --------------------------------------------------------------------------------------
@router.get("/antagning", name="officer_rounds", response_class=HTMLResponse)
def rounds_page(
    request: Request, actor: YearAdmin, published: Annotated[int | None, Query()] = None
) -> Response:
    year = current_year(request)
    stored = list_rounds(unit_of_work(request), year=year)
    context = {"year": year, "rounds": stored, "kinds": KIND_NAMES, "published": published}
    return render(request, "officer/rounds.html", context)


@router.post("/antagning/korningar", name="officer_run_round")
def start_run(request: Request, actor: YearAdmin, form: Annotated[RunRoundIn, Form()]) -> Response:
    year = current_year(request)
    work = web_context(request).unit_of_work

    def run(job: RoundJob) -> None:
        job.summary = run_round(
            work(), year=year, kind=job.kind, seed=job.seed, actor=actor, now=now()
        )

    job = round_jobs(request).start(RoundJob(kind=form.kind, seed=form.seed), run)
    return RedirectResponse(f"/antagning/korningar/{job.id}", status_code=303)


@router.get("/antagning/korningar/{job_id}", name="officer_run", response_class=HTMLResponse)
def run_status(request: Request, actor: YearAdmin, job_id: str) -> Response:
    job = round_jobs(request).get(job_id)
    context = {"job": job, "working": job.working, "kinds": KIND_NAMES}
    return render(request, "officer/run.html", context, headers=status_headers(job))


@router.get(
    "/antagning/omgangar/{round_id}/publicera",
    name="officer_confirm_publish",
    response_class=HTMLResponse,
)
def confirm_publish(request: Request, actor: YearAdmin, round_id: int) -> Response:
    year = current_year(request)
    with web_context(request).reads() as session:
        preview = publication_preview(session, year, round_id)
    context = {"preview": preview, "kinds": KIND_NAMES}
    return render(request, "officer/confirm_publish.html", context)


@router.post("/antagning/omgangar/{round_id}/publicera", name="officer_publish_round")
def publish(
    request: Request,
    actor: YearAdmin,
    round_id: int,
    confirmed: Annotated[str, Form(max_length=10)] = "",
) -> Response:
    if confirmed != "ja":
        return confirm_publish(request, actor, round_id)
    year = current_year(request)
    publish_round(unit_of_work(request), year=year, round_id=round_id, actor=actor, now=now())
    return RedirectResponse(f"/antagning?published={round_id}", status_code=303)


@router.get("/statistik", name="statistics", response_class=HTMLResponse)
def statistics_page(
    request: Request,
    actor: StatisticsRead,
    round_id: Annotated[int | None, Query(alias="round")] = None,
) -> Response:
    report = round_statistics(request, round_id)
    context = {
        "report": report,
        "rounds": year_rounds(request, report.year),
        "kinds": KIND_NAMES,
        "charts": statistics_charts(request, report),
    }
    return render(request, "officer/statistics.html", context)


@router.get("/statistik/export", name="statistics_export")
def statistics_export(
    request: Request,
    actor: StatisticsRead,
    round_id: Annotated[int, Query(alias="round")],
    file_format: Annotated[FileFormat, Query(alias="format")] = FileFormat.CSV,
) -> Response:
    report = round_statistics(request, round_id)
    rows = [
        [
            p.name,
            p.offerings,
            p.places,
            p.first_choice_applicants,
            p.applicants,
            p.applicants_per_place,
            p.admitted,
            p.admitted_under_fri_kvot,
            p.reserves,
            p.vacancies,
            p.median_cutoff,
            p.lowest_cutoff,
        ]
        for p in report.programmes
    ]
    sheet = Sheet(N_("Statistik"), PROGRAMME_COLUMNS, rows)
    name = f"antagning-{report.year}-omgang-{report.round.id}-statistik-per-program"
    return download(name, file_format, sheet, texts=translations(request))


@router.get("/antagning/export", name="officer_export")
def export(
    request: Request,
    actor: YearAdmin,
    round_id: Annotated[int, Query(alias="round")],
    what: Annotated[ExportKind, Query()],
    file_format: Annotated[FileFormat, Query(alias="format")] = FileFormat.CSV,
    show_protected: Annotated[bool, Query()] = False,
) -> Response:
    year = current_year(request)
    with web_context(request).reads() as session:
        round_of_year(session, year, round_id)
        sheet = export_sheet(session, year, round_id, what, viewer(actor, show_protected))
    name = f"antagning-{year}-omgang-{round_id}-{FILE_NAMES[what]}"
    return download(name, file_format, sheet, texts=translations(request))


# -- helpers of the pages -----------------------------------------------------------------------
def year_rounds(request: Request, year: int) -> list[RoundRef]:
    with web_context(request).reads() as session:
        return rounds(session, year)


def viewer(actor: Actor, show_protected: bool) -> Viewer:
    """Protected identities are shown only when asked for, and only to those with the right."""
    return Viewer(may_see_protected=show_protected and actor.may_see_protected_identities)


def statistics_charts(request: Request, report: AdmissionStatistics) -> list[Markup]:
    """The three charts of a round, in the request's language."""
    texts, language = translations(request), request_language(request)
    names = tuple(p.name for p in report.programmes)

    def number(value: Decimal) -> str:
        return format_number(value, language)

    def percent(value: Decimal) -> str:
        return f"{format_number(value, language)} %"

    charts = [
        BarChart(
            "chart-cutoffs",
            texts.gettext("Antagningsgränser per program"),
            texts.gettext("Median och lägsta antagningsgräns (meritvärde) per program."),
            names,
            (
                Series(texts.gettext("Median"), tuple(p.median_cutoff for p in report.programmes)),
                Series(texts.gettext("Lägsta"), tuple(p.lowest_cutoff for p in report.programmes)),
            ),
            number,
        ),
        BarChart(
            "chart-per-place",
            texts.gettext("Sökande per plats"),
            texts.gettext("Antal sökande (alla val) per plats, per program."),
            names,
            (
                Series(
                    texts.gettext("Sökande per plats"),
                    tuple(p.applicants_per_place for p in report.programmes),
                ),
            ),
            number,
        ),
        BarChart(
            "chart-first-choice",
            texts.gettext("Andel förstahandssökande"),
            texts.gettext("Andel av de sökande till programmet som har det som förstahandsval."),
            names,
            (
                Series(
                    texts.gettext("Förstahandssökande"),
                    tuple(
                        share_percent(p.first_choice_applicants, p.applicants)
                        for p in report.programmes
                    ),
                ),
            ),
            percent,
        ),
    ]
    return [Markup(bar_chart(chart)) for chart in charts]
