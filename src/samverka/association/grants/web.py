"""The association's pages: state grants (stimulansmedel): keyed out to the municipalities, and the
follow-up of their use.

* ``/forbund/stimulansmedel``: every grant; the staff's form to create one (POST here).
* ``/forbund/stimulansmedel/{grant_id}``: the allocation per municipality (key value, share,
  amount, county-wide set-aside), the follow-up (used, unused, late) with a bar chart, the
  history of reports and reminders; for the staff, forms to allocate (POST ``…/fordelning``,
  a custom key as a CSV file), to send a reminder (POST ``…/paminnelse``) and to record the
  decision on what is left unused after the follow-up, repaid to the state or redistributed
  (POST ``…/outnyttjat``; ``association.grants.domain.grant_unused``). The allocation and follow-up
  as CSV: ``…/fordelning.csv``.
* ``/kommun/stimulansmedel`` (a municipality): its own allocations, a form to report use
  (POST ``…/{grant_id}/redovisning``) and the reminders it received.

Board members read the ``/forbund`` pages; their posts are 403 (``AssociationStaff``).
Reminders are recorded messages shown to the municipality; nothing is e-mailed.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import PurePath
from typing import Annotated, Final

from fastapi import APIRouter, Depends, File, Form, Query, Request, UploadFile
from fastapi import Path as PathParameter
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from markupsafe import Markup
from pydantic import BaseModel, Field

from samverka.association.grants.domain.grant_allocation import AllocationKeyKind, GrantTerms
from samverka.association.grants.domain.grant_follow_up import ReportStatus, UseCategory
from samverka.association.grants.domain.grant_unused import (
    Disposal,
    RedistributionKey,
    UnusedDecision,
)
from samverka.association.grants.files.grant_allocation_csv import allocation_csv
from samverka.association.grants.files.grant_key_file import KEY_FILE_LIMITS, read_key_rows
from samverka.association.grants.queries import (
    GrantDetail,
    grant_detail,
    grant_list,
    municipality_grants,
)
from samverka.association.grants.services.state_grant_unused import decide_unused_funds
from samverka.association.grants.services.state_grants import (
    KeyRequest,
    UseRequest,
    allocate_grant,
    create_grant,
    report_use,
    send_reminders,
)
from samverka.association.hub import AssociationReader, AssociationStaff
from samverka.errors import InvalidInput, RowError
from samverka.platform.access.domain.actors import Actor, Role
from samverka.platform.clock import today
from samverka.platform.files.charts import BarChart, Series, bar_chart
from samverka.platform.web.auth import require
from samverka.platform.web.context import web_context
from samverka.platform.web.deps import now, unit_of_work
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

router = APIRouter(include_in_schema=False)
Municipality = Annotated[Actor, Depends(require(Role.MUNICIPALITY))]
Done = Annotated[str | None, Query(alias="klart", max_length=20)]
GrantId = Annotated[int, PathParameter(ge=1, le=2**31 - 1)]


def _labels() -> dict[str, object]:
    return {
        "key_labels": KEY_LABELS,
        "status_labels": STATUS_LABELS,
        "category_labels": CATEGORY_LABELS,
        "kinds": list(AllocationKeyKind),
        "categories": list(UseCategory),
        "disposal_labels": DISPOSAL_LABELS,
        "redistribution_labels": REDISTRIBUTION_LABELS,
    }


# -- the association -------------------------------------------------------------------------
@router.get("/forbund/stimulansmedel", name="state_grants", response_class=HTMLResponse)
def grants_page(request: Request, actor: AssociationReader, done: Done = None) -> Response:
    with web_context(request).reads() as session:
        grants = grant_list(session, actor, today())
    context = {"grants": grants, "actor": actor, "done": done, "this_year": now().year}
    return render(request, "association/state_grants_list.html", context)


class GrantForm(BaseModel):
    name: str = Field(min_length=1, max_length=200)
    year: int = Field(ge=2000, le=2100)
    total: Decimal = Field(gt=0, le=Decimal("1e12"))
    region_percent: Decimal = Field(default=Decimal(0), ge=0, lt=100)
    set_aside_percent: Decimal = Field(default=Decimal(0), ge=0, lt=100)
    report_due: date | None = None
    description: str = Field(default="", max_length=2000)


@router.post("/forbund/stimulansmedel", name="state_grant_create")
def create(
    request: Request, actor: AssociationStaff, form: Annotated[GrantForm, Form()]
) -> Response:
    grant_id = create_grant(
        unit_of_work(request),
        actor=actor,
        name=form.name,
        year=form.year,
        terms=GrantTerms(form.total, form.region_percent, form.set_aside_percent),
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
    request: Request, actor: AssociationReader, grant_id: GrantId, done: Done = None
) -> Response:
    with web_context(request).reads() as session:
        detail = grant_detail(session, actor, grant_id, today())
    context = {
        "detail": detail,
        "actor": actor,
        "done": done,
        "chart": _chart(request, detail),
        "today": today(),
        **_labels(),
    }
    return render(request, "association/state_grants_detail.html", context)


@router.get("/forbund/stimulansmedel/{grant_id}/fordelning.csv", name="state_grant_csv")
def grant_csv(request: Request, actor: AssociationReader, grant_id: GrantId) -> Response:
    with web_context(request).reads() as session:
        detail = grant_detail(session, actor, grant_id, today())
    if detail.stored is None:
        raise InvalidInput([RowError("grant", 0, "allocation", "the grant is not allocated yet")])
    text = allocation_csv(detail.stored.allocation, detail.names, detail.follow_up)
    name = f"stimulansmedel-{grant_id}.csv"
    headers = {"Content-Disposition": f'attachment; filename="{name}"'}
    return Response(text, media_type="text/csv; charset=utf-8", headers=headers)


@router.post("/forbund/stimulansmedel/{grant_id}/fordelning", name="state_grant_allocate")
async def allocate(
    request: Request,
    actor: AssociationStaff,
    grant_id: GrantId,
    key: Annotated[AllocationKeyKind, Form()],
    age_from: Annotated[int, Form(ge=0, le=120)] = 16,
    age_to: Annotated[int, Form(ge=0, le=120)] = 19,
    reference_date: Annotated[date | None, Form()] = None,
    key_file: Annotated[UploadFile | None, File()] = None,
) -> Response:
    rows: list[tuple[int, str, str]] = []
    source = "key"
    if key is AllocationKeyKind.CUSTOM:
        if key_file is None or not key_file.filename:
            raise InvalidInput([RowError("key", 0, "key_file", "choose the key's CSV file")])
        source = PurePath(key_file.filename).name
        content = await key_file.read(KEY_FILE_LIMITS.maximum_bytes + 1)  # more is refused
        rows = read_key_rows(content, source)
    request_key = KeyRequest(key, age_from, age_to, reference_date, rows, source)
    allocate_grant(
        unit_of_work(request), actor=actor, grant_id=grant_id, key=request_key, now=now()
    )
    return RedirectResponse(f"/forbund/stimulansmedel/{grant_id}?klart=fordelad", status_code=303)


class UnusedForm(BaseModel):
    disposal: Disposal
    decided_on: date
    reference: str = Field(max_length=200)
    decided_by: str = Field(max_length=200)
    repaid_to: str = Field(default="", max_length=200)
    repaid_on: str = Field(default="", max_length=10, pattern=r"^(\d{4}-\d{2}-\d{2})?$")
    recipients: str = Field(default="", max_length=2000)
    key: RedistributionKey = RedistributionKey.GRANT_KEY

    def decision(self) -> UnusedDecision:
        codes = tuple(code for code in self.recipients.replace(";", ",").split(",") if code.strip())
        bad = [
            code.strip() for code in codes if not code.strip().isdigit() or len(code.strip()) != 4
        ]
        if bad:
            reason = f"not municipality codes: {', '.join(bad[:5])}"
            raise InvalidInput([RowError("unused funds decision", 0, "recipients", reason)])
        try:
            repaid_on = date.fromisoformat(self.repaid_on) if self.repaid_on else None
        except ValueError:
            reason = f"{self.repaid_on!r} is not a date"
            raise InvalidInput(
                [RowError("unused funds decision", 0, "repaid_on", reason)]
            ) from None
        return UnusedDecision(
            disposal=self.disposal,
            decided_on=self.decided_on,
            reference=self.reference,
            decided_by=self.decided_by,
            repaid_to=self.repaid_to,
            repaid_on=repaid_on,
            recipients=tuple(code.strip() for code in codes),
            key=self.key,
        )


@router.post("/forbund/stimulansmedel/{grant_id}/outnyttjat", name="state_grant_unused")
def decide_unused(
    request: Request,
    actor: AssociationStaff,
    grant_id: GrantId,
    form: Annotated[UnusedForm, Form()],
) -> Response:
    decide_unused_funds(
        unit_of_work(request),
        actor=actor,
        grant_id=grant_id,
        decision=form.decision(),
        now=now(),
    )
    return RedirectResponse(f"/forbund/stimulansmedel/{grant_id}?klart=outnyttjat", status_code=303)


class ReminderForm(BaseModel):
    municipality_code: str = Field(default="", pattern=r"^(\d{4})?$")
    message: str = Field(default="", max_length=2000)


@router.post("/forbund/stimulansmedel/{grant_id}/paminnelse", name="state_grant_remind")
def remind(
    request: Request,
    actor: AssociationStaff,
    grant_id: GrantId,
    form: Annotated[ReminderForm, Form()],
) -> Response:
    reminded = send_reminders(
        unit_of_work(request),
        actor=actor,
        grant_id=grant_id,
        municipality_code=form.municipality_code or None,
        message=form.message,
        now=now(),
    )
    done = "paminnelse" if reminded else "ingen-paminnelse"
    return RedirectResponse(f"/forbund/stimulansmedel/{grant_id}?klart={done}", status_code=303)


# -- the municipality --------------------------------------------------------------------------
@router.get("/kommun/stimulansmedel", name="municipality_grants", response_class=HTMLResponse)
def municipality_page(request: Request, actor: Municipality, done: Done = None) -> Response:
    with web_context(request).reads() as session:
        grants = municipality_grants(session, actor, today())
    context = {"grants": grants, "done": done, "today": today(), **_labels()}
    return render(request, "association/state_grants_municipality.html", context)


class UseForm(BaseModel):
    category: UseCategory
    purpose: str = Field(min_length=1, max_length=300)
    amount: Decimal = Field(gt=0, le=Decimal("1e12"), decimal_places=2)
    period_start: date
    period_end: date
    comment: str = Field(default="", max_length=2000)


@router.post("/kommun/stimulansmedel/{grant_id}/redovisning", name="municipality_grant_use")
def report(
    request: Request, actor: Municipality, grant_id: GrantId, form: Annotated[UseForm, Form()]
) -> Response:
    use = UseRequest(
        form.category, form.purpose, form.amount, form.period_start, form.period_end, form.comment
    )
    report_use(unit_of_work(request), actor=actor, grant_id=grant_id, use=use, now=now())
    return RedirectResponse("/kommun/stimulansmedel?klart=redovisad", status_code=303)
