"""The admission officer's person search and person page: "a parent on the phone with a
personnummer" (issue 15, point 3).

* **What is typed** (``parse_person_query``): a text of digits, hyphens, plus signs and spaces
  is an identity number in any common spelling (``YYYYMMDD-NNNC``, ``YYYYMMDDNNNC``,
  ``YYMMDD-NNNC``, ``YYMMDDNNNC``, ``YYMMDD+NNNC``, with spaces anywhere), checked by the
  project's rules (``platform.domain.personal_id``: a real date, the Luhn digit, a coordination
  number's day + 60) and searched in its canonical form; such a text that is not a valid number
  is ``PersonQueryError``, never a name search. Anything else is a name: every word must be found
  in the name (or the identity number), in any order, case folded in Python (``str.casefold``,
  as ``queries.catalogue`` does) so that Å, Ä and Ö match in any case on SQLite, whose
  ``lower()`` folds only ASCII letters, and on PostgreSQL alike.
* **Who may**: only the admission officer in their own role (``Role.OFFICER``); every other
  actor, and the officer working in another role's place, is ``NotPermitted``. The officer sees
  protected identities (docs/security.md: only the admission officer handles them), marked as
  such. The pages and the API record every search made and every record opened in the audit
  trail (``services.person_reads``); the person's history below leaves those reads out, so
  that it shows what changed.
* **The person page** (``person_record``) reads one applicant of one admission year by the
  applicant's id: the application (choices, as the applicant sees them), the imported grades of
  each term with the merit value and eligibility they give (``queries.grade_standing``), the
  result of every published round that is not a simulation (reasons, reserve positions), the
  replies, the cases (the admission office's reception decisions, the organisers' English
  dispensations, over-age agreements, test points, and facts such as the arrival date), the
  person's inbox (``queries.inbox``) and the audit trail's events about them (those keyed by the
  identity number, or by it and a part such as an offering: ``"<personnummer>:<code>"``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from samverka.admission.db import tables as t
from samverka.admission.domain.rounds import RoundKind, RoundStatus
from samverka.admission.queries.applicant_view import (
    OwnApplication,
    OwnResult,
    application_of,
    result_in_round,
)
from samverka.admission.queries.grade_standing import TermGrades, grades_by_applicant, standings
from samverka.admission.queries.inbox import InboxMessage, inbox_of
from samverka.admission.services.person_reads import RECORD_ENTITY
from samverka.errors import N_, NotFound, NotPermitted
from samverka.platform.access.domain.actors import Actor, Role
from samverka.platform.db import tables as pt
from samverka.platform.db.protection import is_protected
from samverka.platform.domain.personal_id import PersonalIdError, parse_personal_id

MAXIMUM_QUERY = 100
# What a search field says when the number typed is not a valid personnummer.
NOT_A_NUMBER = N_(
    "Det är inte ett giltigt personnummer. Skriv det med 10 eller 12 siffror, eller sök på namn."
)
MAXIMUM_AUDIT_EVENTS = 200
_NUMBER_LIKE = re.compile(r"^[\d\s+\-]+$")


class PersonQueryError(ValueError):
    """The text looks like an identity number (only digits, ``-``, ``+``, spaces) but is not a
    valid one."""


@dataclass(frozen=True, slots=True)
class PersonQuery:
    """What the officer typed: an identity number (canonical) or the folded words of a name."""

    personal_id: str | None = None
    words: tuple[str, ...] = ()

    @property
    def empty(self) -> bool:
        return self.personal_id is None and not self.words


def fold(text: str) -> str:
    return text.casefold()


_SWEDISH_LAST = str.maketrans({"å": "{", "ä": "|", "ö": "}"})  # after z, in this order


def swedish_order(text: str) -> str:
    """A sort key that puts names in Swedish alphabetical order (Å, Ä, Ö after Z), in any case."""
    return fold(text).translate(_SWEDISH_LAST)


def parse_person_query(text: str, *, today: date) -> PersonQuery:
    """``PersonQuery`` of the typed text; ``PersonQueryError`` for a number that is not valid."""
    text = text.strip()[:MAXIMUM_QUERY]
    if not text:
        return PersonQuery()
    if _NUMBER_LIKE.match(text) and any(character.isdigit() for character in text):
        try:
            number = parse_personal_id(re.sub(r"\s+", "", text), today=today)
        except PersonalIdError:
            raise PersonQueryError(f"{text!r} is not a valid personal identity number") from None
        return PersonQuery(personal_id=number.canonical)
    return PersonQuery(words=tuple(fold(word) for word in text.split()))


def matches(query: PersonQuery, personal_id: str, name: str) -> bool:
    """Whether an applicant is found by the query (the rule the database search follows)."""
    if query.personal_id is not None:
        return personal_id == query.personal_id
    if not query.words:
        return False
    haystack = f"{fold(name)} {personal_id} {personal_id.replace('-', '')}"
    return all(word in haystack for word in query.words)


@dataclass(frozen=True, slots=True)
class PersonMatch:
    applicant_id: int
    personal_id: str
    name: str
    year: int
    school_unit_name: str | None
    home_municipality: str  # the municipality's name
    protected_identity: bool


@dataclass(frozen=True, slots=True)
class PersonMatches:
    items: list[PersonMatch]
    total: int


def _officer(actor: Actor) -> None:
    if actor.role is not Role.OFFICER:
        raise NotPermitted(N_("Bara antagningshandläggaren söker efter personer."))


def find_persons(
    session: Session, actor: Actor, year: int, query: PersonQuery, *, limit: int, offset: int
) -> PersonMatches:
    """The applicants of ``year`` that ``query`` finds, by name and identity number."""
    _officer(actor)
    if query.empty:
        return PersonMatches([], 0)
    a, y, s, m = t.applicant, t.admission_year, t.school_unit, pt.municipality
    rows = (
        select(a.c.id, a.c.personal_id, a.c.name, y.c.year, s.c.name.label("school"))
        .add_columns(m.c.name.label("municipality"), is_protected(a.c.personal_id).label("pr"))
        .join(y, y.c.id == a.c.admission_year_id)
        .outerjoin(s, s.c.code == a.c.school_unit_code)
        .join(m, m.c.code == a.c.home_municipality)
        .where(y.c.year == year)
    )
    if query.personal_id is not None:
        found = session.execute(rows.where(a.c.personal_id == query.personal_id)).all()
    else:
        names = select(a.c.id, a.c.personal_id, a.c.name).join(y, y.c.id == a.c.admission_year_id)
        ids = [
            row.id
            for row in session.execute(names.where(y.c.year == year))
            if matches(query, row.personal_id, row.name)
        ]
        found = _in_chunks(session, rows, ids)
    ordered = sorted(found, key=lambda row: (swedish_order(row.name), row.personal_id))
    items = [
        PersonMatch(r.id, r.personal_id, r.name, r.year, r.school, r.municipality, bool(r.pr))
        for r in ordered[offset : offset + limit]
    ]
    return PersonMatches(items, len(ordered))


def _in_chunks(session: Session, rows: Any, ids: list[int]) -> list[Any]:
    found: list[Any] = []
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        found.extend(session.execute(rows.where(t.applicant.c.id.in_(chunk))).all())
    return found


@dataclass(frozen=True, slots=True)
class Guardian:
    name: str
    email: str
    phone: str


@dataclass(frozen=True, slots=True)
class Person:
    applicant_id: int
    year: int
    personal_id: str
    name: str
    home_municipality: str  # the municipality's name
    school_unit_name: str | None
    protected_identity: bool
    foreign_grades: bool
    english_dispensation_requested: bool
    reduced_timetable: bool
    arrival_date: date | None
    completed_national_programme: bool
    guardians: tuple[Guardian, ...]


@dataclass(frozen=True, slots=True)
class RoundOutcome:
    """The person's result in one published round, as they were shown it."""

    kind: RoundKind
    result: OwnResult


