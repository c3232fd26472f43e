"""What the board's pages and its API share: who may do what (``BoardRead``, ``BoardWrite``), the
row id of a path, an attached document's download, and one model per use case, for the page's
form and the API's body alike. Both entry points use it; neither imports the other.

* Meetings: ``MeetingIn``, ``ItemIn``, ``DecisionIn``, ``MinutesIn``, ``AdjustmentIn``. A
  document is attached from a page as an uploaded file and through the API as base64 in JSON
  (``api.board.DocumentIn``); its title has the same limit, ``TITLE_MAXIMUM``.
* Steering groups and representatives: ``GroupIn``, ``MemberIn``, ``RepresentativeIn``.
* Agreements: ``AgreementIn`` (the page writes the other parties one per line and the
  follow-up dates separated by commas; ``.parties()`` are the service's parties) and
  ``RevisionIn``.
* Corrections: ``DecisionTextIn`` and ``AgreementChangeIn``, the edit pages' forms; the API's
  PATCH takes ``MeetingPatchIn``, ``DecisionPatchIn`` and ``AgreementPatchIn``, where a field
  left out stays as it is.

The services keep the final word on permission and on the rules.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Annotated, Final
from urllib.parse import quote

from fastapi import Depends, Path
from fastapi.responses import Response
from pydantic import BeforeValidator, Field

from samverka.association.board.domain.agreements import AgreementKind
from samverka.association.board.domain.board import ItemKind
from samverka.association.board.domain.steering_groups import MemberRole
from samverka.association.board.ports import Party
from samverka.platform.access.domain.actors import Actor, Role
from samverka.platform.http import UseCaseModel
from samverka.platform.web.auth import require

BoardRead = Annotated[Actor, Depends(require(Role.ASSOCIATION_STAFF, Role.BOARD_MEMBER))]
BoardWrite = Annotated[Actor, Depends(require(Role.ASSOCIATION_STAFF))]


def attachment(content: bytes, content_type: str, file_name: str) -> Response:
    """``content`` as a download named ``file_name`` (RFC 6266, UTF-8 name for å, ä, ö)."""
    ascii_name = file_name.encode("ascii", "replace").decode().replace('"', "").replace("?", "_")
    disposition = f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(file_name)}"
    headers = {"Content-Disposition": disposition, "X-Content-Type-Options": "nosniff"}
    return Response(content, media_type=content_type, headers=headers)


ROW_ID_MAXIMUM: Final = 2_147_483_647  # a database integer
TITLE_MAXIMUM: Final = 300


RowId = Annotated[int, Path(ge=1, le=ROW_ID_MAXIMUM)]
DecisionId = Annotated[int | None, Field(ge=1, le=ROW_ID_MAXIMUM)]


def _split(separate: Callable[[str], list[str]]) -> Callable[[object], object]:
    """A list as it is, or each text in it split as the page writes several in one field."""

    def split(value: object) -> object:
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            return value
        return [
            part.strip()
            for item in value
            for part in (separate(item) if isinstance(item, str) else [item])
            if not isinstance(part, str) or part.strip()
        ]

    return split


def _words(text: str) -> list[str]:
    return text.replace(",", " ").split()


class MeetingIn(UseCaseModel):
    on: date
    place: str = Field(max_length=200)


class ItemIn(UseCaseModel):
    title: str = Field(max_length=TITLE_MAXIMUM)
    kind: ItemKind
    presenter: str = Field(max_length=200)


class DecisionIn(UseCaseModel):
    text: str = Field(max_length=10_000)
    decided_on: date
    reference: str = Field(max_length=40, description="The diarienummer, e.g. STH 2023/45.")


class MinutesIn(UseCaseModel):
    text: str = Field(max_length=100_000)


class AdjustmentIn(UseCaseModel):
    adjusted_by: str = Field(max_length=200)
    adjusted_on: date


class GroupIn(UseCaseModel):
    name: str = Field(max_length=200)
    mandate: str = Field(max_length=10_000)
    start: date
    end: date | None = None
    decision_id: DecisionId = None


class MemberIn(UseCaseModel):
    name: str = Field(max_length=200)
    organisation: str = Field(max_length=200)
    role: MemberRole


class RepresentativeIn(UseCaseModel):
    person: str = Field(max_length=200)
    body: str = Field(max_length=200)
    start: date
    end: date | None = None
    decision_id: DecisionId = None


class AgreementIn(UseCaseModel):
    title: str = Field(max_length=300)
    kind: AgreementKind
    municipalities: list[Annotated[str, Field(pattern=r"^\d{4}$")]] = Field(
        default_factory=list, max_length=30, description="Member municipalities' codes."
    )
    organisations: Annotated[
        list[Annotated[str, Field(max_length=200)]], BeforeValidator(_split(str.splitlines))
    ] = Field(default_factory=list, max_length=30, description="Other parties, by name.")
    start: date
    end: date | None = None
    owner: str = Field(max_length=200)
    revision_date: date
    follow_up_dates: Annotated[list[date], BeforeValidator(_split(_words))] = Field(
        default_factory=list, max_length=50
    )

    def parties(self) -> list[Party]:
        """The other organisations first, then the member municipalities."""
        return [Party(organisation=name) for name in self.organisations] + [
            Party(municipality_code=code) for code in self.municipalities
        ]


class RevisionIn(UseCaseModel):
    revised_on: date
    next_revision: date
    note: str = Field(default="", max_length=5000)


class DecisionTextIn(UseCaseModel):
    """A decision's corrected text, day and reference (the edit page sends all three)."""

    text: str = Field(min_length=1, max_length=10_000)
    decided_on: date | None = None
    reference: str | None = Field(default=None, max_length=40)


