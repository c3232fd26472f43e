"""What a school (principal) reads: the offerings of its own school units, their applicants and,
for the latest published round, the admitted and the reserves (an offering's page reads the
rows of that offering only, masked and ordered as ``round_lists`` lists them); for one applicant
of one of its offerings, what the receiving organiser decides (``receiving_decisions``): the
English dispensation and, for an over-age applicant, the agreement on the choice.

Every query starts from the actor's scope (``Actor.school_unit_codes``); an offering outside it
is ``NotFound``. A school never sees protected identities: they are masked as in
``round_lists`` (``PROTECTED_NAME``, no identity number), protected meaning protected in any
source (``platform.db.protection``; issue 11 point 2); the admission officer working in a
school's place (``platform.access.domain.scope``) sees them, as on the officer's other pages.
``school_units`` lists the school units with offerings in the year, for the officer to choose.

Each applicant to an offering comes with the organiser's decisions on the choice: the school's
rank (on an offering the school ranks), fri kvot, and the assessment of foreign grades as
equivalent knowledge, beside the counsellor's foreign-grades marker that asks for it.

Each admitted applicant of the latest published round comes with their reply status
(``replies``, in the admitted list's order): the kind of their latest reply up to that round
(``ReplyKind``'s value), or ``None`` when they have not replied yet.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from samverka.admission.db import tables as t
from samverka.admission.domain.applicants import EnglishDispensationDecision, OverAgeAgreement
from samverka.admission.domain.conditions import ApplicantFacts, is_over_age, last_start
from samverka.admission.domain.rule_set import default_rule_set
from samverka.admission.domain.school_ranking import (
    is_ranked_by_school,
    may_be_ranked_by_school,
)
from samverka.admission.queries.admission_statistics import (
    Database,
    RoundRef,
    latest_admission_year,
    rounds,
)
from samverka.admission.queries.round_lists import (
    PROTECTED_NAME,
    AdmittedApplicant,
    ReserveApplicant,
    Viewer,
    admitted_lists,
    reserve_lists,
)
from samverka.errors import N_, NotFound
from samverka.platform.access.domain.actors import Actor
from samverka.platform.access.domain.scope import ScopeChoice
from samverka.platform.db.protection import is_protected
from samverka.platform.domain.personal_id import parse_personal_id

_FAR_FUTURE = date(9999, 12, 31)  # stored numbers were validated when they were imported


@dataclass(frozen=True, slots=True)
class SchoolOffering:
    code: str
    school_unit_code: str
    school_unit_name: str
    programme: str
    orientation: str
    places: int
    discretionary_places: int
    has_test: bool
    status: str
    applicants: int
    organiser: str = ""
    leads_to: str | None = None  # IMV: the national programme it leads to
    ranked_by_school: bool = False  # the school's ranking decides (IMA always; IMV/IMY by setting)
    may_be_ranked: bool = False  # an introduction programme the school may rank (IMA, IMV, IMY)


@dataclass(frozen=True, slots=True)
class OfferingApplicant:
    personal_id: str | None  # None when masked
    name: str
    rank: int
    test_points: Decimal | None
    protected_identity: bool
    dispensation_requested: bool = False  # the counsellor's marker
    dispensation_decided: bool = False  # by this offering's organiser
    over_age: bool = False
    over_age_agreement: bool = False
    school_rank: int | None = None
    fri_kvot: bool = False
    equivalent_knowledge: bool = False
    foreign_grades: bool = False  # the counsellor's marker


@dataclass(frozen=True, slots=True)
class ApplicantDecisions:
    """One applicant of one of the school's offerings, with what its organiser decides."""

    offering: SchoolOffering
    applicant: OfferingApplicant
    birth_date: date
    last_start: date  # the last day the applicant may begin (SL 15 kap. 5 §)
    dispensation: EnglishDispensationDecision | None
    over_age_agreement: OverAgeAgreement | None


@dataclass(frozen=True, slots=True)
class OfferingDetails:
    offering: SchoolOffering
    applicants: list[OfferingApplicant]
    round: RoundRef | None  # the latest published round
    admitted: list[AdmittedApplicant]
    reserves: list[ReserveApplicant]
    replies: tuple[str | None, ...] = ()  # per admitted applicant, in the same order


def school_units(db: Database, year: int) -> list[ScopeChoice]:
    """The school units with offerings in ``year``, by name."""
    o, s, y = t.offering, t.school_unit, t.admission_year
    query = (
        select(s.c.code, s.c.name)
        .join(o, o.c.school_unit_code == s.c.code)
        .join(y, y.c.id == o.c.admission_year_id)
        .where(y.c.year == year)
        .distinct()
        .order_by(s.c.name, s.c.code)
    )
    return [ScopeChoice(row.code, row.name) for row in db.execute(query)]


