"""The bad-input table's row type and helpers, shared by ``test_api_bad_input`` and the area
modules that add their own rows (``bad_input_<area>.py``).

An area module holds ``BAD_INPUTS: list[Bad]``, ``WITHOUT_INPUT`` (its ``/api/v1`` routes that
take no input) and ``build(database)``, which adds what its rows need to each of the two years
(a ``sessionmaker`` on the year's database; the accounts exist already).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from samverka.platform.access.domain.actors import Role

AFTER_FINAL = datetime(2026, 7, 2, 12, tzinfo=UTC)
PUBLISHED, UNPUBLISHED = "published", "unpublished"
HUGE = 10**30  # beyond any integer column
LONG = "X" * 2000
NOT_JSON = b"{this is not json"
NOT_UTF8 = b'{"\xff\xfe": 1}'


@dataclass(frozen=True, slots=True)
class Bad:
    """``who`` sends ``method path`` (placeholders from ``fill``) with a bad input ``what``;
    the answer is ``status`` with error ``code``, and ``says`` appears (case-insensitively) in
    its message or in one of its rows."""

    what: str
    method: str
    path: str
    who: Role
    status: int
    code: str
    says: str
    fill: Mapping[str, str] = field(default_factory=dict)
    query: str = ""
    json: object = None
    content: bytes | None = None
    world: str = PUBLISHED
    at: datetime = AFTER_FINAL  # the applicant's clock: the windows open or closed

    @property
    def url(self) -> str:
        path = self.path.format(**self.fill)
        return f"{path}?{self.query}" if self.query else path

    @property
    def id(self) -> str:
        return f"{self.method} {self.path}: {self.what}"


def invalid(what: str, method: str, path: str, who: Role, says: str, **rest: Any) -> Bad:
    return Bad(what, method, path, who, 422, "invalid_input", says, **rest)


def missing(what: str, method: str, path: str, who: Role, says: str, **rest: Any) -> Bad:
    return Bad(what, method, path, who, 404, "not_found", says, **rest)


def pages(path: str, who: Role, query: str = "") -> list[Bad]:
    """The bad pages of a paginated list: ``limit`` 1–200 and ``offset`` ≥ 0, integers."""
    also = f"&{query}" if query else ""
    return [
        invalid("a limit of zero", "GET", path, who, "limit", query=f"limit=0{also}"),
        invalid("a limit above 200", "GET", path, who, "limit", query=f"limit=201{also}"),
        invalid("a huge limit", "GET", path, who, "limit", query=f"limit={HUGE}{also}"),
        invalid("a limit that is text", "GET", path, who, "limit", query=f"limit=many{also}"),
        invalid("a negative offset", "GET", path, who, "offset", query=f"offset=-1{also}"),
        invalid("a fractional offset", "GET", path, who, "offset", query=f"offset=1.5{also}"),
        invalid("a huge offset", "GET", path, who, "offset", query=f"offset={HUGE}{also}"),
    ]
