"""What is read of the money's terms (issue 13, points 3–7): tilläggsbelopp decisions, the
price proposal with each member's decision, the year's organiser shares and the clearing
decisions, payees, and the invoices to municipalities outside the area.

Who sees what:

* Tilläggsbelopp decisions: a municipality its own (it decided them), the admission officer
  any municipality's. They name pupils: a protected identity is masked (no identity number)
  for everyone but the officer (admissions-rules.md §11.2 item 11).
* The price proposal and the decisions on it (public decisions of public bodies, no personal
  data): the officer, the municipalities, the association's staff and the board.
* The organiser shares, clearing decisions and payees (no personal data): the officer; the
  shares and the clearing decisions also the municipalities and the analyst.
* The invoices to municipalities outside the area: the officer, who sends the files to the
  invoicing organisers (or invoices for the association). No pupil is named.
* For the files (``compensation.files.compensation_files``): the names beside the codes
  (``export_names``: municipalities, organisers, school units) and the runs whose lines are
  booked in a month (``booked_runs``, for the payment file's reference). No personal data.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from samverka.admission.db import tables as at
from samverka.compensation.db import tables as t
from samverka.compensation.db.compensation_repository import SqlCompensationRepository
from samverka.compensation.db.terms_repository import SqlCompensationTermsRepository
from samverka.compensation.domain.additional_grant import AdditionalGrantDecision
from samverka.compensation.domain.net_settlement import ClearingDecision
from samverka.compensation.domain.organiser import Organiser
from samverka.compensation.domain.organiser_shares import OrganiserShares
from samverka.compensation.domain.period import Month
from samverka.compensation.domain.price_proposal import (
    DecisionStatus,
    PriceProposal,
    decision_overview,
)
from samverka.compensation.domain.statements import Statement, payer_statements
from samverka.compensation.files.compensation_files import Names
from samverka.compensation.ports import Payee
from samverka.compensation.services.compensation import own_list_kind
from samverka.errors import N_, NotFound, NotPermitted
from samverka.platform.access.domain.actors import Actor, Role
from samverka.platform.db import tables as pt
from samverka.platform.db.protection import protected_among
from samverka.register.db.register_repository import organiser_of

PROPOSAL_READERS = frozenset(
    {Role.OFFICER, Role.MUNICIPALITY, Role.ASSOCIATION_STAFF, Role.BOARD_MEMBER}
)
TERMS_READERS = frozenset({Role.OFFICER, Role.MUNICIPALITY, Role.ANALYST})


@dataclass(frozen=True, slots=True)
class GrantRow:
    """One tilläggsbelopp decision as listed; ``personal_id`` None when masked."""

    decision: AdditionalGrantDecision
    personal_id: str | None

    @property
    def protected(self) -> bool:
        return self.personal_id is None


@dataclass(frozen=True, slots=True)
class ProposalOverview:
    year: int
    proposal: PriceProposal | None
    statuses: tuple[DecisionStatus, ...]
    own_lists: frozenset[str]  # members with an own list for the year

    @property
    def undecided(self) -> tuple[str, ...]:
        return tuple(s.municipality for s in self.statuses if not s.decided)


@dataclass(frozen=True, slots=True)
class YearTerms:
    year: int
    shares: OrganiserShares  # the stored ones, or the defaults (``stored`` False)
    stored: bool
    clearing: tuple[ClearingDecision, ...]


@dataclass(frozen=True, slots=True)
class InvoiceTotal:
    """What the organisers of the region invoice one municipality outside the area."""

    municipality: str
    name: str
    pupil_months: int
    total: Decimal


def _own_or_officer(actor: Actor, municipality: str) -> None:
    if actor.role is Role.OFFICER:
        return
    if actor.role is Role.MUNICIPALITY and actor.municipality_code == municipality:
        return
    raise NotPermitted(N_("En kommun ser bara sina egna beslut."))


def additional_grants(session: Session, actor: Actor, municipality: str) -> list[GrantRow]:
    """``municipality``'s tilläggsbelopp decisions, protected pupils masked (module docstring)."""
    _own_or_officer(actor, municipality)
    decisions = SqlCompensationTermsRepository(session).additional_grants(municipality)
    protected = protected_among(session, [d.pupil_id for d in decisions])
    masked = not actor.may_see_protected_identities
    return [
        GrantRow(d, None if masked and d.pupil_id in protected else d.pupil_id) for d in decisions
    ]


def proposal_overview(session: Session, actor: Actor, year: int) -> ProposalOverview:
    """The year's proposal and every member municipality's decision (who has not decided)."""
    if actor.signed_in_role not in PROPOSAL_READERS:
        raise NotPermitted(N_("Prisförslaget är för kommunerna och förbundet."))
    terms = SqlCompensationTermsRepository(session)
    members = terms.member_codes()
    prices = SqlCompensationRepository(session)
    own = frozenset(code for code in members if prices.price_list(year, own_list_kind(code)))
    return ProposalOverview(
        year,
        terms.price_proposal(year),
        decision_overview(members, terms.price_decisions(year)),
        own,
    )


