"""A synthetic population extract for the youth register: the demo region's pupils (who were
born 16 years before the admission year) plus older young people, spread over the members in
proportion to their populations, and ``changed`` to make a
later extract with a share of moves, departures, newcomers and other changes.

The schools also register pupils in years 2 and 3 (``school_registered``, issue 13 point 1):
pupils from municipalities outside the area, each with the home municipality the school gives
(their compensation is invoiced to it); 20-year-olds in year 3, whom the extract keeps because
they are pupils; and a few who moved in after the extract and whom the register does not yet
hold, so that the September run shows them as anomalies with their reason.

Identity numbers are valid but synthetic: the serial numbers 900–999 (older persons) and
800–899 (pupils registered by the schools) are not used by the demo's applicants.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from pathlib import Path

from samverka.admission.demo_data import populations
from samverka.admission.domain.applicants import PupilGrades
from samverka.admission.domain.catalogue import Offering
from samverka.errors import Conflict
from samverka.platform.access.domain.actors import Actor, Role
from samverka.platform.domain.personal_id import luhn_check_digit
from samverka.platform.files.spreadsheet_cells import csv_writer
from samverka.register.domain.placements import SchoolPlacement
from samverka.register.domain.population import PopulationRecord
from samverka.register.files.population_file import (
    ADDRESS,
    MUNICIPALITY,
    NAME,
    PERSONAL_ID,
    PROTECTED_IDENTITY,
    REGISTERED_ON,
)
from samverka.register.ports import UnitOfWork
from samverka.register.services.register import (
    LoadReport,
    import_placements,
    load_population,
    place_admitted,
)

_FIRST = ("Alva", "Elsa", "Maja", "Noah", "Hugo", "Liam", "Ella", "Omar", "Sara", "Leo")
_LAST = ("Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson", "Ali", "Berg")
_STREETS = ("Storgatan", "Skolvägen", "Kyrkogatan", "Parkvägen", "Ringvägen", "Sjövägen")


def personal_id(born: date, serial: int) -> str:
    digits = born.strftime("%y%m%d") + f"{serial:03d}"
    return f"{born:%Y%m%d}-{serial:03d}{luhn_check_digit(digits)}"


def synthetic_population(
    count: int,
    municipalities: Sequence[str],
    extract_date: date,
    *,
    seed: int = 2026,
    pupils: Iterable[PupilGrades] = (),
    weights: Mapping[str, int] | None = None,
) -> list[PopulationRecord]:
    """``pupils`` (as registered in their home municipality) and ``count`` more persons aged
    16–19 on ``extract_date``, spread over ``municipalities`` (in proportion to ``weights``,
    their populations, when given; evenly otherwise)."""
    rng = random.Random(seed)
    records = [
        PopulationRecord(
            p.applicant.personal_id.canonical,
            p.applicant.personal_id.birth_date,
            p.applicant.name,
            p.applicant.home_municipality,
            _address(rng),
            p.applicant.protected_identity,
            None,
        )
        for p in pupils
    ]
    seen = {r.personal_id for r in records}
    youngest = extract_date.replace(year=extract_date.year - 16) - timedelta(days=1)
    span = (youngest - youngest.replace(year=youngest.year - 4)).days - 1
    target = len(records) + count
    while len(records) < target:
        born = youngest - timedelta(days=rng.randrange(span))
        pid = personal_id(born, rng.randrange(900, 1000) if pupils else rng.randrange(1000))
        if pid in seen:
            continue
        seen.add(pid)
        records.append(_person(rng, pid, born, municipalities, weights))
    return records


def _person(
    rng: random.Random,
    pid: str,
    born: date,
    municipalities: Sequence[str],
    weights: Mapping[str, int] | None = None,
) -> PopulationRecord:
    name = f"{rng.choice(_FIRST)} {rng.choice(_LAST)}"
    if weights:
        smallest = min(weights.values())
        chances = [weights.get(code, smallest) for code in municipalities]
        home = rng.choices(municipalities, weights=chances)[0]
    else:
        home = rng.choice(municipalities)
    return PopulationRecord(pid, born, name, home, _address(rng), rng.random() < 0.002, None)


def _address(rng: random.Random) -> str:
    return f"{rng.choice(_STREETS)} {rng.randrange(1, 120)}"


def changed(
    records: Sequence[PopulationRecord],
    municipalities: Sequence[str],
    extract_date: date,
    *,
    share: float = 0.03,
    seed: int = 2027,
) -> list[PopulationRecord]:
    """A later extract: about ``share`` of the persons changed (moved, left, new, other)."""
    rng = random.Random(seed)
    result: list[PopulationRecord] = []
    seen = {r.personal_id for r in records}
    for record in records:
        draw = rng.random()
        if draw >= share:
            result.append(record)
        elif draw < share * 0.35:  # moved to another member municipality
            others = [m for m in municipalities if m != record.municipality] or [
                record.municipality
            ]
            result.append(
                replace(
                    record,
                    municipality=rng.choice(others),
                    address=_address(rng),
                    registered_on=extract_date - timedelta(days=rng.randrange(1, 20)),
                )
            )
        elif draw < share * 0.55:  # left the region
            continue
        elif draw < share * 0.75:
            result.append(replace(record, address=_address(rng)))
        elif draw < share * 0.85:
            result.append(replace(record, protected_identity=not record.protected_identity))
        else:
            result.append(replace(record, name=record.name + "-" + rng.choice(_LAST)))
    newcomers = int(len(records) * share * 0.2)
    youngest = extract_date.replace(year=extract_date.year - 16) - timedelta(days=1)
    while newcomers:
        born = youngest - timedelta(days=rng.randrange(1400))
        pid = personal_id(born, rng.randrange(900, 1000))
        if pid not in seen:
            seen.add(pid)
            result.append(_person(rng, pid, born, municipalities))
            newcomers -= 1
    return result


# Outside the admission area: Knivsta, Uppsala, Östhammar, Enköping, Nyköping, Eskilstuna (not
# Håbo or Gnesta, which are parties of the area: ``admission.domain.area``).
OTHER_COUNTIES = ("0330", "0380", "0382", "0381", "0480", "0484")


@dataclass(frozen=True, slots=True)
class SchoolRegistered:
    """The schools' own registrations of the demo: placements, the homes they gave, and the
    extract rows of those pupils who live in the area."""

    placements: tuple[SchoolPlacement, ...]
    homes: dict[str, PopulationRecord]
    in_extract: tuple[PopulationRecord, ...]


def school_registered(
    year: int,
    offerings: Sequence[Offering],
    municipalities: Sequence[str],
    *,
    seed: int = 2028,
    outsiders: int = 40,
    twenty: int = 6,
    unregistered: int = 3,
) -> SchoolRegistered:
    """Pupils in years 2 and 3 registered by the schools (module docstring)."""
    rng = random.Random(seed)
    national = [o for o in offerings if not o.programme.startswith("IM")] or list(offerings)
    placements: list[SchoolPlacement] = []
    homes: dict[str, PopulationRecord] = {}
    in_extract: list[PopulationRecord] = []
    serials = iter(range(800, 900))
    for kind, count in (("outsider", outsiders), ("twenty", twenty), ("new", unregistered)):
        for _ in range(count):
            grade = 3 if kind == "twenty" else rng.choice((2, 3))
            born = date(year - 15 - grade, 1, 1) + timedelta(days=rng.randrange(365))
            if kind == "twenty":  # 20 before 1 September: past the age band
                born = date(year - 20, rng.randrange(1, 9), rng.randrange(1, 29))
            offering = rng.choice(national)
            pid = personal_id(born, next(serials))
            start = date(year - grade + 1, 8, 19)
            placements.append(
                SchoolPlacement(
                    pid, offering.school_unit_code, offering.programme, offering.orientation, start
                )
            )
            person = _person(rng, pid, born, municipalities)
            if kind == "outsider":
                homes[pid] = replace(person, municipality=rng.choice(OTHER_COUNTIES))
            elif kind == "twenty":
                in_extract.append(person)
    return SchoolRegistered(tuple(placements), homes, tuple(in_extract))


def load_demo_register(
    uow: UnitOfWork,
    *,
    year: int,
    municipalities: Sequence[str],
    pupils: Iterable[PupilGrades],
    now: datetime,
    others: int = 2_000,
    offerings: Sequence[Offering] = (),
) -> tuple[LoadReport, int]:
    """The demo's youth register: the schools' registrations of pupils in years 2 and 3 (when
    ``offerings`` are given), a population extract of 1 September (the demo's pupils, ``others``
    older young people and the schools' pupils who live in the area) loaded, and year-1
    placements from the accepted final results (none until someone has replied accept), which
    register the pupils the extract left out. Returns the load's report and the number of
    year-1 placements made."""
    extract_date = date(year, 9, 1)
    records = synthetic_population(
        others, municipalities, extract_date, pupils=pupils, weights=populations()
    )
    office = Actor("demo", Role.OFFICER, "demo")
    if offerings:
        schools = school_registered(year, offerings, municipalities)
        import_placements(
            uow, actor=office, placements=schools.placements, now=now, homes=schools.homes
        )
        records += schools.in_extract
    report = load_population(
        uow,
        records=records,
        extract_date=extract_date,
        source="demo-population.csv",
        actor=office,
        now=now,
    )
    try:
        placed = place_admitted(uow, year=year, start=date(year, 8, 18), actor=office, now=now)
    except Conflict:  # no published final round
        placed = 0
    return report, placed


def write_population_file(path: Path, records: Iterable[PopulationRecord]) -> Path:
    """The records as a population file (docs/formats.md), semicolon-separated as from Excel."""
    columns = (PERSONAL_ID, NAME, MUNICIPALITY, ADDRESS, PROTECTED_IDENTITY, REGISTERED_ON)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv_writer(handle, delimiter=";")
        writer.writerow(columns)
        for r in records:
            registered = "" if r.registered_on is None else r.registered_on.isoformat()
            protected = "ja" if r.protected_identity else "nej"
            writer.writerow(
                (r.personal_id, r.name, r.municipality, r.address, protected, registered)
            )
    return path
