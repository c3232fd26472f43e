"""A synthetic but realistic Stockholm-county admission year, as domain objects.

About 180 school units of municipal and independent organisers in the 26 member
municipalities: each member has a municipal unit, the others are placed in proportion to the
population, and 45 % of the units, and so about 45 % of the places, belong to independent
organisers (the region's share as issue 13 point 13 gives it). About 1,500 offerings over the
national and introductory programmes (music and dance orientations with aptitude tests).
Applicants live in each member in proportion to its population (31 December 2019,
``reference/municipalities-stockholm-county.csv``), are born in the admission year minus 16,
and their grades follow a latent ability: merit values spread from 80 to 340, some pupils miss
passes and so eligibility, autumn grades differ a little from final grades. Applicants choose
1–6 offerings, more often near home and at popular schools. Everything follows one seed.

The admission area is not the member list (issue 12 point 9): Håbo (samverkansavtal, admission
and compensation) and Gnesta (admission only) take part without being members, and a few
applicants live outside the area (Uppsala, Enköping), so that reception in second hand, the
parties' fees and compensation show in the demo. Nobody types reception in: the rounds derive it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from functools import partial

import numpy as np

from samverka.admission.demo_data import admission_area_parties, municipalities, populations
from samverka.admission.domain.applicants import ApplicantRecord, Guardian, PupilGrades
from samverka.admission.domain.area import AreaTerms
from samverka.admission.domain.calendar import GradeTerm, stockholm_calendar
from samverka.admission.domain.catalogue import (
    Catalogue,
    Municipality,
    Offering,
    Organiser,
    SchoolUnit,
)
from samverka.admission.domain.eligibility import check_eligibility
from samverka.admission.domain.grades import SUBJECTS, Grade, GradeLetter, GradeSheet
from samverka.admission.domain.priorities import PriorityRules, TieBreak
from samverka.admission.domain.rule_set import EligibilityRules, default_eligibility_rules
from samverka.admission.domain.year_settings import YearSettings
from samverka.admission.ports import UnitOfWork
from samverka.admission.services.admission_year import open_admission_year
from samverka.admission.services.applications import ChoiceRequest, register_applications
from samverka.admission.services.pupils import import_pupils
from samverka.platform.access.domain.actors import Actor
from samverka.platform.domain.personal_id import PersonalId, PersonalIdKind, luhn_check_digit

_PROGRAMMES = (
    ("EK", 16, ("Ekonomi", "Juridik")),
    ("SA", 15, ("Beteendevetenskap", "Samhällsvetenskap")),
    ("NA", 12, ("Naturvetenskap", "Naturvetenskap och samhälle")),
    ("TE", 9, ("Informations- och medieteknik", "Design och produktutveckling")),
    ("ES", 5, ("Musik", "Bild och formgivning", "Dans")),
    ("HU", 2, ("Språk",)),
    ("BF", 3, ("Pedagogiskt arbete",)),
    ("EE", 3, ("Elteknik",)),
    ("VO", 3, ("",)),
    ("BA", 2, ("Husbyggnad",)),
    ("FT", 2, ("Personbil",)),
    ("HA", 3, ("Administrativ service",)),
    ("RL", 2, ("Kök och servering",)),
    ("HT", 1, ("",)),
    ("IN", 1, ("",)),
    ("VF", 1, ("",)),
    ("IMV", 3, ("",)),
    ("IMY", 1, ("",)),
    ("IMS", 2, ("",)),
)
_IMV_TARGETS = ("BF", "EE", "VO", "HA", "SA", "NA")
_NEWLY_ARRIVED_ABILITY = -1.0  # pupils reading SvA below it arrived two years before the year
_FIRST = (
    "Alva",
    "Elsa",
    "Maja",
    "Ella",
    "Vera",
    "Noah",
    "Hugo",
    "Liam",
    "Adam",
    "Omar",
    "Sara",
    "Leo",
    "Ali",
    "Ebba",
    "Nils",
)
_LAST = (
    "Andersson",
    "Johansson",
    "Karlsson",
    "Nilsson",
    "Eriksson",
    "Larsson",
    "Ahmed",
    "Olsson",
    "Persson",
    "Svensson",
    "Lindberg",
    "Hassan",
)
_LETTERS = (
    GradeLetter.F,
    GradeLetter.E,
    GradeLetter.D,
    GradeLetter.C,
    GradeLetter.B,
    GradeLetter.A,
)
_CORE_SUBJECTS = tuple(s for s in SUBJECTS if s not in {"SVA", "M1", "ML", "TSP", "M2"})
_QUARTERS = ("Norra", "Södra", "Östra", "Västra", "Centrala")
_GRADES = {s: tuple(Grade(s, letter) for letter in _LETTERS) for s in SUBJECTS}


# Ties broken as Västerbotten publishes it: choice rank, grade value, number of grades, lottery.
DEMO_YEAR_SETTINGS = YearSettings(
    PriorityRules(
        tie_breaks=(
            TieBreak.CHOICE_RANK,
            TieBreak.GRADE_VALUE,
            TieBreak.GRADE_COUNT,
            TieBreak.LOTTERY,
        )
    )
)


@dataclass(frozen=True, slots=True)
class DemoRegion:
    municipalities: list[Municipality]
    catalogue: Catalogue
    pupils: list[PupilGrades]
    applications: dict[str, list[ChoiceRequest]]


# Applicants from outside the admission area: a home municipality only.
OUTSIDE_THE_AREA = (
    Municipality("0380", "Uppsala", terms=AreaTerms.OUTSIDE),
    Municipality("0381", "Enköping", terms=AreaTerms.OUTSIDE),
)


def build_demo_region(*, year: int, applicants: int, seed: int) -> DemoRegion:
    rng = np.random.default_rng(seed)
    members = [Municipality(code, name) for code, name in municipalities()]
    parties = [
        Municipality(code, name, terms=AreaTerms(terms))
        for code, name, terms in admission_area_parties()
    ]
    shares = population_shares(members)
    catalogue = _catalogue(rng, members, shares, applicants)
    home = rng.choice([m.code for m in members], size=applicants, p=shares)
    ability = rng.normal(0, 1, applicants)
    others = [m.code for m in (*parties, *OUTSIDE_THE_AREA)]
    moved = np.flatnonzero(np.random.default_rng(seed + 1).random(applicants) < 0.03)
    home[moved] = np.random.default_rng(seed + 2).choice(others, size=len(moved))
    pupils = _pupils(rng, year, ability, home, _year_nine_units(catalogue))
    applications = _applications(rng, catalogue, pupils, ability)
    applications = _with_fri_kvot(np.random.default_rng(seed + 3), catalogue, applications)
    return DemoRegion([*members, *parties, *OUTSIDE_THE_AREA], catalogue, pupils, applications)


def _with_fri_kvot(
    rng: np.random.Generator, catalogue: Catalogue, applications: dict[str, list[ChoiceRequest]]
) -> dict[str, list[ChoiceRequest]]:
    """Fri kvot granted on 2 % of the choices of offerings with fri-kvot places (NA, SA), as
    their organisers might, and to no more applicants than the offering has fri-kvot places
    (issue 12 point 13: the demo's fri-kvot applicants are within the organisers' quotas; the
    engine caps the admissions under the quota in any case, GyF 7 kap. 3 §). Drawn apart from
    the rest, so the rest of the demo stays as it was."""
    left = {o.code: o.discretionary_places for o in catalogue.offerings if o.discretionary_places}
    granted: dict[str, list[ChoiceRequest]] = {}
    for pid, choices in applications.items():
        chosen: list[ChoiceRequest] = []
        for choice in choices:
            if left.get(choice.offering_code, 0) > 0 and rng.random() < 0.02:
                left[choice.offering_code] -= 1
                choice = replace(choice, discretionary_quota=True)
            chosen.append(choice)
        granted[pid] = chosen
    return granted


UNITS = 180


def population_shares(members: list[Municipality]) -> np.ndarray:
    """Each member's share of the county's population, in the order of ``members``."""
    people = populations()
    counts = np.array([people[m.code] for m in members], dtype=float)
    shares: np.ndarray = counts / counts.sum()
    return shares


def _unit_places(
    rng: np.random.Generator, members: list[Municipality], shares: np.ndarray
) -> list[Municipality]:
    """Where the units are: one in each member, the rest in proportion to the population."""
    rest = rng.choice(len(members), size=UNITS - len(members), p=shares)
    return [*members, *(members[int(i)] for i in rest)]


def _owner_kind(index: int, members: int) -> str:
    """The organiser kind of unit ``index``: each member's first unit is its own, the last is
    the region's, and of the others 9 in 17 are independent (45 % of all units)."""
    if index < members:
        return "municipal"
    if index == UNITS - 1:
        return "regional"
    return "independent" if (index - members) % 17 < 9 else "municipal"


