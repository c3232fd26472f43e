"""Use cases of the agreements the association manages: register one with its parties, period,
owner, follow-up dates and revision date; record a revision, which moves the revision date and
keeps the earlier one in the history; change its title, owner and end; remove one that has never
been revised (issue 15 point 10: its revisions are its history, and the refusal names them).
Only the association's staff change them; every change is audited. A municipality party must be
a member municipality (by its code).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date, datetime

from samverka.association.board.domain.agreements import (
    Agreement,
    AgreementKind,
    agreement_problems,
    revision_problem,
)
from samverka.association.board.domain.audited import RegisteredAgreement
from samverka.association.board.ports import Party, Revision, UnitOfWork
from samverka.association.board.services.board import require_staff, text_problems
from samverka.errors import N_, Conflict, InvalidInput, NotFound, RowError
from samverka.platform.access.domain.actors import Actor
from samverka.platform.domain.audit_snapshot import snapshot
from samverka.platform.services.audit_records import record_change

SOURCE = "agreement"


def _party_problems(parties: Sequence[Party], members: set[str]) -> list[RowError]:
    errors = []
    for party in parties:
        code, name = party.municipality_code, (party.organisation or "").strip()
        if (code is None) == (not name):
            reason = N_("En part är en kommunkod eller en organisations namn, inte båda.")
            errors.append(RowError(SOURCE, 0, "parties", reason))
        elif code is not None and code not in members:
            reason = N_("Det finns ingen medlemskommun %(code)s.")
            errors.append(RowError(SOURCE, 0, "parties", reason, {"code": code}))
        elif len(name) > 200:
            reason = N_("En parts namn är högst 200 tecken.")
            errors.append(RowError(SOURCE, 0, "parties", reason))
    keys = [(p.municipality_code, (p.organisation or "").strip()) for p in parties]
    if len(set(keys)) != len(keys):
        errors.append(RowError(SOURCE, 0, "parties", N_("En part är angiven två gånger.")))
    return errors


def add_agreement(
    uow: UnitOfWork,
    *,
    actor: Actor,
    title: str,
    kind: AgreementKind,
    parties: Sequence[Party],
    start: date,
    end: date | None,
    owner: str,
    revision_date: date,
    follow_up_dates: Sequence[date] = (),
    now: datetime,
) -> int:
    """Register an agreement; returns its id."""
    require_staff(actor)
    errors = text_problems(SOURCE, {"title": (title, 300), "owner": (owner, 200)})
    for field, reason in agreement_problems(
        start, end, revision_date, len(parties), follow_up_dates
    ):
        errors.append(RowError(SOURCE, 0, field, reason))
    with uow:
        errors += _party_problems(parties, set(uow.catalogue.municipality_codes()))
        if errors:
            raise InvalidInput(errors)
        cleaned = [
            Party(p.municipality_code, (p.organisation or "").strip() or None) for p in parties
        ]
        agreement = Agreement(
            0,
            title.strip(),
            kind,
            start,
            end,
            owner.strip(),
            revision_date,
            tuple(sorted(set(follow_up_dates))),
        )
        agreement_id = uow.board.add_agreement(agreement, cleaned)
        registered = RegisteredAgreement(
            replace(agreement, id=agreement_id),
            tuple(p.municipality_code or p.organisation or "" for p in cleaned),
        )
        record_change(
            uow.audit,
            actor,
            "agreement",
            agreement_id,
            "registered",
            before=None,
            after=registered,
            at=now,
        )
        uow.commit()
    return agreement_id


def record_revision(
    uow: UnitOfWork,
    *,
    actor: Actor,
    agreement_id: int,
    revised_on: date,
    next_revision: date,
    note: str = "",
    now: datetime,
) -> int:
    """The agreement was revised on ``revised_on``; the next revision is due ``next_revision``.
    Returns the revision's id."""
    require_staff(actor)
    if len(note) > 5000:
        reason = N_("En anteckning är högst 5000 tecken.")
        raise InvalidInput([RowError(SOURCE, 0, "note", reason)])
    with uow:
        agreement = uow.board.agreement(agreement_id)
        if agreement is None:
            raise NotFound(N_("Det finns inget avtal %(agreement)s."), agreement=agreement_id)
        problem = revision_problem(agreement, revised_on, next_revision)
        if problem:
            raise InvalidInput([RowError(SOURCE, 0, "next_revision", problem)])
        revision = Revision(
            agreement_id,
            revised_on,
            agreement.revision_date,
            next_revision,
            note.strip(),
            now,
            actor.audit_name,
        )
        revision_id = uow.board.add_revision(revision)
        record_change(
            uow.audit,
            actor,
            "agreement",
            agreement_id,
            "revised",
            before=snapshot(agreement, only=("revision_date",)),
            after=snapshot(revision, only=("revised_on", "next_revision_date")),
            at=now,
        )
        uow.commit()
    return revision_id


