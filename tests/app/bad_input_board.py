"""Bad input to the association's board API: rows for test_api_bad_input.

The world (``board_world``): meeting 1 held with adjusted minutes, a decision item 1 (decided
as STH 2026/1) and an information item 2; meeting 2 planned in 2099; steering group 1 with a
chair; agreement 1."""

from __future__ import annotations

import base64
from typing import Any

from bad_input_support import HUGE, LONG, NOT_JSON, Bad, invalid, missing
from board_world import build_board
from sqlalchemy.orm import Session, sessionmaker

from samverka.platform.access.domain.actors import Role

STAFF = Role.ASSOCIATION_STAFF
API = "/api/v1/association"
MEETINGS = API + "/meetings"
MEETING = MEETINGS + "/{meeting_id}"
ITEMS = MEETING + "/items"
DOCUMENTS = ITEMS + "/{item_id}/documents"
DECISIONS = ITEMS + "/{item_id}/decisions"
MINUTES = MEETING + "/minutes"
ADJUSTMENT = MINUTES + "/adjustment"
DOCUMENT = API + "/documents/{document_id}"
GROUPS = API + "/steering-groups"
MEMBERS = GROUPS + "/{group_id}/members"
REPRESENTATIVES = API + "/representatives"
AGREEMENTS = API + "/agreements"
AGREEMENT = AGREEMENTS + "/{agreement_id}"
REVISIONS = AGREEMENT + "/revisions"
DECISION = API + "/decisions/{decision_id}"
ONE = {"meeting_id": "1", "item_id": "1", "document_id": "1", "group_id": "1", "agreement_id": "1"}
FUTURE = {**ONE, "meeting_id": "2"}


def _conflict(what: str, method: str, path: str, says: str, **rest: Any) -> Bad:
    return Bad(what, method, path, STAFF, 409, "conflict", says, **rest)


def _b64(content: bytes) -> str:
    return base64.b64encode(content).decode()


def _document(**changes: str) -> dict[str, str]:
    return {"title": "Underlag", "file_name": "u.pdf", "content_base64": _b64(b"%PDF-1"), **changes}


def _agreement(**changes: object) -> dict[str, object]:
    body: dict[str, object] = {
        "title": "Avtal",
        "kind": "region",
        "municipalities": ["0180"],
        "organisations": ["Region Stockholm"],
        "start": "2026-01-01",
        "owner": "Kansliet",
        "revision_date": "2027-01-01",
    }
    return {**body, **changes}


