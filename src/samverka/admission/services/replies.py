"""Use cases: applicants' replies to the latest published binding round.

Accept, accept without staying reserve (decline to stay reserve), or decline. What no reply
means is the region's setting, applied when the next reserve round is computed. Every reply is
in the audit trail, with the reply it replaces to the same round. An applicant replies for
themselves only; the admission office registers anyone's (``NotPermitted`` otherwise).

An applicant replies up to and including the year's last reply day, in Swedish time
(``AdmissionCalendar.applicant_may_reply``); later their reply is refused with
``RepliesClosed`` and nothing is stored. The admission office may still register a reply that
reached it in time, or a later decline.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from samverka.admission.domain.audited import GivenReply
from samverka.admission.domain.replies import ReplyKind
from samverka.admission.domain.rounds import RoundStatus
from samverka.admission.ports import UnitOfWork
from samverka.errors import N_, Conflict, InvalidInput, NotPermitted, RowError
from samverka.platform.access.domain.actors import Actor, Role
from samverka.platform.services.audit_records import Change, record_changes


class RepliesClosed(Conflict):
    """The last reply day has passed: the applicant can no longer reply themselves."""


def reply(
    uow: UnitOfWork, *, year: int, personal_id: str, kind: ReplyKind, actor: Actor, now: datetime
) -> int:
    """Record one applicant's reply; returns the round it answers."""
    return register_replies(uow, year=year, replies={personal_id: kind}, actor=actor, now=now)


def register_replies(
    uow: UnitOfWork, *, year: int, replies: Mapping[str, ReplyKind], actor: Actor, now: datetime
) -> int:
    """Record many replies at once (e.g. the admission office's registration of paper replies)."""
    own = actor.role is Role.APPLICANT and set(replies) <= {actor.personal_id}
    if actor.role is not Role.OFFICER and not own:
        raise NotPermitted(N_("Bara den sökande eller antagningskansliet registrerar ett svar."))
    with uow:
        year_row = uow.admission.year(year)
        if actor.role is Role.APPLICANT and not year_row.calendar.applicant_may_reply(now):
            last = year_row.calendar.reply_deadline.isoformat()
            raise RepliesClosed(f"the last reply day, {last}, has passed")
        published = [
            r
            for r in uow.rounds.rounds(year_row.id)
            if r.kind.binding and r.status is RoundStatus.PUBLISHED
        ]
        if not published:
            raise Conflict(N_("Det finns ingen publicerad slutlig antagning att svara på."))
        round_id = published[-1].id
        known = uow.rounds.round_result(round_id).placements
        unknown = [pid for pid in replies if pid not in known]
        if unknown:
            raise InvalidInput(
                [
                    RowError(
                        "replies",
                        0,
                        pid,
                        N_("Den sökande har inget resultat i omgång %(round)s."),
                        {"round": round_id},
                    )
                    for pid in unknown
                ]
            )
        before = uow.rounds.replies(round_id)
        uow.rounds.add_replies(year_row.id, round_id, {p: k.value for p, k in replies.items()}, now)
        changes = [
            Change(
                "reply", pid, "reply", _given(round_id, before.get(pid)), GivenReply(round_id, kind)
            )
            for pid, kind in replies.items()
        ]
        record_changes(uow.audit, actor, changes, at=now)
        uow.commit()
    return round_id


def _given(round_id: int, reply: str | None) -> GivenReply | None:
    return None if reply is None else GivenReply(round_id, ReplyKind(reply))
