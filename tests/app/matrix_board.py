"""The authorisation matrix's rows for the association's board pages and API: the staff
change, a board member reads (documents included), everyone else is refused."""

from __future__ import annotations

from typing import Any

from board_world import build_board
from matrix_support import Row, Who, only
from sqlalchemy.orm import Session, sessionmaker

from samverka.platform.access.domain.actors import Role

READERS = only(Role.ASSOCIATION_STAFF, Role.BOARD_MEMBER)
STAFF = only(Role.ASSOCIATION_STAFF)
IDS = {
    "meeting_id": "1",
    "item_id": "1",
    "document_id": "1",
    "group_id": "1",
    "agreement_id": "1",
    "decision_id": "1",
}
MEETING = "/forbund/styrelse/{meeting_id}"
API = "/api/v1/association"
API_MEETING = API + "/meetings/{meeting_id}"


def _row(method: str, path: str, allowed: frozenset[Who], **rest: Any) -> Row:
    return Row(method, path, allowed, fill=IDS, **rest)


ROWS: list[Row] = [
    # -- pages ---------------------------------------------------------------------------------
    _row("GET", "/forbund/styrelse", READERS),
    _row("POST", "/forbund/styrelse", STAFF, form={"on": "2026-09-01", "place": "Matrisen"}),
    _row("GET", MEETING, READERS),
    _row("POST", MEETING + "/genomfort", STAFF, form={}, note="already held: 409"),
    _row("GET", MEETING + "/andra", STAFF),
    _row(
        "POST",
        MEETING + "/andra",
        STAFF,
        form={"on": "2026-05-11", "place": "Matrisen"},
        note="held: 409",
    ),
    _row("GET", MEETING + "/ta-bort", STAFF),
    _row("POST", MEETING + "/ta-bort", STAFF, form={}, note="held, with an agenda: 409"),
    _row(
        "POST",
        MEETING + "/punkter",
        STAFF,
        form={"title": "X", "kind": "information", "presenter": "Y"},
        note="minutes adjusted: 409",
    ),
    _row(
        "POST",
        MEETING + "/punkter/{item_id}/handlingar",
        STAFF,
        form={"title": "X"},
        note="no file: 422",
    ),
    _row(
        "POST",
        MEETING + "/punkter/{item_id}/beslut",
        STAFF,
        form={"text": "X", "decided_on": "2026-05-11", "reference": "STH 2026/99"},
    ),
    _row("POST", MEETING + "/protokoll", STAFF, form={"text": "X"}, note="adjusted: 409"),
    _row(
        "POST",
        MEETING + "/protokoll/justering",
        STAFF,
        form={"adjusted_by": "X", "adjusted_on": "2026-05-12"},
        note="adjusted: 409",
    ),
    _row("GET", "/forbund/styrelse/handlingar/{document_id}", READERS),
    _row("GET", "/forbund/avtal/{agreement_id}/andra", STAFF),
    _row(
        "POST",
        "/forbund/avtal/{agreement_id}/andra",
        STAFF,
        form={"title": "X", "owner": "Y", "end": "1900-01-01"},
        note="ends before it starts: 422",
    ),
    _row("GET", "/forbund/avtal/{agreement_id}/ta-bort", STAFF),
    Row(
        "POST",
        "/forbund/avtal/{agreement_id}/ta-bort",
        STAFF,
        fill={**IDS, "agreement_id": "999"},
        form={},
        note="no such agreement: 404, and the matrix's agreement stays",
    ),
    _row("GET", "/forbund/styrelse/beslut/{decision_id}/andra", STAFF),
    _row(
        "POST",
        "/forbund/styrelse/beslut/{decision_id}/andra",
        STAFF,
        form={"text": "X"},
        note="minutes adjusted: 409",
    ),
    _row("GET", "/forbund/styrelse/beslut/{decision_id}/ta-bort", STAFF),
    _row(
        "POST",
        "/forbund/styrelse/beslut/{decision_id}/ta-bort",
        STAFF,
        form={},
        note="minutes adjusted: 409",
    ),
    _row("GET", "/forbund/styrgrupper", READERS),
    _row(
        "POST",
        "/forbund/styrgrupper",
        STAFF,
        form={"name": "Matrisgrupp", "mandate": "X", "start": "2026-01-01"},
    ),
    _row(
        "POST",
        "/forbund/styrgrupper/{group_id}/ledamoter",
        STAFF,
        form={"name": "X", "organisation": "Solna", "role": "member"},
    ),
    _row(
        "POST",
        "/forbund/styrgrupper/representanter",
        STAFF,
        form={"person": "X", "body": "Energikontoret", "start": "2026-01-01"},
    ),
    _row("GET", "/forbund/avtal", READERS),
    _row("GET", "/forbund/avtal", READERS, query="inom=30&datum=2026-12-20"),
    _row(
        "POST",
        "/forbund/avtal",
        STAFF,
        form={
            "title": "X",
            "kind": "inter_municipal",
            "municipalities": ["0180", "0182"],
            "start": "2026-01-01",
            "owner": "Y",
            "revision_date": "2027-01-01",
        },
    ),
    _row("GET", "/forbund/avtal/{agreement_id}", READERS),
    _row(
        "POST",
        "/forbund/avtal/{agreement_id}/revision",
        STAFF,
        form={"revised_on": "2026-11-01", "next_revision": "2028-01-01"},
    ),
    # -- API -----------------------------------------------------------------------------------
    _row("GET", API + "/meetings", READERS),
    _row("POST", API + "/meetings", STAFF, json={"on": "2026-09-01", "place": "Matrisen"}),
    _row("GET", API_MEETING, READERS),
    _row("PATCH", API_MEETING, STAFF, json={"place": "Matrisen"}, note="held: 409"),
    _row("DELETE", API_MEETING, STAFF, note="held, with an agenda: 409"),
    _row("POST", API_MEETING + "/held", STAFF),
    _row(
        "POST",
        API_MEETING + "/items",
        STAFF,
        json={"title": "X", "kind": "report", "presenter": "Y"},
    ),
    _row(
        "POST",
        API_MEETING + "/items/{item_id}/documents",
        STAFF,
        json={"title": "X", "file_name": "x.txt", "content_base64": "aGVq"},
    ),
    _row(
        "POST",
        API_MEETING + "/items/{item_id}/decisions",
        STAFF,
        json={"text": "X", "decided_on": "2026-05-11", "reference": "STH 2026/98"},
    ),
    _row("PUT", API_MEETING + "/minutes", STAFF, json={"text": "X"}),
    _row(
        "POST",
        API_MEETING + "/minutes/adjustment",
        STAFF,
        json={"adjusted_by": "X", "adjusted_on": "2026-05-12"},
    ),
    _row("GET", API + "/documents/{document_id}", READERS),
    _row("GET", API + "/decisions", READERS, query="year=2026"),
    _row(
        "PATCH", API + "/decisions/{decision_id}", STAFF, json={"text": "X"}, note="adjusted: 409"
    ),
    _row("DELETE", API + "/decisions/{decision_id}", STAFF, note="minutes adjusted: 409"),
    _row("GET", API + "/steering-groups", READERS),
    _row(
        "POST",
        API + "/steering-groups",
        STAFF,
        json={"name": "API-gruppen", "mandate": "X", "start": "2026-01-01"},
    ),
    _row(
        "POST",
        API + "/steering-groups/{group_id}/members",
        STAFF,
        json={"name": "X", "organisation": "Solna", "role": "deputy"},
    ),
    _row("GET", API + "/representatives", READERS),
    _row(
        "POST",
        API + "/representatives",
        STAFF,
        json={"person": "X", "body": "Energikontoret", "start": "2026-01-01"},
    ),
    _row("GET", API + "/agreements", READERS),
    _row("GET", API + "/agreements", READERS, query="due_within=90&date=2026-12-01"),
    _row(
        "POST",
        API + "/agreements",
        STAFF,
        json={
            "title": "X",
            "kind": "region",
            "municipalities": ["0180"],
            "organisations": ["Region Stockholm"],
            "start": "2026-01-01",
            "owner": "Y",
            "revision_date": "2027-01-01",
        },
    ),
    _row("GET", API + "/agreements/{agreement_id}", READERS),
    _row(
        "PATCH",
        API + "/agreements/{agreement_id}",
        STAFF,
        json={"end": "1900-01-01"},
        note="ends before it starts: 422",
    ),
    Row(
        "DELETE",
        API + "/agreements/{agreement_id}",
        STAFF,
        fill={**IDS, "agreement_id": "999"},
        note="no such agreement: 404, and the matrix's agreement stays",
    ),
    _row(
        "POST",
        API + "/agreements/{agreement_id}/revisions",
        STAFF,
        json={"revised_on": "2026-11-01", "next_revision": "2028-06-01"},
    ),
]


def build(database: sessionmaker[Session]) -> None:
    """Add what these rows need to the matrix's year (its accounts exist already)."""
    build_board(database)