@dataclass(frozen=True, slots=True)
class GivenReply:
    round_id: int
    kind: str
    replied_at: datetime


@dataclass(frozen=True, slots=True)
class Case:
    """A decision or fact recorded about one of the person's choices, or about the person."""

    kind: str  # reception, english_dispensation, over_age, test_points, equivalent_knowledge
    offering_code: str  # or the organiser's name, for an English dispensation
    detail: str
    recorded_by: str = ""
    recorded_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class HistoryEvent:
    at: datetime
    actor: str
    entity: str
    key: str
    action: str


@dataclass(frozen=True, slots=True)
class PersonRecord:
    person: Person
    application: OwnApplication
    grades: list[TermGrades]  # autumn first
    rounds: list[RoundOutcome]  # newest first
    replies: list[GivenReply]  # newest first
    cases: list[Case]
    history: list[HistoryEvent]  # newest first, at most ``MAXIMUM_AUDIT_EVENTS``
    inbox: list[InboxMessage] = field(default_factory=list)  # newest first


def person_record(session: Session, actor: Actor, applicant_id: int, now: datetime) -> PersonRecord:
    """Everything the admission holds about one applicant; ``NotFound`` for an unknown id."""
    _officer(actor)
    person = _person(session, applicant_id)
    grades = grades_by_applicant(session, [applicant_id]).get(applicant_id, {})
    year_id = _year_id(session, person.year)
    return PersonRecord(
        person,
        application_of(session, person.personal_id, person.year, now),
        standings(person.year, grades, reduced_timetable=person.reduced_timetable),
        _rounds(session, person, year_id),
        _replies(session, applicant_id),
        _cases(session, applicant_id),
        _history(session, person.personal_id),
        inbox_of(session, person.personal_id, person.year),
    )


