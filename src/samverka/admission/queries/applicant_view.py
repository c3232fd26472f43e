"""What an applicant sees of their own admission: their choices and their published results.

Every query starts from the signed-in ``Actor``: its ``personal_id`` is the only applicant it
reads, so no address or parameter can reach anyone else's application. A non-applicant actor is
refused with ``NotPermitted``.

Each choice of an application shows its reception in first or second hand as it is derived now
from the applicant's home municipality (or as the admission office decided it, with its reason),
with the ground: SL 16 kap. 43–44 §§, ``admission.domain.reception``. The year's calendar,
settings, the area's terms and what its own schools offer, and the latest published round, are
the year's facts as the process keeps them (``queries.year_facts``), given by the page or read.

Results are those of the latest *published* round that is not a simulation (preliminary, final
or reserve); stored or simulated rounds are never shown. Each choice is explained by the
explanation stored with the round (``round_explanation``: outcome, score, cut-off, reserve
position and, for a choice the applicant was not eligible for, the requirements not met; one row
per applicant, its choices packed), read by its primary key, and its offerings' names by
theirs. A round stored before explanations were (migration 0003) has none; it is repeated from
its stored input snapshot (``compute_round``; re-runs are identical by invariant 6) to explain
the choices the same way, at the cost of running it, for each request.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import CursorResult, Executable, Row, bindparam, func, select
from sqlalchemy.orm import Session

from samverka.admission.db import tables as t
from samverka.admission.db.round_repository import choice_offering_ids, unpack_choices
from samverka.admission.domain.calendar import GradeTerm
from samverka.admission.domain.eligibility import RequirementFailure
from samverka.admission.domain.explain import ChoiceOutcome, QuotaNote
from samverka.admission.domain.reception import (
    OfferingFacts,
    Reception,
    ReceptionDecision,
    ReceptionGround,
    in_force,
    reception_of,
)
from samverka.admission.domain.round_computation import compute_round
from samverka.admission.domain.rounds import RoundKind
from samverka.admission.domain.snapshot import RoundInput
from samverka.admission.ports import StoredChoice
from samverka.admission.queries.year_facts import YearFacts, year_facts
from samverka.admission.services.rounds import round_explanations
from samverka.errors import N_, NotPermitted
from samverka.platform.access.domain.actors import Actor, Role
from samverka.platform.db import tables as pt

MAXIMUM_CHOICES = 5


def _application() -> Executable:
    """The applicant of the year (``year_id``, ``personal_id``) with the ranked choices."""
    a, c, o, s, m, g = (
        t.applicant,
        t.choice,
        t.offering,
        t.school_unit,
        pt.municipality,
        t.organiser,
    )
    # One flat chain of outer joins: SQLite would materialise a nested join as a scan.
    rows_of_choices = (
        a.outerjoin(c, c.c.applicant_id == a.c.id)
        .outerjoin(o, o.c.id == c.c.offering_id)
        .outerjoin(s, s.c.code == o.c.school_unit_code)
        .outerjoin(m, m.c.code == s.c.municipality_code)
        .outerjoin(g, g.c.id == s.c.organiser_id)
    )
    return (
        select(a.c.id.label("applicant_id"), c.c.rank, c.c.late, o.c.code)
        .add_columns(o.c.programme, o.c.orientation, s.c.name)
        .add_columns(m.c.name.label("municipality_name"), a.c.home_municipality)
        .add_columns(g.c.kind, g.c.municipality_code.label("organiser_municipality"))
        .add_columns(o.c.nationally_recruiting, c.c.reception, c.c.reception_reason)
        .add_columns(o.c.status.label("offering_status"))
        .select_from(rows_of_choices)
        .where(a.c.admission_year_id == bindparam("year_id"))
        .where(a.c.personal_id == bindparam("personal_id"))
        .order_by(c.c.rank)
    )


def _placed() -> Executable:
    """The applicant's placement in a round (``round_id``, ``personal_id``, ``year_id``)."""
    a, p, o = t.applicant, t.placement, t.offering
    return (
        select(p.c.applicant_id, p.c.merit_value, p.c.grade_term, o.c.code)
        .join(a, a.c.id == p.c.applicant_id)
        .outerjoin(o, o.c.id == p.c.offering_id)
        .where(p.c.round_id == bindparam("round_id"))
        .where(a.c.personal_id == bindparam("personal_id"))
        .where(a.c.admission_year_id == bindparam("year_id"))
    )


