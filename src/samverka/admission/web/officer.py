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
* ``/antagning/export`` (officer): the admitted, the reserves or the statistics of a round as
  CSV or XLSX; protected identities are masked unless ``show_protected=1`` is asked for.

Every change goes through the services (``run_round``, ``publish_round``) with the signed-in
actor (an ``Actor``); every form carries the CSRF token (checked application-wide). The run form
is the API's ``RunRoundIn`` (``http``); a refused one comes back as the page with the input kept
and the error at its field (``platform.web.forms``), and a refused publication (409) as the page
with the reason.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, fields
from decimal import Decimal
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, Final

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from markupsafe import Markup
from sqlalchemy.orm import Session
from starlette.background import BackgroundTask

from samverka.admission.domain.rounds import RoundKind
from samverka.admission.http import RunRoundIn, StatisticsRead, YearAdmin, round_statistics
from samverka.admission.queries.admission_statistics import (
    AdmissionStatistics,
    OfferingStatistics,
    RoundRef,
    admission_statistics,
    round_of_year,
    rounds,
)
from samverka.admission.queries.publication_preview import publication_preview
from samverka.admission.queries.round_lists import (
    AdmittedApplicant,
    ReserveApplicant,
    Viewer,
    admitted_lists,
    reserve_lists,
)
from samverka.admission.services.rounds import RoundSummary, list_rounds, publish_round, run_round
from samverka.platform.access.domain.actors import Actor
from samverka.platform.files.charts import BarChart, Series, bar_chart, share_percent
from samverka.platform.files.exports import FileFormat, write_table
from samverka.platform.web.context import web_context
from samverka.platform.web.deps import current_year, now, unit_of_work
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


class What(StrEnum):
    PLACEMENTS = "placements"
    RESERVES = "reserves"
    STATISTICS = "statistics"


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
    context = {"job": job, "working": not job.done.is_set(), "kinds": KIND_NAMES}
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


@router.get("/antagning/export", name="officer_export")
def export(
    request: Request,
    actor: YearAdmin,
    round_id: Annotated[int, Query(alias="round")],
    what: Annotated[What, Query()],
    file_format: Annotated[FileFormat, Query(alias="format")] = FileFormat.CSV,
    show_protected: Annotated[bool, Query()] = False,
) -> Response:
    year = current_year(request)
    path = export_file(request, year, round_id, what, file_format, viewer(actor, show_protected))
    return FileResponse(
        path,
        media_type=file_format.media_type,
        filename=path.name,
        background=BackgroundTask(shutil.rmtree, path.parent, ignore_errors=True),
    )


# -- helpers of the pages -----------------------------------------------------------------------
def year_rounds(request: Request, year: int) -> list[RoundRef]:
    with web_context(request).reads() as session:
        return rounds(session, year)


def viewer(actor: Actor, show_protected: bool) -> Viewer:
    """Protected identities are shown only when asked for, and only to those with the right."""
    return Viewer(may_see_protected=show_protected and actor.may_see_protected_identities)


def export_file(
    request: Request,
    year: int,
    round_id: int,
    what: What,
    file_format: FileFormat,
    who: Viewer,
) -> Path:
    """The table written to a file in a new temporary directory (the caller removes it)."""
    with web_context(request).reads() as session:
        round_of_year(session, year, round_id)
        header, rows = _export_table(session, year, round_id, what, who)
    directory = Path(tempfile.mkdtemp(prefix="samverka-export-"))
    path = directory / f"antagning-{year}-omgang-{round_id}-{what.value}{file_format.suffix}"
    write_table(path, header, rows)
    return path


def _export_table(
    session: Session, year: int, round_id: int, what: What, who: Viewer
) -> tuple[list[str], list[list[object]]]:
    if what is What.PLACEMENTS:
        return _table(AdmittedApplicant, admitted_lists(session, year, round_id, who))
    if what is What.RESERVES:
        return _table(ReserveApplicant, reserve_lists(session, year, round_id, who))
    return _table(OfferingStatistics, admission_statistics(session, year, round_id).offerings)


def _table(kind: type[Any], items: Sequence[Any]) -> tuple[list[str], list[list[object]]]:
    names = [column.name for column in fields(kind)]
    return names, [[getattr(item, name) for name in names] for item in items]


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
