"""The applicant's inbox in the API (issue 15, point 4): ``GET /api/v1/messages``, every message
the admission records for the signed-in applicant, newest first (``queries.inbox``). A message
is its ``kind`` and ``parameters`` (what a client words in its reader's language, as the pages
do); a message stored by the admission also has its ``text`` as sent, in Swedish. The same
model is in the counsellor's pupil detail and the officer's person record. ``unread``: after
the applicant last marked the inbox as read, ``POST /api/v1/messages/read`` (audited).
"""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel, Field

from samverka.admission.http import MyApplication
from samverka.admission.queries.admission_statistics import latest_admission_year
from samverka.admission.queries.inbox import InboxMessage, own_inbox
from samverka.admission.services.inbox import mark_inbox_read
from samverka.platform.api.routes import ERRORS, PREFIX
from samverka.platform.api.schemas import SwedishMoment
from samverka.platform.web.deps import Now, Reads, Work

router = APIRouter(prefix=PREFIX, responses=ERRORS, tags=["applicant"])


class InboxMessageOut(BaseModel):
    at: SwedishMoment
    kind: str = Field(
        description="offering_closed, offering_closed_holder, offering_reopened, "
        "results_published (parameters: round_kind) or reply_registered (parameters: reply)."
    )
    parameters: dict[str, str] = Field(
        description="What the message is made of; for an offering: code, name, programme."
    )
    text: str | None = Field(description="A stored message's text as sent, in Swedish.")
    unread: bool = Field(description="After the applicant last marked the inbox as read.")

    @classmethod
    def of(cls, message: InboxMessage) -> InboxMessageOut:
        return cls(
            at=message.at,
            kind=message.kind,
            parameters=message.parameters,
            text=message.text or None,
            unread=message.unread,
        )


class InboxOut(BaseModel):
    messages: list[InboxMessageOut] = Field(description="Newest first.")


@router.get("/messages", summary="Your messages from the admission, newest first")
def messages(actor: MyApplication, db: Reads) -> InboxOut:
    found = own_inbox(db, actor, latest_admission_year(db))
    return InboxOut(messages=[InboxMessageOut.of(message) for message in found])


@router.post("/messages/read", summary="Mark your messages as read")
def read(actor: MyApplication, db: Reads, uow: Work, now: Now) -> InboxOut:
    year = latest_admission_year(db)
    mark_inbox_read(uow, year=year, actor=actor, now=now)
    db.expire_all()
    return InboxOut(messages=[InboxMessageOut.of(m) for m in own_inbox(db, actor, year)])
