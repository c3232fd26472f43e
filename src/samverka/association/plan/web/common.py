"""What the operations plan's and the budget's pages share: the Swedish labels of the domain's
codes (translated when shown), the query, path and form parameters beside the use cases' models
(``association.plan.http``), and the redirect after a form."""

from __future__ import annotations

from typing import Annotated, Final

from fastapi import Form, Path, Query
from fastapi.responses import RedirectResponse, Response

from samverka.association.plan.domain.budget import FigureKind, Financing, LineType
from samverka.association.plan.domain.operations_plan import AreaKind, TrafficLight
from samverka.association.plan.http import MAX_ID
from samverka.platform.web.i18n import N_

PLAN: Final = "/forbund/verksamhetsplan"
BUDGET: Final = "/forbund/budget"
LIGHT_LABELS: Final = {
    TrafficLight.ON_TRACK: N_("Enligt plan"),
    TrafficLight.AT_RISK: N_("Risk"),
    TrafficLight.OFF_TRACK: N_("Ej enligt plan"),
}
KIND_LABELS: Final = {
    AreaKind.FOCUS_AREA: N_("Fokusområde"),
    AreaKind.PREREQUISITE: N_("Förutsättning"),
}
FINANCING_LABELS: Final = {
    Financing.SERVICE_FEE: N_("Serviceavgiftsfinansierat"),
    Financing.AGREEMENT: N_("Avtalsfinansierat"),
}
LINE_LABELS: Final = {
    LineType.REVENUE: N_("Intäkter"),
    LineType.OTHER_COSTS: N_("Övriga kostnader"),
    LineType.STAFF_COSTS: N_("Personalkostnader"),
    LineType.DEPRECIATION: N_("Avskrivningar"),
    LineType.FINANCIAL_ITEMS: N_("Finansiella poster"),
    LineType.ALLOCATED: N_("Fördelade kostnader"),
    LineType.FTE: N_("Årsarbetare"),
    LineType.PROJECT_COSTS: N_("Projektkostnader"),
    LineType.PROJECT_REVENUE: N_("Projektintäkter"),
    LineType.WORK_ENVIRONMENT: N_("Arbetsmiljöåtgärder"),
    LineType.DEFICIT_RECOVERY: N_("Ersättning av tidigare års underskott"),
}
FIGURE_LABELS: Final = {FigureKind.BUDGET: N_("Budget"), FigureKind.OUTCOME: N_("Utfall")}
Year = Annotated[int | None, Query(alias="ar", ge=2000, le=2100)]
Done = Annotated[str | None, Query(alias="klart", max_length=20)]
Id = Annotated[int, Path(ge=1, le=MAX_ID)]
YearField = Annotated[int, Form(ge=2000, le=2100)]
IdField = Annotated[int, Form(ge=1, le=MAX_ID)]
# the traffic light's colour (components/data.html's traffic_light)
LIGHT_LEVELS: Final = {
    TrafficLight.ON_TRACK: "green",
    TrafficLight.AT_RISK: "yellow",
    TrafficLight.OFF_TRACK: "red",
}


def labels() -> dict[str, object]:
    return {
        "light_labels": LIGHT_LABELS,
        "light_levels": LIGHT_LEVELS,
        "kind_labels": KIND_LABELS,
        "financing_labels": FINANCING_LABELS,
        "line_labels": LINE_LABELS,
        "figure_labels": FIGURE_LABELS,
    }


def back(path: str, year: int, done: str) -> Response:
    return RedirectResponse(f"{path}?ar={year}&klart={done}", status_code=303)
