"""What each admission role has to do now, as counts for its start page (issue 15 point 8).

Every figure is one small counting query over the newest admission year, never a list of
people: the officer's rounds waiting to be published and cases waiting (late choices,
applicants without grades or without choices, choices whose reception waits for the admission
office's decision), the counsellor's pupils without an application,
unplaced or without a reply, each school offering's applicants with test points or the school's
ranking still to enter, a municipality's residents without a place, and the applicant's own
state. A municipality's residents without a place are those not placed in the latest round,
whether they took part in it or not (``placed_in``), as its list of residents without a place
shows them. A counsellor's and a school's counts leave protected identities out, as their lists do
(``counsellor_view``, ``school_view``); a municipality's count them, as its list of residents
does with the name masked (``register.queries.municipality_view``), so that the start page and
the list give the same figure; the officer counts everyone.

"The latest published round" is the newest published round that is not a simulation, as the
applicant's result (``applicant_view.result_of``); a reply counts for it if it answers it or
an earlier round.

A reception decision waits (``receptions_waiting``) where the derived reception rests on
``HOME_OFFER_UNKNOWN``: the applicant's home municipality is outside the admission area, so the
catalogue cannot say whether the programme is offered at home, and the class holds only until
the home municipality's statement (yttrande) is recorded as the admission office's decision
(SL 16 kap. 43–44 §§; admissions-rules §3.4; ``admission.domain.reception`` step 6). A choice
with the office's decision (a reason) no longer waits. The derivation is the domain's own
(``reception_of``), read only for the choices of applicants from outside the area.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement, Select, and_, exists, false, func, select, true
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from samverka.admission.db import tables as t
from samverka.admission.domain.area import AdmissionArea, AreaTerms
from samverka.admission.domain.reception import (
    CatalogueFacts,
    OfferingFacts,
    ReceptionGround,
    reception_of,
)
from samverka.admission.domain.rounds import RoundKind, RoundStatus
from samverka.admission.domain.school_ranking import is_ranked_by_school
from samverka.admission.domain.year_settings import YearSettings
from samverka.platform.access.domain.actors import Actor
from samverka.platform.db import tables as pt

Database = Session | Connection


@dataclass(frozen=True, slots=True)
class LatestRound:
    id: int
    kind: RoundKind


@dataclass(frozen=True, slots=True)
class OfficerTasks:
    rounds_to_publish: int  # stored, neither published nor superseded
    late_choices: int  # in the late selection group
    without_grades: int
    without_choices: int
    latest: LatestRound | None
    receptions_waiting: int = 0  # choices whose reception waits for the office's decision


@dataclass(frozen=True, slots=True)
class WaitingReception:
    """One choice whose reception waits for the admission office's decision."""

    applicant_id: int
    personal_id: str
    name: str
    protected_identity: bool
    school_unit_code: str | None
    home_municipality_name: str
    offering_code: str
    programme: str
    orientation: str
    rank: int


@dataclass(frozen=True, slots=True)
class PeopleTasks:
    """A counsellor's pupils or a municipality's residents in the admission year."""

    people: int
    without_choices: int
    unplaced: int  # in the latest published round (a municipality's: ``placed_in``)
    not_replied: int  # placed or reserve in the latest binding round, and no reply yet
    latest: LatestRound | None


@dataclass(frozen=True, slots=True)
class OfferingTasks:
    code: str
    programme: str
    status: str
    applicants: int
    test_points_missing: int  # on an offering with an aptitude test
    ranks_missing: int  # on an offering the school ranks
    has_test: bool
    ranked_by_school: bool


def latest_round(db: Database, year: int) -> LatestRound | None:
    r, y = t.admission_round, t.admission_year
    row = db.execute(
        select(r.c.id, r.c.kind)
        .join(y, y.c.id == r.c.admission_year_id)
        .where(y.c.year == year, r.c.status == RoundStatus.PUBLISHED.value)
        .where(r.c.kind != RoundKind.SIMULATION.value)
        .order_by(r.c.id.desc())
        .limit(1)
    ).first()
    return None if row is None else LatestRound(row.id, RoundKind(row.kind))


