"""The receiving school's decisions under ``/api/v1/school``
(``admission.services.receiving_decisions``):

* ``PUT|DELETE /school/offerings/{code}/applicants/{personal_id}/english-dispensation``: the
  organiser's decision on the applicant's English dispensation (SL 16 kap. 32 §), which opens
  that organiser's offerings only; the body names the date, the decider and a reference.
* ``PUT|DELETE /school/offerings/{code}/applicants/{personal_id}/over-age-agreement``: the
  agreement that admits an over-age applicant on this choice (SL 15 kap. 5 §).
* ``PUT /school/offerings/{code}/leads-to``: the national programme an IMV offering leads to.

As for ``api.school``: the officer names the school unit (``school_unit``); an offering outside
the scope, or an applicant who did not choose it, is 404; bad input is 422 naming the field.
Every change is audited.
"""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter
from pydantic import BaseModel

from samverka.admission.api.school import RESPONSES
from samverka.admission.http import AgreementIn, DispensationIn, LeadsToIn, OwnOfferingsApi
from samverka.admission.queries.admission_statistics import latest_admission_year
from samverka.admission.services.offering_settings import set_leads_to
from samverka.admission.services.receiving_decisions import (
    record_english_dispensation,
    record_over_age_agreement,
    withdraw_english_dispensation,
    withdraw_over_age_agreement,
)
from samverka.platform.api.routes import PREFIX
from samverka.platform.api.schemas import Moment, PersonalIdPath
from samverka.platform.web.deps import Now, Reads, Work

router = APIRouter(prefix=f"{PREFIX}/school", tags=["school"], responses=RESPONSES)
APPLICANT = "/offerings/{code}/applicants/{personal_id}"


class DispensationOut(BaseModel):
    organiser: str
    decided_on: date
    decided_by: str
    reference: str
    recorded_at: Moment
    recorded_by: str


class AgreementOut(BaseModel):
    reference: str
    recorded_at: Moment
    recorded_by: str


@router.put(APPLICANT + "/english-dispensation", summary="Record the English dispensation")
def dispensation(
    actor: OwnOfferingsApi,
    db: Reads,
    uow: Work,
    now: Now,
    code: str,
    personal_id: PersonalIdPath,
    body: DispensationIn,
) -> DispensationOut:
    recorded = record_english_dispensation(
        uow,
        year=latest_admission_year(db),
        offering_code=code,
        personal_id=personal_id,
        decision=body.request(),
        actor=actor,
        now=now,
    )
    return DispensationOut.model_validate(recorded, from_attributes=True)


@router.delete(
    APPLICANT + "/english-dispensation", status_code=204, summary="Withdraw the dispensation"
)
def withdraw_dispensation(
    actor: OwnOfferingsApi, db: Reads, uow: Work, now: Now, code: str, personal_id: PersonalIdPath
) -> None:
    year = latest_admission_year(db)
    withdraw_english_dispensation(
        uow, year=year, offering_code=code, personal_id=personal_id, actor=actor, now=now
    )


@router.put(APPLICANT + "/over-age-agreement", summary="Record an over-age agreement")
def agreement(
    actor: OwnOfferingsApi,
    db: Reads,
    uow: Work,
    now: Now,
    code: str,
    personal_id: PersonalIdPath,
    body: AgreementIn,
) -> AgreementOut:
    recorded = record_over_age_agreement(
        uow,
        year=latest_admission_year(db),
        offering_code=code,
        personal_id=personal_id,
        reference=body.reference,
        actor=actor,
        now=now,
    )
    return AgreementOut.model_validate(recorded, from_attributes=True)


@router.delete(
    APPLICANT + "/over-age-agreement", status_code=204, summary="Withdraw the over-age agreement"
)
def withdraw_agreement(
    actor: OwnOfferingsApi, db: Reads, uow: Work, now: Now, code: str, personal_id: PersonalIdPath
) -> None:
    year = latest_admission_year(db)
    withdraw_over_age_agreement(
        uow, year=year, offering_code=code, personal_id=personal_id, actor=actor, now=now
    )


@router.put("/offerings/{code}/leads-to", status_code=204, summary="The programme an IMV leads to")
def leads_to(
    actor: OwnOfferingsApi, db: Reads, uow: Work, now: Now, code: str, body: LeadsToIn
) -> None:
    year = latest_admission_year(db)
    set_leads_to(uow, year=year, offering_code=code, programme=body.programme, actor=actor, now=now)
