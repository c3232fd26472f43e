"""Statistics of a stored admission round (admissions-rules §8.2), aggregated in SQL.

What the figures mean:

* Offerings are those the round saw (the rows of its ``cutoff`` table); ``places`` and
  ``admitted`` are the stored ones of the round, ``cutoff`` is the stored antagningsgräns (the
  lowest admitted score, test points included; ``None`` when nobody was admitted) and
  ``vacancies`` is places − admitted, never below 0.
* ``first_choice_applicants`` and ``applicants`` count the choices (rank 1, any rank) in the
  round's input snapshot, not the current choices, so a round's figures never change after it.
  They are counted when the round's explanations are stored (``round_choice_count``, one row
  per offering, since migration 0030) and read from there; only a round stored without them
  (before migration 0003) is counted by decoding its snapshot.
  An applicant chooses an offering at most once, so per offering a choice is an applicant; in the
  programme and municipality aggregates ``applicants`` is the sum over the offerings.
* ``applicants_per_place`` is applicants / places rounded to 0.01, ``None`` without places.
* ``admitted_under_fri_kvot``: of the admitted, those admitted under fri kvot (GyF 7 kap. 3 §;
  never more than the offering's fri-kvot places). The cut-off leaves them out: it is the
  lowest score admitted on merit, and on an offering the school ranks there is none.
* Round totals: ``applicants`` have at least one choice in the round; ``placed`` got a place,
  ``placed_first_choice`` their first choice; ``first_choice_share`` is of the placed. The
  university-preparatory / vocational shares are of the admitted to national programmes of
  those two kinds (introductory programmes count in neither); shares are rounded to 0.0001.

Statistics carry no personal data: no names, no identity numbers. Applicants with protected
identity are counted like everyone else; nothing identifies them.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Final

from sqlalchemy import Connection, Select, case, func, select
from sqlalchemy.orm import Session

from samverka.admission.db import tables as t
from samverka.admission.domain.rounds import RoundKind, RoundStatus
from samverka.admission.domain.rule_set import ProgrammeGroup, default_eligibility_rules
from samverka.admission.domain.snapshot import RoundInput
from samverka.errors import N_, NotFound
from samverka.platform.db import tables as pt

Database = Session | Connection

UNIVERSITY_PREPARATORY_GROUPS: Final = frozenset(
    {ProgrammeGroup.AESTHETIC, ProgrammeGroup.SOCIAL, ProgrammeGroup.SCIENCE}
)
VOCATIONAL_GROUPS: Final = frozenset({ProgrammeGroup.VOCATIONAL})

_PER_PLACE: Final = Decimal("0.01")
_SHARE: Final = Decimal("0.0001")


@dataclass(frozen=True, slots=True)
class RoundRef:
    """A stored round of an admission year."""

    id: int
    kind: RoundKind
    status: RoundStatus
    created_at: datetime
    published_at: datetime | None

    @property
    def published(self) -> bool:
        return self.status is RoundStatus.PUBLISHED


@dataclass(frozen=True, slots=True)
class OfferingStatistics:
    code: str
    school_unit_name: str
    municipality_code: str
    municipality_name: str
    organiser_kind: str
    programme: str
    places: int
    first_choice_applicants: int
    applicants: int
    applicants_per_place: Decimal | None
    admitted: int
    reserves: int
    cutoff: Decimal | None
    vacancies: int
    admitted_under_fri_kvot: int = 0


@dataclass(frozen=True, slots=True)
class GroupStatistics:
    """Offerings taken together: of one programme (``key`` = code) or municipality (code)."""

    key: str
    name: str
    offerings: int
    places: int
    first_choice_applicants: int
    applicants: int
    applicants_per_place: Decimal | None
    admitted: int
    reserves: int
    vacancies: int
    median_cutoff: Decimal | None
    lowest_cutoff: Decimal | None
    admitted_under_fri_kvot: int = 0


@dataclass(frozen=True, slots=True)
class RoundTotals:
    applicants: int
    placed: int
    placed_first_choice: int
    first_choice_share: Decimal | None
    unplaced: int
    places: int
    vacancies: int
    admitted_university_preparatory: int
    admitted_vocational: int
    university_preparatory_share: Decimal | None
    vocational_share: Decimal | None


@dataclass(frozen=True, slots=True)
class AdmissionStatistics:
    year: int
    round: RoundRef
    offerings: tuple[OfferingStatistics, ...]
    programmes: tuple[GroupStatistics, ...]
    municipalities: tuple[GroupStatistics, ...]
    totals: RoundTotals


@dataclass(frozen=True, slots=True)
class _Choices:
    """What the round's input says: choices per offering code, and who applied."""

    first: Counter[str]
    every: Counter[str]
    applicants: int


