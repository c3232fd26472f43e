"""The structure supplement per school unit and programme: ``/ersattning/strukturtillagg``.

``?ar=2026&datum=2026-09-15`` (default: the newest admission year and its 15 September, the
measurement day of September): for the pupils placed that day, per school unit and programme,
how many pupils, how many have a supplement and at which level, and the yearly sum, with a
chart of the sums per programme. No pupil is named. The officer, the analyst and the
municipalities see every school unit; a school its own
(``compensation.queries.structure_supplements``).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response
from markupsafe import Markup

from samverka.compensation.http import SupplementsRead
from samverka.compensation.queries.structure_supplements import structure_supplements
from samverka.platform.files.charts import BarChart, Series, bar_chart
from samverka.platform.web.context import web_context
from samverka.platform.web.deps import current_year
from samverka.platform.web.i18n import format_number
from samverka.platform.web.templating import render, request_language, translations

router = APIRouter(include_in_schema=False)


@router.get("/ersattning/strukturtillagg", name="structure_supplement", response_class=HTMLResponse)
def supplement_page(
    request: Request,
    actor: SupplementsRead,
    year: Annotated[int | None, Query(alias="ar", ge=2000, le=2100)] = None,
    on: Annotated[date | None, Query(alias="datum")] = None,
) -> Response:
    chosen_year = current_year(request) if year is None else year
    day = date(chosen_year, 9, 15) if on is None else on
    with web_context(request).reads() as session:
        groups = structure_supplements(session, actor, chosen_year, day)
    per_programme: dict[str, Decimal] = defaultdict(Decimal)
    for group in groups:
        per_programme[group.programme] += group.yearly_total
    texts, language = translations(request), request_language(request)
    chart = BarChart(
        "chart-supplement",
        texts.gettext("Strukturtillägg per program"),
        texts.gettext("Summan av elevernas strukturtillägg per år, per program, i kronor."),
        tuple(sorted(per_programme)),
        (
            Series(
                texts.gettext("Strukturtillägg"),
                tuple(per_programme[name] for name in sorted(per_programme)),
            ),
        ),
        lambda value: format_number(value, language, "#,##0"),
    )
    context = {
        "year": chosen_year,
        "day": day,
        "groups": groups,
        "pupils": sum(group.pupils for group in groups),
        "supplemented": sum(group.supplemented for group in groups),
        "total": sum((group.yearly_total for group in groups), Decimal(0)),
        "chart": Markup(bar_chart(chart)) if groups else None,  # escaped text only
    }
    return render(request, "compensation/supplements.html", context)
