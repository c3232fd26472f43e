"""A school's lists of one of its offerings in the latest published round: the admitted and the
reserves, each with the applicant's reply to that round (what a school's system fetches to
plan its intake).

Source: admissions-rules.md §4.2 and §11.1 item 8 (the reply: accept, accept without staying
reserve, decline; no reply is the regional setting, ``admission.domain.replies``); issue 15,
point 12 (the lists integrations need). The lists are the ones ``round_lists`` gives every
offering, in the same order (the admitted by merit value, the reserves by position), read for
the one offering only; an applicant's reply is their latest to a round up to this one.

An offering outside the actor's school units is ``NotFound``, exactly like one that does not
exist (``school_view.school_offerings`` reads only the actor's); protected identities are
masked for everyone but the admission officer (``round_lists.Viewer``). Three queries: the
admitted, the reserves, the replies of those listed.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import Row, select

from samverka.admission.db import tables as t
from samverka.admission.domain.replies import ReplyKind
from samverka.admission.queries.admission_statistics import Database, RoundRef, rounds
from samverka.admission.queries.round_lists import PROTECTED_NAME
from samverka.admission.queries.school_view import school_offerings
from samverka.errors import N_, NotFound
from samverka.platform.access.domain.actors import Actor
from samverka.platform.db.protection import is_protected


@dataclass(frozen=True, slots=True)
class ListedApplicant:
    """One line of an admitted or reserve list, with the applicant's reply."""

    position: int
    personal_id: str | None  # None when masked
    name: str
    merit_value: Decimal
    protected_identity: bool
    reply: ReplyKind | None  # None: no reply yet
    choice_rank: int | None = None  # the admitted: which of their choices this offering is
    under_fri_kvot: bool = False


@dataclass(frozen=True, slots=True)
class OfferingLists:
    offering_code: str
    round: RoundRef | None  # the latest published round; None: no lists yet
    admitted: list[ListedApplicant]
    reserves: list[ListedApplicant]


def offering_lists(db: Database, year: int, actor: Actor, code: str) -> OfferingLists:
    """The admitted and reserve lists of the actor's offering ``code`` in the latest published
    round, with each applicant's reply."""
    if not any(offering.code == code for offering in school_offerings(db, year, actor)):
        raise NotFound(N_("Det finns ingen utbildning %(code)s."), code=repr(code))
    published = [r for r in rounds(db, year) if r.published]
    if not published:
        return OfferingLists(code, None, [], [])
    latest = published[-1]
    unmasked = actor.may_see_protected_identities
    admitted_rows = list(db.execute(_admitted(latest.id, code)))
    reserve_rows = list(db.execute(_reserves(latest.id, code)))
    ids = {row.applicant_id for row in (*admitted_rows, *reserve_rows)}
    replies = _replies(db, latest.id, ids)
    admitted = [
        _line(row, position, replies, unmasked, row.rank, row.under_quota)
        for position, row in enumerate(admitted_rows, start=1)
    ]
    reserves = [_line(row, row.position, replies, unmasked) for row in reserve_rows]
    return OfferingLists(code, latest, admitted, reserves)


def _admitted(round_id: int, code: str) -> Any:
    a, o, p = t.applicant, t.offering, t.placement
    return (
        select(a.c.id.label("applicant_id"), a.c.personal_id, a.c.name, p.c.merit_value)
        .add_columns(_protected(a), p.c.rank, p.c.under_quota)
        .select_from(p)
        .join(a, a.c.id == p.c.applicant_id)
        .join(o, o.c.id == p.c.offering_id)
        .where(p.c.round_id == round_id, o.c.code == code)
        .order_by(p.c.merit_value.desc(), a.c.id)
    )


def _reserves(round_id: int, code: str) -> Any:
    a, o, r, p = t.applicant, t.offering, t.reserve, t.placement
    return (
        select(a.c.id.label("applicant_id"), r.c.position, a.c.personal_id, a.c.name)
        .add_columns(_protected(a), p.c.merit_value)
        .select_from(r)
        .join(a, a.c.id == r.c.applicant_id)
        .join(o, o.c.id == r.c.offering_id)
        .join(p, (p.c.round_id == r.c.round_id) & (p.c.applicant_id == r.c.applicant_id))
        .where(r.c.round_id == round_id, o.c.code == code)
        .order_by(r.c.position)
    )


def _replies(db: Database, round_id: int, applicant_ids: Collection[int]) -> dict[int, ReplyKind]:
    """Each applicant's latest reply to a round up to ``round_id``."""
    if not applicant_ids:
        return {}
    rp = t.reply
    query = (
        select(rp.c.applicant_id, rp.c.kind)
        .where(rp.c.applicant_id.in_(sorted(applicant_ids)), rp.c.round_id <= round_id)
        .order_by(rp.c.id)
    )
    return {row.applicant_id: ReplyKind(row.kind) for row in db.execute(query)}


def _protected(applicant: Any) -> Any:
    return is_protected(applicant.c.personal_id).label("protected_identity")


def _line(
    row: Row[Any],
    position: int,
    replies: dict[int, ReplyKind],
    unmasked: bool,
    choice_rank: int | None = None,
    under_fri_kvot: bool = False,
) -> ListedApplicant:
    masked = bool(row.protected_identity) and not unmasked
    return ListedApplicant(
        position,
        None if masked else row.personal_id,
        PROTECTED_NAME if masked else row.name,
        Decimal(row.merit_value),
        bool(row.protected_identity),
        replies.get(row.applicant_id),
        choice_rank,
        bool(under_fri_kvot),
    )