def _catalogue(
    rng: np.random.Generator, members: list[Municipality], shares: np.ndarray, applicants: int
) -> Catalogue:
    organisers = [Organiser(f"{m.name} kommun", "municipal", m.code) for m in members]
    organisers += [Organiser(f"Skolkoncern {i + 1} AB", "independent") for i in range(24)]
    organisers.append(Organiser("Region Stockholm", "regional", None))
    units: list[SchoolUnit] = []
    for index, municipality in enumerate(_unit_places(rng, members, shares)):
        kind = _owner_kind(index, len(members))
        owner = {
            "municipal": organisers[members.index(municipality)],
            "independent": organisers[len(members) + index % 24],
            "regional": organisers[-1],
        }[kind]
        units.append(
            SchoolUnit(
                f"{10000000 + index * 7919 % 89999999:08d}",
                f"{municipality.name} {_QUARTERS[index % 5]} gymnasium {index + 1}",
                owner.name,
                municipality.code,
            )
        )
    offerings = _offerings(rng, units, organisers, applicants)
    return Catalogue(organisers, units, offerings)


def _offerings(
    rng: np.random.Generator, units: list[SchoolUnit], organisers: list[Organiser], applicants: int
) -> list[Offering]:
    kinds = {o.name: o.kind for o in organisers}
    weights = np.array([w for _, w, _ in _PROGRAMMES], dtype=float)
    specs: list[tuple[SchoolUnit, str, str]] = []
    for unit in units:
        allowed = [
            i
            for i, (code, _, _) in enumerate(_PROGRAMMES)
            if not code.startswith("IM") or kinds[unit.organiser] == "municipal"
        ]
        p = weights[allowed] / weights[allowed].sum()
        for index in rng.choice(
            allowed, size=min(len(allowed), int(rng.integers(5, 12))), replace=False, p=p
        ):
            code, _, orientations = _PROGRAMMES[index]
            specs.append((unit, code, orientations[int(rng.integers(0, len(orientations)))]))
    size = rng.lognormal(0, 0.5, len(specs))
    places = np.maximum(10, np.round(size / size.sum() * applicants * 1.1)).astype(int)
    offerings: list[Offering] = []
    for (unit, programme, orientation), count in zip(specs, places, strict=True):
        tested = programme == "ES" and orientation in ("Musik", "Dans")
        # An IMV offering leads to one national programme (SL 17 kap.).
        leads_to = _IMV_TARGETS[len(offerings) % len(_IMV_TARGETS)] if programme == "IMV" else None
        offerings.append(
            Offering(
                f"{unit.code}-{programme}{('-' + orientation[:3].upper()) if orientation else ''}",
                unit.code,
                programme,
                int(count),
                orientation,
                discretionary_places=1 if programme in ("NA", "SA") else 0,
                test_multiplier=Decimal(16) if tested else None,
                test_minimum=Decimal(5) if tested else None,
                leads_to=leads_to,
            )
        )
    unique = {o.code: o for o in offerings}
    return list(unique.values())


