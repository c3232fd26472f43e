"""The admission area and its parties: who takes part in the joint admission, on which terms.

The admission area is not the association's member list (issue 12 point 9). Sources:

* admissions-rules §3.4: the samverkansavtal (Storsthlm, 2015) binds all municipalities of
  Stockholm county, Håbo and the region; it covers the national programmes (and, for the
  municipalities that opted in, IMV and IMY arranged for a group), with the common price list;
  every applicant resident in it is received on equal terms at every school in it.
* admissions-rules §7.4: identical bilateral agreements between the association and each
  municipality, plus Håbo and Gnesta, buy the admission office and the youth register.
* admissions-rules §10 and the reference data's README (shared/data): 0305 Håbo (Uppsala
  county) takes part in the samverkansavtal and 0461 Gnesta (Södermanland county) in the
  admission area; neither is a member of the association.

| terms | who | admission | samverkansavtal: first hand, prices, compensation | service fee |
|---|---|---|---|---|
| ``MEMBER`` | the 26 | yes | yes | yes |
| ``ADMISSION_AND_COMPENSATION`` | Håbo | yes | yes | no |
| ``ADMISSION_ONLY`` | Gnesta | yes | no | no |
| ``OUTSIDE`` | any other municipality, known as a home municipality only | no | no | no |

A municipality the area does not name is ``OUTSIDE``. The members' service fee is charged to
members only; the admission fee (per 16-year-old) to every party of the admission area, since
Håbo and Gnesta buy the admission office by their agreements; inter-municipal compensation under
the agreement is paid by the parties with compensation terms.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum


class AreaTerms(StrEnum):
    MEMBER = "member"
    ADMISSION_AND_COMPENSATION = "admission_and_compensation"
    ADMISSION_ONLY = "admission_only"
    OUTSIDE = "outside"

    @property
    def in_admission_area(self) -> bool:
        return self is not AreaTerms.OUTSIDE

    @property
    def in_cooperation_agreement(self) -> bool:
        """A party to the samverkansavtal: its residents are first hand in the whole area."""
        return self in (AreaTerms.MEMBER, AreaTerms.ADMISSION_AND_COMPENSATION)

    @property
    def has_compensation_terms(self) -> bool:
        return self.in_cooperation_agreement

    @property
    def pays_service_fee(self) -> bool:
        return self is AreaTerms.MEMBER


@dataclass(frozen=True, slots=True)
class AdmissionArea:
    """Each municipality's terms, by SCB code; ``region_in_agreement``: the county's region is
    a party to the samverkansavtal (its schools receive the area's applicants first hand)."""

    terms: Mapping[str, AreaTerms] = field(default_factory=dict)
    region_in_agreement: bool = True

    def terms_of(self, municipality_code: str) -> AreaTerms:
        return self.terms.get(municipality_code, AreaTerms.OUTSIDE)

    def in_cooperation_agreement(self, municipality_code: str) -> bool:
        return self.terms_of(municipality_code).in_cooperation_agreement

    def parties(self) -> frozenset[str]:
        """Every municipality of the admission area."""
        return frozenset(code for code, terms in self.terms.items() if terms.in_admission_area)

    def compensation_parties(self) -> frozenset[str]:
        return frozenset(code for code, terms in self.terms.items() if terms.has_compensation_terms)

    def members(self) -> frozenset[str]:
        return frozenset(code for code, terms in self.terms.items() if terms.pays_service_fee)
