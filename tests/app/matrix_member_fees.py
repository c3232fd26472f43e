"""The authorisation matrix's rows for the association's member_fees pages and API.

The association's staff do everything; a board member reads the ``/forbund/avgifter`` pages and
the association API, and posting is 403; a municipality reads only its own fees
(``/kommun/avgifter``, ``/api/v1/municipality/fees``); everyone else gets 403."""

from __future__ import annotations

from matrix_support import Row, only
from member_fee_support import add_fees
from sqlalchemy.orm import Session, sessionmaker

from samverka.platform.access.domain.actors import Role

STAFF, BOARD, MUNICIPALITY = Role.ASSOCIATION_STAFF, Role.BOARD_MEMBER, Role.MUNICIPALITY
READERS = only(STAFF, BOARD)
YEAR = {"year": "2027"}
DECIDED = {"decided_on": "2026-12-04", "decided_by": "styrelsen § 9", "reason": "matrisen"}
SERVICE_FORM = {
    "fee_year": "2027",
    "rate_per_mille": "0,40",
    "cap_per_mille": "0.50",
    "base_year": "2024",
    "instalments": "4",
    **DECIDED,
}
ADMISSION_FORM = {
    "fee_year": "2027",
    "budgeted_cost": "24800000",
    "fee_age": "16",
    "reference_date": "2026-09-01",
    "instalments": "4",
    **DECIDED,
}
SERVICE_JSON = {"rate_per_mille": "0.41", "base_year": 2024, **DECIDED}
ADMISSION_JSON = {"budgeted_cost": "24000000", "reference_date": "2026-09-01", **DECIDED}

ROWS: list[Row] = [
    Row("GET", "/forbund/avgifter", READERS),
    Row("GET", "/forbund/avgifter", READERS, query="basar=2024"),
    Row(
        "POST",
        "/forbund/avgifter/intakter",
        only(STAFF),
        form={"base_year": "2024"},
        note="without a file: 422 for the staff",
    ),
    Row(
        "POST",
        "/forbund/avgifter/intakt",
        only(STAFF),
        form={"base_year": "2024", "municipality_code": "0182", "revenue": "20000000000"},
    ),
    Row("POST", "/forbund/avgifter/serviceavgift", only(STAFF), form=SERVICE_FORM),
    Row("POST", "/forbund/avgifter/antagningsavgift", only(STAFF), form=ADMISSION_FORM),
    Row("GET", "/forbund/avgifter/{year}", READERS, fill=YEAR),
    Row("GET", "/forbund/avgifter/{year}/fakturor", READERS, fill=YEAR, query="format=xlsx"),
    Row("GET", "/kommun/avgifter", only(MUNICIPALITY)),
    Row("GET", "/api/v1/association/fees", READERS),
    Row("GET", "/api/v1/association/fees/{year}", READERS, fill=YEAR),
    Row(
        "POST",
        "/api/v1/association/fees/{year}/service-fee",
        only(STAFF),
        fill=YEAR,
        json=SERVICE_JSON,
    ),
    Row(
        "POST",
        "/api/v1/association/fees/{year}/admission-fee",
        only(STAFF),
        fill=YEAR,
        json=ADMISSION_JSON,
    ),
    Row(
        "GET", "/api/v1/association/revenue-bases/{base_year}", READERS, fill={"base_year": "2024"}
    ),
    Row(
        "PUT",
        "/api/v1/association/revenue-bases/{base_year}/{municipality_code}",
        only(STAFF),
        fill={"base_year": "2024", "municipality_code": "0180"},
        json={"revenue": "60000000000"},
    ),
    Row("GET", "/api/v1/municipality/fees", only(MUNICIPALITY)),
]


def build(database: sessionmaker[Session]) -> None:
    """The revenue of 2024 and the fees of 2027 (the register holds 16-year-olds)."""
    add_fees(database, admission=True)
