"""The authorisation matrix's rows for API tokens and the lists programs use (issue 15, point
12): the admission officer alone makes and revokes tokens (a refused form, 422, and an unknown
token, 404, so the matrix makes and revokes none); a school reads its own offering's admitted
and reserve lists (another school's offering is 404); a counsellor imports its pupils' grades
(no file here: 422, nothing saved)."""

from __future__ import annotations

from matrix_support import Row, only
from sqlalchemy.orm import Session, sessionmaker

from samverka.platform.access.domain.actors import Role

OFFICER, SCHOOL, COUNSELLOR = Role.OFFICER, Role.SCHOOL, Role.COUNSELLOR
REFUSED_TOKEN = {"name": "", "role": "school", "scope": "99999999", "valid_through": "2026-06-30"}
OTHER_API_UNIT = "school_unit=22222222"

ROWS: list[Row] = [
    Row("GET", "/konton/api-nycklar", only(OFFICER)),
    Row(
        "POST",
        "/konton/api-nycklar",
        only(OFFICER),
        form=REFUSED_TOKEN,
        note="no name, no such school unit: 422 for the officer",
    ),
    Row(
        "POST",
        "/konton/api-nycklar/{token_id}/aterkalla",
        only(OFFICER),
        fill={"token_id": "999999"},
        form={},
        note="no such token: 404 for the officer",
    ),
    Row("GET", "/api/v1/school/offerings/{code}/lists", only(SCHOOL, OFFICER)),
    Row(
        "GET",
        "/api/v1/school/offerings/{code}/lists",
        only(OFFICER),
        fill={"code": "SODRA-SA"},
        hidden=only(SCHOOL),
        note="another school's offering: 404",
    ),
    Row("POST", "/api/v1/pupils/grades", only(COUNSELLOR, OFFICER), form={}, note="no file: 422"),
    Row(
        "POST",
        "/api/v1/pupils/grades",
        only(OFFICER),
        query=OTHER_API_UNIT,
        form={},
        note="another school unit: 403 for the counsellor",
    ),
]


def build(database: sessionmaker[Session]) -> None:
    """Nothing to add: no token is needed to see who may reach the pages."""
