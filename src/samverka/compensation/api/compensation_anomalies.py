"""The anomalies of the compensation under ``/api/v1/compensation/anomalies`` (issue 13 point 2).

``GET /compensation/anomalies?month=YYYY-MM``: the month's accounting (the region's placed pupils
on the measurement date, paid, at the home municipality's own schools, anomalies, and whether it
adds up) and a page of its anomalies (``limit``, ``offset``), each with the pupil (identity
number null and name masked where protected, but for the officer), the placement, the home
municipality, the reason as a code with its Swedish and English text, and the run that found
it. A municipality gets its own pupils' and schools' anomalies; the officer the region's, or one
municipality's with ``municipality=CODE`` (an official naming another: 403; an unknown code for
the officer: 404).
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel

from samverka.compensation.domain.period import Month
from samverka.compensation.domain.unpaid import REASON_TEXTS
from samverka.compensation.http import MONTH_PATTERN, AnomaliesScope
from samverka.compensation.queries.compensation_anomalies import month_account, month_anomalies
from samverka.platform.api.pagination import Page, Pagination, pagination
from samverka.platform.api.routes import ERRORS, PREFIX
from samverka.platform.web.context import web_context

router = APIRouter(prefix=f"{PREFIX}/compensation", tags=["compensation"], responses=ERRORS)


class AnomalyOut(BaseModel):
    personal_id: str | None
    name: str
    month: str
    reason: str
    reason_sv: str
    reason_en: str
    measurement_date: date
    home_municipality: str | None
    school_unit: str | None
    programme: str | None
    orientation: str | None
    detail: str
    run_id: int


class AnomaliesOut(BaseModel):
    month: str
    measurement_date: date
    placed: int
    paid: int
    not_charged: int
    anomalies: int
    balanced: bool
    items: Page[AnomalyOut]


@router.get("/anomalies", summary="A month's anomalies, each with its reason, and its accounting")
def anomalies(
    request: Request,
    place: AnomaliesScope,
    month: Annotated[str, Query(pattern=MONTH_PATTERN)],
    pages: Annotated[Pagination, Depends(pagination)],
) -> AnomaliesOut:
    actor = place.signed_in
    municipality = None if place.actor is None else place.actor.municipality_code
    wanted = Month.parse(month)
    with web_context(request).reads() as session:
        rows, total = month_anomalies(
            session,
            actor,
            wanted,
            municipality=municipality,
            limit=pages.limit,
            offset=pages.offset,
        )
        account = month_account(session, actor, wanted)
    items = [
        AnomalyOut(
            personal_id=row.personal_id,
            name=row.name,
            month=str(row.service_month),
            reason=row.reason.value,
            reason_sv=REASON_TEXTS[row.reason].sv,
            reason_en=REASON_TEXTS[row.reason].en,
            measurement_date=row.measurement_date,
            home_municipality=row.home_municipality,
            school_unit=row.school_unit,
            programme=row.programme,
            orientation=row.orientation,
            detail=row.detail,
            run_id=row.run_id,
        )
        for row in rows
    ]
    return AnomaliesOut(
        month=month,
        measurement_date=account.measurement_date,
        placed=account.placed,
        paid=account.paid,
        not_charged=account.not_charged,
        anomalies=account.anomalies,
        balanced=account.balanced,
        items=pages.page(items, total),
    )
