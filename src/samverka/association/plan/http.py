"""What the operations plan's and budget's pages, API and command line share: who may do what
(``PlanRead``, ``PlanWrite``), one model per use case for the page's form and the API's body
alike, and the plan document's formats and download.

* ``AreaIn``, ``GoalIn``, ``AssignmentIn``, ``ActivityIn``, ``ReportedHoursIn``,
  ``FollowUpIn``, ``UnitIn``: what a change of the plan or budget takes. The plan's year and
  the area, assignment or activity a change belongs to come from the API's path, or from the
  page's fields (``year``, ``area_id``); hours have at most one decimal.
* ``PlanItemIn``: an item as its edit page corrects it (name, or a goal's text; description
  and planned hours where its kind has them); the API's PATCH takes ``PlanItemPatchIn``, where
  a field left out stays as it is, and names the kind in its path (``PlanItemPath``).
* ``DocumentFormat``: the document's own formats, PDF and one self-contained HTML file
  (``document_file`` sends either as a download; the command line chooses by the file's
  suffix).

The services keep the final word on permission and on the rules.
"""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Final

from fastapi import Depends
from fastapi.responses import Response
from pydantic import Field

from samverka.association.plan.domain.audited import PlanItem, PlanItemKind
from samverka.association.plan.domain.budget import Financing
from samverka.association.plan.domain.operations_plan import AreaKind, TrafficLight
from samverka.association.plan.files.document_html import standalone_html
from samverka.association.plan.files.document_model import OperationsPlanDocument
from samverka.association.plan.files.document_pdf import plan_pdf
from samverka.platform.access.domain.actors import Actor, Role
from samverka.platform.http import UseCaseModel
from samverka.platform.web.auth import require

PlanRead = Annotated[Actor, Depends(require(Role.ASSOCIATION_STAFF, Role.BOARD_MEMBER))]
PlanWrite = Annotated[Actor, Depends(require(Role.ASSOCIATION_STAFF))]

MAX_ID: Final = 2_147_483_647
Hours = Annotated[Decimal, Field(ge=0, le=100_000, decimal_places=1)]
BodyId = Annotated[int, Field(ge=1, le=MAX_ID)]


class AreaIn(UseCaseModel):
    kind: AreaKind
    name: str = Field(min_length=1, max_length=120)
    description: str = Field(default="", max_length=4000)


class GoalIn(UseCaseModel):
    text: str = Field(min_length=1, max_length=2000)


class AssignmentIn(UseCaseModel):
    name: str = Field(min_length=1, max_length=160)
    description: str = Field(default="", max_length=4000)
    unit_id: BodyId
    planned_hours: Hours
    goal_ids: list[BodyId] = Field(min_length=1, max_length=50)


class ActivityIn(UseCaseModel):
    name: str = Field(min_length=1, max_length=2000)
    planned_hours: Hours
    reported_hours: Hours = Decimal(0)


class ReportedHoursIn(UseCaseModel):
    reported_hours: Hours


class FollowUpIn(UseCaseModel):
    period: str = Field(min_length=1, max_length=4, description="T1, T2, T3, H1, H2 or Å")
    light: TrafficLight
    comment: str = Field(min_length=1, max_length=4000)


class UnitIn(UseCaseModel):
    name: str = Field(min_length=1, max_length=120)
    financing: Financing
    admission_office: bool = False


class PlanItemIn(UseCaseModel):
    """An item as edited: its name (a goal's text), and its description and planned hours where
    its kind has them."""

    name: str = Field(min_length=1, max_length=2000)
    description: str | None = Field(default=None, max_length=4000)
    planned_hours: Decimal | None = Field(default=None, ge=0, le=100_000, decimal_places=1)


class PlanItemPatchIn(UseCaseModel):
    """An item's corrections through the API; a field left out stays as it is."""

    name: str | None = Field(default=None, min_length=1, max_length=2000)
    description: str | None = Field(default=None, max_length=4000)
    planned_hours: Hours | None = None

    def applied_to(self, item: PlanItem) -> PlanItemIn:
        return PlanItemIn(
            name=item.name if self.name is None else self.name,
            description=self.description,
            planned_hours=self.planned_hours,
        )


class PlanItemPath(StrEnum):
    """An item's kind as the API's path names it."""

    AREAS = "areas"
    GOALS = "goals"
    ASSIGNMENTS = "assignments"
    ACTIVITIES = "activities"

    @property
    def kind(self) -> PlanItemKind:
        return {
            PlanItemPath.AREAS: PlanItemKind.AREA,
            PlanItemPath.GOALS: PlanItemKind.GOAL,
            PlanItemPath.ASSIGNMENTS: PlanItemKind.ASSIGNMENT,
            PlanItemPath.ACTIVITIES: PlanItemKind.ACTIVITY,
        }[self]


class DocumentFormat(StrEnum):
    """The plan document's formats: a PDF, or one HTML file with its print style sheet inline."""

    PDF = "pdf"
    HTML = "html"

    @property
    def suffix(self) -> str:
        return f".{self.value}"

    @property
    def media_type(self) -> str:
        return "application/pdf" if self is DocumentFormat.PDF else "text/html"

    @classmethod
    def of_suffix(cls, suffix: str) -> DocumentFormat | None:
        """The format a file name's suffix asks for (``.htm`` is HTML too), if any."""
        wanted = suffix.lower().removeprefix(".")
        return cls.HTML if wanted == "htm" else next((f for f in cls if f.value == wanted), None)

    def content(self, document: OperationsPlanDocument) -> bytes:
        if self is DocumentFormat.PDF:
            return plan_pdf(document)
        return standalone_html(document).encode("utf-8")


def document_file(
    document: OperationsPlanDocument, document_format: DocumentFormat = DocumentFormat.PDF
) -> Response:
    """The document in ``document_format``, as a file to save."""
    name = f"verksamhetsplan-{document.year}{document_format.suffix}"
    headers = {"Content-Disposition": f'attachment; filename="{name}"'}
    return Response(
        document_format.content(document), media_type=document_format.media_type, headers=headers
    )
