"""What an applicant sees of their own admission: their choices and their published results.

Every query starts from the signed-in ``Actor``: its ``personal_id`` is the only applicant it
reads, so no address or parameter can reach anyone else's application. A non-applicant actor is
refused with ``NotPermitted``.

Results are those of the latest *published* round that is not a simulation (preliminary, final
or reserve); stored or simulated rounds are never shown. Each choice is explained by repeating
the round from its stored input snapshot (``compute_round``; re-runs are identical by
invariant 6), and, for a choice the applicant was not eligible for, by checking eligibility
again for the requirements not met. Repeating a round costs about as much as running it, so
the last few computed rounds are kept in memory, keyed by the snapshot's digest: a stored
snapshot never changes, and equal snapshots give equal results.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from threading import Lock

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from samverka.adapters.db import tables as t
from samverka.domain.access.actors import Actor, Role
from samverka.domain.admission.admission_run import AdmissionRun
from samverka.domain.admission.calendar import AdmissionCalendar
from samverka.domain.admission.eligibility import RequirementFailure, check_eligibility
from samverka.domain.admission.explain import ChoiceOutcome
from samverka.domain.admission.graded_instance import GradedProblem
from samverka.domain.admission.round_computation import compute_round
from samverka.domain.admission.rounds import RoundKind, RoundStatus
from samverka.domain.admission.rule_set import default_rule_set
from samverka.domain.admission.snapshot import RoundInput
from samverka.errors import NotPermitted

MAXIMUM_CHOICES = 5
_KEPT_ROUNDS = 2


@dataclass(frozen=True, slots=True)
class OwnChoice:
    rank: int
    offering_code: str
    programme: str
    orientation: str
    school_name: str
    municipality_name: str
    late: bool


@dataclass(frozen=True, slots=True)
class OwnApplication:
    year: int
    registered: bool  # False: not (yet) an applicant of the year, so no choices can be saved
    choices: list[OwnChoice]
    may_change: bool  # the application period or the choice-change window is open now


@dataclass(frozen=True, slots=True)
class ChoiceResult:
    rank: int
    offering_code: str
    programme: str
    school_name: str
    outcome: ChoiceOutcome
    score: Decimal
    cutoff: Decimal | None
    reserve_position: int | None
    failures: tuple[RequirementFailure, ...]

    @property
    def gap(self) -> Decimal | None:
        """How far the score falls below the cut-off, when it does."""
        if self.cutoff is None or self.score >= self.cutoff:
            return None
        return self.cutoff - self.score


@dataclass(frozen=True, slots=True)
class OwnResult:
    year: int
    round_id: int
    kind: RoundKind
    published_at: datetime | None
    placed_code: str | None
    merit_value: Decimal
    choices: list[ChoiceResult]
    reply: str | None  # the reply given to this round or an earlier one

    @property
    def may_reply(self) -> bool:
        return self.kind.binding


def own_application(session: Session, actor: Actor, year: int, now: datetime) -> OwnApplication:
    return application_of(session, _own_personal_id(actor), year, now)


def application_of(session: Session, personal_id: str, year: int, now: datetime) -> OwnApplication:
    """The application of ``personal_id`` as its applicant sees it; the caller has checked
    that the actor may read it."""
    a, c, o, s, m = t.applicant, t.choice, t.offering, t.school_unit, t.municipality
    year_id, may_change = _year(session, year, now)
    applicant_id = session.execute(
        select(a.c.id).where(a.c.admission_year_id == year_id, a.c.personal_id == personal_id)
    ).scalar()
    query = (
        select(c.c.rank, c.c.late, o.c.code, o.c.programme, o.c.orientation, s.c.name)
        .add_columns(m.c.name.label("municipality_name"))
        .join(o, o.c.id == c.c.offering_id)
        .join(s, s.c.code == o.c.school_unit_code)
        .join(m, m.c.code == s.c.municipality_code)
        .where(c.c.applicant_id == applicant_id)
        .order_by(c.c.rank)
    )
    choices = [
        OwnChoice(r.rank, r.code, r.programme, r.orientation, r.name, r.municipality_name, r.late)
        for r in session.execute(query)
    ]
    return OwnApplication(year, applicant_id is not None, choices, may_change)


def own_choice_codes(session: Session, actor: Actor, year: int, now: datetime) -> list[str]:
    return [choice.offering_code for choice in own_application(session, actor, year, now).choices]


def own_result(session: Session, actor: Actor, year: int) -> OwnResult | None:
    """The applicant's result in the latest published round, or ``None`` (no such round, or
    the applicant took no part in it)."""
    return result_of(session, _own_personal_id(actor), year)


def result_of(session: Session, personal_id: str, year: int) -> OwnResult | None:
    """``own_result`` for ``personal_id``; the caller has checked that the actor may read it."""
    r, a, p = t.admission_round, t.applicant, t.placement
    year_id = session.execute(
        select(t.admission_year.c.id).where(t.admission_year.c.year == year)
    ).scalar()
    if year_id is None:
        return None
    published = session.execute(
        select(r.c.id, r.c.kind, r.c.published_at)
        .where(r.c.admission_year_id == year_id, r.c.status == RoundStatus.PUBLISHED.value)
        .where(r.c.kind != RoundKind.SIMULATION.value)
        .order_by(r.c.id.desc())
        .limit(1)
    ).first()
    if published is None:
        return None
    placed = session.execute(
        select(p.c.merit_value, t.offering.c.code)
        .join(a, a.c.id == p.c.applicant_id)
        .outerjoin(t.offering, t.offering.c.id == p.c.offering_id)
        .where(p.c.round_id == published.id, a.c.personal_id == personal_id)
        .where(a.c.admission_year_id == year_id)
    ).first()
    if placed is None:
        return None
    return OwnResult(
        year,
        published.id,
        RoundKind(published.kind),
        published.published_at,
        placed.code,
        Decimal(placed.merit_value),
        _explained(session, published.id, personal_id),
        _reply(session, year_id, published.id, personal_id),
    )


def _own_personal_id(actor: Actor) -> str:
    if actor.role is not Role.APPLICANT or actor.personal_id is None:
        raise NotPermitted("only an applicant has an application of their own")
    return actor.personal_id


def _year(session: Session, year: int, now: datetime) -> tuple[int | None, bool]:
    y = t.admission_year
    row = session.execute(select(y.c.id, y.c.calendar).where(y.c.year == year)).first()
    if row is None:
        return None, False
    return row.id, AdmissionCalendar.from_dict(row.calendar).applicant_may_change_choices(now)


def _reply(session: Session, year_id: int, round_id: int, personal_id: str) -> str | None:
    a, rp = t.applicant, t.reply
    latest = (
        select(func.max(rp.c.id))
        .join(a, a.c.id == rp.c.applicant_id)
        .where(rp.c.round_id <= round_id, a.c.personal_id == personal_id)
        .where(a.c.admission_year_id == year_id)
        .scalar_subquery()
    )
    kind = session.execute(select(rp.c.kind).where(rp.c.id == latest)).scalar()
    return None if kind is None else str(kind)


def _explained(session: Session, round_id: int, personal_id: str) -> list[ChoiceResult]:
    snapshot = session.execute(
        select(t.admission_round.c.snapshot).where(t.admission_round.c.id == round_id)
    ).scalar_one()
    round_input, graded, run = _computed(bytes(snapshot))
    ids = graded.indexed.applicant_ids
    if personal_id not in ids:
        return []
    index = ids.index(personal_id)
    applicant = round_input.applicants[index]
    offerings = {o.offering_id: o for o in round_input.offerings}
    names = _offering_names(session, round_id)
    rules = default_rule_set(round_input.year).eligibility
    results = []
    for choice in run.explain(index):
        code = graded.indexed.offering_ids[choice.offering]
        failures: tuple[RequirementFailure, ...] = ()
        if choice.outcome is ChoiceOutcome.NOT_ELIGIBLE:
            failures = check_eligibility(
                applicant.sheet,
                offerings[code].programme,
                rules,
                english_dispensation=applicant.english_dispensation,
            ).failures
        programme, school = names.get(code, (offerings[code].programme, ""))
        results.append(
            ChoiceResult(
                choice.rank,
                code,
                programme,
                school,
                choice.outcome,
                choice.score,
                choice.cutoff,
                choice.reserve_position,
                failures,
            )
        )
    return results


def _offering_names(session: Session, round_id: int) -> dict[str, tuple[str, str]]:
    o, s, c = t.offering, t.school_unit, t.cutoff
    query = (
        select(o.c.code, o.c.programme, s.c.name)
        .join(s, s.c.code == o.c.school_unit_code)
        .join(c, c.c.offering_id == o.c.id)
        .where(c.c.round_id == round_id)
    )
    return {code: (programme, school) for code, programme, school in session.execute(query)}


_Computed = tuple[RoundInput, GradedProblem, AdmissionRun]
_computed_rounds: OrderedDict[bytes, _Computed] = OrderedDict()
_computed_lock = Lock()


def _computed(snapshot: bytes) -> _Computed:
    """The round repeated from ``snapshot``; the last few are kept (see the module's text)."""
    key = hashlib.sha256(snapshot).digest()
    with _computed_lock:
        if key in _computed_rounds:
            _computed_rounds.move_to_end(key)
            return _computed_rounds[key]
    round_input = RoundInput.decode(snapshot)
    graded, run = compute_round(round_input)
    with _computed_lock:
        _computed_rounds[key] = (round_input, graded, run)
        while len(_computed_rounds) > _KEPT_ROUNDS:
            _computed_rounds.popitem(last=False)
    return round_input, graded, run