BAD_INPUTS: list[Bad] = [
    # -- meetings ------------------------------------------------------------------------------
    invalid("a year that is text", "GET", MEETINGS, STAFF, "year", query="year=last"),
    invalid("a year out of range", "GET", MEETINGS, STAFF, "year", query="year=1000"),
    invalid("a huge year", "GET", MEETINGS, STAFF, "year", query=f"year={HUGE}"),
    invalid("no place", "POST", MEETINGS, STAFF, "place", json={"on": "2026-09-01"}),
    invalid(
        "a blank place", "POST", MEETINGS, STAFF, "place", json={"on": "2026-09-01", "place": "  "}
    ),
    invalid(
        "a date that is no date",
        "POST",
        MEETINGS,
        STAFF,
        "on",
        json={"on": "2026-02-30", "place": "X"},
    ),
    invalid(
        "a place too long",
        "POST",
        MEETINGS,
        STAFF,
        "place",
        json={"on": "2026-09-01", "place": LONG},
    ),
    invalid("a body that is not JSON", "POST", MEETINGS, STAFF, "json", content=NOT_JSON),
    missing(
        "an unknown meeting", "GET", MEETING, STAFF, "no board meeting", fill={"meeting_id": "999"}
    ),
    invalid(
        "a meeting id that is text", "GET", MEETING, STAFF, "meeting_id", fill={"meeting_id": "one"}
    ),
    invalid("a meeting id of zero", "GET", MEETING, STAFF, "meeting_id", fill={"meeting_id": "0"}),
    invalid(
        "a huge meeting id", "GET", MEETING, STAFF, "meeting_id", fill={"meeting_id": str(HUGE)}
    ),
    _conflict("a meeting held twice", "POST", MEETING + "/held", "already", fill=ONE),
    _conflict("a meeting held before its day", "POST", MEETING + "/held", "before", fill=FUTURE),
    missing(
        "an unknown meeting held",
        "POST",
        MEETING + "/held",
        STAFF,
        "no board meeting",
        fill={"meeting_id": "999"},
    ),
    invalid(
        "a meeting id that is text, held",
        "POST",
        MEETING + "/held",
        STAFF,
        "meeting_id",
        fill={"meeting_id": "x"},
    ),
    # -- agenda items --------------------------------------------------------------------------
    invalid(
        "an unknown kind",
        "POST",
        ITEMS,
        STAFF,
        "kind",
        fill=FUTURE,
        json={"title": "X", "kind": "vote", "presenter": "Y"},
    ),
    invalid(
        "no title",
        "POST",
        ITEMS,
        STAFF,
        "title",
        fill=FUTURE,
        json={"kind": "report", "presenter": "Y"},
    ),
    invalid(
        "a blank presenter",
        "POST",
        ITEMS,
        STAFF,
        "presenter",
        fill=FUTURE,
        json={"title": "X", "kind": "report", "presenter": ""},
    ),
    missing(
        "an item on an unknown meeting",
        "POST",
        ITEMS,
        STAFF,
        "no board meeting",
        fill={"meeting_id": "999"},
        json={"title": "X", "kind": "report", "presenter": "Y"},
    ),
    _conflict(
        "an item after the minutes are adjusted",
        "POST",
        ITEMS,
        "adjusted",
        fill=ONE,
        json={"title": "X", "kind": "report", "presenter": "Y"},
    ),
    # -- documents -----------------------------------------------------------------------------
    invalid(
        "content that is not base64",
        "POST",
        DOCUMENTS,
        STAFF,
        "base64",
        fill=ONE,
        json=_document(content_base64="not base64!"),
    ),
    invalid(
        "a program",
        "POST",
        DOCUMENTS,
        STAFF,
        "not allowed",
        fill=ONE,
        json=_document(file_name="run.exe"),
    ),
    invalid(
        "an empty file",
        "POST",
        DOCUMENTS,
        STAFF,
        "empty",
        fill=ONE,
        json=_document(content_base64=""),
    ),
    invalid(
        "a PDF that is not one",
        "POST",
        DOCUMENTS,
        STAFF,
        "not a .pdf",
        fill=ONE,
        json=_document(content_base64=_b64(b"MZ\x90\x00")),
    ),
    invalid(
        "text that is not UTF-8",
        "POST",
        DOCUMENTS,
        STAFF,
        "not a .txt",
        fill=ONE,
        json=_document(file_name="a.txt", content_base64=_b64(b"\xff\xfe\x00")),
    ),
    invalid(
        "no title",
        "POST",
        DOCUMENTS,
        STAFF,
        "title",
        fill=ONE,
        json={"file_name": "u.pdf", "content_base64": _b64(b"%PDF-1")},
    ),
    missing(
        "an unknown item",
        "POST",
        DOCUMENTS,
        STAFF,
        "no agenda item",
        fill={**ONE, "item_id": "999"},
        json=_document(),
    ),
    missing(
        "an item of another meeting",
        "POST",
        DOCUMENTS,
        STAFF,
        "no agenda item",
        fill=FUTURE,
        json=_document(),
    ),
    # -- decisions -----------------------------------------------------------------------------
    invalid(
        "a decision on an information item",
        "POST",
        DECISIONS,
        STAFF,
        "decision items only",
        fill={**ONE, "item_id": "2"},
        json={"text": "X", "decided_on": "2026-05-11", "reference": "STH 2026/7"},
    ),
    invalid(
        "a reference with markup",
        "POST",
        DECISIONS,
        STAFF,
        "reference",
        fill=ONE,
        json={"text": "X", "decided_on": "2026-05-11", "reference": "<b>1</b>"},
    ),
    invalid(
        "a decision before the meeting",
        "POST",
        DECISIONS,
        STAFF,
        "before the meeting",
        fill=ONE,
        json={"text": "X", "decided_on": "2026-01-01", "reference": "STH 2026/8"},
    ),
    invalid(
        "no decision text",
        "POST",
        DECISIONS,
        STAFF,
        "text",
        fill=ONE,
        json={"decided_on": "2026-05-11", "reference": "STH 2026/9"},
    ),
    _conflict(
        "a reference used before",
        "POST",
        DECISIONS,
        "already used",
        fill=ONE,
        json={"text": "X", "decided_on": "2026-05-11", "reference": "STH 2026/1"},
    ),
    _conflict(
        "a decision after the minutes are adjusted",
        "POST",
        DECISIONS,
        "no more decisions",
        fill=ONE,
        json={"text": "X", "decided_on": "2026-05-11", "reference": "STH 2026/77"},
    ),
    # -- minutes -------------------------------------------------------------------------------
    _conflict(
        "adjusted minutes changed", "PUT", MINUTES, "adjusted", fill=ONE, json={"text": "Ändrat"}
    ),
    invalid("empty minutes", "PUT", MINUTES, STAFF, "text", fill=FUTURE, json={"text": " "}),
    invalid(
        "minutes that are a number", "PUT", MINUTES, STAFF, "text", fill=FUTURE, json={"text": 12}
    ),
    missing(
        "minutes of an unknown meeting",
        "PUT",
        MINUTES,
        STAFF,
        "no board meeting",
        fill={"meeting_id": "999"},
        json={"text": "X"},
    ),
    _conflict(
        "minutes adjusted twice",
        "POST",
        ADJUSTMENT,
        "already adjusted",
        fill=ONE,
        json={"adjusted_by": "X", "adjusted_on": "2026-05-20"},
    ),
    _conflict(
        "no minutes to adjust",
        "POST",
        ADJUSTMENT,
        "no minutes",
        fill=FUTURE,
        json={"adjusted_by": "X", "adjusted_on": "2099-01-02"},
    ),
    invalid(
        "no adjuster",
        "POST",
        ADJUSTMENT,
        STAFF,
        "adjusted_by",
        fill=FUTURE,
        json={"adjusted_on": "2099-01-02"},
    ),
    invalid(
        "an adjustment date that is text",
        "POST",
        ADJUSTMENT,
        STAFF,
        "adjusted_on",
        fill=FUTURE,
        json={"adjusted_by": "X", "adjusted_on": "soon"},
    ),
    # -- documents and decisions read ----------------------------------------------------------
    missing(
        "an unknown document",
        "GET",
        DOCUMENT,
        STAFF,
        "no board document",
        fill={"document_id": "999"},
    ),
    invalid(
        "a document id that is text",
        "GET",
        DOCUMENT,
        STAFF,
        "document_id",
        fill={"document_id": "x"},
    ),
    invalid(
        "a huge document id", "GET", DOCUMENT, STAFF, "document_id", fill={"document_id": str(HUGE)}
    ),
    invalid("no year", "GET", API + "/decisions", STAFF, "year"),
    invalid("a year that is text", "GET", API + "/decisions", STAFF, "year", query="year=now"),
    invalid("a year too late", "GET", API + "/decisions", STAFF, "year", query="year=99999"),
    # -- steering groups and representatives ---------------------------------------------------
    invalid(
        "a group ending before it starts",
        "POST",
        GROUPS,
        STAFF,
        "ends",
        json={"name": "G", "mandate": "M", "start": "2026-01-01", "end": "2025-01-01"},
    ),
    invalid(
        "an unknown decision",
        "POST",
        GROUPS,
        STAFF,
        "no board decision",
        json={"name": "G", "mandate": "M", "start": "2026-01-01", "decision_id": 999},
    ),
    invalid(
        "no mandate", "POST", GROUPS, STAFF, "mandate", json={"name": "G", "start": "2026-01-01"}
    ),
    _conflict(
        "a group's name taken",
        "POST",
        GROUPS,
        "already",
        json={"name": "Styrgrupp digitalisering", "mandate": "M", "start": "2026-01-01"},
    ),
    invalid(
        "an unknown role",
        "POST",
        MEMBERS,
        STAFF,
        "role",
        fill=ONE,
        json={"name": "X", "organisation": "Y", "role": "boss"},
    ),
    missing(
        "an unknown group",
        "POST",
        MEMBERS,
        STAFF,
        "no steering group",
        fill={"group_id": "999"},
        json={"name": "X", "organisation": "Y", "role": "member"},
    ),
    _conflict(
        "a second chair",
        "POST",
        MEMBERS,
        "chair",
        fill=ONE,
        json={"name": "X", "organisation": "Y", "role": "chair"},
    ),
    invalid(
        "a blank organisation",
        "POST",
        MEMBERS,
        STAFF,
        "organisation",
        fill=ONE,
        json={"name": "X", "organisation": " ", "role": "member"},
    ),
    invalid(
        "a representative ending before starting",
        "POST",
        REPRESENTATIVES,
        STAFF,
        "ends",
        json={"person": "P", "body": "B", "start": "2026-01-01", "end": "2025-12-31"},
    ),
    invalid(
        "no person",
        "POST",
        REPRESENTATIVES,
        STAFF,
        "person",
        json={"body": "B", "start": "2026-01-01"},
    ),
    invalid(
        "a decision id of zero",
        "POST",
        REPRESENTATIVES,
        STAFF,
        "decision_id",
        json={"person": "P", "body": "B", "start": "2026-01-01", "decision_id": 0},
    ),
    # -- agreements ----------------------------------------------------------------------------
    invalid("a negative due_within", "GET", AGREEMENTS, STAFF, "due_within", query="due_within=-1"),
    invalid(
        "a due_within that is text", "GET", AGREEMENTS, STAFF, "due_within", query="due_within=soon"
    ),
    invalid(
        "an expiring_within too large",
        "GET",
        AGREEMENTS,
        STAFF,
        "expiring_within",
        query="expiring_within=99999",
    ),
    invalid(
        "a date that is no date",
        "GET",
        AGREEMENTS,
        STAFF,
        "date",
        query="due_within=90&date=2026-13-01",
    ),
    invalid(
        "an unknown municipality",
        "POST",
        AGREEMENTS,
        STAFF,
        "9999",
        json=_agreement(municipalities=["9999"]),
    ),
    invalid(
        "a municipality code too short",
        "POST",
        AGREEMENTS,
        STAFF,
        "municipalities",
        json=_agreement(municipalities=["18"]),
    ),
    invalid(
        "a single party",
        "POST",
        AGREEMENTS,
        STAFF,
        "at least two parties",
        json=_agreement(organisations=[]),
    ),
    invalid("an unknown kind", "POST", AGREEMENTS, STAFF, "kind", json=_agreement(kind="treaty")),
    invalid(
        "a revision before the start",
        "POST",
        AGREEMENTS,
        STAFF,
        "revision date",
        json=_agreement(revision_date="2025-01-01"),
    ),
    invalid(
        "a party named twice",
        "POST",
        AGREEMENTS,
        STAFF,
        "twice",
        json=_agreement(municipalities=["0180", "0180"]),
    ),
    missing(
        "an unknown agreement",
        "GET",
        AGREEMENT,
        STAFF,
        "no agreement",
        fill={"agreement_id": "999"},
    ),
    invalid(
        "an agreement id that is text",
        "GET",
        AGREEMENT,
        STAFF,
        "agreement_id",
        fill={"agreement_id": "x"},
    ),
    invalid(
        "a huge agreement id",
        "GET",
        AGREEMENT,
        STAFF,
        "agreement_id",
        fill={"agreement_id": str(HUGE)},
    ),
    invalid(
        "a next revision before the revision",
        "POST",
        REVISIONS,
        STAFF,
        "after the revision",
        fill=ONE,
        json={"revised_on": "2026-11-01", "next_revision": "2026-10-01"},
    ),
    missing(
        "a revision of an unknown agreement",
        "POST",
        REVISIONS,
        STAFF,
        "no agreement",
        fill={"agreement_id": "999"},
        json={"revised_on": "2026-11-01", "next_revision": "2027-10-01"},
    ),
    invalid(
        "no next revision",
        "POST",
        REVISIONS,
        STAFF,
        "next_revision",
        fill=ONE,
        json={"revised_on": "2026-11-01"},
    ),
    invalid(
        "a note too long",
        "POST",
        REVISIONS,
        STAFF,
        "note",
        fill=ONE,
        json={"revised_on": "2026-11-01", "next_revision": "2027-10-01", "note": LONG * 3},
    ),
    # -- corrections and removals ---------------------------------------------------------------
    invalid(
        "a huge removed meeting id",
        "DELETE",
        MEETING,
        STAFF,
        "meeting_id",
        fill={"meeting_id": str(HUGE)},
    ),
    invalid(
        "a huge removed decision id",
        "DELETE",
        DECISION,
        STAFF,
        "decision_id",
        fill={"decision_id": str(HUGE)},
    ),
    invalid(
        "a huge removed agreement id",
        "DELETE",
        AGREEMENT,
        STAFF,
        "agreement_id",
        fill={"agreement_id": str(HUGE)},
    ),
    invalid(
        "a corrected date that is no date",
        "PATCH",
        MEETING,
        STAFF,
        "on",
        fill=FUTURE,
        json={"on": "2026-02-30"},
    ),
    invalid(
        "a corrected place too long",
        "PATCH",
        MEETING,
        STAFF,
        "place",
        fill=FUTURE,
        json={"place": LONG},
    ),
    invalid(
        "a corrected meeting id that is text",
        "PATCH",
        MEETING,
        STAFF,
        "meeting_id",
        fill={"meeting_id": "one"},
        json={},
    ),
    missing(
        "an unknown meeting corrected",
        "PATCH",
        MEETING,
        STAFF,
        "no board meeting",
        fill={"meeting_id": "999"},
        json={"place": "X"},
    ),
    invalid(
        "a removed meeting id of zero",
        "DELETE",
        MEETING,
        STAFF,
        "meeting_id",
        fill={"meeting_id": "0"},
    ),
    missing(
        "an unknown meeting removed",
        "DELETE",
        MEETING,
        STAFF,
        "no board meeting",
        fill={"meeting_id": "999"},
    ),
    invalid(
        "a corrected decision too long",
        "PATCH",
        DECISION,
        STAFF,
        "text",
        fill={"decision_id": "1"},
        json={"text": "X" * 10_001},
    ),
    invalid(
        "a corrected reference too long",
        "PATCH",
        DECISION,
        STAFF,
        "reference",
        fill={"decision_id": "1"},
        json={"reference": LONG},
    ),
    missing(
        "an unknown decision corrected",
        "PATCH",
        DECISION,
        STAFF,
        "no decision",
        fill={"decision_id": "999"},
        json={"text": "X"},
    ),
    invalid(
        "a removed decision id that is text",
        "DELETE",
        DECISION,
        STAFF,
        "decision_id",
        fill={"decision_id": "one"},
    ),
    missing(
        "an unknown decision removed",
        "DELETE",
        DECISION,
        STAFF,
        "no decision",
        fill={"decision_id": "999"},
    ),
    invalid(
        "a corrected title too long",
        "PATCH",
        AGREEMENT,
        STAFF,
        "title",
        fill=ONE,
        json={"title": LONG},
    ),
    invalid(
        "a corrected kind that is none",
        "PATCH",
        AGREEMENT,
        STAFF,
        "kind",
        fill=ONE,
        json={"kind": "pact"},
    ),
    missing(
        "an unknown agreement corrected",
        "PATCH",
        AGREEMENT,
        STAFF,
        "no agreement",
        fill={"agreement_id": "999"},
        json={"title": "X"},
    ),
    invalid(
        "a removed agreement id that is text",
        "DELETE",
        AGREEMENT,
        STAFF,
        "agreement_id",
        fill={"agreement_id": "one"},
    ),
    missing(
        "an unknown agreement removed",
        "DELETE",
        AGREEMENT,
        STAFF,
        "no agreement",
        fill={"agreement_id": "999"},
    ),
]
WITHOUT_INPUT: set[tuple[str, str]] = {("GET", GROUPS), ("GET", REPRESENTATIVES)}


def build(database: sessionmaker[Session]) -> None:
    """Add what these rows need to one of the two years (its accounts exist already)."""
    build_board(database)
