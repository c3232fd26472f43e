"""The authorisation matrix's rows for the association's state_grants pages and API.

The association's staff do everything; a board member reads the ``/forbund`` pages and the
association API; a municipality reads and reports on its own grants only (``/kommun/…``,
``/api/v1/municipality/grants``)."""

from __future__ import annotations

from datetime import UTC, datetime

from matrix_support import Row, only
from sqlalchemy.orm import Session, sessionmaker
from state_grant_support import add_grants

from samverka.platform.access.domain.actors import Role

STAFF, BOARD, MUNICIPALITY = Role.ASSOCIATION_STAFF, Role.BOARD_MEMBER, Role.MUNICIPALITY
READERS = only(STAFF, BOARD)
GRANT = {"grant_id": "1"}
OTHER = {"grant_id": "2"}
NEW_GRANT = {"name": "Nya medel", "year": "2026", "total": "1000", "set_aside_percent": "4"}
USE = {
    "category": "training",
    "purpose": "Utbildning",
    "amount": "1.00",
    "period_start": "2026-01-01",
    "period_end": "2026-02-01",
}

AFTER_DUE = datetime(2026, 7, 15, 9, tzinfo=UTC)  # the grants' reports were due 2026-06-30
UNUSED = {
    "disposal": "repay",
    "decided_on": "2026-07-10",
    "reference": "dnr 2026/31",
    "decided_by": "styrelsen",
    "repaid_to": "Kammarkollegiet",
    "repaid_on": "2026-09-30",
}

ROWS: list[Row] = [
    Row("GET", "/forbund/stimulansmedel", READERS),
    Row("POST", "/forbund/stimulansmedel", only(STAFF), form=NEW_GRANT),
    Row("GET", "/forbund/stimulansmedel/{grant_id}", READERS, fill=GRANT),
    Row("GET", "/forbund/stimulansmedel/{grant_id}/fordelning.csv", READERS, fill=GRANT),
    Row(
        "POST",
        "/forbund/stimulansmedel/{grant_id}/fordelning",
        only(STAFF),
        fill=OTHER,
        form={"key": "equal"},
    ),
    Row(
        "POST",
        "/forbund/stimulansmedel/{grant_id}/paminnelse",
        only(STAFF),
        fill=GRANT,
        form={"municipality_code": "0182"},
    ),
    Row(
        "POST",
        "/forbund/stimulansmedel/{grant_id}/outnyttjat",
        only(STAFF),
        fill=GRANT,
        form=UNUSED,
        at=AFTER_DUE,
    ),
    Row("GET", "/forbund/stimulansmedel/{grant_id}/betalfil", only(STAFF), fill=GRANT),
    Row(
        "POST",
        "/forbund/stimulansmedel/{grant_id}/betalningsmottagare",
        only(STAFF),
        fill=GRANT,
        form={"recipient": "0182", "name": "Nacka kommun", "bankgiro": "123-4567"},
    ),
    Row("GET", "/kommun/stimulansmedel", only(MUNICIPALITY)),
    Row(
        "POST",
        "/kommun/stimulansmedel/{grant_id}/redovisning",
        only(MUNICIPALITY),
        fill=GRANT,
        form=USE,
    ),
    Row("GET", "/api/v1/association/grants", READERS),
    Row(
        "POST",
        "/api/v1/association/grants",
        only(STAFF),
        json={"name": "Nya medel", "year": 2026, "total": 1000},
    ),
    Row("GET", "/api/v1/association/grants/{grant_id}", READERS, fill=GRANT),
    Row(
        "POST",
        "/api/v1/association/grants/{grant_id}/allocation",
        only(STAFF),
        fill=OTHER,
        json={"key": "equal"},
    ),
    Row(
        "POST",
        "/api/v1/association/grants/{grant_id}/reminders",
        only(STAFF),
        fill=GRANT,
        json={"municipality_code": "0182"},
    ),
    Row(
        "POST",
        "/api/v1/association/grants/{grant_id}/unused-decisions",
        only(STAFF),
        fill=OTHER,
        json=UNUSED,
        at=AFTER_DUE,
    ),
    Row("GET", "/api/v1/municipality/grants", only(MUNICIPALITY)),
    Row(
        "POST",
        "/api/v1/municipality/grants/{grant_id}/uses",
        only(MUNICIPALITY),
        fill=GRANT,
        json={**USE, "amount": 1},
    ),
]


def build(database: sessionmaker[Session]) -> None:
    """Add what these rows need to the matrix's year (its accounts exist already)."""
    add_grants(database)