def school_offerings(
    db: Database, year: int, actor: Actor, *, code: str | None = None
) -> list[SchoolOffering]:
    """The offerings of the actor's school units in ``year``, by code (only ``code``, when
    given), with how many have chosen each."""
    o, s, y, c = t.offering, t.school_unit, t.admission_year, t.choice
    query = (
        select(o, s.c.name.label("unit_name"), t.organiser.c.name.label("organiser_name"))
        .join(s, s.c.code == o.c.school_unit_code)
        .join(t.organiser, t.organiser.c.id == s.c.organiser_id)
        .join(y, y.c.id == o.c.admission_year_id)
        .where(y.c.year == year, o.c.school_unit_code.in_(sorted(actor.school_unit_codes)))
        .order_by(o.c.code)
    )
    if code is not None:
        query = query.where(o.c.code == code)
    rows = list(db.execute(query))
    ids = [row.id for row in rows]
    chosen = select(c.c.offering_id, func.count()).where(c.c.offering_id.in_(ids))
    counts: Counter[int] = Counter(dict(db.execute(chosen.group_by(c.c.offering_id)).all()))
    return [
        SchoolOffering(
            row.code,
            row.school_unit_code,
            row.unit_name,
            row.programme,
            row.orientation,
            row.places,
            row.discretionary_places,
            row.test_multiplier is not None,
            row.status,
            counts[row.id],
            row.organiser_name,
            row.leads_to,
            is_ranked_by_school(row.programme, row.ranked_by_school),
            may_be_ranked_by_school(row.programme),
        )
        for row in rows
    ]


def offering_details(db: Database, year: int, actor: Actor, code: str) -> OfferingDetails:
    """One of the actor's offerings with its applicants and latest published lists: the rows of
    this offering only, as ``round_lists`` lists them for the whole round."""
    offering = _own_offering(db, year, actor, code)
    published = [r for r in rounds(db, year) if r.published]
    latest = published[-1] if published else None
    viewer = Viewer(may_see_protected=actor.may_see_protected_identities)
    admitted: list[AdmittedApplicant] = []
    reserves: list[ReserveApplicant] = []
    if latest is not None:
        offering_id = _offering_id(db, year, code)
        admitted = admitted_lists(db, year, latest.id, viewer, offering_id)
        reserves = reserve_lists(db, year, latest.id, viewer, offering_id)
    applicants = _applicants(db, year, offering, unmasked=viewer.may_see_protected)
    replies = () if latest is None else _replies(db, latest.id, code)
    return OfferingDetails(offering, applicants, latest, admitted, reserves, replies)


def _replies(db: Database, round_id: int, code: str) -> tuple[str | None, ...]:
    """The latest reply up to the round of each applicant admitted to the offering in it, in
    the order of ``round_lists.admitted_lists`` (merit value, highest first, then applicant)."""
    p, o, rp = t.placement, t.offering, t.reply
    admitted = (
        select(p.c.applicant_id)
        .join(o, o.c.id == p.c.offering_id)
        .where(p.c.round_id == round_id, o.c.code == code)
    )
    latest = (
        select(rp.c.applicant_id, func.max(rp.c.id).label("reply_id"))
        .where(rp.c.round_id <= round_id, rp.c.applicant_id.in_(admitted))
        .group_by(rp.c.applicant_id)
        .subquery()
    )
    query = (
        select(rp.c.kind)
        .select_from(p)
        .join(o, o.c.id == p.c.offering_id)
        .outerjoin(latest, latest.c.applicant_id == p.c.applicant_id)
        .outerjoin(rp, rp.c.id == latest.c.reply_id)
        .where(p.c.round_id == round_id, o.c.code == code)
        .order_by(p.c.merit_value.desc(), p.c.applicant_id)
    )
    return tuple(None if kind is None else str(kind) for kind in db.execute(query).scalars())


def _own_offering(db: Database, year: int, actor: Actor, code: str) -> SchoolOffering:
    """The actor's offering ``code``; ``NotFound`` outside the actor's school units."""
    offering = next(iter(school_offerings(db, year, actor, code=code)), None)
    if offering is None:
        raise NotFound(N_("Det finns ingen utbildning %(code)s."), code=repr(code))
    return offering


def _offering_id(db: Database, year: int, code: str) -> int:
    o, y = t.offering, t.admission_year
    query = select(o.c.id).join(y, y.c.id == o.c.admission_year_id)
    return int(db.execute(query.where(y.c.year == year, o.c.code == code)).scalar_one())


def offering_applicants(
    db: Database, year: int, actor: Actor, code: str
) -> tuple[SchoolOffering, list[OfferingApplicant]]:
    """One of the actor's offerings and its applicants (in the school's order where the school
    ranks), without the round's lists."""
    offering = _own_offering(db, year, actor, code)
    unmasked = actor.may_see_protected_identities
    return offering, _applicants(db, year, offering, unmasked=unmasked)


