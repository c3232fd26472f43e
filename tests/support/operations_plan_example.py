"""An operations plan document like the association's of 2018, for the document tests: five goal
areas and the supporting processes, the budget units of the printed budget beside the two
previous years, the staff allocation with and without the admission office, and a fee for each
of the 26 member municipalities."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

from samverka.association.plan.files.document_model import (
    Assignment,
    BoardDecision,
    Budget,
    BudgetLine,
    BudgetUnit,
    Financing,
    FocusArea,
    FollowUp,
    MemberFee,
    MemberFees,
    OperationsPlanDocument,
    StaffAllocation,
    StaffShare,
    TitlePage,
)

YEAR = 2018
MUNICIPALITIES = {
    "0114": ("Upplands Väsby", 46786),
    "0115": ("Vallentuna", 34090),
    "0117": ("Österåker", 45574),
    "0120": ("Värmdö", 45000),
    "0123": ("Järfälla", 79990),
    "0125": ("Ekerö", 28690),
    "0126": ("Huddinge", 112848),
    "0127": ("Botkyrka", 94606),
    "0128": ("Salem", 16750),
    "0136": ("Haninge", 92095),
    "0138": ("Tyresö", 48333),
    "0139": ("Upplands-Bro", 29346),
    "0140": ("Nykvarn", 11014),
    "0160": ("Täby", 71874),
    "0162": ("Danderyd", 32857),
    "0163": ("Sollentuna", 73857),
    "0180": ("Stockholm", 974073),
    "0181": ("Södertälje", 98979),
    "0182": ("Nacka", 105189),
    "0183": ("Sundbyberg", 52414),
    "0184": ("Solna", 82429),
    "0186": ("Lidingö", 48123),
    "0187": ("Vaxholm", 12003),
    "0188": ("Norrtälje", 62622),
    "0191": ("Sigtuna", 48964),
    "0192": ("Nynäshamn", 28575),
}


def _assignment(name: str, hours: int | None, goal: str, unit: str) -> Assignment:
    return Assignment(
        name=name,
        description=f"Storsthlm samordnar kommunernas arbete med {name.lower()}.",
        goals=(goal,),
        responsible_unit=unit,
        planned_hours=None if hours is None else Decimal(hours),
        activities=(
            f"Leda det länsgemensamma nätverket för {name.lower()}.",
            "Ta fram en regional lägesbild och rapportera till styrelsen.",
        ),
        follow_up=FollowUp.ON_TRACK,
    )


def focus_areas() -> tuple[FocusArea, ...]:
    def area(name: str, goal: str, unit: str, *assignments: tuple[str, int | None]) -> FocusArea:
        return FocusArea(
            name=name,
            direction=f"Kommunerna i länet samverkar inom {name.lower()}.",
            goals=(goal,),
            assignments=tuple(_assignment(n, h, goal, unit) for n, h in assignments),
        )

    return (
        area(
            "Utbildning och arbetskraft",
            "Fler elever når målen och väljer yrkesprogram.",
            "Regional utveckling",
            ("Gemensam gymnasieregion", 600),
            ("Gymnasieantagningen Storsthlm", 700),
            ("Kompetensförsörjning", 500),
        ),
        area(
            "Inflyttning och delaktighet",
            "Nyanlända etablerar sig snabbare.",
            "Välfärdsutveckling",
            ("Integration och nyanlända", 100),
        ),
        area(
            "Öppenhet och digitalisering",
            "Kommunerna digitaliserar tillsammans.",
            "Regional utveckling",
            ("Digital agenda Storstockholm", 400),
            ("Smart region", None),
        ),
        area(
            "Bo och verka",
            "Bostadsförsörjning och infrastruktur planeras gemensamt.",
            "Regional utveckling",
            ("Infrastruktur och boende", 500),
            ("Storsthlms energikontor", 300),
        ),
        area(
            "Hälsa och stöd",
            "Samverkan med landstinget ger sammanhållen vård.",
            "Välfärdsutveckling",
            ("Hemsjukvård", 600),
            ("Länsgemensamma handlingsplaner för psykisk hälsa", 700),
            ("Äldre", 200),
        ),
        FocusArea(
            name="Digitalisering",
            direction="Digitaliseringen påverkar alla fokusområden.",
            prerequisite=True,
        ),
    )


def _unit(name: str, financing: Financing, fte: str, *lines: tuple[str, int]) -> BudgetUnit:
    """Lines in tkr for the year (revenue and costs positive, a line named "...intäkter"
    being revenue); the previous years are 3 and 6 per cent lower."""

    def years(tkr: int) -> tuple[Decimal | None, ...]:
        sek = Decimal(tkr * 1000)
        return sek, (sek * Decimal("0.97")).quantize(Decimal(1)), sek * Decimal("0.94")

    return BudgetUnit(
        name=name,
        financing=financing,
        lines=tuple(
            BudgetLine(label, years(tkr), revenue=label.lower().endswith("intäkter"))
            for label, tkr in lines
        ),
        full_time_equivalents=(Decimal(fte), Decimal(fte), None),
    )


def _standard(revenue: int, other: int, staff: int) -> tuple[tuple[str, int], ...]:
    return (("Intäkter", revenue), ("Övriga kostnader", other), ("Personalkostnader", staff))


def budget() -> Budget:
    fee, agreement = Financing.SERVICE_FEE, Financing.AGREEMENT
    depreciation = "Avskrivningar, finansiella kostnader"
    return Budget(
        years=(YEAR, YEAR - 1, YEAR - 2),
        labels=(f"Budget {YEAR}", f"Utfall {YEAR - 1}", f"Utfall {YEAR - 2}"),
        units=(
            _unit("Styrelse och kommittéer", fee, "0", *_standard(0, 1200, 300)),
            _unit("Ledning och kommunikation", fee, "4.00", *_standard(0, 900, 3800)),
            _unit("Välfärdsutveckling", fee, "9.90", *_standard(2500, 2100, 9100)),
            _unit(
                "Regional utveckling",
                fee,
                "16.05",
                *_standard(4000, 3900, 15200),
                ("Projektkostnader", 6000),
                ("Projektintäkter", 6000),
            ),
            _unit(
                "Administration och gemensamma bolagskostnader",
                fee,
                "4.00",
                *_standard(45500, 4400, 3600),
                (depreciation, 300),
                ("Fördelade kostnader", -3000),
            ),
            _unit(
                "Gymnasieantagningen",
                agreement,
                "15.75",
                *_standard(20100, 9800, 13300),
                (depreciation, 400),
                ("Fördelade kostnader", 2000),
            ),
            _unit("UEDB", agreement, "1.20", *_standard(2600, 900, 1100)),
            _unit(
                "Övriga avtalsfinansierade verksamheter",
                agreement,
                "0.50",
                *_standard(700, 100, 450),
            ),
        ),
    )


def staff_allocation() -> StaffAllocation:
    def shares(*pairs: tuple[str, int]) -> tuple[StaffShare, ...]:
        return tuple(StaffShare(name, Decimal(p)) for name, p in pairs)

    return StaffAllocation(
        with_admission=shares(
            ("Gymnasieantagningen", 47),
            ("Hälsa och stöd", 21),
            ("Bo och verka", 13),
            ("Utbildning och arbetskraft", 11),
            ("Öppenhet och digitalisering", 6),
            ("Inflyttning och delaktighet", 2),
        ),
        without_admission=shares(
            ("Hälsa och stöd", 40),
            ("Bo och verka", 25),
            ("Utbildning och arbetskraft", 20),
            ("Öppenhet och digitalisering", 10),
            ("Inflyttning och delaktighet", 5),
        ),
    )


def fees() -> MemberFees:
    rows = tuple(
        MemberFee(
            code=code,
            municipality=name,
            service_fee=Decimal(population) * Decimal("19.85"),
            admission_fee=Decimal(population) * Decimal("12.40"),
        )
        for code, (name, population) in MUNICIPALITIES.items()
    )
    return MemberFees(rows, rate_per_mille=Decimal("0.42"), base_year=2016, fee_age=16)


def document(**changes: object) -> OperationsPlanDocument:
    found = OperationsPlanDocument(
        title=TitlePage("Storsthlm", YEAR, decided_on=date(2017, 12, 7)),
        foreword=(
            "Storsthlm driver regional utveckling och samverkan på uppdrag av medlemmarnas "
            "ledningar i politik och förvaltning.",
        ),
        focus_areas=focus_areas(),
        budget=budget(),
        staff_allocation=staff_allocation(),
        fees=fees(),
        board_decisions=(
            BoardDecision(
                date(2018, 2, 8), "Stimulansmedel psykisk hälsa", "Fyra procent avsätts."
            ),
            BoardDecision(date(2018, 12, 6), "Verksamhetsplan och budget 2019", "Fastställd."),
        ),
    )
    return replace(found, **changes)  # type: ignore[arg-type]
