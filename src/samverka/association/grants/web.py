"""The association's pages: state grants (stimulansmedel): keyed out to the municipalities, and the
follow-up of their use.

* ``/forbund/stimulansmedel``: every grant; the staff's form to create one (POST here).
* ``/forbund/stimulansmedel/{grant_id}``: the allocation per municipality (key value, share,
  amount, county-wide set-aside), the follow-up (used, unused, late) with a bar chart, the
  history of reports and reminders; for the staff, forms to allocate (POST ``…/fordelning``,
  a custom key as a CSV file), to send a reminder (POST ``…/paminnelse``) and to record the
  decision on what is left unused after the follow-up, repaid to the state or redistributed
  (POST ``…/outnyttjat``; ``association.grants.domain.grant_unused``). The allocation and follow-up
  as CSV: ``…/fordelning.csv``. The payout's payment file for the finance system, streamed
  (``…/betalfil?format=csv|xlsx&forfallodag=DAY``; ``files.grant_payment_file``), and the staff's
  form to record a recipient's payment details (POST ``…/betalningsmottagare``).
* ``/kommun/stimulansmedel`` (a municipality): its own allocations, a form to report use
  (POST ``…/{grant_id}/redovisning``) and the reminders it received.

Keying a grant out again asks first (issue 15 point 7): while an allocation is in force, the
form's POST shows each municipality's amount before and after (``preview_allocation``, nothing
stored) with a "Bekräfta" form that repeats the key (a custom key's file is chosen again); only
that form's POST (``confirmed``) replaces the allocation. A first allocation, and the API, are
one step.

Board members read the ``/forbund`` pages; their posts are 403 (``GrantsWrite``). The forms take
the API's models (``association.grants.http``); a refused form comes back as its page with the
input kept and each problem at its field (``platform.web.forms``).
Reminders are recorded messages shown to the municipality; nothing is e-mailed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum
from pathlib import PurePath
from typing import Annotated, Final, TypeVar

from fastapi import APIRouter, File, Form, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from markupsafe import Markup
from starlette.concurrency import run_in_threadpool

from samverka.association.grants.domain.grant_allocation import REGION, AllocationKeyKind
from samverka.association.grants.domain.grant_follow_up import ReportStatus, UseCategory
from samverka.association.grants.domain.grant_unused import Disposal, RedistributionKey
from samverka.association.grants.files.grant_allocation_csv import allocation_csv
from samverka.association.grants.files.grant_key_file import KEY_FILE_LIMITS, read_key_rows
from samverka.association.grants.files.grant_payment_file import grant_payment_sheet
from samverka.association.grants.http import (
    AllocationIn,
    GrantId,
    GrantIn,
    GrantsRead,
    GrantsWrite,
    OwnGrants,
    PayeeIn,
    ReminderIn,
    UnusedDecisionIn,
    UseIn,
)
from samverka.association.grants.queries import (
    GrantDetail,
    grant_detail,
    grant_list,
    municipality_grants,
)
from samverka.association.grants.services.grant_payments import (
    grant_payout,
    register_grant_payee,
)
from samverka.association.grants.services.state_grant_unused import decide_unused_funds
from samverka.association.grants.services.state_grants import (
    AllocationPreview,
    allocate_grant,
    create_grant,
    preview_allocation,
    report_use,
    send_reminders,
)
from samverka.errors import InvalidInput, RowError
from samverka.platform.access.domain.actors import Actor
from samverka.platform.clock import today
from samverka.platform.files.charts import BarChart, Series, bar_chart
from samverka.platform.files.exports import FileFormat
from samverka.platform.web.context import web_context
from samverka.platform.web.deps import now, unit_of_work
from samverka.platform.web.downloads import download
from samverka.platform.web.i18n import N_
from samverka.platform.web.templating import render, translations

KEY_LABELS: Final = {
    AllocationKeyKind.POPULATION: N_("Efter folkmängd"),
    AllocationKeyKind.AGE_BAND: N_("Folkbokförda i en åldersgrupp"),
    AllocationKeyKind.CUSTOM: N_("Egen nyckel (CSV-fil)"),
    AllocationKeyKind.EQUAL: N_("Lika delar per kommun"),
}
STATUS_LABELS: Final = {
    ReportStatus.PENDING: N_("Inte redovisat ännu"),
    ReportStatus.REPORTED: N_("Redovisat i tid"),
    ReportStatus.REPORTED_LATE: N_("Redovisat för sent"),
    ReportStatus.OVERDUE: N_("Redovisning saknas, försenad"),
}
CATEGORY_LABELS: Final = {
    UseCategory.TRAINING: N_("Utbildningsinsatser"),
    UseCategory.ANALYSIS: N_("Analys och kartläggning"),
    UseCategory.STAFF: N_("Personal och samordning"),
    UseCategory.DEVELOPMENT: N_("Utvecklingsarbete i verksamheten"),
    UseCategory.EXCHANGE: N_("Erfarenhetsutbyten"),
    UseCategory.OTHER: N_("Övriga ändamål"),
}
DISPOSAL_LABELS: Final = {
    Disposal.REPAY: N_("Återbetalas till staten"),
    Disposal.REDISTRIBUTE: N_("Omfördelas till andra kommuner"),
}
REDISTRIBUTION_LABELS: Final = {
    RedistributionKey.GRANT_KEY: N_("Efter bidragets egen fördelningsnyckel"),
    RedistributionKey.POPULATION: N_("Efter folkmängd"),
    RedistributionKey.EQUAL: N_("Lika delar per kommun"),
}

REGION_LABEL: Final = N_("Regionen")
NO_PAYMENT_DETAILS: Final = N_("betalningsuppgifter saknas")

router = APIRouter(include_in_schema=False)
Code = TypeVar("Code", bound=StrEnum)
Done = Annotated[str | None, Query(alias="klart", max_length=20)]


def _labels(request: Request) -> dict[str, object]:
    """The labels of the domain's codes, and the forms' choices in the request's language."""
    gettext = translations(request).gettext

    def choices(labels: Mapping[Code, str]) -> list[tuple[str, str]]:
        return [(value.value, gettext(label)) for value, label in labels.items()]

    return {
        "key_labels": KEY_LABELS,
        "status_labels": STATUS_LABELS,
        "category_labels": CATEGORY_LABELS,
        "redistribution_labels": REDISTRIBUTION_LABELS,
        "key_choices": choices(KEY_LABELS),
        "category_choices": choices(CATEGORY_LABELS),
        "disposal_choices": choices(DISPOSAL_LABELS),
        "redistribution_choices": choices(REDISTRIBUTION_LABELS),
    }


