"""The authorisation matrix's rows for the association's operations_plan pages and API.

The association's staff read and change the plan and budget; a board member reads them and
posting is 403; everyone else (the municipality too) gets 403."""

from __future__ import annotations

from matrix_support import Row, only
from operations_plan_support import add_small_plan
from sqlalchemy.orm import Session, sessionmaker

from samverka.platform.access.domain.actors import Role

STAFF, BOARD = Role.ASSOCIATION_STAFF, Role.BOARD_MEMBER
READERS = only(STAFF, BOARD)
IDS = {"assignment_id": "1", "activity_id": "1", "area_id": "1", "year": "2026"}
PLAN = "/forbund/verksamhetsplan"
ITEM = {"kind": "mal", "item_id": "1"}
API = "/api/v1/association"

ROWS: list[Row] = [
    Row("GET", PLAN, READERS),
    Row("GET", PLAN, READERS, query="ar=2026"),
    Row(
        "POST",
        f"{PLAN}/omraden",
        only(STAFF),
        form={"year": "2026", "kind": "prerequisite", "name": "Digitalisering"},
    ),
    Row(
        "POST", f"{PLAN}/mal", only(STAFF), form={"year": "2026", "area_id": "1", "text": "Ett mål"}
    ),
    Row(
        "POST",
        f"{PLAN}/uppdrag",
        only(STAFF),
        form={
            "year": "2026",
            "name": "Äldre",
            "unit_id": "1",
            "planned_hours": "500",
            "goal_ids": "1",
        },
    ),
    Row("GET", f"{PLAN}/uppdrag/{{assignment_id}}", READERS, fill=IDS),
    Row(
        "POST",
        f"{PLAN}/uppdrag/{{assignment_id}}/aktiviteter",
        only(STAFF),
        fill=IDS,
        form={"name": "Workshop", "planned_hours": "20"},
    ),
    Row(
        "POST",
        f"{PLAN}/aktiviteter/{{activity_id}}/timmar",
        only(STAFF),
        fill=IDS,
        form={"assignment_id": "1", "reported_hours": "12.5"},
    ),
    Row(
        "POST",
        f"{PLAN}/uppdrag/{{assignment_id}}/uppfoljning",
        only(STAFF),
        fill=IDS,
        form={"period": "T1", "light": "at_risk", "comment": "Försenat"},
    ),
    # Editing and removing an item: the staff only, a board member reads (403). The goal is
    # served by an assignment: its removal is a 409 for the staff, and nothing changes.
    Row("GET", f"{PLAN}/{{kind}}/{{item_id}}/andra", only(STAFF), fill=ITEM),
    Row(
        "POST",
        f"{PLAN}/{{kind}}/{{item_id}}/andra",
        only(STAFF),
        fill=ITEM,
        form={"name": "God hälsa på lika villkor"},
    ),
    Row("GET", f"{PLAN}/{{kind}}/{{item_id}}/ta-bort", only(STAFF), fill=ITEM),
    Row("POST", f"{PLAN}/{{kind}}/{{item_id}}/ta-bort", only(STAFF), fill=ITEM, note="409"),
    Row("GET", "/forbund/budget", READERS),
    Row("GET", "/forbund/budget", READERS, query="ar=2025"),
    Row("POST", "/forbund/budget/import", only(STAFF), note="without a file: 422 for the staff"),
    Row("GET", "/forbund/budget/mall.xlsx", only(STAFF)),
    Row(
        "POST",
        "/forbund/budget/enheter",
        only(STAFF),
        form={"year": "2026", "name": "UEDB", "financing": "agreement"},
    ),
    Row(
        "PATCH",
        f"{API}/plan/{{kind}}/{{item_id}}",
        only(STAFF),
        fill={"kind": "goals", "item_id": "1"},
        json={"name": "God hälsa på lika villkor"},
    ),
    Row(
        "DELETE",
        f"{API}/plan/{{kind}}/{{item_id}}",
        only(STAFF),
        fill={"kind": "goals", "item_id": "1"},
        note="served by an assignment: 409",
    ),
    Row("GET", f"{API}/plan/{{year}}", READERS, fill=IDS),
    Row("GET", f"{API}/plan/assignments/{{assignment_id}}", READERS, fill=IDS),
    Row(
        "POST",
        f"{API}/plan/{{year}}/areas",
        only(STAFF),
        fill=IDS,
        json={"kind": "focus_area", "name": "Bo och verka"},
    ),
    Row("POST", f"{API}/plan/areas/{{area_id}}/goals", only(STAFF), fill=IDS, json={"text": "Mål"}),
    Row(
        "POST",
        f"{API}/plan/{{year}}/assignments",
        only(STAFF),
        fill=IDS,
        json={"name": "Färdtjänst", "unit_id": 1, "planned_hours": "100", "goal_ids": [1]},
    ),
    Row(
        "POST",
        f"{API}/plan/assignments/{{assignment_id}}/activities",
        only(STAFF),
        fill=IDS,
        json={"name": "Rådet", "planned_hours": "10"},
    ),
    Row(
        "POST",
        f"{API}/plan/activities/{{activity_id}}/reported-hours",
        only(STAFF),
        fill=IDS,
        json={"reported_hours": "30"},
    ),
    Row(
        "POST",
        f"{API}/plan/assignments/{{assignment_id}}/follow-ups",
        only(STAFF),
        fill=IDS,
        json={"period": "T2", "light": "on_track", "comment": "Ikapp"},
    ),
    Row("GET", f"{API}/budget/{{year}}", READERS, fill=IDS),
    Row("GET", f"{API}/budget/{{year}}/staff-allocation", READERS, fill=IDS),
    Row(
        "POST",
        f"{API}/budget/units",
        only(STAFF),
        json={"name": "Övriga avtalsfinansierade verksamheter", "financing": "agreement"},
    ),
    Row("POST", f"{API}/budget/import", only(STAFF), note="without a file: 422 for the staff"),
]


def build(database: sessionmaker[Session]) -> None:
    """Add what these rows need to the matrix's year (its accounts exist already)."""
    add_small_plan(database)