# -- rounds ---------------------------------------------------------------------------------
def rounds(db: Database, year: int) -> list[RoundRef]:
    """The stored rounds of ``year``, oldest first; ``NotFound`` for an unknown year."""
    r, y = t.admission_round, t.admission_year
    if db.execute(select(y.c.id).where(y.c.year == year)).first() is None:
        raise NotFound(N_("Det finns inget antagningsår %(year)s."), year=year)
    query = (
        select(r.c.id, r.c.kind, r.c.status, r.c.created_at, r.c.published_at)
        .join(y, y.c.id == r.c.admission_year_id)
        .where(y.c.year == year)
        .order_by(r.c.id)
    )
    return [
        RoundRef(row.id, RoundKind(row.kind), RoundStatus(row.status), *row[3:])
        for row in db.execute(query)
    ]


def round_of_year(db: Database, year: int, round_id: int) -> RoundRef:
    """The round ``round_id`` of ``year``; ``NotFound`` when the year has no such round."""
    for stored in rounds(db, year):
        if stored.id == round_id:
            return stored
    raise NotFound(
        N_("Det finns ingen omgång %(round)s antagningsåret %(year)s."), round=round_id, year=year
    )


def default_round(db: Database, year: int) -> RoundRef:
    """The latest published binding (final or reserve) round, else the latest round."""
    stored = rounds(db, year)
    if not stored:
        raise NotFound(N_("Antagningsåret %(year)s har inga omgångar än."), year=year)
    binding = [r for r in stored if r.published and r.kind.binding]
    return (binding or stored)[-1]


# -- statistics -----------------------------------------------------------------------------
def admission_statistics(db: Database, year: int, round_id: int) -> AdmissionStatistics:
    """Every figure of one round: per offering, per programme, per municipality, in total."""
    round_ref = round_of_year(db, year, round_id)
    choices = _round_choices(db, round_id)
    offerings = tuple(_offering_statistics(db, round_id, choices))
    placed, placed_first = _placed(db, round_id)
    municipality_names = {o.municipality_code: o.municipality_name for o in offerings}
    return AdmissionStatistics(
        year=year,
        round=round_ref,
        offerings=offerings,
        programmes=_grouped(offerings, lambda o: o.programme, lambda key: key),
        municipalities=_grouped(offerings, lambda o: o.municipality_code, municipality_names.get),
        totals=_totals(offerings, choices.applicants, placed, placed_first),
    )


def _round_choices(db: Database, round_id: int) -> _Choices:
    """The round's choices as counted per offering when its explanations were stored (every
    choice of the input snapshot, and the first ones); a round stored without them (before
    migration 0003) is counted from its snapshot."""
    c, o = t.round_choice_count, t.offering
    per_offering = (
        select(o.c.code, c.c.choices, c.c.first_choices)
        .join(o, o.c.id == c.c.offering_id)
        .where(c.c.round_id == round_id)
    )
    first: Counter[str] = Counter()
    every: Counter[str] = Counter()
    for code, count, first_count in db.execute(per_offering):
        every[code], first[code] = int(count), int(first_count)
    if not every:
        return _snapshot_choices(db, round_id)
    return _Choices(first, every, sum(first.values()))


def _snapshot_choices(db: Database, round_id: int) -> _Choices:
    """The choices of the round's input snapshot: for a round without stored explanations."""
    r = t.admission_round
    snapshot = db.execute(select(r.c.snapshot).where(r.c.id == round_id)).scalar_one()
    first: Counter[str] = Counter()
    every: Counter[str] = Counter()
    applicants = 0
    for applicant in RoundInput.decode(bytes(snapshot)).applicants:
        codes = [choice.offering_id for choice in applicant.choices]
        if codes:
            applicants += 1
            first[codes[0]] += 1
            every.update(codes)
    return _Choices(first, every, applicants)


def _offering_statistics(
    db: Database, round_id: int, choices: _Choices
) -> Iterable[OfferingStatistics]:
    reserves = _reserve_counts(db, round_id)
    under_fri_kvot = _under_fri_kvot_counts(db, round_id)
    rows = db.execute(_offerings_of_round(round_id)).all()  # unpacked: no attribute look-ups
    for offering_id, code, unit, municipality, name, kind, programme, places, admitted, cut in rows:
        applicants = choices.every[code]
        yield OfferingStatistics(
            code=code,
            school_unit_name=unit,
            municipality_code=municipality,
            municipality_name=name,
            organiser_kind=kind,
            programme=programme,
            places=places,
            first_choice_applicants=choices.first[code],
            applicants=applicants,
            applicants_per_place=ratio(applicants, places, _PER_PLACE),
            admitted=admitted,
            reserves=reserves[offering_id],
            cutoff=None if cut is None else Decimal(cut),
            vacancies=max(places - admitted, 0),
            admitted_under_fri_kvot=under_fri_kvot[offering_id],
        )