def _year_nine_units(catalogue: Catalogue) -> dict[str, str]:
    """A school unit in each municipality that has one, standing in for the pupils' year-9
    school (the demo has no compulsory schools), so that counsellors have pupils."""
    units: dict[str, str] = {}
    for unit in catalogue.school_units:
        units.setdefault(unit.municipality_code, unit.code)
    return units


def _personal_id(year: int, index: int) -> PersonalId:
    born = date(year - 16, 1, 1) + timedelta(days=index % 365)
    serial = f"{100 + index // 365:03d}"
    digits = born.strftime("%y%m%d") + serial
    return PersonalId(
        f"{born:%Y%m%d}-{serial}{luhn_check_digit(digits)}",
        PersonalIdKind.PERSONAL_IDENTITY_NUMBER,
        born,
    )


def _pupils(
    rng: np.random.Generator,
    year: int,
    ability: np.ndarray,
    home: np.ndarray,
    year_nine_units: dict[str, str],
) -> list[PupilGrades]:
    n = len(ability)
    base = 3.5 + 1.1 * ability[:, None] + rng.normal(0, 0.6, (n, len(_CORE_SUBJECTS)))
    final = np.clip(np.round(base), 0, 5).astype(int)
    autumn = np.clip(np.round(base + rng.normal(-0.15, 0.45, base.shape)), 0, 5).astype(int)
    language = rng.random(n) < 0.8
    second_language = rng.random(n) < 0.15
    protected = rng.random(n) < 0.005
    pupils: list[PupilGrades] = []
    # Pupils from Håbo, Gnesta or outside the area went to a year-9 school in the area here.
    fallback = next(iter(year_nine_units.values()))
    # Plain ints, and each grade one shared (frozen) object: a million grades are made here.
    levels_of = {GradeTerm.AUTUMN: autumn.tolist(), GradeTerm.FINAL: final.tolist()}
    homes = home.tolist()
    for i in range(n):
        record = ApplicantRecord(
            personal_id=_personal_id(year, i),
            name=f"{_FIRST[i % len(_FIRST)]} {_LAST[(i * 7) % len(_LAST)]}",
            home_municipality=homes[i],
            school_unit_code=year_nine_units.get(homes[i], fallback),
            protected_identity=bool(protected[i]),
            guardians=(Guardian(f"Vårdnadshavare till elev {i + 1}", f"vh{i + 1}@example.se"),),
            arrival_date=(
                date(year - 2, 8, 1 + i % 28)
                if second_language[i] and ability[i] < _NEWLY_ARRIVED_ABILITY
                else None
            ),
        )
        for term in (GradeTerm.AUTUMN, GradeTerm.FINAL):
            levels = levels_of[term][i]
            grades = [_GRADES[s][level] for s, level in zip(_CORE_SUBJECTS, levels, strict=True)]
            if second_language[i]:
                grades[0] = _GRADES["SVA"][levels[0]]
            if language[i]:
                grades.append(_GRADES["M2"][max(1, levels[1])])
            pupils.append(PupilGrades(record, term, tuple(grades)))
    return pupils


