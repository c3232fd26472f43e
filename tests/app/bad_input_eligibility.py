"""Bad input to the API of eligibility beside the grades (issue 12): rows for test_api_bad_input.

The receiving school's English dispensation decision and over-age agreement on an applicant of
its own offering, the programme an IMV offering leads to, and a pupil's arrival date and
completed national programme. The year is ``test_api_bad_input``'s: Ebba (born 2010-03-01,
school unit Norra) chose NORRA-NA and NORRA-MU, Tore (Södra) SODRA-SA and NORRA-EK; nobody is
over age and there is no IMV offering."""

from __future__ import annotations

from bad_input_support import LONG, NOT_JSON, Bad, invalid, missing
from sqlalchemy.orm import Session, sessionmaker

from samverka.platform.access.domain.actors import Role
from samverka.platform.domain.personal_id import luhn_check_digit

SCHOOL, COUNSELLOR, OFFICER = Role.SCHOOL, Role.COUNSELLOR, Role.OFFICER
DISPENSATION = "/api/v1/school/offerings/{code}/applicants/{personal_id}/english-dispensation"
AGREEMENT = "/api/v1/school/offerings/{code}/applicants/{personal_id}/over-age-agreement"
LEADS_TO = "/api/v1/school/offerings/{code}/leads-to"
FACTS = "/api/v1/pupils/{personal_id}/admission-facts"


def _pid(serial: int) -> str:
    return f"20100301-{serial:03d}{luhn_check_digit(f'100301{serial:03d}')}"


EBBA, TORE, NOBODY = _pid(1), _pid(3), _pid(9)
EBBA_NA = {"code": "NORRA-NA", "personal_id": EBBA}
GOOD = {"decided_on": "2026-02-01", "decided_by": "Rektor Rut", "reference": "Dnr 1"}


def _dispensation_rows() -> list[Bad]:
    put = "PUT"
    return [
        invalid(
            "a decision dated in the future",
            put,
            DISPENSATION,
            SCHOOL,
            "lies in the future",
            fill=EBBA_NA,
            json={**GOOD, "decided_on": "2026-12-24"},
        ),
        invalid(
            "a decision date that is no date",
            put,
            DISPENSATION,
            SCHOOL,
            "decided_on",
            fill=EBBA_NA,
            json={**GOOD, "decided_on": "2026-02-30"},
        ),
        invalid(
            "no decider",
            put,
            DISPENSATION,
            SCHOOL,
            "decided_by",
            fill=EBBA_NA,
            json={"decided_on": "2026-02-01"},
        ),
        invalid(
            "an empty decider",
            put,
            DISPENSATION,
            SCHOOL,
            "decided_by",
            fill=EBBA_NA,
            json={**GOOD, "decided_by": ""},
        ),
        invalid(
            "a decider too long",
            put,
            DISPENSATION,
            SCHOOL,
            "decided_by",
            fill=EBBA_NA,
            json={**GOOD, "decided_by": LONG},
        ),
        invalid(
            "a reference too long",
            put,
            DISPENSATION,
            SCHOOL,
            "reference",
            fill=EBBA_NA,
            json={**GOOD, "reference": LONG},
        ),
        invalid(
            "a body that is not JSON",
            put,
            DISPENSATION,
            SCHOOL,
            "json",
            fill=EBBA_NA,
            content=NOT_JSON,
        ),
        invalid(
            "a malformed personal identity number",
            put,
            DISPENSATION,
            SCHOOL,
            "not of the form YYYYMMDD-NNNN",
            fill={"code": "NORRA-NA", "personal_id": "abc"},
            json=GOOD,
        ),
        missing(
            "an applicant who has not chosen the offering",
            put,
            DISPENSATION,
            SCHOOL,
            "no such applicant",
            fill={"code": "NORRA-NA", "personal_id": NOBODY},
            json=GOOD,
        ),
        missing(
            "another school's offering",
            put,
            DISPENSATION,
            SCHOOL,
            "SODRA-SA",
            fill={"code": "SODRA-SA", "personal_id": TORE},
            json=GOOD,
        ),
        invalid(
            "no school unit chosen by the officer",
            put,
            DISPENSATION,
            OFFICER,
            "school_unit",
            fill=EBBA_NA,
            json=GOOD,
        ),
        missing(
            "withdrawing for an applicant who has not chosen the offering",
            "DELETE",
            DISPENSATION,
            SCHOOL,
            "no such applicant",
            fill={"code": "NORRA-NA", "personal_id": NOBODY},
        ),
        invalid(
            "withdrawing with a wrong check digit",
            "DELETE",
            DISPENSATION,
            SCHOOL,
            "check digit",
            fill={"code": "NORRA-NA", "personal_id": EBBA[:-1] + str((int(EBBA[-1]) + 1) % 10)},
        ),
        missing(
            "withdrawing for another school's offering",
            "DELETE",
            DISPENSATION,
            SCHOOL,
            "SODRA-SA",
            fill={"code": "SODRA-SA", "personal_id": TORE},
        ),
        invalid(
            "withdrawing without the officer choosing a school unit",
            "DELETE",
            DISPENSATION,
            OFFICER,
            "school_unit",
            fill=EBBA_NA,
        ),
    ]