def _person(session: Session, applicant_id: int) -> Person:
    a, y, s, m = t.applicant, t.admission_year, t.school_unit, pt.municipality
    row = session.execute(
        select(a, y.c.year, s.c.name.label("school"), m.c.name.label("municipality"))
        .add_columns(is_protected(a.c.personal_id).label("pr"))
        .join(y, y.c.id == a.c.admission_year_id)
        .outerjoin(s, s.c.code == a.c.school_unit_code)
        .join(m, m.c.code == a.c.home_municipality)
        .where(a.c.id == applicant_id)
    ).first()
    if row is None:
        raise NotFound(N_("Det finns ingen sökande %(applicant)s."), applicant=applicant_id)
    g = t.guardian
    guardians = tuple(
        Guardian(r.name, r.email, r.phone)
        for r in session.execute(select(g).where(g.c.applicant_id == applicant_id).order_by(g.c.id))
    )
    return Person(
        row.id,
        row.year,
        row.personal_id,
        row.name,
        row.municipality,
        row.school,
        bool(row.pr),
        row.foreign_grades,
        row.english_dispensation,
        row.reduced_timetable,
        row.arrival_date,
        row.completed_national_programme,
        guardians,
    )


def _year_id(session: Session, year: int) -> int:
    y = t.admission_year
    return int(session.execute(select(y.c.id).where(y.c.year == year)).scalar_one())


def _rounds(session: Session, person: Person, year_id: int) -> list[RoundOutcome]:
    r = t.admission_round
    published = session.execute(
        select(r.c.id, r.c.kind, r.c.published_at)
        .where(r.c.admission_year_id == year_id, r.c.status == RoundStatus.PUBLISHED.value)
        .where(r.c.kind != RoundKind.SIMULATION.value)
        .order_by(r.c.id.desc())
    ).all()
    found: list[RoundOutcome] = []
    for round_id, kind, published_at in published:
        result = result_in_round(
            session,
            person.personal_id,
            person.year,
            year_id,
            round_id,
            RoundKind(kind),
            published_at,
        )
        if result is not None:
            found.append(RoundOutcome(RoundKind(kind), result))
    return found


def _replies(session: Session, applicant_id: int) -> list[GivenReply]:
    rp = t.reply
    query = (
        select(rp.c.round_id, rp.c.kind, rp.c.replied_at)
        .where(rp.c.applicant_id == applicant_id)
        .order_by(rp.c.id.desc())
    )
    return [GivenReply(*row) for row in session.execute(query)]


def _cases(session: Session, applicant_id: int) -> list[Case]:
    c, o = t.choice, t.offering
    cases: list[Case] = []
    choices = session.execute(
        select(c, o.c.code.label("code"))
        .join(o, o.c.id == c.c.offering_id)
        .where(c.c.applicant_id == applicant_id)
        .order_by(c.c.rank)
    ).all()
    for row in choices:
        if row.reception_reason:
            cases.append(Case("reception", row.code, f"{row.reception}: {row.reception_reason}"))
        if row.over_age_reference:
            by, at = row.over_age_recorded_by or "", row.over_age_recorded_at
            cases.append(Case("over_age", row.code, row.over_age_reference, by, at))
        if row.test_points is not None:
            cases.append(Case("test_points", row.code, str(row.test_points)))
        if row.equivalent_knowledge:
            cases.append(Case("equivalent_knowledge", row.code, ""))
    d, g = t.english_dispensation_decision, t.organiser
    decisions = session.execute(
        select(d, g.c.name.label("organiser"))
        .join(g, g.c.id == d.c.organiser_id)
        .where(d.c.applicant_id == applicant_id)
        .order_by(d.c.id)
    ).all()
    for row in decisions:
        detail = f"{row.decided_on.isoformat()}, {row.decided_by}, {row.reference}"
        cases.append(
            Case("english_dispensation", row.organiser, detail, row.recorded_by, row.recorded_at)
        )
    return cases


def _history(session: Session, personal_id: str) -> list[HistoryEvent]:
    e = pt.audit_event
    about = or_(e.c.entity_key == personal_id, e.c.entity_key.startswith(f"{personal_id}:"))
    about = about & (e.c.entity != RECORD_ENTITY)  # the reads of the record itself
    query = (
        select(e.c.at, e.c.actor, e.c.entity, e.c.entity_key, e.c.action)
        .where(about)
        .order_by(e.c.sequence.desc())
        .limit(MAXIMUM_AUDIT_EVENTS)
    )
    return [HistoryEvent(*row) for row in session.execute(query)]
