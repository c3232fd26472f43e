"""The admission office's decision on one choice's reception under ``/api/v1`` (officer only).

* ``PUT /applications/{personal_id}/choices/{offering_code}/reception``: first or second hand
  with a reason, or ``null`` to go back to the derived reception (issue 12 point 8; SL 16 kap.
  43–44 §§). A decision the law does not allow (second hand at an independent school, at the
  applicant's own municipality's school, at a nationally recruiting offering or inside the
  samverkansavtal) or one without a reason is 422 ``invalid_input`` and changes nothing; an
  unknown applicant or choice is 404. The reception in force is returned, with its ground.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request
from pydantic import BaseModel

from samverka.admission.domain.reception import Reception, ReceptionGround
from samverka.admission.http import ReceptionIn, YearAdmin
from samverka.admission.services.reception import override_reception
from samverka.platform.api.routes import ERRORS, PREFIX
from samverka.platform.api.schemas import PersonalIdPath
from samverka.platform.web.deps import current_year, now, unit_of_work

router = APIRouter(prefix=PREFIX, tags=["applications"], responses=ERRORS)
OfferingCode = Annotated[str, Path(min_length=1, max_length=40)]


class ReceptionOut(BaseModel):
    reception: Reception
    ground: ReceptionGround
    reason: str


@router.put(
    "/applications/{personal_id}/choices/{offering_code}/reception",
    summary="Decide a choice's reception in first or second hand, with a reason",
)
def decide_reception(
    request: Request,
    actor: YearAdmin,
    personal_id: PersonalIdPath,
    offering_code: OfferingCode,
    body: ReceptionIn,
) -> ReceptionOut:
    decision = override_reception(
        unit_of_work(request),
        year=current_year(request),
        personal_id=personal_id,
        offering_code=offering_code,
        reception=body.reception,
        reason=body.reason,
        actor=actor,
        now=now(),
    )
    return ReceptionOut(
        reception=decision.reception, ground=decision.ground, reason=decision.reason
    )
