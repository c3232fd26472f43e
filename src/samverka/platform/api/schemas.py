"""What the API sends: Pydantic models, kept apart from the domain's dataclasses.

Every moment the API sends is a ``Moment``: ISO 8601 with its offset (RFC 3339 ``date-time``,
as OpenAPI's ``format: date-time`` means), in UTC (``2026-07-02T12:00:00Z``), the pattern in
the OpenAPI document saying so; a moment a person reads as Swedish time (a window's bounds, a
message's date) is a ``SwedishMoment``, with the same pattern and the Swedish offset. Storage
keeps moments in UTC only, and SQLite gives them back without their time zone: a moment
without one is UTC, never local time.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from fastapi import Path
from pydantic import AfterValidator, BaseModel, Field, WithJsonSchema

from samverka.platform.access.domain.actors import Actor, Role
from samverka.platform.clock import today
from samverka.platform.domain.personal_id import parse_personal_id
from samverka.platform.domain.swedish_time import in_sweden


def _well_formed_personal_id(text: str) -> str:
    """``text`` unchanged if it is a valid personal identity or coordination number; else a
    ``ValueError`` naming the problem (a 422 ``invalid_input``, not a 404 for no one)."""
    parse_personal_id(text, today=today())
    return text


MOMENT_PATTERN = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$"


def _in_utc(moment: datetime) -> datetime:
    """``moment`` in UTC; one without a time zone is in UTC already (as stored)."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


Moment = Annotated[
    datetime,
    AfterValidator(_in_utc),
    WithJsonSchema(
        {
            "type": "string",
            "format": "date-time",
            "pattern": MOMENT_PATTERN,
            "description": "ISO 8601 with its offset, in UTC: 2026-07-02T12:00:00Z.",
        }
    ),
]


SwedishMoment = Annotated[
    datetime,
    AfterValidator(in_sweden),
    WithJsonSchema(
        {
            "type": "string",
            "format": "date-time",
            "pattern": MOMENT_PATTERN,
            "description": "ISO 8601 with its offset, in Swedish time: 2026-07-02T14:00:00+02:00.",
        }
    ),
]
"""A ``Moment`` a person reads as a Swedish time (a window's bounds, a message's date)."""


PersonalIdPath = Annotated[
    str,
    Path(description="A personal identity number, YYYYMMDD-NNNN."),
    AfterValidator(_well_formed_personal_id),
]


class ActorOut(BaseModel):
    """A signed-in person: their role and the scope it is limited to."""

    username: str
    role: Role
    display_name: str
    personal_id: str | None = Field(None, description="An applicant's own, only.")
    school_unit_codes: list[str] = Field(description="A counsellor's or a school's units.")
    municipality_code: str | None = Field(None, description="A municipality official's.")

    @classmethod
    def of(cls, actor: Actor) -> ActorOut:
        return cls(
            username=actor.username,
            role=actor.role,
            display_name=actor.display_name,
            personal_id=actor.personal_id,
            school_unit_codes=sorted(actor.school_unit_codes),
            municipality_code=actor.municipality_code,
        )


class SessionOut(BaseModel):
    """The session: who is signed in (or nobody), and the token unsafe requests must send in
    the ``X-CSRF-Token`` header."""

    actor: ActorOut | None
    csrf_token: str


class ErrorRow(BaseModel):
    source: str
    line: int = Field(description="0 when the problem is not on a line of a file.")
    field: str
    reason: str


class ErrorBody(BaseModel):
    code: str = Field(
        description="Stable: not_found, not_permitted, conflict, invalid_input, bad_request, "
        "unauthenticated, too_many_attempts, method_not_allowed, internal_error."
    )
    message: str
    rows: list[ErrorRow] = Field(description="Every problem with the input, at once.")


class ErrorOut(BaseModel):
    """Every error the API answers with."""

    error: ErrorBody
