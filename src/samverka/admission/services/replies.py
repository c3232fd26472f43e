"""Use cases: applicants' replies to the latest published binding round.

Accept, accept without staying reserve (decline to stay reserve), or decline. What no reply
means is the region's setting, applied when the next reserve round is computed. Every reply is
in the audit trail.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from samverka.admission.domain.replies import ReplyKind
from samverka.admission.domain.rounds import RoundStatus
from samverka.admission.ports import UnitOfWork
from samverka.errors import Conflict, InvalidInput, RowError
from samverka.platform.ports import AuditEvent


def reply(
    uow: UnitOfWork, *, year: int, personal_id: str, kind: ReplyKind, actor: str, now: datetime
) -> int:
    """Record one applicant's reply; returns the round it answers."""
    return register_replies(uow, year=year, replies={personal_id: kind}, actor=actor, now=now)


def register_replies(
    uow: UnitOfWork, *, year: int, replies: Mapping[str, ReplyKind], actor: str, now: datetime
) -> int:
    """Record many replies at once (e.g. the admission office's registration of paper replies)."""
    with uow:
        year_row = uow.admission.year(year)
        published = [
            r
            for r in uow.rounds.rounds(year_row.id)
            if r.kind.binding and r.status is RoundStatus.PUBLISHED
        ]
        if not published:
            raise Conflict("there is no published final round to reply to")
        round_id = published[-1].id
        known = uow.rounds.round_result(round_id).placements
        unknown = [pid for pid in replies if pid not in known]
        if unknown:
            raise InvalidInput(
                [
                    RowError("replies", 0, pid, f"no result for this applicant in round {round_id}")
                    for pid in unknown
                ]
            )
        before = uow.rounds.replies(round_id)
        uow.rounds.add_replies(year_row.id, round_id, {p: k.value for p, k in replies.items()}, now)
        uow.audit.record_many(
            [
                AuditEvent(
                    actor,
                    "reply",
                    pid,
                    "reply",
                    before.get(pid),
                    {"round": round_id, "reply": kind.value},
                    now,
                )
                for pid, kind in replies.items()
            ]
        )
        uow.commit()
    return round_id