# -- the association -------------------------------------------------------------------------
@router.get("/forbund/stimulansmedel", name="state_grants", response_class=HTMLResponse)
def grants_page(request: Request, actor: GrantsRead, done: Done = None) -> Response:
    with web_context(request).reads() as session:
        grants = grant_list(session, actor, today())
    context = {"grants": grants, "actor": actor, "done": done, "this_year": now().year}
    return render(request, "association/state_grants_list.html", context)


@router.post("/forbund/stimulansmedel", name="state_grant_create")
def create(request: Request, actor: GrantsWrite, form: Annotated[GrantIn, Form()]) -> Response:
    grant_id = create_grant(
        unit_of_work(request),
        actor=actor,
        name=form.name,
        year=form.year,
        terms=form.terms(),
        report_due=form.report_due,
        description=form.description,
        now=now(),
    )
    return RedirectResponse(f"/forbund/stimulansmedel/{grant_id}?klart=skapad", status_code=303)


def _chart(request: Request, detail: GrantDetail) -> Markup | None:
    if not detail.follow_up:
        return None
    texts = translations(request)
    categories = tuple(
        detail.names.get(r.municipality_code, r.municipality_code) for r in detail.follow_up
    )
    chart = BarChart(
        "chart-grant",
        texts.gettext("Tilldelat och använt per kommun"),
        texts.gettext("Tilldelade och redovisat använda stimulansmedel per kommun, i kronor."),
        categories,
        (
            Series(
                texts.gettext("Tilldelat att använda"), tuple(r.allocated for r in detail.follow_up)
            ),
            Series(texts.gettext("Redovisat använt"), tuple(r.used for r in detail.follow_up)),
        ),
        format_value=lambda value: f"{value:,.0f}".replace(",", "\u202f"),
    )
    return Markup(bar_chart(chart))


