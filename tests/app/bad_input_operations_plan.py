"""Bad input to the association's operations_plan API: rows for test_api_bad_input."""

from __future__ import annotations

from bad_input_support import HUGE, NOT_JSON, Bad, invalid, missing
from operations_plan_support import add_small_plan
from sqlalchemy.orm import Session, sessionmaker

from samverka.platform.access.domain.actors import Role

STAFF, BOARD = Role.ASSOCIATION_STAFF, Role.BOARD_MEMBER
API = "/api/v1/association"
PLAN = f"{API}/plan/{{year}}"
ASSIGNMENT = f"{API}/plan/assignments/{{assignment_id}}"
AREAS = f"{API}/plan/{{year}}/areas"
GOALS = f"{API}/plan/areas/{{area_id}}/goals"
ASSIGNMENTS = f"{API}/plan/{{year}}/assignments"
ACTIVITIES = f"{API}/plan/assignments/{{assignment_id}}/activities"
HOURS = f"{API}/plan/activities/{{activity_id}}/reported-hours"
FOLLOW_UPS = f"{API}/plan/assignments/{{assignment_id}}/follow-ups"
BUDGET = f"{API}/budget/{{year}}"
ALLOCATION = f"{API}/budget/{{year}}/staff-allocation"
UNITS = f"{API}/budget/units"
IMPORT = f"{API}/budget/import"
ITEM = f"{API}/plan/{{kind}}/{{item_id}}"
YEAR = {"year": "2026"}
ONE = {"assignment_id": "1", "activity_id": "1", "area_id": "1"}
NONE = {"assignment_id": "999", "activity_id": "999", "area_id": "999"}
ASSIGNMENT_BODY = {"name": "Äldre", "unit_id": 1, "planned_hours": "500", "goal_ids": [1]}
FOLLOW_UP_BODY = {"period": "T1", "light": "at_risk", "comment": "Försenat"}


def _years(method: str, path: str, who: Role) -> list[Bad]:
    return [
        invalid("a year that is text", method, path, who, "year", fill={"year": "tjugo"}),
        invalid("a year before 2000", method, path, who, "year", fill={"year": "1999"}),
        invalid("a huge year", method, path, who, "year", fill={"year": str(HUGE)}),
    ]


def _ids(method: str, path: str, name: str, who: Role, body: object) -> list[Bad]:
    thing = name.removesuffix("_id")
    return [
        missing(f"no such {thing}", method, path, who, thing, fill=NONE, json=body),
        invalid(
            f"an {thing} id that is text", method, path, who, name, fill={name: "ett"}, json=body
        ),
        invalid(f"a huge {thing} id", method, path, who, name, fill={name: str(HUGE)}, json=body),
    ]


