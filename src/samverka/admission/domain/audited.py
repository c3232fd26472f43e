"""What the admission's audit events keep of a change that no single domain object says whole:
small summaries of the objects changed, each a frozen dataclass whose audited form
(``samverka.platform.domain.audit_snapshot``) is the event's before or after.

Source: issue 11, point 9 (every change to applicants, grades, applications, offerings, rounds
and replies in the audit trail, before and after); admissions-rules §11.2 item 11 (protected
identities); ``docs/security.md``, "Audit trail".

An applicant's record is kept without its identity number (the event's key) and without the
guardians' contact details (their names only), as the trail has always kept it.

Two reads of personal data are recorded too (issue 15, second pass): the officer's person
search (``PersonSearch``: the kind of query and which applicants were shown, never the typed
text, which may be an identity number or a name) and the opening of a person's record
(``PersonOpened``, keyed by the identity number as the applicant's other events are).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime

from samverka.admission.domain.applicants import ApplicantRecord
from samverka.admission.domain.calendar import AdmissionCalendar
from samverka.admission.domain.reception import Reception, ReceptionDecision, ReceptionGround
from samverka.admission.domain.replies import ReplyKind
from samverka.admission.domain.rounds import RoundStatus
from samverka.admission.domain.year_settings import YearSettings


@dataclass(frozen=True, slots=True)
class AuditedApplicant:
    """An applicant's record as the audit trail keeps it (module docstring)."""

    name: str
    home_municipality: str
    school_unit_code: str | None
    protected_identity: bool
    guardians: tuple[str, ...]
    english_dispensation_requested: bool
    reduced_timetable: bool
    foreign_grades: bool
    arrival_date: date | None
    completed_national_programme: bool

    @classmethod
    def of(cls, record: ApplicantRecord | None) -> AuditedApplicant | None:
        if record is None:
            return None
        return cls(
            record.name,
            record.home_municipality,
            record.school_unit_code,
            record.protected_identity,
            tuple(guardian.name for guardian in record.guardians),
            record.english_dispensation_requested,
            record.reduced_timetable,
            record.foreign_grades,
            record.arrival_date,
            record.completed_national_programme,
        )


@dataclass(frozen=True, slots=True)
class GradeSheet:
    """A pupil's grades of one term: per subject, the letter and whether it was got after a
    retake."""

    grades: Mapping[str, tuple[str, bool]]


@dataclass(frozen=True, slots=True)
class SchoolRanking:
    """A school's ranking of the applicants to one of its offerings: each ranked applicant's
    identity number and rank (1..n); applicants left out are not ranked."""

    ranks: Mapping[str, int]


@dataclass(frozen=True, slots=True)
class OpenedYear:
    """An admission year as it was opened: its region, how many offerings, calendar, settings."""

    region: str
    offerings: int
    calendar: AdmissionCalendar
    settings: YearSettings


@dataclass(frozen=True, slots=True)
class PersonSearch:
    """One search of the officer's person search: ``kind`` "personal_id" or "name" (never the
    text typed), the page, how many applicants were found, and the ids of those shown."""

    year: int
    kind: str
    page: int
    found: int
    shown: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class PersonOpened:
    """A person's record opened by the officer, on the page or through the API (``via``)."""

    year: int
    applicant_id: int
    via: str


@dataclass(frozen=True, slots=True)
class InboxRead:
    """The applicant marked their inbox as read at ``at`` (issue 15, point 4)."""

    at: datetime


@dataclass(frozen=True, slots=True)
class OfferingNotice:
    """An offering's status after it was closed or reopened, with the applicants told (by
    identity number) and how many; on closing, also those of them who held a place in it
    (``None`` on reopening, where they are not told apart)."""

    status: str
    notified: int
    applicants: tuple[str, ...]
    holders: tuple[str, ...] | None = None


@dataclass(frozen=True, slots=True)
class Publication:
    """A round once published: the publication it follows (0: the first) and the year's other
    stored rounds its publication superseded."""

    status: RoundStatus
    published_after: int
    superseded: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class ExplainedRound:
    """A round stored without explanations, explained afterwards: for how many applicants."""

    applicants: int


@dataclass(frozen=True, slots=True)
class GivenReply:
    """An applicant's reply to a published binding round."""

    round: int
    reply: ReplyKind


@dataclass(frozen=True, slots=True)
class ReceptionChange:
    """The admission office's decision on a choice's reception: the reception and its ground in
    force, the office's reason, and the reception derived from the catalogue and the area."""

    reception: Reception
    ground: ReceptionGround
    reason: str
    derived: Reception

    @classmethod
    def of(
        cls, decision: ReceptionDecision, reason: str, derived: ReceptionDecision
    ) -> ReceptionChange:
        return cls(decision.reception, decision.ground, reason, derived.reception)
