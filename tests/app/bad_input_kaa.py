"""Bad input to the activity follow-up's (KAA) API: rows for test_api_bad_input.

The half-year report's records, the retention period and the retention job (issue 13 points 9
and 10), measures begun and ended (point 8's entries), and the school's end of a placement with
an examen or a studiebevis. Each row is refused with a reason and changes nothing."""

from __future__ import annotations

from bad_input_support import LONG, NOT_JSON, Bad, invalid, missing
from sqlalchemy.orm import Session, sessionmaker

from samverka.platform.access.domain.actors import Role
from samverka.platform.domain.personal_id import luhn_check_digit

OFFICER, MUNICIPALITY, SCHOOL = Role.OFFICER, Role.MUNICIPALITY, Role.SCHOOL
EBBA = f"20100301-001{luhn_check_digit('100301001')}"  # Stockholm's, in the register
RECORDS = "/api/v1/municipality/kaa-records"
RETENTION = "/api/v1/municipality/kaa-retention"
ERASURES = "/api/v1/municipality/kaa-retention/erasures"
ENTRIES = "/api/v1/municipality/kaa/{personal_id}/entries"
INTERRUPTION = "/api/v1/school/placements/{placement_id}/interruption"
ON = "2026-09-01"
PERSON = {"personal_id": EBBA}

BAD_INPUTS: list[Bad] = [
    invalid("no half-year", "GET", RECORDS, MUNICIPALITY, "half"),
    invalid("a third half-year", "GET", RECORDS, MUNICIPALITY, "half", query="half=2026H3"),
    invalid("a long half-year", "GET", RECORDS, MUNICIPALITY, "half", query=f"half={LONG}"),
    invalid(
        "no municipality chosen by the officer",
        "GET",
        RECORDS,
        OFFICER,
        "municipality",
        query="half=2026H2",
    ),
    invalid("no municipality chosen by the officer", "GET", RETENTION, OFFICER, "municipality"),
    Bad(
        "another municipality's retention",
        "GET",
        RETENTION,
        MUNICIPALITY,
        403,
        "not_permitted",
        "0182",
        query="municipality=0182",
    ),
    missing(
        "an unknown municipality", "GET", RETENTION, OFFICER, "9999", query="municipality=9999"
    ),
    invalid("no body", "PUT", RETENTION, MUNICIPALITY, "body"),
    invalid("no months", "PUT", RETENTION, MUNICIPALITY, "months", json={}),
    invalid("zero months", "PUT", RETENTION, MUNICIPALITY, "months", json={"months": 0}),
    invalid("more than ten years", "PUT", RETENTION, MUNICIPALITY, "months", json={"months": 121}),
    invalid("months as text", "PUT", RETENTION, MUNICIPALITY, "months", json={"months": "a year"}),
    invalid(
        "a fraction of a month", "PUT", RETENTION, MUNICIPALITY, "months", json={"months": 1.5}
    ),
    invalid("a body that is not JSON", "PUT", RETENTION, MUNICIPALITY, "json", content=NOT_JSON),
    invalid("no body", "POST", ERASURES, MUNICIPALITY, "body"),
    invalid("no answer to apply or not", "POST", ERASURES, MUNICIPALITY, "apply", json={}),
    invalid("apply as a maybe", "POST", ERASURES, MUNICIPALITY, "apply", json={"apply": "perhaps"}),
    invalid(
        "no municipality chosen by the officer",
        "POST",
        ERASURES,
        OFFICER,
        "municipality",
        json={"apply": False},
    ),
    invalid(
        "a measure of an unknown type",
        "POST",
        ENTRIES,
        MUNICIPALITY,
        "measure",
        fill=PERSON,
        json={"kind": "measure", "on": ON, "measure": "sailing"},
    ),
    invalid(
        "a measure without a type",
        "POST",
        ENTRIES,
        MUNICIPALITY,
        "measure",
        fill=PERSON,
        json={"kind": "measure", "on": ON},
    ),
    invalid(
        "the end of a measure that does not exist",
        "POST",
        ENTRIES,
        MUNICIPALITY,
        "ends",
        fill=PERSON,
        json={"kind": "ended", "on": ON, "ends": 999},
    ),
    invalid(
        "the end of measure 0",
        "POST",
        ENTRIES,
        MUNICIPALITY,
        "ends",
        fill=PERSON,
        json={"kind": "ended", "on": ON, "ends": 0},
    ),
    invalid(
        "a contact with a status",
        "POST",
        ENTRIES,
        MUNICIPALITY,
        "status",
        fill=PERSON,
        json={"kind": "contact", "on": ON, "note": "Ringde", "status": "working"},
    ),
    invalid(
        "a completion that does not say examen or studiebevis",
        "POST",
        INTERRUPTION,
        SCHOOL,
        "reason",
        fill={"placement_id": "1"},
        json={"end": "2026-10-01", "reason": "fullfoljd"},
    ),
]
WITHOUT_INPUT: set[tuple[str, str]] = set()


def build(database: sessionmaker[Session]) -> None:
    """Nothing to add: the register and placements of the year are enough."""