def _offerings_of_round(round_id: int) -> Select[Any]:
    """The offerings the round saw, with their school, municipality and stored result."""
    o, c, u, g, m = t.offering, t.cutoff, t.school_unit, t.organiser, pt.municipality
    school = (
        u.c.name.label("unit_name"),
        u.c.municipality_code,
        m.c.name.label("municipality_name"),
    )
    return (
        select(o.c.id, o.c.code, *school, g.c.kind, o.c.programme)
        .add_columns(c.c.places, c.c.admitted, c.c.cutoff)
        .select_from(c)
        .join(o, o.c.id == c.c.offering_id)
        .join(u, u.c.code == o.c.school_unit_code)
        .join(g, g.c.id == u.c.organiser_id)
        .join(m, m.c.code == u.c.municipality_code)
        .where(c.c.round_id == round_id)
        .order_by(o.c.code)
    )


def _reserve_counts(db: Database, round_id: int) -> Counter[int]:
    r = t.reserve
    query = (
        select(r.c.offering_id, func.count())
        .where(r.c.round_id == round_id)
        .group_by(r.c.offering_id)
    )
    # .all(): dict() of a Result itself would take it for a mapping (it has keys())
    return Counter(dict(db.execute(query).all()))


def _under_fri_kvot_counts(db: Database, round_id: int) -> Counter[int]:
    p = t.placement
    query = (
        select(p.c.offering_id, func.count())
        .where(p.c.round_id == round_id, p.c.under_quota)
        .group_by(p.c.offering_id)
    )
    return Counter(dict(db.execute(query).all()))


def _placed(db: Database, round_id: int) -> tuple[int, int]:
    """How many of the round's applicants got a place, and how many their first choice."""
    p = t.placement
    query = select(func.count(p.c.offering_id), func.count(case((p.c.rank == 1, 1)))).where(
        p.c.round_id == round_id
    )
    placed, first = db.execute(query).one()
    return int(placed), int(first)


def _grouped(
    offerings: Sequence[OfferingStatistics],
    key_of: Callable[[OfferingStatistics], str],
    name_of: Callable[[str], str | None],
) -> tuple[GroupStatistics, ...]:
    groups: dict[str, list[OfferingStatistics]] = {}
    for offering in offerings:
        groups.setdefault(key_of(offering), []).append(offering)
    return tuple(_group(key, name_of(key) or key, groups[key]) for key in sorted(groups))


def _group(key: str, name: str, members: Sequence[OfferingStatistics]) -> GroupStatistics:
    places = sum(o.places for o in members)
    applicants = sum(o.applicants for o in members)
    cutoffs = sorted(o.cutoff for o in members if o.cutoff is not None)
    return GroupStatistics(
        key=key,
        name=name,
        offerings=len(members),
        places=places,
        first_choice_applicants=sum(o.first_choice_applicants for o in members),
        applicants=applicants,
        applicants_per_place=ratio(applicants, places, _PER_PLACE),
        admitted=sum(o.admitted for o in members),
        reserves=sum(o.reserves for o in members),
        vacancies=sum(o.vacancies for o in members),
        median_cutoff=statistics.median(cutoffs) if cutoffs else None,
        lowest_cutoff=cutoffs[0] if cutoffs else None,
        admitted_under_fri_kvot=sum(o.admitted_under_fri_kvot for o in members),
    )


def _totals(
    offerings: Sequence[OfferingStatistics], applicants: int, placed: int, placed_first: int
) -> RoundTotals:
    groups = default_eligibility_rules().programme_groups
    preparatory = sum(
        o.admitted for o in offerings if groups.get(o.programme) in UNIVERSITY_PREPARATORY_GROUPS
    )
    vocational = sum(o.admitted for o in offerings if groups.get(o.programme) in VOCATIONAL_GROUPS)
    national = preparatory + vocational
    return RoundTotals(
        applicants=applicants,
        placed=placed,
        placed_first_choice=placed_first,
        first_choice_share=ratio(placed_first, placed, _SHARE),
        unplaced=applicants - placed,
        places=sum(o.places for o in offerings),
        vacancies=sum(o.vacancies for o in offerings),
        admitted_university_preparatory=preparatory,
        admitted_vocational=vocational,
        university_preparatory_share=ratio(preparatory, national, _SHARE),
        vocational_share=ratio(vocational, national, _SHARE),
    )


def ratio(part: int, whole: int, quantum: Decimal) -> Decimal | None:
    """``part / whole`` rounded half up to ``quantum``; ``None`` when ``whole`` is 0."""
    if whole == 0:
        return None
    return (Decimal(part) / Decimal(whole)).quantize(quantum, rounding=ROUND_HALF_UP)


def latest_admission_year(db: Session | Connection) -> int:
    """The newest admission year in the database; ``NotFound`` when there is none."""
    year = db.execute(select(func.max(t.admission_year.c.year))).scalar()
    if year is None:
        raise NotFound(N_("Det finns inget antagningsår än."))
    return int(year)
