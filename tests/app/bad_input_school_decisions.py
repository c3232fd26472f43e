"""Bad input to the school's decisions (ranking, fri kvot, foreign grades): rows for
test_api_bad_input.

Each world gets ``NORRA-IMA``, an individual alternative (always ranked by the school), at
Norra, which Ebba adds to her choices; ``NORRA-NA`` selects on merit."""

from __future__ import annotations

from admission_year_builders import OFFICE
from bad_input_support import AFTER_FINAL, LONG, NOT_JSON, Bad, invalid, missing
from sqlalchemy.orm import Session, sessionmaker

from samverka.admission.domain.catalogue import Catalogue, Offering
from samverka.admission.services.applications import ChoiceRequest, register_applications
from samverka.platform.access.domain.actors import Role
from samverka.platform.domain.personal_id import luhn_check_digit
from samverka.unit_of_work import SqlUnitOfWork

SCHOOL, OFFICER = Role.SCHOOL, Role.OFFICER
RANKING = "/api/v1/school/offerings/{code}/ranking"
RANKED = "/api/v1/school/offerings/{code}/ranked-by-school"
FRI_KVOT = "/api/v1/school/offerings/{code}/fri-kvot/{personal_id}"
ASSESSED = "/api/v1/school/offerings/{code}/equivalent-knowledge/{personal_id}"


def _pid(serial: int) -> str:
    return f"20100301-{serial:03d}{luhn_check_digit(f'100301{serial:03d}')}"


EBBA, TORE, NOBODY = _pid(1), _pid(3), _pid(9)
WRONG_CHECK_DIGIT = EBBA[:-1] + str((int(EBBA[-1]) + 1) % 10)
IMA, NA, SA = {"code": "NORRA-IMA"}, {"code": "NORRA-NA"}, {"code": "SODRA-SA"}
EBBA_NA, EBBA_IMA = {**NA, "personal_id": EBBA}, {**IMA, "personal_id": EBBA}

WITHOUT_INPUT: set[tuple[str, str]] = set()

BAD_INPUTS: list[Bad] = [
    # -- the school's ranking --------------------------------------------------------------------
    invalid("no body", "PUT", RANKING, SCHOOL, "body", fill=IMA),
    invalid("a body that is not JSON", "PUT", RANKING, SCHOOL, "json", fill=IMA, content=NOT_JSON),
    invalid(
        "a ranking that is no list",
        "PUT",
        RANKING,
        SCHOOL,
        "ranking",
        fill=IMA,
        json={"ranking": "x"},
    ),
    invalid(
        "a malformed identity number",
        "PUT",
        RANKING,
        SCHOOL,
        "not of the form",
        fill=IMA,
        json={"ranking": ["abc"]},
    ),
    invalid(
        "an identity number too long",
        "PUT",
        RANKING,
        SCHOOL,
        "ranking",
        fill=IMA,
        json={"ranking": [LONG]},
    ),
    invalid(
        "the same applicant twice",
        "PUT",
        RANKING,
        SCHOOL,
        "named twice",
        fill=IMA,
        json={"ranking": [EBBA, EBBA]},
    ),
    invalid(
        "an applicant who has not chosen the offering",
        "PUT",
        RANKING,
        SCHOOL,
        "has not chosen",
        fill=IMA,
        json={"ranking": [TORE]},
    ),
    invalid(
        "an offering that selects on merit",
        "PUT",
        RANKING,
        SCHOOL,
        "not ranked by the school",
        fill=NA,
        json={"ranking": [EBBA]},
    ),
    missing(
        "another school's offering",
        "PUT",
        RANKING,
        SCHOOL,
        "SODRA-SA",
        fill=SA,
        json={"ranking": [TORE]},
    ),
    missing("an unknown offering", "GET", RANKING, SCHOOL, "NO-SUCH", fill={"code": "NO-SUCH"}),
    missing("another school's offering", "GET", RANKING, SCHOOL, "SODRA-SA", fill=SA),
    invalid(
        "a malformed school unit",
        "GET",
        RANKING,
        OFFICER,
        "school_unit",
        fill=IMA,
        query="school_unit=%3Cx%3E",
    ),
    invalid(
        "no school unit chosen by the officer", "GET", RANKING, OFFICER, "school_unit", fill=IMA
    ),
    # -- whether the school ranks the offering ---------------------------------------------------
    invalid("no body", "PUT", RANKED, SCHOOL, "body", fill=IMA),
    invalid(
        "ranked that is not true or false",
        "PUT",
        RANKED,
        SCHOOL,
        "ranked_by_school",
        fill=IMA,
        json={"ranked_by_school": "perhaps"},
    ),
    invalid(
        "a national programme ranked by the school",
        "PUT",
        RANKED,
        SCHOOL,
        "selects on merit",
        fill=NA,
        json={"ranked_by_school": True},
    ),
    invalid(
        "an individual alternative not ranked",
        "PUT",
        RANKED,
        SCHOOL,
        "always ranked",
        fill=IMA,
        json={"ranked_by_school": False},
    ),
    # -- fri kvot --------------------------------------------------------------------------------
    invalid(
        "granted that is not true or false",
        "PUT",
        FRI_KVOT,
        SCHOOL,
        "granted",
        fill=EBBA_NA,
        json={"granted": "yes please"},
    ),
    invalid(
        "a malformed identity number",
        "PUT",
        FRI_KVOT,
        SCHOOL,
        "not of the form",
        fill={**NA, "personal_id": "abc"},
        json={"granted": True},
    ),
    missing(
        "an applicant who has not chosen the offering",
        "PUT",
        FRI_KVOT,
        SCHOOL,
        NOBODY,
        fill={**NA, "personal_id": NOBODY},
        json={"granted": True},
    ),
    invalid(
        "fri kvot on an offering the school ranks",
        "PUT",
        FRI_KVOT,
        SCHOOL,
        "no fri-kvot places",
        fill=EBBA_IMA,
        json={"granted": True},
    ),
    # -- the assessment of foreign grades --------------------------------------------------------
    invalid("no body", "PUT", ASSESSED, SCHOOL, "body", fill=EBBA_NA),
    invalid(
        "assessed that is not true or false",
        "PUT",
        ASSESSED,
        SCHOOL,
        "assessed",
        fill=EBBA_NA,
        json={"assessed": 3},
    ),
    invalid(
        "a wrong check digit",
        "PUT",
        ASSESSED,
        SCHOOL,
        "check digit",
        fill={**NA, "personal_id": WRONG_CHECK_DIGIT},
        json={"assessed": True},
    ),
    missing(
        "another school's offering",
        "PUT",
        ASSESSED,
        SCHOOL,
        "SODRA-SA",
        fill={**SA, "personal_id": TORE},
        json={"assessed": True},
    ),
]


def build(database: sessionmaker[Session]) -> None:
    """An individual alternative at Norra, with Ebba among its applicants."""
    uow = SqlUnitOfWork(database)
    with uow:
        year_id = uow.admission.year(2026).id
        ima = Offering("NORRA-IMA", "11111111", "IMA", 2)
        uow.catalogue.add_catalogue(year_id, Catalogue([], [], [ima]))
        chosen = [c.offering_code for c in uow.admission.choices(year_id, [EBBA])[EBBA]]
        uow.commit()
    register_applications(
        uow,
        year=2026,
        applications={EBBA: [ChoiceRequest(code) for code in [*chosen, "NORRA-IMA"]]},
        actor=OFFICE,
        by_admission_office=True,
        now=AFTER_FINAL,
    )