def _applications(
    rng: np.random.Generator, catalogue: Catalogue, pupils: list[PupilGrades], ability: np.ndarray
) -> dict[str, list[ChoiceRequest]]:
    offerings = catalogue.offerings
    unit_municipality = {u.code: u.municipality_code for u in catalogue.school_units}
    # Municipalities as numbers, so that "near home" compares integers, not strings.
    codes: dict[str, int] = {}
    where = np.array(
        [codes.setdefault(unit_municipality[o.school_unit_code], len(codes)) for o in offerings]
    )
    popularity = np.log(rng.pareto(1.5, len(offerings)) + 1.0) + np.log(
        [o.places for o in offerings]
    )
    records = [p.applicant for p in pupils[::2]]
    homes = np.array([codes.get(r.home_municipality, -1) for r in records])
    # With their counsellor, pupils whose autumn grades give no eligibility for a vocational
    # programme look at the introductory programmes, and the others do not (SL 17 kap.).
    im = np.flatnonzero([o.programme.startswith("IM") for o in offerings])
    rules = default_eligibility_rules()
    verdicts: dict[frozenset[str], bool] = {}
    eligible = np.array([_eligible_for_vocational(p.grades, rules, verdicts) for p in pupils[::2]])
    applications: dict[str, list[ChoiceRequest]] = {}
    for start in range(0, len(records), 4000):
        chunk = records[start : start + 4000]
        near = homes[start : start + 4000, None] == where[None, :]
        able = eligible[start : start + 4000, None]
        # popularity + 1.2 × near + noise, summed in place in that order (the same figures).
        score = np.multiply(near, 1.2)
        score += popularity[None, :]
        score += rng.gumbel(size=(len(chunk), len(offerings)))
        # Only the introductory columns change (adding 0 leaves a figure as it is).
        score[:, im] += np.where(able, -4.0, 2.0)
        np.negative(score, out=score)
        best = np.argpartition(score, 6, axis=1)[:, :6]
        np.negative(score, out=score)
        order = np.argsort(-np.take_along_axis(score, best, axis=1), axis=1)
        top = np.take_along_axis(best, order, axis=1)
        counts = rng.integers(2, 7, len(chunk))
        for row, (record, k) in enumerate(zip(chunk, counts, strict=True)):
            skill = ability[start + row]
            applications[record.personal_id.canonical] = [
                _choice(rng, offerings[j], skill) for j in top[row, :k]
            ]
    return applications


