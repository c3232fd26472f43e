"""The demo region is realistic where it says so (README, "The demo's figures"): applicants per
member municipality in proportion to its population, and independent organisers holding about
45 % of the places (issue 13, point 13).

Source: the county's population of 31 December 2019 (``reference/municipalities-stockholm-
county.csv``); issue 13 point 13 ("pupils per municipality in proportion to population;
independent schools' share as in the region (about 45 % of places)")."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest

from samverka.admission.demo import DemoRegion, build_demo_region
from samverka.admission.demo_data import populations
from samverka.admission.domain.calendar import GradeTerm
from samverka.register.demo import synthetic_population

APPLICANTS = 6000


@pytest.fixture(scope="module")
def region() -> DemoRegion:
    return build_demo_region(year=2026, applicants=APPLICANTS, seed=7)


def test_the_applicants_live_in_each_member_in_proportion_to_its_population(
    region: DemoRegion,
) -> None:
    homes = Counter(
        p.applicant.home_municipality for p in region.pupils if p.term is GradeTerm.FINAL
    )
    people = populations()
    members = sum(homes[code] for code in people)
    assert members > 0.95 * APPLICANTS  # about 3 % live in Håbo, Gnesta or outside the area
    total = sum(people.values())
    for code, population in people.items():
        expected = members * population / total
        # within four standard deviations of a multinomial draw, and at least 1 of the small
        assert abs(homes[code] - expected) <= 4 * expected**0.5 + 1, code
    assert homes["0180"] / members == pytest.approx(people["0180"] / total, abs=0.03)


def test_independent_organisers_hold_about_45_per_cent_of_the_places(region: DemoRegion) -> None:
    kinds = {o.name: o.kind for o in region.catalogue.organisers}
    unit_kind = {u.code: kinds[u.organiser] for u in region.catalogue.school_units}
    places: Counter[str] = Counter()
    for offering in region.catalogue.offerings:
        places[unit_kind[offering.school_unit_code]] += offering.places
    share = places["independent"] / sum(places.values())
    assert 0.38 <= share <= 0.52, share


def test_every_member_has_a_municipal_school_unit(region: DemoRegion) -> None:
    kinds = {o.name: o.kind for o in region.catalogue.organisers}
    municipal = {
        u.municipality_code
        for u in region.catalogue.school_units
        if kinds[u.organiser] == "municipal"
    }
    assert set(populations()) <= municipal


def test_the_registers_other_young_people_are_spread_by_population() -> None:
    people = populations()
    records = synthetic_population(20_000, sorted(people), date(2026, 9, 1), seed=3, weights=people)
    homes = Counter(r.municipality for r in records)
    total = sum(people.values())
    assert homes["0180"] / len(records) == pytest.approx(people["0180"] / total, abs=0.02)
    assert homes["0140"] < homes["0126"] / 5  # Nykvarn is a tenth of Huddinge
