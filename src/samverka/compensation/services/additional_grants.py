"""Use cases of tilläggsbelopp: the home municipality records its decisions on extra amounts per
pupil and period, one at a time or a file at once, and ends a decision (skollagen 16 kap.
54 §, 17 kap. 36 §; ``compensation.domain.additional_grant``).

* A municipality records decisions for itself only (its own code); the admission officer for
  any member municipality, e.g. on the municipality's page (``?kommun=``), audited as
  themselves.
* Every decision is checked (the pupil's personal identity number, a member municipality, the
  kind, a positive amount with öre, a period in order) and every problem of every decision is
  reported at once; nothing is stored unless all are valid (all or nothing, one transaction).
* Ending a decision sets its last month; a last month before its first, or a decision already
  ended earlier, is refused. The next run corrects what was paid for the months after it.
* Every decision recorded and every end is audited with the values before and after. The
  lines themselves are booked by the monthly run (``compensation.services.compensation.run_month``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from samverka.compensation.domain.additional_grant import (
    AdditionalGrant,
    AdditionalGrantDecision,
    AdditionalKind,
    AmountPeriod,
    decision_problems,
)
from samverka.compensation.domain.period import Month
from samverka.compensation.ports import UnitOfWork
from samverka.errors import N_, Conflict, InvalidInput, NotFound, NotPermitted, RowError
from samverka.platform.access.domain.actors import Actor, Role
from samverka.platform.domain.personal_id import PersonalIdError, parse_personal_id
from samverka.platform.services.audit_records import record_change

SOURCE = "request"
SWEDEN = ZoneInfo("Europe/Stockholm")  # "today" for a decision's date is the Swedish day


@dataclass(frozen=True, slots=True)
class GrantRequest:
    """One decision as given (a form, the API or a file row), checked by ``record``."""

    personal_id: str
    municipality: str
    kind: str
    amount: Decimal
    per: str
    first: Month
    last: Month | None
    decided_on: date
    reference: str
    source: str = SOURCE
    line: int = 0


def _may_decide_for(actor: Actor, municipality: str) -> None:
    if actor.role is Role.OFFICER:
        return
    if actor.role is Role.MUNICIPALITY and actor.municipality_code == municipality:
        return
    raise NotPermitted(N_("En kommun beslutar bara om tilläggsbelopp för sina egna elever."))


def _checked(
    request: GrantRequest, members: set[str], today: date, errors: list[RowError]
) -> AdditionalGrantDecision | None:
    before = len(errors)

    def add(field: str, reason: str) -> None:
        errors.append(RowError(request.source, request.line, field, reason))

    try:
        pupil = parse_personal_id(request.personal_id, today=today).canonical
    except PersonalIdError as error:
        errors.append(
            RowError(request.source, request.line, "personal_id", error.text, error.parameters)
        )
        pupil = ""
    if request.municipality not in members:
        add("municipality", f"{request.municipality!r} is not a member municipality")
    for field, reason in decision_problems(
        request.kind, request.amount, request.per, request.first, request.last
    ):
        add(field, reason)
    if request.decided_on > today:
        add("decided_on", f"the decision date {request.decided_on} lies in the future")
    if not request.reference.strip():
        add("reference", "the decision's reference (diary number) is missing")
    if len(errors) > before:
        return None
    grant = AdditionalGrant(
        0,
        request.municipality,
        AdditionalKind(request.kind),
        request.amount,
        AmountPeriod(request.per),
        request.first,
        request.last,
    )
    return AdditionalGrantDecision(pupil, grant, request.decided_on, request.reference.strip())


def record_additional_grants(
    uow: UnitOfWork, *, actor: Actor, requests: Sequence[GrantRequest], now: datetime
) -> list[int]:
    """Store every decision of ``requests`` (module docstring); their new ids, in order."""
    if not requests:
        raise InvalidInput([RowError(SOURCE, 0, "", N_("Det finns inget beslut att registrera."))])
    for municipality in sorted({request.municipality for request in requests}):
        _may_decide_for(actor, municipality)
    with uow:
        members = set(uow.compensation_terms.member_codes())
        errors: list[RowError] = []
        today = now.astimezone(SWEDEN).date()
        decisions = [_checked(r, members, today, errors) for r in requests]
        if errors:
            raise InvalidInput(errors)
        valid = [decision for decision in decisions if decision is not None]
        ids = uow.compensation_terms.add_additional_grants(valid, at=now, by=actor.audit_name)
        for decision_id, decision in zip(ids, valid, strict=True):
            record_change(
                uow.audit,
                actor,
                "additional_grant",
                decision_id,
                "recorded",
                before=None,
                after=replace(decision, grant=replace(decision.grant, decision_id=decision_id)),
                at=now,
            )
        uow.commit()
    return ids


def end_additional_grant(
    uow: UnitOfWork, *, actor: Actor, decision_id: int, last: Month, now: datetime
) -> AdditionalGrantDecision:
    """End decision ``decision_id`` with ``last`` as its last month (module docstring)."""
    with uow:
        found = uow.compensation_terms.additional_grant(decision_id)
        if found is None:
            raise NotFound(
                N_("Det finns inget beslut om tilläggsbelopp %(decision)s."), decision=decision_id
            )
        try:
            _may_decide_for(actor, found.grant.municipality)
        except NotPermitted:
            raise NotFound(
                N_("Det finns inget beslut om tilläggsbelopp %(decision)s."), decision=decision_id
            ) from None
        grant = found.grant
        if last < grant.first:
            reason = N_("Sista månaden %(last)s är före beslutets första månad %(first)s.")
            months = {"last": str(last), "first": str(grant.first)}
            raise InvalidInput([RowError(SOURCE, 0, "last", reason, months)])
        if grant.last is not None and grant.last <= last:
            raise Conflict(N_("Beslutet slutar redan %(last)s."), last=str(grant.last))
        uow.compensation_terms.end_additional_grant(decision_id, last)
        ended = replace(found, grant=replace(grant, last=last))
        record_change(
            uow.audit,
            actor,
            "additional_grant",
            decision_id,
            "ended",
            before=found,
            after=ended,
            at=now,
        )
        uow.commit()
    return ended
