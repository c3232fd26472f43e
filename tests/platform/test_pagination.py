"""Pagination of the API's lists: limit 1–200 (default 50), offset ≥ 0, and the page shape."""

from __future__ import annotations

from typing import Annotated

import pytest
from fastapi import Depends, FastAPI
from fastapi.testclient import TestClient

from samverka.platform.api.pagination import Page, Pagination, pagination

NAMES = [f"name {number}" for number in range(120)]


@pytest.fixture
def client() -> TestClient:
    app = FastAPI()

    @app.get("/names")
    def names(pages: Annotated[Pagination, Depends(pagination)]) -> Page[str]:
        return pages.page(NAMES[pages.offset : pages.offset + pages.limit], total=len(NAMES))

    return TestClient(app)


def test_a_list_without_parameters_gives_the_first_fifty_items_and_the_total(
    client: TestClient,
) -> None:
    page = client.get("/names").json()
    assert (page["total"], page["limit"], page["offset"]) == (120, 50, 0)
    assert page["items"] == NAMES[:50]


def test_limit_and_offset_choose_the_slice_and_are_echoed(client: TestClient) -> None:
    page = client.get("/names", params={"limit": 200, "offset": 110}).json()
    assert page == {"items": NAMES[110:], "total": 120, "limit": 200, "offset": 110}


@pytest.mark.parametrize(("limit", "offset"), [(0, 0), (201, 0), (50, -1), ("many", 0)], ids=str)
def test_a_limit_outside_1_to_200_or_a_negative_offset_is_refused(
    client: TestClient, limit: int | str, offset: int
) -> None:
    assert client.get("/names", params={"limit": limit, "offset": offset}).status_code == 422


def test_a_pagination_made_in_code_is_checked_too() -> None:
    with pytest.raises(ValueError, match="limit must be 1–200"):
        Pagination(limit=500)
    with pytest.raises(ValueError, match="offset must be at least 0"):
        Pagination(offset=-5)
    assert Pagination(limit=2, offset=4).page(["a", "b"], total=6) == Page[str](
        items=["a", "b"], total=6, limit=2, offset=4
    )
