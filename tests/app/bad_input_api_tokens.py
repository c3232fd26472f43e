"""Bad input to the lists and the grade import programs use (issue 15, point 12): another
school's offering or none (404), the officer without a school unit (422), a grade import
without its file or term, or not a form at all (422, nothing saved)."""

from __future__ import annotations

from bad_input_support import NOT_JSON, Bad, invalid, missing
from sqlalchemy.orm import Session, sessionmaker

from samverka.platform.access.domain.actors import Role

OFFICER, SCHOOL, COUNSELLOR = Role.OFFICER, Role.SCHOOL, Role.COUNSELLOR
LISTS = "/api/v1/school/offerings/{code}/lists"
GRADES = "/api/v1/pupils/grades"

BAD_INPUTS: list[Bad] = [
    missing(
        "another school's offering", "GET", LISTS, SCHOOL, "no offering", fill={"code": "SODRA-SA"}
    ),
    missing("no such offering", "GET", LISTS, SCHOOL, "no offering", fill={"code": "NOPE-XX"}),
    invalid(
        "no school unit chosen by the officer",
        "GET",
        LISTS,
        OFFICER,
        "school_unit",
        fill={"code": "NORRA-NA"},
    ),
    invalid("no file and no term", "POST", GRADES, COUNSELLOR, "file"),
    invalid("a JSON body instead of a form", "POST", GRADES, COUNSELLOR, "term", json={}),
    invalid("a body that is not a form", "POST", GRADES, COUNSELLOR, "file", content=NOT_JSON),
]
WITHOUT_INPUT: set[tuple[str, str]] = set()


def build(database: sessionmaker[Session]) -> None:
    """Nothing to add: the table's year has the offerings and the pupils."""
