"""Use cases of the steering groups and the elected representatives: the board gives a group
its mandate for a period, members are added with their role, representatives are elected to
partnerships. Only the association's staff record them; every change is audited.
"""

from __future__ import annotations

from datetime import date, datetime

from samverka.association.board.domain.audited import (
    ElectedRepresentative,
    GroupMember,
    SteeringGroup,
)
from samverka.association.board.domain.steering_groups import (
    MemberRole,
    chair_problem,
    period_problem,
)
from samverka.association.board.ports import UnitOfWork
from samverka.association.board.services.board import require_staff, text_problems
from samverka.errors import N_, Conflict, InvalidInput, NotFound, RowError
from samverka.platform.access.domain.actors import Actor
from samverka.platform.services.audit_records import record_change


def _period_and_decision(
    uow: UnitOfWork, source: str, start: date, end: date | None, decision_id: int | None
) -> list[RowError]:
    errors = []
    problem = period_problem(start, end)
    if problem:
        errors.append(RowError(source, 0, "end", problem))
    if decision_id is not None and not uow.board.decision_exists(decision_id):
        reason = N_("Det finns inget styrelsebeslut %(decision)s.")
        errors.append(RowError(source, 0, "decision_id", reason, {"decision": decision_id}))
    return errors


def add_steering_group(
    uow: UnitOfWork,
    *,
    actor: Actor,
    name: str,
    mandate: str,
    start: date,
    end: date | None,
    decision_id: int | None = None,
    now: datetime,
) -> int:
    """A steering group with its mandate (given by the board decision ``decision_id``)."""
    require_staff(actor)
    errors = text_problems("steering group", {"name": (name, 200), "mandate": (mandate, 10_000)})
    with uow:
        errors += _period_and_decision(uow, "steering group", start, end, decision_id)
        if errors:
            raise InvalidInput(errors)
        if uow.board.group_named(name.strip()) is not None:
            raise Conflict(
                N_("Det finns redan en styrgrupp som heter %(name)s."), name=repr(name.strip())
            )
        group_id = uow.board.add_group(name.strip(), mandate.strip(), decision_id, start, end)
        group = SteeringGroup(name.strip(), start, end, decision_id)
        record_change(
            uow.audit,
            actor,
            "steering_group",
            group_id,
            "created",
            before=None,
            after=group,
            at=now,
        )
        uow.commit()
    return group_id


def add_group_member(
    uow: UnitOfWork,
    *,
    actor: Actor,
    group_id: int,
    name: str,
    organisation: str,
    role: MemberRole,
    now: datetime,
) -> int:
    """A member of a steering group: a chair (at most one), a member or a deputy."""
    require_staff(actor)
    errors = text_problems("member", {"name": (name, 200), "organisation": (organisation, 200)})
    if errors:
        raise InvalidInput(errors)
    with uow:
        roles = uow.board.member_roles(group_id)
        if roles is None:
            raise NotFound(N_("Det finns ingen styrgrupp %(group)s."), group=group_id)
        problem = chair_problem(roles, role)
        if problem:
            raise Conflict(problem)
        member_id = uow.board.add_member(group_id, name.strip(), organisation.strip(), role)
        member = GroupMember(group_id, name.strip(), organisation.strip(), role)
        record_change(
            uow.audit,
            actor,
            "steering_group_member",
            member_id,
            "added",
            before=None,
            after=member,
            at=now,
        )
        uow.commit()
    return member_id


def add_representative(
    uow: UnitOfWork,
    *,
    actor: Actor,
    person: str,
    body: str,
    start: date,
    end: date | None,
    decision_id: int | None = None,
    now: datetime,
) -> int:
    """A representative elected to a partnership or body (e.g. the energy office)."""
    require_staff(actor)
    errors = text_problems("representative", {"person": (person, 200), "body": (body, 200)})
    with uow:
        errors += _period_and_decision(uow, "representative", start, end, decision_id)
        if errors:
            raise InvalidInput(errors)
        rep_id = uow.board.add_representative(person.strip(), body.strip(), start, end, decision_id)
        elected = ElectedRepresentative(person.strip(), body.strip(), start, end, decision_id)
        record_change(
            uow.audit,
            actor,
            "representative",
            rep_id,
            "elected",
            before=None,
            after=elected,
            at=now,
        )
        uow.commit()
    return rep_id