@router.get("/forbund/stimulansmedel/{grant_id}", name="state_grant", response_class=HTMLResponse)
def grant_page(
    request: Request, actor: GrantsRead, grant_id: GrantId, done: Done = None
) -> Response:
    with web_context(request).reads() as session:
        detail = grant_detail(session, actor, grant_id, today())
    context = {
        "detail": detail,
        "actor": actor,
        "done": done,
        "chart": _chart(request, detail),
        "today": today(),
        "municipality_choices": [
            (
                line.municipality_code,
                detail.names.get(line.municipality_code, line.municipality_code),
            )
            for line in (detail.stored.allocation.lines if detail.stored else ())
        ],
        "payee_choices": _payee_choices(request, detail),
        **_labels(request),
    }
    return render(request, "association/state_grants_detail.html", context)


@router.get("/forbund/stimulansmedel/{grant_id}/fordelning.csv", name="state_grant_csv")
def grant_csv(request: Request, actor: GrantsRead, grant_id: GrantId) -> Response:
    with web_context(request).reads() as session:
        detail = grant_detail(session, actor, grant_id, today())
    if detail.stored is None:
        raise InvalidInput([RowError("grant", 0, "allocation", N_("Medlen är inte fördelade än."))])
    text = allocation_csv(detail.stored.allocation, detail.names, detail.follow_up)
    name = f"stimulansmedel-{grant_id}.csv"
    headers = {"Content-Disposition": f'attachment; filename="{name}"'}
    return Response(text, media_type="text/csv; charset=utf-8", headers=headers)


def _payee_choices(request: Request, detail: GrantDetail) -> list[tuple[str, str]]:
    """The recipients a payout can pay: the region (when the grant has a first split) and the
    member municipalities, each with its recorded payment details or "saknas"."""
    texts = translations(request)
    codes = [REGION] if detail.grant.terms.region_percent else []
    codes += sorted(detail.names)
    choices = []
    for code in codes:
        name = texts.gettext(REGION_LABEL) if code == REGION else detail.names[code]
        payee = detail.payees.get(code)
        account = texts.gettext(NO_PAYMENT_DETAILS)
        if payee is not None:
            account = (
                f"bankgiro {payee.bankgiro}" if payee.bankgiro else f"plusgiro {payee.plusgiro}"
            )
        choices.append((code, f"{name} ({account})"))
    return choices


@router.get("/forbund/stimulansmedel/{grant_id}/betalfil", name="state_grant_payment_file")
def payment_file(
    request: Request,
    actor: GrantsWrite,
    grant_id: GrantId,
    file_format: Annotated[FileFormat, Query(alias="format")] = FileFormat.CSV,
    due: Annotated[date | None, Query(alias="forfallodag")] = None,
) -> Response:
    """The payout's payment file, streamed; refused, naming them, when a recipient lacks
    payment details."""
    payout = grant_payout(unit_of_work(request), actor=actor, grant_id=grant_id)
    sheet = grant_payment_sheet(payout, due or today())
    name = f"stimulansmedel-{grant_id}-betalfil"
    return download(name, file_format, sheet, texts=translations(request))


@router.post("/forbund/stimulansmedel/{grant_id}/betalningsmottagare", name="state_grant_payee")
def record_payee(
    request: Request, actor: GrantsWrite, grant_id: GrantId, form: Annotated[PayeeIn, Form()]
) -> Response:
    register_grant_payee(unit_of_work(request), actor=actor, payee=form.payee(), now=now())
    return RedirectResponse(
        f"/forbund/stimulansmedel/{grant_id}?klart=betalningsmottagare", status_code=303
    )


