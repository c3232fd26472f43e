"""An applicant's inbox: every message the admission records for them, newest first (issue 15,
point 4).

The inbox joins three records, none of them kept twice:

* the messages stored for the applicant (``message``): an offering they chose or hold a place
  in will not start (``offering_closed``, ``offering_closed_holder``) or starts after all
  (``offering_reopened``), ``admission.services.offerings``; each with the parameters its text
  was made of (migration 0022), so that it is shown in the reader's language; one stored before
  has none and is shown as sent, in Swedish;
* each published round (not a simulation) in which the applicant took part:
  ``results_published`` with the round's kind, at its publication;
* each reply registered for them: ``reply_registered`` with the reply, when it was given.

A message after the moment the applicant last marked the inbox as read
(``applicant.inbox_read_at``, ``admission.services.inbox``) is unread; every one is, before.

The applicant reads their own (``own_inbox``: only the signed-in applicant's number); the
counsellor reads a pupil's through ``counsellor_view`` (its scope rules apply) and the officer
on the person page.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from samverka.admission.db import tables as t
from samverka.admission.domain.rounds import RoundKind, RoundStatus
from samverka.errors import N_, NotPermitted
from samverka.platform.access.domain.actors import Actor, Role

RESULTS_PUBLISHED = "results_published"
REPLY_REGISTERED = "reply_registered"


@dataclass(frozen=True, slots=True)
class InboxMessage:
    at: datetime
    kind: str
    parameters: dict[str, str] = field(default_factory=dict)
    text: str = ""  # a stored message's text as sent (Swedish); empty for the others
    unread: bool = False  # after the moment the applicant last marked the inbox as read

    @property
    def key(self) -> str:
        """What the page translates: the kind, and for a round or a reply, which one."""
        if self.kind == RESULTS_PUBLISHED:
            return f"{self.kind}:{self.parameters.get('round_kind', '')}"
        if self.kind == REPLY_REGISTERED:
            return f"{self.kind}:{self.parameters.get('reply', '')}"
        return self.kind


def own_inbox(session: Session, actor: Actor, year: int) -> list[InboxMessage]:
    if actor.role is not Role.APPLICANT or actor.personal_id is None:
        raise NotPermitted(N_("Bara en sökande har en egen inkorg."))
    return inbox_of(session, actor.personal_id, year)


def inbox_of(session: Session, personal_id: str, year: int) -> list[InboxMessage]:
    """The inbox of ``personal_id`` in ``year``, newest first; the caller has checked that the
    actor may read it. Empty for someone who is not an applicant of the year."""
    a, y = t.applicant, t.admission_year
    found_applicant = session.execute(
        select(a.c.id, a.c.inbox_read_at)
        .join(y, y.c.id == a.c.admission_year_id)
        .where(y.c.year == year, a.c.personal_id == personal_id)
    ).first()
    if found_applicant is None:
        return []
    applicant_id, read_at = found_applicant
    read = None if read_at is None else _utc(read_at)
    found = _stored(session, applicant_id) + _rounds(session, applicant_id)
    found += _replies(session, applicant_id)
    # Newest first; of two at the same moment, the one recorded later first.
    ordered = sorted(enumerate(found), key=lambda pair: (_utc(pair[1].at), pair[0]), reverse=True)
    return [
        replace(message, at=_utc(message.at), unread=read is None or _utc(message.at) > read)
        for _, message in ordered
    ]


def _utc(moment: datetime) -> datetime:
    """Moments are stored in UTC; SQLite may hand one back without its offset."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _stored(session: Session, applicant_id: int) -> list[InboxMessage]:
    m = t.message
    rows = session.execute(
        select(m.c.created_at, m.c.kind, m.c.parameters, m.c.text)
        .where(m.c.applicant_id == applicant_id)
        .order_by(m.c.id)
    )
    return [
        InboxMessage(at, kind, {str(k): str(v) for k, v in (parameters or {}).items()}, text)
        for at, kind, parameters, text in rows
    ]


def _rounds(session: Session, applicant_id: int) -> list[InboxMessage]:
    r, p = t.admission_round, t.placement
    rows = session.execute(
        select(r.c.kind, r.c.published_at)
        .join(p, p.c.round_id == r.c.id)
        .where(p.c.applicant_id == applicant_id, r.c.status == RoundStatus.PUBLISHED.value)
        .where(r.c.kind != RoundKind.SIMULATION.value, r.c.published_at.is_not(None))
        .order_by(r.c.id)
    )
    return [InboxMessage(at, RESULTS_PUBLISHED, {"round_kind": kind}) for kind, at in rows]


def _replies(session: Session, applicant_id: int) -> list[InboxMessage]:
    rp = t.reply
    rows = session.execute(
        select(rp.c.kind, rp.c.replied_at)
        .where(rp.c.applicant_id == applicant_id)
        .order_by(rp.c.id)
    )
    return [InboxMessage(at, REPLY_REGISTERED, {"reply": kind}) for kind, at in rows]
