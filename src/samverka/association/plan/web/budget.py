"""The budget page ``/forbund/budget?ar=``: every unit's lines for the year beside the two
previous years, subtotals, a chart of net cost per unit and the staff allocation with and
without the admission office; the staff's Excel upload (POST ``/forbund/budget/import``: every
bad row listed, nothing saved), the template (``/forbund/budget/mall.xlsx``) and a form for a new
unit (POST ``/forbund/budget/enheter``). Included in ``association.plan.web.operations_plan``'s
router. A refused upload or form comes back as the page with each problem named, a bad row of
the file with its sheet and line (``platform.web.forms``).
"""

from __future__ import annotations

from gettext import NullTranslations
from pathlib import PurePath
from typing import Annotated, Final

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, Response
from markupsafe import Markup

from samverka.association.plan.domain.budget import Financing, LineType
from samverka.association.plan.files.budget_file import budget_template, read_budget_file
from samverka.association.plan.http import PlanRead, PlanWrite, UnitIn
from samverka.association.plan.queries.operations_plan import (
    AllocationShare,
    budget_for_year,
    budget_units,
    default_year,
    plan_years,
    staff_allocation,
)
from samverka.association.plan.services import budget
from samverka.association.plan.web.common import (
    BUDGET,
    FINANCING_LABELS,
    Done,
    Year,
    YearField,
    back,
    labels,
)
from samverka.errors import N_, InvalidInput, RowError
from samverka.platform.files.charts import BarChart, Series, bar_chart
from samverka.platform.web.context import web_context
from samverka.platform.web.deps import now, unit_of_work
from samverka.platform.web.i18n import format_number
from samverka.platform.web.templating import render, request_language, translations

router = APIRouter(include_in_schema=False)
MAXIMUM_FILE_BYTES: Final = 5 * 1024 * 1024
XLSX: Final = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _allocation_chart(
    chart_id: str, title: str, shares: tuple[AllocationShare, ...], texts: NullTranslations
) -> Markup:
    gettext = texts.gettext
    chart = BarChart(
        chart_id,
        title,
        gettext("Andel av de planerade timmarna per område, procent."),
        tuple(s.name for s in shares) or (gettext("Inga timmar"),),
        (Series(gettext("Procent"), tuple(s.percent for s in shares) or (None,)),),
        format_value=lambda v: f"{v} %",
    )
    return Markup(bar_chart(chart))


def _budget_context(request: Request, actor: PlanRead, year: int | None) -> dict[str, object]:
    with web_context(request).reads() as session:
        chosen = year or default_year(session, now().year)
        view, years = budget_for_year(session, chosen), plan_years(session)
        allocation = staff_allocation(session, chosen)
    texts, language = translations(request), request_language(request)
    net = BarChart(
        "chart-net-cost",
        texts.gettext("Nettokostnad per enhet %(year)s") % {"year": chosen},
        texts.gettext("Budgeterad nettokostnad per enhet i tkr; negativ är ett överskott."),
        tuple(u.name for u in view.units) or (texts.gettext("Inga enheter"),),
        (
            Series(
                texts.gettext("Nettokostnad, tkr"),
                tuple(u.columns[-1].net_cost for u in view.units) or (None,),
            ),
        ),
        format_value=lambda v: format_number(v, language, "#,##0"),
    )
    charts = {
        "net": Markup(bar_chart(net)),
        "with": _allocation_chart(
            "chart-with-admission",
            texts.gettext("Fördelning inklusive gymnasieantagningen"),
            allocation.with_admission_office,
            texts,
        ),
        "without": _allocation_chart(
            "chart-without-admission",
            texts.gettext("Fördelning exklusive gymnasieantagningen"),
            allocation.without_admission_office,
            texts,
        ),
    }
    return {
        "budget": view,
        "allocation": allocation,
        "charts": charts,
        "year": chosen,
        "years": sorted({*years, chosen}),
        "actor": actor,
        "lines": list(LineType),
        "financings": list(Financing),
        "financing_choices": [
            (financing.value, texts.gettext(FINANCING_LABELS[financing])) for financing in Financing
        ],
        **labels(),
    }


@router.get(BUDGET, name="association_budget", response_class=HTMLResponse)
def budget_page(
    request: Request, actor: PlanRead, year: Year = None, done: Done = None
) -> Response:
    context = _budget_context(request, actor, year)
    return render(request, "association/operations_plan_budget.html", {**context, "done": done})


@router.post(f"{BUDGET}/import", name="association_budget_import")
async def budget_import(
    request: Request,
    actor: PlanWrite,
    file: Annotated[UploadFile, File()],
    year: Annotated[int | None, Form(ge=2000, le=2100)] = None,
) -> Response:
    content = await file.read(MAXIMUM_FILE_BYTES + 1)
    name = PurePath(file.filename or "fil").name
    if len(content) > MAXIMUM_FILE_BYTES:
        raise InvalidInput([RowError(name, 0, "", N_("Filen är större än 5 MB."))])
    rows = read_budget_file(name, content)
    report = budget.import_budget_lines(unit_of_work(request), actor=actor, rows=rows, now=now())
    return back(BUDGET, year or report.years[-1], "import")


@router.get(f"{BUDGET}/mall.xlsx", name="association_budget_template")
def budget_template_file(request: Request, actor: PlanWrite, year: Year = None) -> Response:
    with web_context(request).reads() as session:
        units = [u[1] for u in budget_units(session)]
    content = budget_template(year or now().year, units)
    headers = {"Content-Disposition": 'attachment; filename="budgetmall.xlsx"'}
    return Response(content, media_type=XLSX, headers=headers)


@router.post(f"{BUDGET}/enheter", name="association_budget_add_unit")
def add_unit(
    request: Request, actor: PlanWrite, year: YearField, form: Annotated[UnitIn, Form()]
) -> Response:
    budget.add_budget_unit(
        unit_of_work(request),
        actor=actor,
        name=form.name,
        financing=form.financing,
        admission_office=form.admission_office,
        now=now(),
    )
    return back(BUDGET, year, "enhet")