def officer_tasks(db: Database, year: int) -> OfficerTasks:
    r, a, c = t.admission_round, t.applicant, t.choice
    year_id = _year_id(year)
    to_publish = _count(
        db,
        select(r.c.id).where(
            r.c.admission_year_id == year_id,
            r.c.status == RoundStatus.STORED.value,
            r.c.kind != RoundKind.SIMULATION.value,
        ),
    )
    late = _count(
        db,
        select(c.c.applicant_id)
        .join(a, a.c.id == c.c.applicant_id)
        .where(a.c.admission_year_id == year_id, c.c.late),
    )
    applicants = select(a.c.id).where(a.c.admission_year_id == year_id)
    without_grades = _count(db, applicants.where(~_has_grades()))
    without_choices = _count(db, applicants.where(~_has_choices()))
    return OfficerTasks(
        to_publish,
        late,
        without_grades,
        without_choices,
        latest_round(db, year),
        len(receptions_waiting(db, year)),
    )


def receptions_waiting(db: Database, year: int) -> list[WaitingReception]:
    """The year's choices whose reception waits for the admission office's decision, by
    personal identity number and rank (the module's docstring says which)."""
    a, c, o, u, g, m, y = (
        t.applicant,
        t.choice,
        t.offering,
        t.school_unit,
        t.organiser,
        pt.municipality,
        t.admission_year,
    )
    settings = db.execute(select(y.c.settings).where(y.c.year == year)).scalar_one_or_none()
    if settings is None:
        return []
    rules = YearSettings.from_dict(settings).reception
    terms = db.execute(select(m.c.code, m.c.admission_terms))
    area = AdmissionArea({code: AreaTerms(value) for code, value in terms})
    rows = db.execute(
        select(
            a.c.id,
            a.c.personal_id,
            a.c.name,
            a.c.protected_identity,
            a.c.school_unit_code,
            a.c.home_municipality,
            m.c.name.label("home_name"),
            o.c.code,
            o.c.programme,
            o.c.orientation,
            o.c.nationally_recruiting,
            g.c.kind,
            g.c.municipality_code,
            c.c.rank,
        )
        .join(c, c.c.applicant_id == a.c.id)
        .join(o, o.c.id == c.c.offering_id)
        .join(u, u.c.code == o.c.school_unit_code)
        .join(g, g.c.id == u.c.organiser_id)
        .join(m, m.c.code == a.c.home_municipality)
        .where(a.c.admission_year_id == _year_id(year), c.c.reception_reason.is_(None))
        .where(m.c.admission_terms == AreaTerms.OUTSIDE.value)
        .order_by(a.c.personal_id, c.c.rank)
    )
    nothing_offered = CatalogueFacts()  # step 6 decides before the catalogue is asked
    found = []
    for row in rows:
        facts = OfferingFacts(
            row.programme,
            row.orientation,
            row.kind,
            row.municipality_code,
            bool(row.nationally_recruiting),
        )
        derived = reception_of(row.home_municipality, facts, area, nothing_offered, rules)
        if derived.ground is ReceptionGround.HOME_OFFER_UNKNOWN:
            found.append(
                WaitingReception(
                    row.id,
                    row.personal_id,
                    row.name,
                    bool(row.protected_identity),
                    row.school_unit_code,
                    row.home_name,
                    row.code,
                    row.programme,
                    row.orientation,
                    row.rank,
                )
            )
    return found


def counsellor_tasks(db: Database, actor: Actor, year: int) -> PeopleTasks:
    a = t.applicant
    whose = a.c.school_unit_code.in_(sorted(actor.school_unit_codes))
    return _people_tasks(db, year, whose, _visible(actor))


def municipality_tasks(db: Database, municipality: str, year: int) -> PeopleTasks:
    """The municipality's residents; "without a place" is what its list of residents without a
    place shows (``register.queries.municipality_view``): not ``placed_in`` the latest round,
    whether they took part in it or not."""
    whose = t.applicant.c.home_municipality == municipality
    return _people_tasks(db, year, whose, true(), unplaced_if_not_placed=True)


