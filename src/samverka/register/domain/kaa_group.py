"""Who is in a municipality's activity follow-up (KAA) group, on a day and over a period.

Sources: skollagen (2010:800) 29 kap. 9 § (the home municipality follows up the young people
who have finished compulsory school, are under 20, do not attend upper-secondary school or its
equivalent and have not completed it; since 1 July 2018 those on an introductory programme are
not in the group); 29 kap. 6 § (the home municipality is where the person is registered,
folkbokförd); Skolverket, "Kommunernas aktivitetsansvar för ungdomar" (only an examensbevis
completes a programme, a studiebevis does not); the rules audit of 2026-12, §7.

A person is in municipality M's group on day D when, on D:

1. M is their **home municipality** (``home_municipality_on``): the register's registration
   period in force on D; for a person the register does not hold yet on D (no period begun by
   then: a 15-year-old, whom the population extract leaves out until they turn 16), the home
   municipality the admission data gives, of the latest admission year not after D's year. A
   person whose periods have all ended before D has left the region: no one's;
2. they have **finished compulsory school** (``compulsory_school.compulsory_school_end``: the
   year-9 grades, a placement, or by age);
3. they are **under 20** (the day before the 20th birthday at the latest; someone born on
   29 February turns 20 on 1 March);
4. **no placement is in force** on D, whether a national or an introductory programme;
5. they have **no examen**: no national programme completed with an examen on or before D (a
   studiebevis does not count).

``group_spells`` gives the periods of membership between two days: membership changes only on
the days one of the facts above changes, so each of those days is tried once.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from samverka.register.domain.compulsory_school import Schooling, compulsory_school_end
from samverka.register.domain.placements import SchoolPlacement, examen_by
from samverka.register.domain.population import RegistrationPeriod, registration_on

ONE_DAY = timedelta(days=1)
AGE_LIMIT = 20


@dataclass(frozen=True, slots=True)
class AdmissionHome:
    """The home municipality an admission year's applicant row gives."""

    year: int
    municipality: str


@dataclass(frozen=True, slots=True)
class YoungPerson:
    """Everything the group rules read of one person."""

    personal_id: str
    schooling: Schooling
    periods: tuple[RegistrationPeriod, ...] = ()
    admission_homes: tuple[AdmissionHome, ...] = ()
    placements: tuple[SchoolPlacement, ...] = ()

    @property
    def birth_date(self) -> date:
        return self.schooling.birth_date


@dataclass(frozen=True, slots=True)
class Spell:
    """In the group from ``start`` to ``end`` inclusive (``end`` None: still, as of the last day
    asked about)."""

    start: date
    end: date | None


def birthday(birth_date: date, age: int) -> date:
    """The day someone born on ``birth_date`` turns ``age`` (29 February: 1 March)."""
    year = birth_date.year + age
    try:
        return birth_date.replace(year=year)
    except ValueError:
        return date(year, 3, 1)


def home_municipality_on(person: YoungPerson, day: date) -> str | None:
    """The person's home municipality on ``day`` (rule 1 of the module)."""
    period = registration_on(person.periods, day)
    if period is not None:
        return period.municipality
    if any(p.start <= day for p in person.periods) or not person.admission_homes:
        return None
    earlier = [h for h in person.admission_homes if h.year <= day.year]
    chosen = max(earlier, key=lambda h: h.year) if earlier else None
    return None if chosen is None else chosen.municipality


def in_group(person: YoungPerson, municipality: str, day: date) -> bool:
    """Whether ``person`` is in ``municipality``'s KAA group on ``day``."""
    return (
        home_municipality_on(person, day) == municipality
        and compulsory_school_end(person.schooling).on <= day
        and day < birthday(person.birth_date, AGE_LIMIT)
        and not any(p.in_force(day) for p in person.placements)
        and not examen_by(person.placements, day)
    )


def _change_days(person: YoungPerson, first: date, last: date) -> list[date]:
    days = {first, compulsory_school_end(person.schooling).on}
    days.add(birthday(person.birth_date, AGE_LIMIT))
    for period in person.periods:
        days.add(period.start)
        if period.end is not None:
            days.add(period.end + ONE_DAY)
    for placement in person.placements:
        days.add(placement.start)
        if placement.end is not None:
            days.add(placement.end + ONE_DAY)
    days.update(date(home.year, 1, 1) for home in person.admission_homes)
    return sorted(day for day in days if first <= day <= last)


def group_spells(person: YoungPerson, municipality: str, first: date, last: date) -> list[Spell]:
    """The spells of membership of ``municipality``'s group within ``first``–``last``; a spell
    still running on ``last`` has no end."""
    spells: list[Spell] = []
    start: date | None = None
    for day in _change_days(person, first, last):
        member = in_group(person, municipality, day)
        if member and start is None:
            start = day
        elif not member and start is not None:
            spells.append(Spell(start, day - ONE_DAY))
            start = None
    if start is not None:
        spells.append(Spell(start, None))
    return spells


def last_day_in_group(
    person: YoungPerson, municipality: str, since: date, today: date
) -> date | None:
    """The last day before ``today`` the person was in the group (from ``since``), ``None`` when
    never; ``today`` itself if they are in it today."""
    spells = group_spells(person, municipality, since, today)
    if not spells:
        return None
    end = spells[-1].end
    return today if end is None else end


def members_on(people: Sequence[YoungPerson], municipality: str, day: date) -> list[YoungPerson]:
    """Those of ``people`` in ``municipality``'s group on ``day``."""
    return [p for p in people if in_group(p, municipality, day)]
