"""The demo's operations plan and budget: loaded through the services the association's staff
use.

The plan follows the 2018 operations plan (seed 001): its five goal areas and a prerequisite,
goals quoted from it, and sixteen of its assignments with activities. The planned hours are
chosen so that the staff allocation comes out as in the 2018 plan, with the admission office
(47/21/13/11/6/2 %) and without it (40/25/20/10/5 %). The budget units and their full-time
equivalents are those of the 2018 plan; **every amount is invented** (plausible tkr figures),
as are the follow-ups and reported hours. Budget lines go in through the same import as a file.
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

from samverka.association.plan.domain.budget import FigureKind, Financing, LineType
from samverka.association.plan.domain.operations_plan import AreaKind, TrafficLight
from samverka.association.plan.ports import UnitOfWork
from samverka.association.plan.services.budget import (
    BudgetLineText,
    add_budget_unit,
    import_budget_lines,
)
from samverka.association.plan.services.operations_plan import (
    add_activity,
    add_area,
    add_assignment,
    add_goal,
    record_follow_up,
)
from samverka.platform.access.domain.actors import Actor, Role

STAFF = Actor("demo-kansli", Role.ASSOCIATION_STAFF, "Förbundets kansli (demo)")

# name, financing, admission office, (revenue, other costs, staff costs, depreciation,
# financial items, allocated, fte) for the plan year, tkr — invented but for the FTEs.
UNITS: tuple[tuple[str, Financing, bool, str], ...] = (
    ("Styrelse och kommittéer", Financing.SERVICE_FEE, False, "0 3092 0 0 0 0 0"),
    ("Ledning och kommunikation", Financing.SERVICE_FEE, False, "0 1900 4200 0 0 -300 4.00"),
    ("Välfärdsutveckling", Financing.SERVICE_FEE, False, "3100 2600 9400 0 0 400 9.90"),
    ("Regional utveckling", Financing.SERVICE_FEE, False, "14200 17300 15500 0 0 600 16.05"),
    (
        "Administration och gemensamma bolagskostnader",
        Financing.SERVICE_FEE,
        False,
        "300 6100 3700 400 -50 -1900 4.00",
    ),
    ("Gymnasieantagningen", Financing.AGREEMENT, True, "21000 5900 14600 1500 0 800 15.75"),
    ("UEDB", Financing.AGREEMENT, False, "2619 500 1300 0 0 200 1.50"),
    (
        "Övriga avtalsfinansierade verksamheter",
        Financing.AGREEMENT,
        False,
        "1200 600 450 0 0 200 0.50",
    ),
)
LINE_ORDER = (
    LineType.REVENUE,
    LineType.OTHER_COSTS,
    LineType.STAFF_COSTS,
    LineType.DEPRECIATION,
    LineType.FINANCIAL_ITEMS,
    LineType.ALLOCATED,
    LineType.FTE,
)

# area (kind, name, description), its goals
AREAS: tuple[tuple[AreaKind, str, str, tuple[str, ...]], ...] = (
    (AreaKind.FOCUS_AREA, "Utbildning och arbetskraft",
     "Tillgång till kvalitativ utbildning på alla nivåer för länets kompetensförsörjning.",
     ("Gymnasieregionen ska erbjuda eleverna en utbildning av hög kvalitet med fokus på fritt "
      "val, ökad måluppfyllelse och likvärdighet",
      "En välfungerande arbetsmarknad i Stockholmsregionen")),
    (AreaKind.FOCUS_AREA, "Inflyttning och delaktighet",
     "Långsiktiga och hållbara lösningar för boende och etablering på arbetsmarknaden.",
     ("Goda förutsättningar för nyanlända invånares delaktighet i samhället på lika villkor",
      "Goda förutsättningar att tillvarata de resurser som nya invånare har med sig")),
    (AreaKind.FOCUS_AREA, "Öppenhet och digitalisering",
     "Digitaliseringen ska göra livet lättare för medborgare, företagare och besökare.",
     ("Enklare vardag för privatpersoner och företag",
      "Högre kvalitet och effektivitet i den kommunala verksamheten")),
    (AreaKind.FOCUS_AREA, "Bo och verka",
     "Bostadsbyggande, infrastruktur, energi och miljö i en region med stark tillväxt.",
     ("Ökad attraktivitet för Stockholmsregionen som livsplats",
      "En utvecklad funktionell region med effektiva transporter och attraktiva bostäder")),
    (AreaKind.FOCUS_AREA, "Hälsa och stöd",
     "God vård och omsorg genom samverkan mellan kommunerna och regionen.",
     ("God hälsa på lika villkor för Stockholmsregionens befolkning",
      "Sociala välfärdsinsatser efter behov och individuella förutsättningar")),
    (AreaKind.PREREQUISITE, "Stödjande processer",
     "Strategisk kommunikation, verksamhetsutveckling och administrativt stöd.",
     ("Kansliets stöd gör att de övergripande målen nås",)),
)  # fmt: skip

# name, unit, goals as (area index, goal index), planned hours, activities (name, hours)
Served = tuple[tuple[int, int], ...]
Activities = tuple[tuple[str, int], ...]
ASSIGNMENTS: tuple[tuple[str, str, Served, int, Activities], ...] = (
    ("Gymnasieantagningen Storsthlm", "Gymnasieantagningen", ((0, 0),), 8760,
     (("Leda ansökan och antagning till gymnasieskolan", 6000),
      ("Administrativ drift av UEDB", 1260),
      ("Införa det nya antagningssystemet", 1500))),
    ("Gemensam gymnasieregion", "Regional utveckling", ((0, 0),), 800,
     (("Analyser och kunskapsunderlag", 300), ("Förslag till programpriser", 300),
      ("Uppföljning av strukturtillägget", 200))),
    ("Gemensam vuxenutbildningsregion", "Regional utveckling", ((0, 1),), 500,
     (("Gemensam studerandeenkät", 200), ("Nytt styrdokument för samarbetet", 300))),
    ("Kompetensförsörjning", "Regional utveckling", ((0, 1),), 700,
     (("Samverkansavtal kring lärarutbildningen", 400), ("Programråd vid lärosätena", 300))),
    ("Integration och nyanlända", "Regional utveckling", ((1, 0), (1, 1)), 460,
     (("Regional plattform med Arbetsförmedlingen", 260),
      ("Erfarenhetsutbyte om bosättning", 200))),
    ("Digital agenda Storstockholm", "Regional utveckling", ((2, 0), (2, 1)), 640,
     (("Strategisk vägledning för regionens aktörer", 640),)),
    ("E-hälsa", "Välfärdsutveckling", ((2, 0), (2, 1)), 400,
     (("Digital kommunikation mellan vårdens och omsorgens utförare", 400),)),
    ("Infrastruktur och boende", "Regional utveckling", ((3, 0), (3, 1)), 1000,
     (("Driva positionspapperet om bostadsförsörjning", 1000),)),
    ("Storsthlms energikontor", "Regional utveckling", ((3, 0),), 1000,
     (("Kartlägga kommunernas energiarbete", 1000),)),
    ("Miljö och klimat", "Regional utveckling", ((3, 0),), 500,
     (("Regionalt nätverk för miljö och klimat", 500),)),
    ("Samverkan vid vårdövergångar", "Välfärdsutveckling", ((4, 0), (4, 1)), 1200,
     (("Verkställa överenskommelsen om utskrivning från sluten vård", 1200),)),
    ("Länsgemensamma handlingsplaner för psykisk hälsa", "Välfärdsutveckling", ((4, 0),), 1300,
     (("Länsgemensamma aktiviteter med stimulansmedel", 800), ("Utbildningsinsatser", 500))),
    ("Barn och unga", "Välfärdsutveckling", ((4, 1),), 400,
     (("BUSSAM och BUS-överenskommelsen", 400),)),
    ("Äldre", "Välfärdsutveckling", ((4, 1),), 500,
     (("Översyn av kostnadsfördelningslistor för hjälpmedel", 300),
      ("Nätverket för demensfrågor", 200))),
    ("Funktionsnedsättning", "Välfärdsutveckling", ((4, 1),), 500,
     (("Överenskommelse om läkarinsatser i LSS-verksamhet", 500),)),
    ("Färdtjänst", "Välfärdsutveckling", ((4, 1),), 100,
     (("Avstämning i det regionala rådet", 100),)),
)  # fmt: skip

FOLLOW_UPS: tuple[tuple[str, str, TrafficLight, str], ...] = (
    ("Gymnasieantagningen Storsthlm", "T1", TrafficLight.ON_TRACK,
     "Ansökan stängde enligt plan; preliminär antagning genomförd."),
    ("Gemensam gymnasieregion", "T1", TrafficLight.AT_RISK,
     "Programprisförslaget försenat i väntan på kommunernas underlag."),
    ("Gemensam gymnasieregion", "T2", TrafficLight.ON_TRACK,
     "Förslaget till programpriser är klart och skickat till kommunerna."),
    ("Infrastruktur och boende", "T1", TrafficLight.OFF_TRACK,
     "Styrgruppens möten ställdes in under våren; arbetet skjuts till hösten."),
    ("Länsgemensamma handlingsplaner för psykisk hälsa", "T1", TrafficLight.ON_TRACK,
     "Fyra procent av stimulansmedlen avsatta för länsgemensamma insatser."),
    ("E-hälsa", "T1", TrafficLight.AT_RISK,
     "Upphandlingen av lösningen för informationsöverföring dröjer."),
)  # fmt: skip


def _budget_rows(year: int) -> list[BudgetLineText]:
    """The plan year's budget, last year's budget and outcome, and the year before's outcome:
    earlier years scaled down a little, so that the three columns differ (invented)."""
    figures = (
        (year, FigureKind.BUDGET, Decimal("1")),
        (year - 1, FigureKind.BUDGET, Decimal("0.97")),
        (year - 1, FigureKind.OUTCOME, Decimal("0.985")),
        (year - 2, FigureKind.OUTCOME, Decimal("0.95")),
    )
    rows: list[BudgetLineText] = []
    for one_year, kind, factor in figures:
        for name, _, _, amounts in UNITS:
            for line_type, text in zip(LINE_ORDER, amounts.split(), strict=True):
                scaled = Decimal(text) if line_type is LineType.FTE else Decimal(text) * factor
                amount = scaled.quantize(Decimal("0.01" if line_type is LineType.FTE else "1"))
                rows.append(
                    BudgetLineText(
                        "demo", len(rows) + 2, name, str(one_year), kind.value,
                        line_type.value, str(amount),
                    )
                )  # fmt: skip
    return rows


def load_demo_operations_plan(uow: UnitOfWork, year: int) -> None:
    """Load the demo's operations plan for ``year`` (decided the December before, followed up
    in May and September) and next year's, proposed to the board's December meeting (no hours
    reported, no follow-ups yet), and the budget of next year beside this year and the last."""
    decided = datetime(year - 1, 12, 12, 10, 0, tzinfo=UTC)
    units = {
        name: add_budget_unit(
            uow, actor=STAFF, name=name, financing=financing, admission_office=office, now=decided
        )
        for name, financing, office, _ in UNITS
    }
    proposed = datetime(year, 11, 2, 10, 0, tzinfo=UTC)
    import_budget_lines(uow, actor=STAFF, rows=_budget_rows(year + 1), now=proposed)
    _load_plan(uow, year + 1, units, proposed, reported=False)
    _follow_up(uow, year, _load_plan(uow, year, units, decided, reported=True))


def _load_plan(
    uow: UnitOfWork, year: int, units: dict[str, int], at: datetime, *, reported: bool
) -> dict[str, int]:
    """The areas, goals, assignments and activities of ``year``'s plan (with hours reported so
    far when ``reported``); the assignments' ids by name."""
    goals: list[list[int]] = []
    for kind, name, description, texts in AREAS:
        area_id = add_area(
            uow, actor=STAFF, year=year, kind=kind, name=name, description=description, now=at
        )
        goals.append([add_goal(uow, actor=STAFF, area_id=area_id, text=t, now=at) for t in texts])
    assignment_ids: dict[str, int] = {}
    for name, unit, served, hours, activities in ASSIGNMENTS:
        assignment_id = add_assignment(
            uow,
            actor=STAFF,
            year=year,
            name=name,
            description=f"{name}: uppdrag enligt verksamhetsplanen {year}.",
            unit_id=units[unit],
            planned_hours=Decimal(hours),
            goal_ids=[goals[a][g] for a, g in served],
            now=at,
        )
        assignment_ids[name] = assignment_id
        for number, (activity, planned) in enumerate(activities):
            so_far = Decimal(planned * (30 + 7 * number) // 100) if reported else Decimal(0)
            add_activity(
                uow,
                actor=STAFF,
                assignment_id=assignment_id,
                name=activity,
                planned_hours=Decimal(planned),
                reported_hours=so_far,  # invented: 30–50 % so far
                now=at,
            )
    return assignment_ids


def _follow_up(uow: UnitOfWork, year: int, assignment_ids: dict[str, int]) -> None:
    for number, (name, period, light, comment) in enumerate(FOLLOW_UPS):
        month = 5 if period == "T1" else 9
        record_follow_up(
            uow,
            actor=STAFF,
            assignment_id=assignment_ids[name],
            period=period,
            light=light,
            comment=comment,
            now=datetime(year, month, 10, 9, number, tzinfo=UTC),
        )