def school_tasks(db: Database, actor: Actor, year: int) -> list[OfferingTasks]:
    """The actor's school units' offerings, by code, with what is left to enter on each."""
    o, c, a = t.offering, t.choice, t.applicant
    visible = _visible(actor)
    own = (o.c.admission_year_id == _year_id(year)) & o.c.school_unit_code.in_(
        sorted(actor.school_unit_codes)
    )
    counted = (  # the choices of the actor's own offerings only, not the whole region's
        select(
            c.c.offering_id,
            func.count().label("applicants"),
            func.count().filter(c.c.test_points.is_(None)).label("without_points"),
            func.count().filter(c.c.school_rank.is_(None)).label("without_rank"),
        )
        .join(a, a.c.id == c.c.applicant_id)
        .where(visible, c.c.offering_id.in_(select(o.c.id).where(own)))
        .group_by(c.c.offering_id)
        .subquery()
    )
    rows = db.execute(
        select(
            o.c.code,
            o.c.programme,
            o.c.status,
            o.c.test_multiplier,
            o.c.ranked_by_school,
            func.coalesce(counted.c.applicants, 0),
            func.coalesce(counted.c.without_points, 0),
            func.coalesce(counted.c.without_rank, 0),
        )
        .outerjoin(counted, counted.c.offering_id == o.c.id)
        .where(own)
        .order_by(o.c.code)
    )
    found = []
    for code, programme, status, test, adapted, applicants, no_points, no_rank in rows:
        ranked = is_ranked_by_school(programme, bool(adapted))
        has_test = test is not None
        found.append(
            OfferingTasks(
                code,
                programme,
                status,
                int(applicants),
                int(no_points) if has_test else 0,
                int(no_rank) if ranked else 0,
                has_test,
                ranked,
            )
        )
    return found


def placed_in(round_id: int) -> ColumnElement[bool]:
    """The applicant has a place in the round ``round_id``: the one definition of "placed" of
    a municipality's start page and its list of residents (``register.queries.municipality_view``);
    "without a place" is its negation, whether the applicant took part in the round or not
    (an applicant without choices, or whose choices came after it, has no place either)."""
    p = t.placement
    return exists().where(
        p.c.round_id == round_id, p.c.applicant_id == t.applicant.c.id, p.c.offering_id.is_not(None)
    )


def _people_tasks(
    db: Database,
    year: int,
    whose: ColumnElement[bool],
    visible: ColumnElement[bool],
    *,
    unplaced_if_not_placed: bool = False,
) -> PeopleTasks:
    """The counts; "unplaced" is a counsellor's pupils in the round without a place, or with
    ``unplaced_if_not_placed`` everyone not ``placed_in`` it (a municipality's residents)."""
    a, p, rp = t.applicant, t.placement, t.reply
    people = select(a.c.id).where(a.c.admission_year_id == _year_id(year), whose, visible)
    latest = latest_round(db, year)
    unplaced = not_replied = 0
    if latest is not None:
        in_round = people.join(p, and_(p.c.applicant_id == a.c.id, p.c.round_id == latest.id))
        if unplaced_if_not_placed:
            unplaced = _count(db, people.where(~placed_in(latest.id)))
        else:
            unplaced = _count(db, in_round.where(p.c.offering_id.is_(None)))
        if latest.kind.binding:
            # IN over a subquery, read once: ``reply`` and ``reserve`` have no index by applicant
            replied = a.c.id.in_(select(rp.c.applicant_id).where(rp.c.round_id <= latest.id))
            holding = p.c.offering_id.is_not(None) | _is_reserve(latest.id)
            not_replied = _count(db, in_round.where(holding, ~replied))
    return PeopleTasks(
        _count(db, people),
        _count(db, people.where(~_has_choices())),
        unplaced,
        not_replied,
        latest,
    )


def _is_reserve(round_id: int) -> ColumnElement[bool]:
    r = t.reserve
    return t.applicant.c.id.in_(select(r.c.applicant_id).where(r.c.round_id == round_id))


def _has_grades() -> ColumnElement[bool]:
    return exists().where(t.grade.c.applicant_id == t.applicant.c.id)


def _has_choices() -> ColumnElement[bool]:
    return exists().where(t.choice.c.applicant_id == t.applicant.c.id)


def _visible(actor: Actor) -> ColumnElement[bool]:
    if actor.may_see_protected_identities:
        return t.applicant.c.id.is_not(None)
    return t.applicant.c.protected_identity == false()


def _year_id(year: int) -> Select[tuple[int]]:
    y = t.admission_year
    return select(y.c.id).where(y.c.year == year).scalar_subquery()  # type: ignore[return-value]


def _count(db: Database, query: Select[tuple[int]]) -> int:
    return int(db.execute(select(func.count()).select_from(query.subquery())).scalar_one())