BAD_INPUTS: list[Bad] = [
    *_years("GET", PLAN, BOARD),
    *_ids("GET", ASSIGNMENT, "assignment_id", BOARD, None),
    *_years("POST", AREAS, STAFF),
    invalid(
        "an unknown kind of area",
        "POST",
        AREAS,
        STAFF,
        "kind",
        fill=YEAR,
        json={"kind": "vision", "name": "X"},
    ),
    invalid(
        "an area without a name",
        "POST",
        AREAS,
        STAFF,
        "name",
        fill=YEAR,
        json={"kind": "focus_area"},
    ),
    invalid(
        "a name of 121 characters",
        "POST",
        AREAS,
        STAFF,
        "name",
        fill=YEAR,
        json={"kind": "focus_area", "name": "X" * 121},
    ),
    invalid("a body that is not JSON", "POST", AREAS, STAFF, "json", fill=YEAR, content=NOT_JSON),
    *_ids("POST", GOALS, "area_id", STAFF, {"text": "Mål"}),
    invalid("an empty goal", "POST", GOALS, STAFF, "text", fill=ONE, json={"text": ""}),
    *_years("POST", ASSIGNMENTS, STAFF),
    invalid(
        "no goals",
        "POST",
        ASSIGNMENTS,
        STAFF,
        "goal_ids",
        fill=YEAR,
        json={**ASSIGNMENT_BODY, "goal_ids": []},
    ),
    invalid(
        "a goal that does not exist",
        "POST",
        ASSIGNMENTS,
        STAFF,
        "goal 999 is not a goal",
        fill=YEAR,
        json={**ASSIGNMENT_BODY, "goal_ids": [999]},
    ),
    invalid(
        "a goal of another year",
        "POST",
        ASSIGNMENTS,
        STAFF,
        "not a goal of the plan of 2027",
        fill={"year": "2027"},
        json=ASSIGNMENT_BODY,
    ),
    invalid(
        "a unit that does not exist",
        "POST",
        ASSIGNMENTS,
        STAFF,
        "no budget unit 999",
        fill=YEAR,
        json={**ASSIGNMENT_BODY, "unit_id": 999},
    ),
    invalid(
        "a huge unit id",
        "POST",
        ASSIGNMENTS,
        STAFF,
        "unit_id",
        fill=YEAR,
        json={**ASSIGNMENT_BODY, "unit_id": HUGE},
    ),
    invalid(
        "negative hours",
        "POST",
        ASSIGNMENTS,
        STAFF,
        "planned_hours",
        fill=YEAR,
        json={**ASSIGNMENT_BODY, "planned_hours": "-1"},
    ),
    invalid(
        "hours in hundredths",
        "POST",
        ASSIGNMENTS,
        STAFF,
        "planned_hours",
        fill=YEAR,
        json={**ASSIGNMENT_BODY, "planned_hours": "1.25"},
    ),
    *_ids("POST", ACTIVITIES, "assignment_id", STAFF, {"name": "A", "planned_hours": "1"}),
    invalid(
        "hours that are text",
        "POST",
        ACTIVITIES,
        STAFF,
        "planned_hours",
        fill=ONE,
        json={"name": "A", "planned_hours": "many"},
    ),
    invalid(
        "a name of 2001 characters",
        "POST",
        ACTIVITIES,
        STAFF,
        "name",
        fill=ONE,
        json={"name": "X" * 2001, "planned_hours": "1"},
    ),
    *_ids("POST", HOURS, "activity_id", STAFF, {"reported_hours": "1"}),
    invalid(
        "negative reported hours",
        "POST",
        HOURS,
        STAFF,
        "reported_hours",
        fill=ONE,
        json={"reported_hours": "-3"},
    ),
    invalid(
        "reported hours above 100,000",
        "POST",
        HOURS,
        STAFF,
        "reported_hours",
        fill=ONE,
        json={"reported_hours": "100001"},
    ),
    *_ids("POST", FOLLOW_UPS, "assignment_id", STAFF, FOLLOW_UP_BODY),
    invalid(
        "an unknown period",
        "POST",
        FOLLOW_UPS,
        STAFF,
        "is not a period",
        fill=ONE,
        json={**FOLLOW_UP_BODY, "period": "Q3"},
    ),
    invalid(
        "an unknown light",
        "POST",
        FOLLOW_UPS,
        STAFF,
        "light",
        fill=ONE,
        json={**FOLLOW_UP_BODY, "light": "green"},
    ),
    invalid(
        "no comment",
        "POST",
        FOLLOW_UPS,
        STAFF,
        "comment",
        fill=ONE,
        json={"period": "T1", "light": "at_risk"},
    ),
    invalid(
        "a blank comment",
        "POST",
        FOLLOW_UPS,
        STAFF,
        "comment",  # refused at the edge: texts are read without surrounding white space
        fill=ONE,
        json={**FOLLOW_UP_BODY, "comment": "   "},
    ),
    *_years("GET", BUDGET, BOARD),
    *_years("GET", ALLOCATION, BOARD),
    invalid(
        "an unknown financing",
        "POST",
        UNITS,
        STAFF,
        "financing",
        json={"name": "X", "financing": "tax"},
    ),
    invalid("a unit without a name", "POST", UNITS, STAFF, "name", json={"financing": "agreement"}),
    invalid(
        "a blank name",
        "POST",
        UNITS,
        STAFF,
        "name",  # refused at the edge: texts are read without surrounding white space
        json={"name": "  ", "financing": "agreement"},
    ),
    Bad(
        "a unit that exists already",
        "POST",
        UNITS,
        STAFF,
        409,
        "conflict",
        "already",
        json={"name": "välfärdsutveckling", "financing": "agreement"},
    ),
    invalid("no file", "POST", IMPORT, STAFF, "file"),
    invalid(
        "a JSON body instead of a file", "POST", IMPORT, STAFF, "file", json={"file": "budget.xlsx"}
    ),
    invalid("a body that is not a form", "POST", IMPORT, STAFF, "file", content=NOT_JSON),
    # -- corrections and removals ---------------------------------------------------------------
    invalid(
        "a huge removed item id",
        "DELETE",
        ITEM,
        STAFF,
        "item_id",
        fill={"kind": "areas", "item_id": str(HUGE)},
    ),
    invalid(
        "an unknown kind of item corrected",
        "PATCH",
        ITEM,
        STAFF,
        "kind",
        fill={"kind": "things", "item_id": "1"},
        json={},
    ),
    invalid(
        "a corrected name too long",
        "PATCH",
        ITEM,
        STAFF,
        "name",
        fill={"kind": "goals", "item_id": "1"},
        json={"name": "X" * 2001},
    ),
    invalid(
        "negative corrected hours",
        "PATCH",
        ITEM,
        STAFF,
        "planned_hours",
        fill={"kind": "assignments", "item_id": "1"},
        json={"planned_hours": "-1"},
    ),
    invalid(
        "a corrected body that is not JSON",
        "PATCH",
        ITEM,
        STAFF,
        "json",
        fill={"kind": "areas", "item_id": "1"},
        content=NOT_JSON,
    ),
    invalid(
        "a removed item id that is text",
        "DELETE",
        ITEM,
        STAFF,
        "item_id",
        fill={"kind": "areas", "item_id": "one"},
    ),
    invalid(
        "an unknown kind of item removed",
        "DELETE",
        ITEM,
        STAFF,
        "kind",
        fill={"kind": "things", "item_id": "1"},
    ),
]
WITHOUT_INPUT: set[tuple[str, str]] = set()


def build(database: sessionmaker[Session]) -> None:
    """Add what these rows need to one of the two years (its accounts exist already)."""
    add_small_plan(database)