def applicant_decisions(
    db: Database, year: int, actor: Actor, code: str, personal_id: str
) -> ApplicantDecisions:
    """One applicant of one of the actor's offerings; ``NotFound`` for an offering outside the
    scope, an applicant who did not choose it, or one the actor may not see (protected)."""
    offering = _own_offering(db, year, actor, code)
    unmasked = actor.may_see_protected_identities
    found = [
        a
        for a in _applicants(db, year, offering, unmasked=unmasked, personal_id=personal_id)
        if a.personal_id is not None
    ]
    if not found:
        raise NotFound(N_("Ingen sådan sökande har valt %(code)s."), code=repr(code))
    birth = parse_personal_id(personal_id, today=_FAR_FUTURE).birth_date
    rules = default_rule_set(year).conditions
    return ApplicantDecisions(
        offering,
        found[0],
        birth,
        last_start(birth, rules),
        _dispensation(db, year, personal_id, offering.organiser),
        _agreement(db, year, personal_id, code),
    )


def _agreement(db: Database, year: int, personal_id: str, code: str) -> OverAgeAgreement | None:
    a, c, o, y = t.applicant, t.choice, t.offering, t.admission_year
    row = db.execute(
        select(c.c.over_age_reference, c.c.over_age_recorded_by, c.c.over_age_recorded_at)
        .join(a, a.c.id == c.c.applicant_id)
        .join(o, o.c.id == c.c.offering_id)
        .join(y, y.c.id == o.c.admission_year_id)
        .where(y.c.year == year, a.c.personal_id == personal_id, o.c.code == code)
    ).first()
    if row is None or row.over_age_reference is None:
        return None
    return OverAgeAgreement(
        row.over_age_reference, row.over_age_recorded_by, row.over_age_recorded_at
    )


def _dispensation(
    db: Database, year: int, personal_id: str, organiser: str
) -> EnglishDispensationDecision | None:
    a, d, g, y = t.applicant, t.english_dispensation_decision, t.organiser, t.admission_year
    row = db.execute(
        select(d, g.c.name.label("organiser_name"))
        .join(a, a.c.id == d.c.applicant_id)
        .join(g, g.c.id == d.c.organiser_id)
        .join(y, y.c.id == a.c.admission_year_id)
        .where(y.c.year == year, a.c.personal_id == personal_id, g.c.name == organiser)
    ).first()
    if row is None:
        return None
    return EnglishDispensationDecision(
        row.organiser_name,
        row.decided_on,
        row.decided_by,
        row.reference,
        row.recorded_at,
        row.recorded_by,
    )


def _applicants(
    db: Database,
    year: int,
    offering: SchoolOffering,
    *,
    unmasked: bool,
    personal_id: str | None = None,
) -> list[OfferingApplicant]:
    a, c, o, y = t.applicant, t.choice, t.offering, t.admission_year
    d, g = t.english_dispensation_decision, t.organiser
    decided = (
        select(d.c.applicant_id)
        .join(g, g.c.id == d.c.organiser_id)
        .where(g.c.name == offering.organiser)
    )
    query = (
        select(
            a.c.personal_id,
            a.c.name,
            is_protected(a.c.personal_id).label("protected_identity"),
            a.c.english_dispensation,
            a.c.id.in_(decided).label("decided"),
            a.c.foreign_grades,
            c.c.rank,
            c.c.test_points,
            c.c.over_age_reference,
            c.c.school_rank,
            c.c.discretionary_quota,
            c.c.equivalent_knowledge,
        )
        .join(c, c.c.applicant_id == a.c.id)
        .join(o, o.c.id == c.c.offering_id)
        .join(y, y.c.id == o.c.admission_year_id)
        .where(y.c.year == year, o.c.code == offering.code)
        .order_by(a.c.name, a.c.id)
    )
    if personal_id is not None:
        query = query.where(a.c.personal_id == personal_id)
    rules = default_rule_set(year).conditions
    applicants = []
    for row in db.execute(query):
        masked = bool(row.protected_identity) and not unmasked
        birth = parse_personal_id(row.personal_id, today=_FAR_FUTURE).birth_date
        applicants.append(
            OfferingApplicant(
                None if masked else row.personal_id,
                PROTECTED_NAME if masked else row.name,
                row.rank,
                None if row.test_points is None else Decimal(row.test_points),
                bool(row.protected_identity),
                dispensation_requested=row.english_dispensation,
                dispensation_decided=bool(row.decided),
                over_age=is_over_age(ApplicantFacts(birth), rules),
                over_age_agreement=row.over_age_reference is not None,
                school_rank=row.school_rank,
                fri_kvot=row.discretionary_quota,
                equivalent_knowledge=row.equivalent_knowledge,
                foreign_grades=row.foreign_grades,
            )
        )
    if offering.ranked_by_school:  # in the school's order, the unranked after
        applicants.sort(key=lambda a: (a.school_rank is None, a.school_rank or 0))
    return applicants


def the_years_school_units(session: Session) -> list[ScopeChoice]:
    """The school units of the newest admission year: what the officer may work in as a
    school."""
    return school_units(session, latest_admission_year(session))
