"""The operations plan document's Swedish texts and figures, shared by the HTML and the PDF (with
the tables in ``operations_plan_tables`` and the charts in ``operations_plan_charts``), so that
the two show the same.

Display rules (the association's printed budget is the model):

* budget amounts in thousands of kronor (tkr), rounded half up to whole tkr; subtotals are
  summed from the unrounded SEK and rounded once, so a shown total may differ from the sum of
  its shown parts by a tkr or two;
* member fees in whole kronor, rounded half up;
* full-time equivalents with two decimals, shares in per cent with at most one decimal;
* thousands separated by a no-break space, decimals after a comma, a minus as a hyphen (the
  PDF's core font has no U+2212); dates as ISO dates (2025-12-10), as in Swedish minutes.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Final

from samverka.association.plan.files.document_model import (
    Budget,
    Financing,
    FollowUp,
    MemberFees,
    OperationsPlanDocument,
)

NBSP: Final = "\u00a0"
THOUSAND: Final = Decimal(1000)
FINANCING_NAMES: Final = {
    Financing.SERVICE_FEE: "serviceavgiftsfinansierad verksamhet",
    Financing.AGREEMENT: "avtalsfinansierad verksamhet",
}
FOLLOW_UP_NAMES: Final = {
    FollowUp.ON_TRACK: "Enligt plan",
    FollowUp.AT_RISK: "Risk för avvikelse",
    FollowUp.OFF_TRACK: "Avviker från plan",
}


# -- figures ---------------------------------------------------------------------------------
def grouped(amount: Decimal, decimals: int = 0) -> str:
    """``amount`` with a no-break space between thousands and a decimal comma."""
    quantum = Decimal(1).scaleb(-decimals)
    rounded = amount.quantize(quantum, rounding=ROUND_HALF_UP)
    text = f"{abs(rounded):,.{decimals}f}".replace(",", NBSP).replace(".", ",")
    return f"-{text}" if rounded < 0 else text


def tkr(amount: Decimal | None) -> str:
    return "" if amount is None else grouped(amount / THOUSAND)


def kronor(amount: Decimal) -> str:
    return f"{grouped(amount)}{NBSP}kr"


def fte(amount: Decimal | None) -> str:
    return "" if amount is None else grouped(amount, 2)


def percent(share: Decimal | None) -> str:
    if share is None:
        return "–"
    decimals = 0 if share == share.to_integral_value() else 1
    return f"{grouped(share, decimals)}{NBSP}%"


def hours(amount: Decimal | None) -> str:
    return "–" if amount is None else f"{grouped(amount)} timmar"


def in_thousands(amount: Decimal | None) -> Decimal | None:
    return None if amount is None else amount / THOUSAND


# -- texts -----------------------------------------------------------------------------------
def document_title(document: OperationsPlanDocument) -> str:
    return f"Verksamhetsplan och budget {document.year}"


def decision_line(document: OperationsPlanDocument) -> str:
    title = document.title
    if title.decided_on is None:
        return f"Förslag till {title.decided_by}"
    return f"Beslutad av {title.decided_by} {title.decided_on.isoformat()}"


def summary(document: OperationsPlanDocument) -> tuple[str, ...]:
    """A few sentences the board reads first, computed from the figures."""
    sentences = (
        _plan_sentence(document),
        _budget_sentence(document.budget),
        _fee_sentence(document.fees, document.budget),
    )
    return tuple(sentence for sentence in sentences if sentence)


def _plan_sentence(document: OperationsPlanDocument) -> str:
    if not document.focus_areas:
        return ""
    areas = len([a for a in document.focus_areas if not a.prerequisite])
    prerequisites = len(document.focus_areas) - areas
    named = f"{areas} {'fokusområde' if areas == 1 else 'fokusområden'}"
    if prerequisites:
        named += f" och {prerequisites} förutsättning{'' if prerequisites == 1 else 'ar'}"
    return (
        f"Verksamhetsplanen för {document.year} har {named} med sammanlagt "
        f"{len(document.assignments)} uppdrag och {hours(document.planned_hours)} planerad tid."
    )


def _budget_sentence(budget: Budget | None) -> str:
    if budget is None or not budget.units:
        return ""
    net = budget.net_cost()[0] or Decimal(0)
    if net > 0:
        outcome = f"en nettokostnad på {tkr(net)} tkr"
    elif net < 0:
        outcome = f"ett överskott på {tkr(-net)} tkr"
    else:
        outcome = "balans"
    staff = budget.full_time_equivalents()[0]
    of_which = budget.full_time_equivalents(Financing.SERVICE_FEE)[0]
    return (
        f"Budgeten för hela organisationen {budget.years[0]} visar {outcome}, "
        f"med {fte(staff or Decimal(0))} årsarbetare varav {fte(of_which or Decimal(0))} i "
        "den serviceavgiftsfinansierade verksamheten."
    )


def _fee_sentence(fees: MemberFees | None, budget: Budget | None) -> str:
    """The fees, and beside the service fees the net cost they finance (the budget may or may
    not have the service fees among its revenue: the two are shown, not netted)."""
    if fees is None or not fees.rows:
        return ""
    rate = ""
    if fees.rate_per_mille is not None:
        base = f" år {fees.base_year}" if fees.base_year is not None else ""
        rate = (
            f" ({grouped(fees.rate_per_mille, 2)} promille av kommunernas skatteintäkter och "
            f"generella statsbidrag{base})"
        )
    financed = ""
    if budget is not None and budget.units_financed_by(Financing.SERVICE_FEE):
        net = budget.net_cost(Financing.SERVICE_FEE)[0] or Decimal(0)
        financed = (
            " Den serviceavgiftsfinansierade verksamhetens nettokostnad i budgeten är "
            f"{tkr(net)} tkr."
        )
    return (
        f"Medlemskommunernas avgifter är sammanlagt {tkr(fees.total)} tkr: serviceavgift "
        f"{tkr(fees.service_fee)} tkr{rate} och antagningsavgift {tkr(fees.admission_fee)} tkr."
        f"{financed}"
    )


def follow_up_name(status: FollowUp | None) -> str:
    return "" if status is None else FOLLOW_UP_NAMES[status]


def fee_basis(fees: MemberFees) -> str:
    age = fees.fee_age if fees.fee_age is not None else 16
    return (
        "Serviceavgiften är styrelsens promillesats av varje kommuns skatteintäkter och generella "
        "statsbidrag. Antagningsavgiften är antagningskansliets budgeterade kostnad fördelad per "
        f"folkbokförd {age}-åring i medlemskommunerna."
    )


NO_DATA: Final = {
    "plan": "Ingen verksamhetsplan är registrerad för {year}.",
    "budget": "Ingen budget är registrerad för {year}.",
    "staff": "Ingen personalfördelning är registrerad för {year}.",
    "fees": "Inga medlemsavgifter är beräknade för {year}.",
    "decisions": "Styrelsen har inte registrerat några beslut under {year}.",
}


BUDGET_NOTE: Final = (
    "Belopp i tusental kronor (tkr). Intäkter och kostnader står som positiva belopp; "
    "nettokostnaden är kostnaderna minus intäkterna, och en negativ nettokostnad är ett överskott."
)


def no_data(part: str, year: int) -> str:
    return NO_DATA[part].format(year=year)
