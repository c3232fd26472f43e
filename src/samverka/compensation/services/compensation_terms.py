"""Use cases of the money's terms: the organiser shares of a year, the members' clearing
decision, and the payees (with the school units of organisers outside the area).

* ``set_year_shares`` (skollagen 16 kap. 52–53 §§; ``compensation.domain.organiser_shares``):
  the year's administration and VAT shares for independent organisers and whether the common
  list already includes them, with the decision's date and reference. The runs after it
  recheck every pupil of the earlier months of that year (the tariff changed), so the change
  is corrected back to January.
* ``record_clearing_decision`` (``compensation.domain.net_settlement``): the members' decision
  to clear across all of them (or to return to bilateral netting) from a first month; kept
  beside the earlier ones.
* ``register_payee``: who is paid, with the payment details the payment files carry
  (bankgiro, plusgiro, organisation number); for an organiser outside the area also its school
  units, so that the area's pupils there can be placed and paid (issue 13, point 5).

Each is one transaction, audited with the values before and after, by the admission officer.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime

from samverka.compensation.domain.net_settlement import ClearingDecision
from samverka.compensation.domain.organiser import OrganiserKind
from samverka.compensation.domain.organiser_shares import OrganiserShares
from samverka.compensation.ports import OutsideSchoolUnit, Payee, RegisteredPayee, UnitOfWork
from samverka.errors import N_, Conflict, InvalidInput, NotPermitted, RowError
from samverka.platform.access.domain.actors import Actor, Role
from samverka.platform.domain.payment_details import payment_detail_problems
from samverka.platform.services.audit_records import record_change

SOURCE = "request"
MAXIMUM_CODE = 20  # compensation_line.payee_code
_MUNICIPALITY = re.compile(r"\d{4}")
_SCHOOL_UNIT = re.compile(r"\d{8}")


def _officer(actor: Actor) -> None:
    if actor.role is not Role.OFFICER:
        raise NotPermitted(N_("Bara antagningskansliet sätter villkoren för pengarna."))


def set_year_shares(
    uow: UnitOfWork, *, actor: Actor, shares: OrganiserShares, now: datetime
) -> OrganiserShares:
    """Store the year's organiser shares (module docstring)."""
    _officer(actor)
    with uow:
        before = uow.compensation_terms.year_shares(shares.year)
        uow.compensation_terms.set_year_shares(shares, at=now, by=actor.audit_name)
        record_change(
            uow.audit,
            actor,
            "compensation_year_setting",
            shares.year,
            "set",
            before=before,
            after=shares,
            at=now,
        )
        uow.commit()
    return shares


def record_clearing_decision(
    uow: UnitOfWork, *, actor: Actor, decision: ClearingDecision, now: datetime
) -> int:
    """Record the members' decision on the settlement from its first month on."""
    _officer(actor)
    if not decision.reference.strip():
        raise InvalidInput([RowError(SOURCE, 0, "reference", N_("Ange beslutets diarienummer."))])
    with uow:
        decision_id = uow.compensation_terms.add_clearing_decision(
            decision, at=now, by=actor.audit_name
        )
        record_change(
            uow.audit,
            actor,
            "clearing_decision",
            decision_id,
            "recorded",
            before=None,
            after=decision,
            at=now,
        )
        uow.commit()
    return decision_id


def payee_problems(payee: Payee, units: Sequence[OutsideSchoolUnit]) -> list[RowError]:
    """Every problem of a payee record and its school units outside the area."""
    problems: list[RowError] = []

    def add(field: str, reason: str) -> None:
        problems.append(RowError(SOURCE, 0, field, reason))

    organiser = payee.organiser
    if organiser.kind is OrganiserKind.MUNICIPALITY:
        if not _MUNICIPALITY.fullmatch(organiser.code):
            add("code", f"{organiser.code!r} is not a municipality code (4 digits)")
    elif not 1 <= len(organiser.code.strip()) <= MAXIMUM_CODE:
        # the organisation number, or the catalogue's name of an organiser without one
        add("code", f"the organiser's code is 1–{MAXIMUM_CODE} characters, as on the lines")
    details = payment_detail_problems(
        SOURCE, payee.organisation_number, payee.bankgiro, payee.plusgiro
    )
    problems += [problem for problem in details if problem.field == "organisation_number"]
    if not payee.name.strip():
        add("name", "the payee's name is missing")
    problems += [problem for problem in details if problem.field != "organisation_number"]
    if units and not payee.outside_area:
        add("school_units", "only an organiser outside the area has school units registered here")
    for index, unit in enumerate(units, start=1):
        where = f"school_units.{index}"
        if not _SCHOOL_UNIT.fullmatch(unit.code):
            add(where, f"{unit.code!r} is not a school unit code (8 digits)")
        if not _MUNICIPALITY.fullmatch(unit.municipality_code):
            add(where, f"{unit.municipality_code!r} is not a municipality code")
        if not unit.name.strip() or not unit.municipality_name.strip():
            add(where, "the school unit's and municipality's names")
    return problems


def register_payee(
    uow: UnitOfWork,
    *,
    actor: Actor,
    payee: Payee,
    now: datetime,
    school_units: Sequence[OutsideSchoolUnit] = (),
) -> Payee:
    """Store ``payee`` (replacing its earlier record) and its school units outside the area."""
    _officer(actor)
    problems = payee_problems(payee, school_units)
    if problems:
        raise InvalidInput(problems)
    with uow:
        terms = uow.compensation_terms
        members = set(terms.member_codes())
        if payee.outside_area and any(u.municipality_code in members for u in school_units):
            raise Conflict(N_("En skolenhet utanför området ligger i en medlemskommun."))
        organiser = payee.organiser
        municipal = organiser.kind is OrganiserKind.MUNICIPALITY
        if municipal and payee.outside_area and organiser.code in members:
            raise Conflict(
                N_("%(code)s är en medlemskommun, inte utanför området."), code=organiser.code
            )
        known = set(terms.school_unit_codes())
        taken = sorted(unit.code for unit in school_units if unit.code in known)
        if taken:
            raise Conflict(N_("Skolenheterna finns redan: %(units)s."), units=", ".join(taken))
        before = terms.payee(payee.organiser)
        terms.set_payee(payee, at=now, by=actor.audit_name)
        if school_units:
            terms.add_outside_school_units(payee, school_units)
        record_change(
            uow.audit,
            actor,
            "compensation_payee",
            str(payee.organiser),
            "set",
            before=None if before is None else RegisteredPayee(before),
            after=RegisteredPayee(payee, tuple(school_units)),
            at=now,
        )
        uow.commit()
    return payee
