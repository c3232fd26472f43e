"""The admission area is not the member list (issue 12 point 9).

Sources: admissions-rules §3.4 (the samverkansavtal binds the 26 municipalities of Stockholm
county, Håbo and the region), §7.4 (the association's admission agreements include Håbo and
Gnesta), §10 (Håbo: party to the samverkansavtal; Gnesta: admission area only; neither is a
member); the reference data's README (shared/data).
"""

from __future__ import annotations

import pytest

from samverka.admission.domain.area import AdmissionArea, AreaTerms

AREA = AdmissionArea(
    {
        "0180": AreaTerms.MEMBER,
        "0305": AreaTerms.ADMISSION_AND_COMPENSATION,
        "0461": AreaTerms.ADMISSION_ONLY,
        "0380": AreaTerms.OUTSIDE,
    }
)


@pytest.mark.parametrize(
    ("terms", "in_area", "in_agreement", "compensation", "service_fee"),
    [
        (AreaTerms.MEMBER, True, True, True, True),
        (AreaTerms.ADMISSION_AND_COMPENSATION, True, True, True, False),
        (AreaTerms.ADMISSION_ONLY, True, False, False, False),
        (AreaTerms.OUTSIDE, False, False, False, False),
    ],
)
def test_each_party_has_its_own_terms_and_only_members_pay_the_service_fee(
    terms: AreaTerms, in_area: bool, in_agreement: bool, compensation: bool, service_fee: bool
) -> None:
    assert (
        terms.in_admission_area,
        terms.in_cooperation_agreement,
        terms.has_compensation_terms,
        terms.pays_service_fee,
    ) == (in_area, in_agreement, compensation, service_fee)


def test_the_area_names_its_parties_members_and_paying_parties() -> None:
    assert AREA.parties() == {"0180", "0305", "0461"}
    assert AREA.members() == {"0180"}
    assert AREA.compensation_parties() == {"0180", "0305"}
    assert AREA.terms_of("2480") is AreaTerms.OUTSIDE  # a municipality it does not name
    assert not AREA.in_cooperation_agreement("0461")