def _reply_statement() -> Executable:
    """The kind of the applicant's latest reply up to a round (``round_id``, ``personal_id``,
    ``year_id``)."""
    a, rp = t.applicant, t.reply
    latest = (
        select(func.max(rp.c.id))
        .join(a, a.c.id == rp.c.applicant_id)
        .where(rp.c.round_id <= bindparam("round_id"))
        .where(a.c.personal_id == bindparam("personal_id"))
        .where(a.c.admission_year_id == bindparam("year_id"))
        .scalar_subquery()
    )
    return select(rp.c.kind).where(rp.c.id == latest)


def _explained_statement() -> Executable:
    """The applicant's choices as explained with a round (``round_id``, ``applicant_id``)."""
    e = t.round_explanation
    return (
        select(e.c.choices)
        .where(e.c.round_id == bindparam("round_id"))
        .where(e.c.applicant_id == bindparam("applicant_id"))
    )


def _named_statement() -> Executable:
    """The code, programme and school of the offerings ``ids``."""
    o, s = t.offering, t.school_unit
    return (
        select(o.c.id, o.c.code, o.c.programme, s.c.name)
        .join(s, s.c.code == o.c.school_unit_code)
        .where(o.c.id.in_(bindparam("ids", expanding=True)))
    )


def _messages_statement() -> Executable:
    """What bears on an application (``applicant_id``), the newest first."""
    m = t.message
    return (
        select(m.c.created_at, m.c.kind, m.c.text, m.c.parameters)
        .where(m.c.applicant_id == bindparam("applicant_id"))
        .order_by(m.c.id.desc())
    )


# The applicant pages' statements, built once: each request only binds its values (and
# SQLAlchemy finds each one's compiled form by a key it keeps with the statement).
_APPLICATION = _application()
_PLACED = _placed()
_REPLY = _reply_statement()
_EXPLAINED = _explained_statement()
_NAMED = _named_statement()
_MESSAGES = _messages_statement()


def _run(session: Session, statement: Executable, **values: object) -> CursorResult[Any]:
    """``statement`` with ``values`` on the session's connection (Core: no ORM on a read)."""
    return session.connection().execute(statement, values)


@dataclass(frozen=True, slots=True)
class OwnChoice:
    rank: int
    offering_code: str
    programme: str
    orientation: str
    school_name: str
    municipality_name: str
    late: bool
    reception: Reception
    reception_ground: ReceptionGround
    reception_reason: str  # the admission office's reason, for its decision
    closed: bool = False  # the offering will not start ("startar ej"), as the catalogue says


@dataclass(frozen=True, slots=True)
class OwnMessage:
    """A message the admission recorded for the applicant, e.g. that an offering will not start
    (its text is Swedish, as sent)."""

    at: datetime
    kind: str
    text: str
    parameters: dict[str, str] = field(default_factory=dict)  # what the text was made of (0022)

    @property
    def key(self) -> str:
        """What a page translates (``queries.inbox.InboxMessage.key``)."""
        return self.kind


@dataclass(frozen=True, slots=True)
class OwnApplication:
    year: int
    registered: bool  # False: not (yet) an applicant of the year, so no choices can be saved
    choices: list[OwnChoice]
    may_change: bool  # the application period or the choice-change window is open now
    messages: list[OwnMessage] = field(default_factory=list)  # newest first


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
    reception: str | None = None  # as the round derived it; None for a round from before
    reception_ground: str | None = None
    fri_kvot: QuotaNote | None = None
    school_rank: int | None = None  # on an offering the school ranks
    cutoff_rank: int | None = None  # the rank of the last admitted there

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
    grade_term: GradeTerm | None = None  # the term whose grades the round judged
    # The offerings of the result that are closed now ("startar ej"): a place held in one
    # ends, and the next reserve round tries the other choices (``services.offerings``).
    closed_codes: frozenset[str] = frozenset()

    @property
    def may_reply(self) -> bool:
        return self.kind.binding

    @property
    def on_final_grades_early(self) -> bool:
        """A preliminary round judged the applicant on their final grades (they had no
        autumn grades: an older applicant or a re-applicant), which the result must say."""
        return self.kind is RoundKind.PRELIMINARY and self.grade_term is GradeTerm.FINAL


