"""The demo's admission looks like the region's (issue 12, point 13): the applicants to the
introductory programmes are mostly not eligible for a national programme (SL 17 kap. 3 §: the
introductory programmes are for those who are not), and the organisers grant fri kvot to no
more applicants than the offering's fri-kvot places (GyF 7 kap. 3 §). Applicants per member in
proportion to its population are checked in ``test_demo_realism.py``; reception is derived in
every round (``admission.domain.reception``), so an independent school never receives anyone in
second hand there either."""

from __future__ import annotations

from collections import Counter

import pytest

from samverka.admission.demo import DemoRegion, build_demo_region
from samverka.admission.domain.calendar import GradeTerm
from samverka.admission.domain.eligibility import check_eligibility
from samverka.admission.domain.grades import GradeSheet
from samverka.admission.domain.rule_set import default_eligibility_rules


@pytest.fixture(scope="module")
def region() -> DemoRegion:
    return build_demo_region(year=2026, applicants=6000, seed=11)


def test_most_applicants_to_an_introductory_programme_are_not_eligible_for_a_national_one(
    region: DemoRegion,
) -> None:
    programme = {o.code: o.programme for o in region.catalogue.offerings}
    autumn = {
        p.applicant.personal_id.canonical: p for p in region.pupils if p.term is GradeTerm.AUTUMN
    }
    rules = default_eligibility_rules()
    eligible: Counter[bool] = Counter()
    for personal_id, choices in region.applications.items():
        if any(programme[c.offering_code].startswith("IM") for c in choices):
            sheet = GradeSheet(autumn[personal_id].grades)
            eligible[check_eligibility(sheet, "BF", rules).eligible] += 1
    applicants = sum(eligible.values())
    assert applicants >= 50
    assert eligible[False] / applicants >= 0.75, eligible


def test_fri_kvot_is_granted_to_no_more_applicants_than_the_offering_has_fri_kvot_places(
    region: DemoRegion,
) -> None:
    places = {o.code: o.discretionary_places for o in region.catalogue.offerings}
    granted = Counter(
        c.offering_code
        for choices in region.applications.values()
        for c in choices
        if c.discretionary_quota
    )
    assert sum(granted.values()) >= 20
    assert all(count <= places[code] for code, count in granted.items()), granted