def _agreement_rows() -> list[Bad]:
    return [
        invalid(
            "an applicant who is not over age",
            "PUT",
            AGREEMENT,
            SCHOOL,
            "not over age",
            fill=EBBA_NA,
            json={"reference": "Dnr 2026/1"},
        ),
        invalid("no reference", "PUT", AGREEMENT, SCHOOL, "reference", fill=EBBA_NA, json={}),
        invalid(
            "a blank reference",
            "PUT",
            AGREEMENT,
            SCHOOL,
            "reference String should have at least 1 character",  # blank is empty (UseCaseModel)
            fill=EBBA_NA,
            json={"reference": "   "},
        ),
        invalid(
            "a reference too long",
            "PUT",
            AGREEMENT,
            SCHOOL,
            "reference",
            fill=EBBA_NA,
            json={"reference": LONG},
        ),
        missing(
            "another school's offering",
            "PUT",
            AGREEMENT,
            SCHOOL,
            "SODRA-SA",
            fill={"code": "SODRA-SA", "personal_id": TORE},
            json={"reference": "Dnr 2026/1"},
        ),
        missing(
            "withdrawing on an unknown offering",
            "DELETE",
            AGREEMENT,
            SCHOOL,
            "NO-SUCH",
            fill={"code": "NO-SUCH", "personal_id": EBBA},
        ),
        invalid(
            "withdrawing with a malformed personal identity number",
            "DELETE",
            AGREEMENT,
            SCHOOL,
            "not of the form YYYYMMDD-NNNN",
            fill={"code": "NORRA-NA", "personal_id": "20100301"},
        ),
        missing(
            "withdrawing for an applicant who has not chosen the offering",
            "DELETE",
            AGREEMENT,
            SCHOOL,
            "no such applicant",
            fill={"code": "NORRA-NA", "personal_id": NOBODY},
        ),
        invalid(
            "withdrawing without the officer choosing a school unit",
            "DELETE",
            AGREEMENT,
            OFFICER,
            "school_unit",
            fill=EBBA_NA,
        ),
    ]


def _leads_to_rows() -> list[Bad]:
    na = {"code": "NORRA-NA"}
    return [
        invalid(
            "an offering that is no IMV",
            "PUT",
            LEADS_TO,
            SCHOOL,
            "only an IMV offering",
            fill=na,
            json={"programme": "BF"},
        ),
        invalid(
            "a programme code with digits",
            "PUT",
            LEADS_TO,
            SCHOOL,
            "programme",
            fill=na,
            json={"programme": "B4"},
        ),
        invalid("no programme", "PUT", LEADS_TO, SCHOOL, "programme", fill=na, json={}),
        invalid(
            "a programme too long",
            "PUT",
            LEADS_TO,
            SCHOOL,
            "programme",
            fill=na,
            json={"programme": LONG},
        ),
        missing(
            "an unknown offering",
            "PUT",
            LEADS_TO,
            SCHOOL,
            "NO-SUCH",
            fill={"code": "NO-SUCH"},
            json={"programme": "BF"},
        ),
    ]


def _facts_rows() -> list[Bad]:
    ebba = {"personal_id": EBBA}
    good = {"arrival_date": "2024-01-15", "completed_national_programme": False}
    return [
        invalid(
            "an arrival in the future",
            "PUT",
            FACTS,
            COUNSELLOR,
            "lies in the future",
            fill=ebba,
            json={**good, "arrival_date": "2027-01-01"},
        ),
        invalid(
            "an arrival before the pupil's birth",
            "PUT",
            FACTS,
            COUNSELLOR,
            "before the pupil's birth",
            fill=ebba,
            json={**good, "arrival_date": "2009-01-01"},
        ),
        invalid(
            "an arrival date that is no date",
            "PUT",
            FACTS,
            COUNSELLOR,
            "arrival_date",
            fill=ebba,
            json={**good, "arrival_date": "next week"},
        ),
        invalid(
            "no completed-programme answer",
            "PUT",
            FACTS,
            COUNSELLOR,
            "completed_national_programme",
            fill=ebba,
            json={"arrival_date": None},
        ),
        invalid(
            "a completed-programme answer that is no yes/no",
            "PUT",
            FACTS,
            COUNSELLOR,
            "completed_national_programme",
            fill=ebba,
            json={**good, "completed_national_programme": "perhaps"},
        ),
        missing(
            "a pupil of another school unit",
            "PUT",
            FACTS,
            COUNSELLOR,
            "no such pupil",
            fill={"personal_id": TORE},
            json=good,
        ),
        invalid(
            "no school unit chosen by the officer",
            "PUT",
            FACTS,
            OFFICER,
            "school_unit",
            fill=ebba,
            json=good,
        ),
        invalid(
            "a body that is not JSON",
            "PUT",
            FACTS,
            COUNSELLOR,
            "json",
            fill=ebba,
            content=NOT_JSON,
        ),
    ]


BAD_INPUTS: list[Bad] = [
    *_dispensation_rows(),
    *_agreement_rows(),
    *_leads_to_rows(),
    *_facts_rows(),
]
WITHOUT_INPUT: set[tuple[str, str]] = set()


def build(database: sessionmaker[Session]) -> None:
    """Nothing to add: the year's pupils and offerings are enough."""
