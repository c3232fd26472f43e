"""Pagination of list endpoints: ``?limit=`` (1–200, default 50) and ``?offset=`` (0–10⁹).

A list endpoint takes ``Annotated[Pagination, Depends(pagination)]``, asks its query for
``pages.limit`` items from ``pages.offset`` and the total count, and returns
``pages.page(items, total)``: ``{"items": [...], "total": n, "limit": l, "offset": o}``.
Out-of-range values are refused with 422 ``invalid_input`` before the endpoint runs.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Annotated, Generic, TypeVar

from fastapi import Query
from pydantic import BaseModel

DEFAULT_LIMIT = 50
MAXIMUM_LIMIT = 200
MAXIMUM_OFFSET = 1_000_000_000  # far beyond any list; a database integer holds it
T = TypeVar("T")


class Page(BaseModel, Generic[T]):
    items: list[T]
    total: int
    limit: int
    offset: int


@dataclass(frozen=True, slots=True)
class Pagination:
    limit: int = DEFAULT_LIMIT
    offset: int = 0

    def __post_init__(self) -> None:
        if not 1 <= self.limit <= MAXIMUM_LIMIT:
            raise ValueError(f"limit must be 1–{MAXIMUM_LIMIT}, not {self.limit}")
        if self.offset < 0:
            raise ValueError(f"offset must be at least 0, not {self.offset}")
        if self.offset > MAXIMUM_OFFSET:
            raise ValueError(f"offset must be at most {MAXIMUM_OFFSET}, not {self.offset}")

    def page(self, items: Sequence[T], total: int) -> Page[T]:
        return Page[T](items=list(items), total=total, limit=self.limit, offset=self.offset)


def pagination(
    limit: Annotated[
        int, Query(ge=1, le=MAXIMUM_LIMIT, description="How many items, at most.")
    ] = DEFAULT_LIMIT,
    offset: Annotated[
        int, Query(ge=0, le=MAXIMUM_OFFSET, description="How many items to skip.")
    ] = 0,
) -> Pagination:
    return Pagination(limit=limit, offset=offset)