def own_application(
    session: Session, actor: Actor, year: int, now: datetime, facts: YearFacts | None = None
) -> OwnApplication:
    return application_of(session, _own_personal_id(actor), year, now, facts)


def application_of(
    session: Session, personal_id: str, year: int, now: datetime, facts: YearFacts | None = None
) -> OwnApplication:
    """The application of ``personal_id`` as its applicant sees it; the caller has checked
    that the actor may read it. The year's facts (``year_facts``: the calendar, settings, terms
    and what the area offers) as given or as kept, and one query: the applicant and the ranked
    choices."""
    facts = facts if facts is not None and facts.year == year else year_facts(session, year)
    if facts is None:
        return OwnApplication(year, False, [], False)
    rows = _run(session, _APPLICATION, year_id=facts.year_id, personal_id=personal_id).all()
    chosen = [r for r in rows if r.rank is not None]
    decisions = _receptions(facts, chosen)
    choices = [
        OwnChoice(
            r.rank,
            r.code,
            r.programme,
            r.orientation,
            r.name,
            r.municipality_name,
            r.late,
            decision.reception,
            decision.ground,
            decision.reason,
            r.offering_status == "closed",
        )
        for r, decision in zip(chosen, decisions, strict=True)
    ]
    registered = bool(rows)
    messages = _messages(session, rows[0].applicant_id) if registered else []
    may_change = facts.calendar.applicant_may_change_choices(now)
    return OwnApplication(year, registered, choices, may_change, messages)


def _messages(session: Session, applicant_id: int) -> list[OwnMessage]:
    return [
        OwnMessage(
            row.created_at,
            row.kind,
            row.text,
            {str(k): str(v) for k, v in (row.parameters or {}).items()},
        )
        for row in _run(session, _MESSAGES, applicant_id=applicant_id)
    ]


def _receptions(facts: YearFacts, rows: Sequence[Row[Any]]) -> list[ReceptionDecision]:
    """Each chosen offering's reception for the applicant, derived as a round derives it."""
    if not rows:
        return []
    rules = facts.settings.reception
    home = rows[0].home_municipality
    return [
        in_force(
            reception_of(
                home,
                _facts(r.programme, r.orientation, r.kind, r.organiser_municipality, r),
                facts.area,
                facts.offered,
                rules,
            ),
            Reception(r.reception) if r.reception_reason else None,
            r.reception_reason,
        )
        for r in rows
    ]


def _facts(
    programme: str, orientation: str, kind: str, municipality: str | None, row: Row[Any]
) -> OfferingFacts:
    owner = municipality if kind == "municipal" else None
    return OfferingFacts(programme, orientation, kind, owner, bool(row.nationally_recruiting))


def own_choice_codes(session: Session, actor: Actor, year: int, now: datetime) -> list[str]:
    return [choice.offering_code for choice in own_application(session, actor, year, now).choices]


def own_result(
    session: Session, actor: Actor, year: int, facts: YearFacts | None = None
) -> OwnResult | None:
    """The applicant's result in the latest published round, or ``None`` (no such round, or
    the applicant took no part in it)."""
    return result_of(session, _own_personal_id(actor), year, facts)


def result_of(
    session: Session, personal_id: str, year: int, facts: YearFacts | None = None
) -> OwnResult | None:
    """``own_result`` for ``personal_id``; the caller has checked that the actor may read it.
    The latest published round is the year's facts' (``year_facts``), as given or as kept."""
    facts = facts if facts is not None and facts.year == year else year_facts(session, year)
    if facts is None or facts.published is None:
        return None
    published = facts.published
    return result_in_round(
        session,
        personal_id,
        year,
        facts.year_id,
        published.id,
        published.kind,
        published.published_at,
        facts.catalogue.closed,
    )