def latest_proposal_year(session: Session) -> int | None:
    years = SqlCompensationTermsRepository(session).proposed_years()
    return years[-1] if years else None


def year_terms(session: Session, actor: Actor, year: int) -> YearTerms:
    """The year's organiser shares (the defaults when none are stored) and the clearing
    decisions."""
    if actor.signed_in_role not in TERMS_READERS:
        raise NotPermitted(N_("Villkoren är för antagningskansliet, kommunerna och analytiker."))
    terms = SqlCompensationTermsRepository(session)
    stored = terms.year_shares(year)
    return YearTerms(
        year,
        stored if stored is not None else OrganiserShares(year),
        stored is not None,
        tuple(terms.clearing_decisions()),
    )


def clearing_decisions(session: Session, actor: Actor) -> tuple[ClearingDecision, ...]:
    """The members' clearing decisions, in the order recorded."""
    if actor.signed_in_role not in TERMS_READERS:
        raise NotPermitted(N_("Villkoren är för antagningskansliet, kommunerna och analytiker."))
    return tuple(SqlCompensationTermsRepository(session).clearing_decisions())


def organiser_names(session: Session) -> dict[Organiser, str]:
    """Every organiser's name as the lines name the payee: the catalogue's name, or the name
    on its payee record (no personal data)."""
    g = at.organiser
    rows = session.execute(
        select(g.c.kind, g.c.municipality_code, g.c.organisation_number, g.c.name)
    )
    names = {organiser_of(*row): row[3] for row in rows}
    names |= {p.organiser: p.name for p in SqlCompensationTermsRepository(session).payees()}
    return names


def payees(session: Session, actor: Actor) -> list[Payee]:
    if actor.role is not Role.OFFICER:
        raise NotPermitted(N_("Bara antagningskansliet sköter betalningsmottagarna."))
    return SqlCompensationTermsRepository(session).payees()


def payee_details(session: Session) -> dict[Organiser, Payee]:
    """Every payee record by organiser, for the payment files (no personal data)."""
    return {p.organiser: p for p in SqlCompensationTermsRepository(session).payees()}


def export_names(session: Session) -> Names:
    """The municipalities', organisers' and school units' names, for the files."""
    m, u = pt.municipality, at.school_unit
    municipalities = dict(session.execute(select(m.c.code, m.c.name)).all())
    units = dict(session.execute(select(u.c.code, u.c.name)).all())
    return Names(
        municipalities={str(k): str(v) for k, v in municipalities.items()},
        organisers=organiser_names(session),
        school_units={str(k): str(v) for k, v in units.items()},
    )


def booked_runs(session: Session, month: Month) -> list[int]:
    """The runs whose lines are booked in ``month``, oldest first."""
    line = t.compensation_line
    query = select(line.c.run_id).where(line.c.booked_in == str(month)).distinct()
    return sorted(int(run) for run in session.scalars(query))


def invoice_totals(session: Session, actor: Actor, month: Month) -> list[InvoiceTotal]:
    """Per municipality outside the area, what the invoice lines booked in ``month`` sum to."""
    if actor.role is not Role.OFFICER:
        raise NotPermitted(N_("Bara antagningskansliet sköter fakturorna till andra län."))
    line, m = t.compensation_line, pt.municipality
    query = (
        select(line.c.payer, func.count(), func.sum(line.c.amount))
        .where(line.c.booked_in == str(month), line.c.invoice.is_(True))
        .group_by(line.c.payer)
        .order_by(line.c.payer)
    )
    names = dict(session.execute(select(m.c.code, m.c.name)).all())
    return [
        InvoiceTotal(code, names.get(code, code), count, Decimal(total))
        for code, count, total in session.execute(query)
    ]


def invoice_statement(session: Session, actor: Actor, municipality: str, month: Month) -> Statement:
    """The invoice lines booked in ``month`` for ``municipality`` (outside the area), summed
    per organiser, school unit, programme, purpose and month served; no pupil named."""
    if actor.role is not Role.OFFICER:
        raise NotPermitted(N_("Bara antagningskansliet sköter fakturorna till andra län."))
    lines = SqlCompensationRepository(session).lines_booked_in([month])
    invoiced = [ln for ln in lines if ln.invoice and ln.payer == municipality]
    known = SqlCompensationTermsRepository(session).municipality_codes()
    if not invoiced and municipality not in known:
        raise NotFound(N_("Det finns ingen kommun %(code)s."), code=municipality)
    found = payer_statements(invoiced, month)
    return found.get(municipality, Statement(municipality, month, ()))