class DecisionPatchIn(UseCaseModel):
    """A decision's corrected text, day or reference; a field left out stays as it is."""

    text: str | None = Field(default=None, min_length=1, max_length=10_000)
    decided_on: date | None = None
    reference: str | None = Field(
        default=None, max_length=40, description="The diarienummer, e.g. STH 2023/45."
    )


class AgreementChangeIn(UseCaseModel):
    """What the staff change of an agreement: its title, owner and end (empty: open-ended), and
    its kind, start, revision date and follow-up dates (each left out: as it is)."""

    title: str = Field(min_length=1, max_length=300)
    owner: str = Field(min_length=1, max_length=200)
    end: date | None = None
    kind: AgreementKind | None = None
    start: date | None = None
    revision_date: date | None = None
    follow_up_dates: Annotated[list[date] | None, BeforeValidator(_split(_words))] = Field(
        default=None, max_length=50
    )
    # The edit page always shows the follow-up dates: there an empty field removes them all.
    follow_up_dates_shown: bool = False

    def follow_ups(self) -> list[date] | None:
        """The follow-up dates to keep (``None``: as they are)."""
        if self.follow_up_dates is None and self.follow_up_dates_shown:
            return []
        return self.follow_up_dates


class MeetingPatchIn(UseCaseModel):
    """A planned meeting's corrected date or place; a field left out stays as it is."""

    on: date | None = None
    place: str | None = Field(default=None, max_length=200)

    def applied_to(self, on: date, place: str) -> MeetingIn:
        return MeetingIn(on=self.on or on, place=place if self.place is None else self.place)


class AgreementPatchIn(UseCaseModel):
    """An agreement's corrected title, kind, start, end (``null``: open-ended), owner, revision
    date or follow-up dates; a field left out stays as it is."""

    title: str | None = Field(default=None, min_length=1, max_length=300)
    owner: str | None = Field(default=None, min_length=1, max_length=200)
    end: date | None = None
    kind: AgreementKind | None = None
    start: date | None = None
    revision_date: date | None = None
    follow_up_dates: list[date] | None = Field(default=None, max_length=50)

    def applied_to(self, title: str, owner: str, end: date | None) -> AgreementChangeIn:
        """The title, owner and end to keep (the other fields: ``None`` is as it is)."""
        return AgreementChangeIn(
            title=title if self.title is None else self.title,
            owner=owner if self.owner is None else self.owner,
            end=self.end if "end" in self.model_fields_set else end,
        )