def result_in_round(
    session: Session,
    personal_id: str,
    year: int,
    year_id: int,
    round_id: int,
    kind: RoundKind,
    published_at: datetime | None,
    closed_in_year: frozenset[str] | None = None,
) -> OwnResult | None:
    """The applicant's result in one round (``None``: they took no part in it); the caller has
    checked that the actor may read it and that the round may be shown. Which of its offerings
    are closed is read, unless ``closed_in_year`` (the codes of the year's closed offerings, as
    the process keeps them) is given."""
    placed = _run(
        session, _PLACED, round_id=round_id, personal_id=personal_id, year_id=year_id
    ).first()
    if placed is None:
        return None
    choices = _explained(session, round_id, placed.applicant_id, personal_id)
    o = t.offering
    codes = sorted({c.offering_code for c in choices} | ({placed.code} - {None}))
    if closed_in_year is not None:
        closed: Iterable[str] = [code for code in codes if code in closed_in_year]
    else:
        closed = session.execute(
            select(o.c.code).where(
                o.c.admission_year_id == year_id, o.c.code.in_(codes), o.c.status == "closed"
            )
        ).scalars()
    return OwnResult(
        year,
        round_id,
        kind,
        published_at,
        placed.code,
        Decimal(placed.merit_value),
        choices,
        _reply(session, year_id, round_id, personal_id),
        None if placed.grade_term is None else GradeTerm(placed.grade_term),
        frozenset(closed),
    )


def _own_personal_id(actor: Actor) -> str:
    if actor.role is not Role.APPLICANT or actor.personal_id is None:
        raise NotPermitted(N_("Bara en sökande har en egen ansökan."))
    return actor.personal_id


def _reply(session: Session, year_id: int, round_id: int, personal_id: str) -> str | None:
    found = _run(session, _REPLY, round_id=round_id, personal_id=personal_id, year_id=year_id)
    kind = found.scalar()
    return None if kind is None else str(kind)


def _explained(
    session: Session, round_id: int, applicant_id: int, personal_id: str
) -> list[ChoiceResult]:
    """Every choice of the applicant as stored with the round (one row, by the primary key),
    or by repeating a round stored without explanations."""
    e = t.round_explanation
    packed = _run(session, _EXPLAINED, round_id=round_id, applicant_id=applicant_id).scalar()
    if packed is not None:
        ids = choice_offering_ids(packed)
        named = {row.id: row for row in _run(session, _NAMED, ids=ids)}
        choices = unpack_choices(packed, {offering: row.code for offering, row in named.items()})
        return [
            _choice_result(c, named[offering].programme, named[offering].name)
            for c, offering in zip(choices, ids, strict=True)
        ]
    if session.execute(select(e.c.round_id).where(e.c.round_id == round_id).limit(1)).first():
        return []  # the round has explanations, and the applicant made no choices
    return _repeated(session, round_id, personal_id)


def _repeated(session: Session, round_id: int, personal_id: str) -> list[ChoiceResult]:
    """The applicant's choices explained by repeating the round from its snapshot."""
    r = t.admission_round
    year_id, snapshot = session.execute(
        select(r.c.admission_year_id, r.c.snapshot).where(r.c.id == round_id)
    ).one()
    round_input = RoundInput.decode(bytes(snapshot))
    graded, run = compute_round(round_input)
    choices = round_explanations(round_input, graded, run, only=personal_id).get(personal_id, [])
    o, s = t.offering, t.school_unit
    names = {
        code: (programme, school)
        for code, programme, school in session.execute(
            select(o.c.code, o.c.programme, s.c.name)
            .join(s, s.c.code == o.c.school_unit_code)
            .where(o.c.admission_year_id == year_id)
            .where(o.c.code.in_(sorted({c.offering_code for c in choices})))
        )
    }
    programmes = {offering.offering_id: offering.programme for offering in round_input.offerings}
    return [
        _choice_result(c, *names.get(c.offering_code, (programmes[c.offering_code], "")))
        for c in choices
    ]


def _choice_result(choice: StoredChoice, programme: str, school_name: str) -> ChoiceResult:
    return ChoiceResult(
        choice.rank,
        choice.offering_code,
        programme,
        school_name,
        choice.outcome,
        choice.score,
        choice.cutoff,
        choice.reserve_position,
        choice.failures,
        choice.reception,
        choice.reception_ground,
        choice.fri_kvot,
        choice.school_rank,
        choice.cutoff_rank,
    )