def edit_agreement(
    uow: UnitOfWork,
    *,
    actor: Actor,
    agreement_id: int,
    title: str,
    owner: str,
    end: date | None,
    now: datetime,
    kind: AgreementKind | None = None,
    start: date | None = None,
    revision_date: date | None = None,
    follow_up_dates: Sequence[date] | None = None,
) -> Agreement:
    """Change an agreement's title, owner and end (issue 15 point 10), and its kind, start,
    revision date and follow-up dates (each ``None``: as it is); the dates are checked as when
    it was registered, and the revision date of a revised agreement moves only by a revision
    (``Conflict``). Audited before and after; returns it as changed."""
    require_staff(actor)
    errors = text_problems(SOURCE, {"title": (title, 300), "owner": (owner, 200)})
    with uow:
        agreement = uow.board.agreement(agreement_id)
        if agreement is None:
            raise NotFound(N_("Det finns inget avtal %(agreement)s."), agreement=agreement_id)
        changed = replace(
            agreement,
            title=title.strip(),
            owner=owner.strip(),
            end=end,
            kind=agreement.kind if kind is None else kind,
            start=agreement.start if start is None else start,
            revision_date=agreement.revision_date if revision_date is None else revision_date,
            follow_up_dates=agreement.follow_up_dates
            if follow_up_dates is None
            else tuple(sorted(set(follow_up_dates))),
        )
        for field, reason in agreement_problems(
            changed.start, changed.end, changed.revision_date, 2, changed.follow_up_dates
        ):
            errors.append(RowError(SOURCE, 0, field, reason))
        if errors:
            raise InvalidInput(errors)
        if changed.revision_date != agreement.revision_date and uow.board.revision_dates(
            agreement_id
        ):
            raise Conflict(
                N_(
                    "Avtalet har reviderats: nästa revisionsdatum ändras genom att registrera "
                    "en revision."
                )
            )
        if changed != agreement:
            uow.board.update_agreement(changed)
            record_change(
                uow.audit,
                actor,
                "agreement",
                agreement_id,
                "edit",
                before=agreement,
                after=changed,
                at=now,
                only=("title", "kind", "start", "end", "owner", "revision_date", "follow_up_dates"),
            )
        uow.commit()
    return changed


def remove_agreement(
    uow: UnitOfWork, *, actor: Actor, agreement_id: int, now: datetime
) -> Agreement:
    """Remove an agreement that has never been revised (its revisions are its history);
    ``Conflict`` naming the revisions. Returns the removed agreement."""
    require_staff(actor)
    with uow:
        agreement = uow.board.agreement(agreement_id)
        if agreement is None:
            raise NotFound(N_("Det finns inget avtal %(agreement)s."), agreement=agreement_id)
        revised = uow.board.revision_dates(agreement_id)
        if revised:
            days = ", ".join(day.isoformat() for day in revised)
            raise Conflict(
                N_("Avtalet kan inte tas bort: dess revideringar %(days)s hör till det."),
                days=days,
            )
        uow.board.remove_agreement(agreement_id)
        record_change(
            uow.audit,
            actor,
            "agreement",
            agreement_id,
            "remove",
            before=agreement,
            after=None,
            at=now,
        )
        uow.commit()
    return agreement
