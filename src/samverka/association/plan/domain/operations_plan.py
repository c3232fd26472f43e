"""The yearly operations plan (verksamhetsplan): its areas, goals, assignments, activities and
follow-up.

Shape (the 2018 plan, seed 001; the political direction 2019–2022, seed 004):

* A plan year has **focus areas** (fokusområden/målområden) and **prerequisites**
  (förutsättningar) that affect every focus area; both are an ``Area`` of a kind.
* Each area has **goals** (mål). An **assignment** (uppdrag) serves one or more goals — possibly
  in different areas — and has a description, a responsible budget unit and planned hours.
* An assignment has **activities**, each with planned and reported hours.
* Follow-up is recorded per assignment and **period** of the year (tertial T1–T3, half-year
  H1–H2, or the whole year Å) with a **traffic light** (enligt plan / risk / ej enligt plan) and
  a comment. The light in force is the one of the latest recorded follow-up; none is "not yet
  followed up".
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from enum import StrEnum

from samverka.errors import N_

MAX_HOURS = Decimal(100_000)


class AreaKind(StrEnum):
    FOCUS_AREA = "focus_area"  # fokusområde / målområde
    PREREQUISITE = "prerequisite"  # förutsättning


class TrafficLight(StrEnum):
    ON_TRACK = "on_track"  # enligt plan
    AT_RISK = "at_risk"  # risk
    OFF_TRACK = "off_track"  # ej enligt plan


PERIODS: tuple[str, ...] = ("T1", "T2", "T3", "H1", "H2", "Å")
"""Follow-up periods: tertials (January–April, May–August, September–December), half-years,
and the whole year (Å = helår)."""


def parse_period(text: str) -> str:
    """A period such as ``T2`` or ``h1`` in its stored form; ``ValueError`` names the choices."""
    period = text.strip().upper()
    if period == "Y":
        period = "Å"
    if period not in PERIODS:
        raise ValueError(f"{text!r} is not a period; use one of {', '.join(PERIODS)}")
    return period


def hours_problem(hours: Decimal) -> str | None:
    """Why ``hours`` cannot be planned or reported hours (``None`` when it can): not negative,
    at most 100,000 and in whole tenths."""
    if not hours.is_finite() or hours < 0:
        return "hours must be zero or more"
    if hours > MAX_HOURS:
        return f"hours must be at most {MAX_HOURS}"
    if hours != hours.quantize(Decimal("0.1")):
        return "hours are given in whole tenths at most"
    return None


def plan_year_problem(year: int) -> str | None:
    """Why ``year`` is not a plan year (``None`` when it is)."""
    return None if 2000 <= year <= 2100 else N_("Året ska vara mellan 2000 och 2100.")


@dataclass(frozen=True, slots=True)
class FollowUp:
    """One follow-up of an assignment: the light and comment for a period."""

    period: str
    light: TrafficLight
    comment: str
    recorded_at: datetime
    recorded_by: str


def latest(follow_ups: Iterable[FollowUp]) -> FollowUp | None:
    """The follow-up in force: the one recorded last (``None`` when there is none)."""
    return max(follow_ups, key=lambda f: f.recorded_at, default=None)
