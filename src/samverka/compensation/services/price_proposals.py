"""Use cases of the yearly price proposal: the association proposes next year's list and
supplement tiers, each member municipality records its decision, and a municipality that
decides a list of its own stores it (``compensation.domain.price_proposal``; seed 001,
"Gemensam gymnasieregion": a proposal "för att möjliggöra kommunala beslut innan den
1 december").

* ``propose_prices`` (the association's staff or the admission officer): year Y's common list
  and supplement tiers made from Y − 1's by the uplift percentage (and a tier's own
  percentage where given), rounded as stated, stored as Y's common list with the proposal (its
  date and reference; the deadline for the municipalities is 1 December of Y − 1). A proposal
  may be made again (``replace``) only while no municipality has decided on it.
* ``record_price_decision`` (the municipality for itself; the officer for any): adopted, not
  adopted or own list, with the decision's date and reference; a decision may be recorded
  again (a new decision replaces the earlier one; both are in the audit trail). "Own list"
  needs the municipality's own list for Y (``import_own_price_list``).
* The runs use the list each paying municipality adopted (``compensation.services.compensation``).

Each is one transaction, audited with the values before and after.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from samverka.compensation.domain.audited import DecidedPrices, ListedPrices, ProposedPrices
from samverka.compensation.domain.price_list import PriceList, PriceRounding, uplift
from samverka.compensation.domain.price_proposal import (
    DecisionOutcome,
    PriceDecision,
    PriceProposal,
)
from samverka.compensation.domain.structure_supplement import uplift_schedule
from samverka.compensation.ports import UnitOfWork
from samverka.compensation.services.compensation import COMMON, own_list_kind
from samverka.errors import (
    N_,
    BadValue,
    Conflict,
    InvalidInput,
    NotFound,
    NotPermitted,
    RowError,
)
from samverka.platform.access.domain.actors import Actor, Role
from samverka.platform.services.audit_records import record_change

SOURCE = "request"
SWEDEN = ZoneInfo("Europe/Stockholm")
PROPOSERS = frozenset({Role.OFFICER, Role.ASSOCIATION_STAFF})


def _may_decide_for(actor: Actor, municipality: str) -> None:
    if actor.role is Role.OFFICER:
        return
    if actor.role is Role.MUNICIPALITY and actor.municipality_code == municipality:
        return
    raise NotPermitted(N_("En kommun registrerar bara sina egna beslut."))


def _today(now: datetime) -> date:
    return now.astimezone(SWEDEN).date()


def propose_prices(
    uow: UnitOfWork,
    *,
    actor: Actor,
    year: int,
    percent: Decimal,
    level_percent: Mapping[int, Decimal],
    rounding: PriceRounding,
    proposed_on: date,
    reference: str,
    now: datetime,
    replace: bool = False,
) -> PriceProposal:
    """Make ``year``'s proposal from ``year - 1``'s list and tiers (module docstring)."""
    if actor.role not in PROPOSERS:
        raise NotPermitted(N_("Förbundet föreslår prislistan."))
    problems = []
    if proposed_on > _today(now):
        problems.append(
            RowError(
                SOURCE,
                0,
                "proposed_on",
                N_("%(day)s ligger i framtiden."),
                {"day": proposed_on.isoformat()},
            )
        )
    if not reference.strip():
        problems.append(RowError(SOURCE, 0, "reference", N_("Förslagets diarienummer saknas.")))
    if problems:
        raise InvalidInput(problems)
    proposal = PriceProposal(
        year, year - 1, percent, tuple(sorted(level_percent.items())), proposed_on, reference
    )
    with uow:
        terms, prices = uow.compensation_terms, uow.compensation
        source = prices.price_list(year - 1, COMMON)
        if source is None:
            raise NotFound(
                N_("Det finns ingen gemensam prislista för %(year)s att föreslå från."),
                year=year - 1,
            )
        before = terms.price_proposal(year)
        if terms.price_decisions(year):
            raise Conflict(N_("Kommuner har redan beslutat om förslaget för %(year)s."), year=year)
        if (before is not None or prices.price_list(year, COMMON) is not None) and not replace:
            raise Conflict(
                N_("%(year)s har redan en gemensam prislista (välj att ersätta den)."), year=year
            )
        try:
            proposed = uplift(source, percent, rounding, year=year)
            schedule = prices.supplement_schedule(year - 1)
            tiers = (
                None
                if schedule is None
                else uplift_schedule(
                    schedule, percent, rounding, level_percent=level_percent, year=year
                )
            )
        except BadValue as error:
            raise Conflict(error.text, **error.parameters) from error
        prices.replace_price_list(proposed, COMMON, actor=actor.audit_name, at=now)
        if tiers is not None:
            prices.replace_supplement_schedule(tiers)
        terms.add_price_proposal(proposal, at=now, by=actor.audit_name)
        made = ProposedPrices.of(
            proposal,
            prices=len(proposed.prices),
            tiers=0 if tiers is None else len(tiers.tiers),
            rounding=rounding,
        )
        record_change(
            uow.audit,
            actor,
            "price_proposal",
            year,
            "proposed",
            before=None if before is None else ProposedPrices.of(before),
            after=made,
            at=now,
        )
        uow.commit()
    return proposal


def record_price_decision(
    uow: UnitOfWork, *, actor: Actor, decision: PriceDecision, now: datetime
) -> PriceDecision:
    """Record ``decision`` of a member municipality on its year's proposal."""
    _may_decide_for(actor, decision.municipality)
    problems = []
    if decision.decided_on > _today(now):
        reason = N_("Beslutsdatumet %(day)s ligger i framtiden.")
        day = {"day": decision.decided_on.isoformat()}
        problems.append(RowError(SOURCE, 0, "decided_on", reason, day))
    if not decision.reference.strip():
        problems.append(RowError(SOURCE, 0, "reference", N_("Beslutets diarienummer saknas.")))
    if problems:
        raise InvalidInput(problems)
    with uow:
        terms = uow.compensation_terms
        if decision.municipality not in terms.member_codes():
            raise NotFound(
                N_("Det finns ingen medlemskommun %(code)s."), code=decision.municipality
            )
        if terms.price_proposal(decision.year) is None:
            raise Conflict(
                N_("Det finns inget prisförslag för %(year)s att besluta om."), year=decision.year
            )
        own = own_list_kind(decision.municipality)
        if decision.outcome is DecisionOutcome.OWN_LIST and (
            uow.compensation.price_list(decision.year, own) is None
        ):
            raise Conflict(
                N_("%(municipality)s har ingen egen prislista för %(year)s: läs in den först."),
                municipality=decision.municipality,
                year=decision.year,
            )
        before = next(
            (
                d
                for d in terms.price_decisions(decision.year)
                if d.municipality == decision.municipality
            ),
            None,
        )
        terms.set_price_decision(decision, at=now, by=actor.audit_name)
        record_change(
            uow.audit,
            actor,
            "price_decision",
            f"{decision.year}:{decision.municipality}",
            "recorded",
            before=None if before is None else DecidedPrices.of(before),
            after=DecidedPrices.of(decision),
            at=now,
        )
        uow.commit()
    return decision


def import_own_price_list(
    uow: UnitOfWork, *, actor: Actor, municipality: str, price_list: PriceList, now: datetime
) -> int:
    """Store ``municipality``'s own list for the list's year (replacing the one before)."""
    _may_decide_for(actor, municipality)
    if any(price.municipality not in (None, municipality) for price in price_list.prices):
        raise Conflict(N_("En egen prislista har inga andra kommuners priser."))
    kind = own_list_kind(municipality)
    with uow:
        if municipality not in uow.compensation_terms.member_codes():
            raise NotFound(N_("Det finns ingen medlemskommun %(code)s."), code=municipality)
        before = uow.compensation.price_list(price_list.year, kind)
        uow.compensation.replace_price_list(price_list, kind, actor=actor.audit_name, at=now)
        record_change(
            uow.audit,
            actor,
            "price_list",
            f"{price_list.year}:{kind}",
            "import",
            before=None if before is None else ListedPrices(len(before.prices)),
            after=ListedPrices(len(price_list.prices)),
            at=now,
        )
        uow.commit()
    return len(price_list.prices)