@router.post("/forbund/stimulansmedel/{grant_id}/fordelning", name="state_grant_allocate")
async def allocate(
    request: Request,
    actor: GrantsWrite,
    grant_id: GrantId,
    form: Annotated[AllocationIn, Form()],
    key_file: Annotated[UploadFile | None, File()] = None,
    confirmed: Annotated[str, Form(max_length=10)] = "",
) -> Response:
    rows: list[tuple[int, str, str]] = []
    source = "key"
    if form.key is AllocationKeyKind.CUSTOM:
        if key_file is None or not key_file.filename:
            raise InvalidInput([RowError("key", 0, "key_file", N_("Välj nyckelns CSV-fil."))])
        source = PurePath(key_file.filename).name
        content = await key_file.read(KEY_FILE_LIMITS.maximum_bytes + 1)  # more is refused
        rows = read_key_rows(content, source)
    key = form.key_request(rows, source)
    if confirmed != "ja":
        uow = unit_of_work(request)
        preview = preview_allocation(uow, actor=actor, grant_id=grant_id, key=key)
        if preview.before is not None:
            return await run_in_threadpool(
                _confirm_rekeying, request, actor, grant_id, form, preview
            )
    allocate_grant(unit_of_work(request), actor=actor, grant_id=grant_id, key=key, now=now())
    return RedirectResponse(f"/forbund/stimulansmedel/{grant_id}?klart=fordelad", status_code=303)


NONE: Final = Decimal(0)


@dataclass(frozen=True, slots=True)
class Rekeyed:
    """One municipality's net amount before and after keying the grant out again."""

    code: str
    name: str
    before: Decimal
    after: Decimal

    @property
    def change(self) -> Decimal:
        return self.after - self.before


def _confirm_rekeying(
    request: Request, actor: Actor, grant_id: int, form: AllocationIn, preview: AllocationPreview
) -> Response:
    with web_context(request).reads() as session:
        detail = grant_detail(session, actor, grant_id, today())
    assert preview.before is not None
    before = {line.municipality_code: line.net for line in preview.before.lines}
    after = {line.municipality_code: line.net for line in preview.after.lines}
    lines = [
        Rekeyed(code, detail.names.get(code, code), before.get(code, NONE), after.get(code, NONE))
        for code in sorted(set(before) | set(after))
    ]
    values = form.model_dump(mode="json", exclude={"weights"}, exclude_none=True)
    context = {"detail": detail, "preview": preview, "lines": lines, "values": values}
    return render(request, "association/confirm_rekeying.html", context)


@router.post("/forbund/stimulansmedel/{grant_id}/outnyttjat", name="state_grant_unused")
def decide_unused(
    request: Request,
    actor: GrantsWrite,
    grant_id: GrantId,
    form: Annotated[UnusedDecisionIn, Form()],
) -> Response:
    decide_unused_funds(
        unit_of_work(request),
        actor=actor,
        grant_id=grant_id,
        decision=form.decision(),
        now=now(),
    )
    return RedirectResponse(f"/forbund/stimulansmedel/{grant_id}?klart=outnyttjat", status_code=303)


@router.post("/forbund/stimulansmedel/{grant_id}/paminnelse", name="state_grant_remind")
def remind(
    request: Request,
    actor: GrantsWrite,
    grant_id: GrantId,
    form: Annotated[ReminderIn, Form()],
) -> Response:
    reminded = send_reminders(
        unit_of_work(request),
        actor=actor,
        grant_id=grant_id,
        municipality_code=form.municipality_code,
        message=form.message,
        now=now(),
    )
    done = "paminnelse" if reminded else "ingen-paminnelse"
    return RedirectResponse(f"/forbund/stimulansmedel/{grant_id}?klart={done}", status_code=303)


# -- the municipality --------------------------------------------------------------------------
@router.get("/kommun/stimulansmedel", name="municipality_grants", response_class=HTMLResponse)
def municipality_page(request: Request, actor: OwnGrants, done: Done = None) -> Response:
    with web_context(request).reads() as session:
        grants = municipality_grants(session, actor, today())
    context = {"grants": grants, "done": done, "today": today(), **_labels(request)}
    return render(request, "association/state_grants_municipality.html", context)


@router.post("/kommun/stimulansmedel/{grant_id}/redovisning", name="municipality_grant_use")
def report(
    request: Request, actor: OwnGrants, grant_id: GrantId, form: Annotated[UseIn, Form()]
) -> Response:
    use = form.request()
    report_use(unit_of_work(request), actor=actor, grant_id=grant_id, use=use, now=now())
    return RedirectResponse("/kommun/stimulansmedel?klart=redovisad", status_code=303)