def _eligible_for_vocational(
    grades: tuple[Grade, ...], rules: EligibilityRules, verdicts: dict[frozenset[str], bool]
) -> bool:
    """Whether ``grades`` give eligibility for a vocational programme (BF). The verdict depends
    only on the subjects passed (``eligibility.check_eligibility``), so it is found once for
    each set of them and kept in ``verdicts``."""
    passed = frozenset([grade.subject for grade in grades if grade.letter is not GradeLetter.F])
    verdict = verdicts.get(passed)
    if verdict is None:
        verdict = verdicts[passed] = check_eligibility(GradeSheet(grades), "BF", rules).eligible
    return verdict


def _choice(rng: np.random.Generator, offering: Offering, skill: float) -> ChoiceRequest:
    points = None
    if offering.test_multiplier is not None:
        points = Decimal(int(np.clip(round(10 + 4 * skill + rng.normal(0, 3)), 0, 20)))
    return ChoiceRequest(offering.code, test_points=points)


def loading_steps(
    uow: UnitOfWork, region: DemoRegion, *, year: int, actor: Actor
) -> list[tuple[str, Callable[[], object]]]:
    """The service calls that load ``region`` into a database, each with a label for progress,
    all done by ``actor``, the admission officer."""
    opened = datetime(year, 1, 10, tzinfo=UTC)
    catalogue = region.catalogue
    choices = sum(len(chosen) for chosen in region.applications.values())
    return [
        (
            f"Opening admission {year}: {len(catalogue.school_units)} school units, "
            f"{len(catalogue.offerings)} offerings",
            partial(
                open_admission_year,
                uow,
                year=year,
                region="Storsthlm",
                calendar=stockholm_calendar(year),
                settings=DEMO_YEAR_SETTINGS,
                municipalities=region.municipalities,
                catalogue=catalogue,
                actor=actor,
                now=opened,
            ),
        ),
        (
            f"Importing {len(region.pupils)} pupil records (autumn and final grades)",
            partial(import_pupils, uow, year=year, pupils=region.pupils, actor=actor, now=opened),
        ),
        (
            f"Registering {len(region.applications)} applications with {choices} choices",
            partial(
                register_applications,
                uow,
                year=year,
                applications=region.applications,
                actor=actor,
                by_admission_office=True,
                now=datetime(year, 2, 1, tzinfo=UTC),
            ),
        ),
    ]
