"""The admission year in the database: catalogue, applicants, grades, choices, rounds, replies."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Mapping, Sequence
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    Row,
    Select,
    bindparam,
    case,
    delete,
    func,
    insert,
    literal_column,
    select,
    update,
)
from sqlalchemy.dialects.postgresql import aggregate_order_by
from sqlalchemy.orm import Session

from samverka.admission.db import tables as t
from samverka.admission.domain.applicants import (
    ApplicantRecord,
    EnglishDispensationDecision,
    Guardian,
    OverAgeAgreement,
    PupilGrades,
)
from samverka.admission.domain.calendar import AdmissionCalendar, GradeTerm
from samverka.admission.domain.conditions import ApplicantFacts
from samverka.admission.domain.graded_instance import (
    AptitudeTest,
    GradedApplicant,
    GradedChoice,
    GradedOffering,
    OfferingStatus,
)
from samverka.admission.domain.grades import Grade, GradeLetter, GradeSheet
from samverka.admission.domain.priorities import PriorityClass
from samverka.admission.domain.reception import ReceptionGround
from samverka.admission.domain.standing_batch import latest_standings
from samverka.admission.domain.year_settings import YearSettings
from samverka.admission.ports import (
    AdmissionYearRow,
    ChoiceRow,
    OfferingRow,
    PupilState,
)
from samverka.errors import N_, NotFound
from samverka.platform.db.inserts import bulk_insert, bulk_insert_values, insert_returning_id
from samverka.platform.db.keys import applicant_ids, offering_ids
from samverka.platform.db.protection import protected_among
from samverka.platform.domain.personal_id import parse_personal_id

_FAR_FUTURE = date(9999, 12, 31)
# A round's input carries the admission office's override of a choice's reception (the service
# derives every other one, and checks the override against the derived reception).
_FIRST_HAND = PriorityClass.FIRST_HAND
_OVERRIDDEN = ReceptionGround.OFFICER_DECISION.value
_GUARDIAN_COLUMNS = ("applicant_id", "name", "email", "phone")
_GRADE_COLUMNS = ("applicant_id", "term", "subject", "letter", "after_retake")
# A grade letter's text from a dictionary: an enum's ``value`` costs a call, for a million grades.
_LETTER_TEXT = {letter: letter.value for letter in GradeLetter}
_CHOICE_COLUMNS = (
    "applicant_id",
    "rank",
    "offering_id",
    "submitted_at",
    "late",
    "reception",
    "reception_reason",
    "discretionary_quota",
    "test_points",
    "over_age_reference",
    "over_age_recorded_by",
    "over_age_recorded_at",
    "school_rank",
    "equivalent_knowledge",
)
_CHOICE_FLAGS = ("late", "discretionary_quota", "equivalent_knowledge")


class SqlAdmissionRepository:
    def __init__(self, session: Session) -> None:
        self._s = session

    # -- year and catalogue -------------------------------------------------------------
    def year(self, year: int) -> AdmissionYearRow:
        row = self._s.execute(
            select(t.admission_year).where(t.admission_year.c.year == year)
        ).first()
        if row is None:
            raise NotFound(N_("Det finns inget antagningsår %(year)s."), year=year)
        return AdmissionYearRow(
            row.id,
            row.year,
            row.region,
            AdmissionCalendar.from_dict(row.calendar),
            YearSettings.from_dict(row.settings),
        )

    def add_year(
        self, year: int, region: str, calendar: AdmissionCalendar, settings: YearSettings
    ) -> int:
        values = {"year": year, "region": region}
        values |= {"calendar": calendar.to_dict(), "settings": settings.to_dict()}
        return insert_returning_id(self._s, t.admission_year, values)

    def offerings(self, year_id: int) -> list[OfferingRow]:
        o, u, g = t.offering, t.school_unit, t.organiser
        query = (
            select(
                o,
                u.c.name.label("unit_name"),
                u.c.municipality_code,
                g.c.kind,
                g.c.name.label("organiser_name"),
                g.c.municipality_code.label("organiser_municipality"),
            )
            .join(u, u.c.code == o.c.school_unit_code)
            .join(g, g.c.id == u.c.organiser_id)
            .where(o.c.admission_year_id == year_id)
            .order_by(o.c.code)
        )
        return [
            OfferingRow(
                r.id,
                r.code,
                r.school_unit_code,
                r.unit_name,
                r.municipality_code,
                r.kind,
                r.programme,
                r.orientation,
                r.places,
                r.discretionary_places,
                r.test_multiplier,
                r.test_minimum,
                r.status,
                r.organiser_name,
                r.leads_to,
                r.organiser_municipality if r.kind == "municipal" else None,
                r.nationally_recruiting,
                r.closed_at,
                r.ranked_by_school,
            )
            for r in self._s.execute(query)
        ]

    def set_calendar(self, year_id: int, calendar: AdmissionCalendar) -> None:
        self._s.execute(
            update(t.admission_year)
            .where(t.admission_year.c.id == year_id)
            .values(calendar=calendar.to_dict())
        )

    def set_offering_status(
        self, offering_id: int, status: str, closed_at: datetime | None = None
    ) -> None:
        self._s.execute(
            update(t.offering)
            .where(t.offering.c.id == offering_id)
            .values(status=status, closed_at=closed_at)
        )

    def set_leads_to(self, offering_id: int, programme: str) -> None:
        self._s.execute(
            update(t.offering).where(t.offering.c.id == offering_id).values(leads_to=programme)
        )

    def set_offering_places(self, offering_id: int, places: int, discretionary: int) -> None:
        self._s.execute(
            update(t.offering)
            .where(t.offering.c.id == offering_id)
            .values(places=places, discretionary_places=discretionary)
        )

    def set_offering_ranked(self, offering_id: int, ranked: bool) -> None:
        self._s.execute(
            update(t.offering).where(t.offering.c.id == offering_id).values(ranked_by_school=ranked)
        )

    # -- applicants and grades ------------------------------------------------------------
    def _applicant_id(self, year_id: int, personal_id: str) -> int | None:
        a = t.applicant
        query = select(a.c.id).where(
            a.c.admission_year_id == year_id, a.c.personal_id == personal_id
        )
        return self._s.execute(query).scalar_one_or_none()

    def _require_applicant(self, year_id: int, personal_id: str) -> int:
        applicant_id = self._applicant_id(year_id, personal_id)
        if applicant_id is None:
            raise NotFound(
                N_("Det finns ingen sökande %(applicant)s detta antagningsår."),
                applicant=personal_id,
            )
        return applicant_id

    def applicant_record(self, year_id: int, personal_id: str) -> ApplicantRecord | None:
        a = t.applicant
        row = self._s.execute(
            select(a).where(a.c.admission_year_id == year_id, a.c.personal_id == personal_id)
        ).first()
        if row is None:
            return None
        guardians = self._s.execute(
            select(t.guardian).where(t.guardian.c.applicant_id == row.id).order_by(t.guardian.c.id)
        )
        return _record(row, tuple(Guardian(g.name, g.email, g.phone) for g in guardians))

    def set_foreign_grades(self, year_id: int, personal_id: str, foreign: bool) -> None:
        applicant_id = self._require_applicant(year_id, personal_id)
        a = t.applicant
        self._s.execute(update(a).where(a.c.id == applicant_id).values(foreign_grades=foreign))

    def set_admission_facts(
        self,
        year_id: int,
        personal_id: str,
        arrival_date: date | None,
        completed_national_programme: bool,
    ) -> None:
        applicant_id = self._require_applicant(year_id, personal_id)
        a = t.applicant
        self._s.execute(
            update(a)
            .where(a.c.id == applicant_id)
            .values(
                arrival_date=arrival_date,
                completed_national_programme=completed_national_programme,
            )
        )

    def english_dispensations(
        self, year_id: int, personal_id: str
    ) -> list[EnglishDispensationDecision]:
        """The organisers' decisions on the applicant's English dispensation, by organiser."""
        a, d, g = t.applicant, t.english_dispensation_decision, t.organiser
        query = (
            select(d, g.c.name.label("organiser_name"))
            .join(a, a.c.id == d.c.applicant_id)
            .join(g, g.c.id == d.c.organiser_id)
            .where(a.c.admission_year_id == year_id, a.c.personal_id == personal_id)
            .order_by(g.c.name)
        )
        return [_decision(row) for row in self._s.execute(query)]

    def set_english_dispensation(
        self,
        year_id: int,
        personal_id: str,
        organiser: str,
        decision: EnglishDispensationDecision | None,
    ) -> None:
        """Record ``organiser``'s decision for the applicant, replacing an earlier one, or
        remove it (``decision`` None)."""
        applicant_id = self._require_applicant(year_id, personal_id)
        organiser_id = self._s.execute(
            select(t.organiser.c.id).where(t.organiser.c.name == organiser)
        ).scalar_one_or_none()
        if organiser_id is None:
            raise NotFound(N_("Det finns ingen huvudman %(organiser)s."), organiser=repr(organiser))
        d = t.english_dispensation_decision
        self._s.execute(
            delete(d).where(d.c.applicant_id == applicant_id, d.c.organiser_id == organiser_id)
        )
        if decision is not None:
            values = {
                "applicant_id": applicant_id,
                "organiser_id": organiser_id,
                "decided_on": decision.decided_on,
                "decided_by": decision.decided_by,
                "reference": decision.reference,
                "recorded_at": decision.recorded_at,
                "recorded_by": decision.recorded_by,
            }
            self._s.execute(insert(d).values(values))

    def grades(
        self, year_id: int, personal_id: str, term: GradeTerm
    ) -> dict[str, tuple[str, bool]]:
        applicant_id = self._applicant_id(year_id, personal_id)
        g = t.grade
        query = select(g).where(g.c.applicant_id == applicant_id, g.c.term == term.value)
        return {r.subject: (r.letter, r.after_retake) for r in self._s.execute(query)}

    def pupil_states(self, year_id: int, term: GradeTerm) -> dict[str, PupilState]:
        """Every stored applicant of the year with their grades of ``term``."""
        a, g = t.applicant, t.grade
        rows = list(self._s.execute(select(a).where(a.c.admission_year_id == year_id)))
        ids = select(a.c.id).where(a.c.admission_year_id == year_id)
        guardians: dict[int, list[Guardian]] = defaultdict(list)
        for row in self._s.execute(
            select(t.guardian).where(t.guardian.c.applicant_id.in_(ids)).order_by(t.guardian.c.id)
        ):
            guardians[row.applicant_id].append(Guardian(row.name, row.email, row.phone))
        grades: dict[int, dict[str, tuple[str, bool]]] = defaultdict(dict)
        for row in self._s.execute(
            select(g).where(g.c.term == term.value, g.c.applicant_id.in_(ids))
        ):
            grades[row.applicant_id][row.subject] = (row.letter, row.after_retake)
        return {
            row.personal_id: PupilState(_record(row, tuple(guardians[row.id])), grades[row.id])
            for row in rows
        }

    def protected_among(self, personal_ids: Collection[str]) -> set[str]:
        """Which of ``personal_ids`` are protected in any source (``platform.db.protection``)."""
        return protected_among(self._s, personal_ids)

    def save_pupils(self, year_id: int, pupils: Sequence[PupilGrades]) -> None:
        """Insert new applicants and replace changed ones, with guardians and grades.

        The grades and guardians go to the driver as ready tuples (``bulk_insert_values``), and
        the standings are computed from the grades in hand (``_store_standings``)."""
        if not pupils:
            return
        a = t.applicant
        latest = {pupil.applicant.personal_id.canonical: pupil.applicant for pupil in pupils}
        values = [_applicant_values(year_id, record) for record in latest.values()]
        existing = applicant_ids(self._s, year_id)
        new = [v for v in values if v["personal_id"] not in existing]
        if new:
            bulk_insert(self._s, a, new)
        for changed in (v for v in values if v["personal_id"] in existing):
            key = existing[changed["personal_id"]]
            self._s.execute(update(a).where(a.c.id == key).values(changed))
        ids = applicant_ids(self._s, year_id) if new else existing
        touched = [ids[pupil.applicant.personal_id.canonical] for pupil in pupils]
        for term in {pupil.term for pupil in pupils}:
            keys = [k for k, p in zip(touched, pupils, strict=True) if p.term is term]
            for start in range(0, len(keys), 5000):  # bounded IN lists
                chunk = keys[start : start + 5000]
                self._s.execute(
                    delete(t.grade).where(
                        t.grade.c.applicant_id.in_(chunk), t.grade.c.term == term.value
                    )
                )
        applicant_keys = [ids[pid] for pid in latest]
        for start in range(0, len(applicant_keys), 5000):
            chunk = applicant_keys[start : start + 5000]
            self._s.execute(delete(t.guardian).where(t.guardian.c.applicant_id.in_(chunk)))
        guardian_rows = [
            (ids[pid], g.name, g.email, g.phone)
            for pid, record in latest.items()
            for g in record.guardians
        ]
        # A flag is handed over as a bool: SQLite stores it as 0/1, PostgreSQL as a boolean.
        grade_rows = [
            (key, pupil.term.value, g.subject, _LETTER_TEXT[g.letter], bool(g.after_retake))
            for key, pupil in zip(touched, pupils, strict=True)
            for g in pupil.grades
        ]
        bulk_insert_values(self._s, t.guardian, _GUARDIAN_COLUMNS, guardian_rows)
        bulk_insert_values(self._s, t.grade, _GRADE_COLUMNS, grade_rows, ready=("after_retake",))
        written: dict[int, dict[GradeTerm, Sequence[Grade]]] = defaultdict(dict)
        for key, pupil in zip(touched, pupils, strict=True):
            written[key][pupil.term] = pupil.grades
        reduced = {ids[pid]: record.reduced_timetable for pid, record in latest.items()}
        self._store_standings(year_id, written, reduced)

    def _store_standings(
        self,
        year_id: int,
        written: Mapping[int, Mapping[GradeTerm, Sequence[Grade]]],
        reduced: Mapping[int, bool],
    ) -> None:
        """Store with each applicant of ``written`` what their latest grades give, as the
        grades now stand (``domain.standing_batch``, exactly ``grade_standing.latest_standing``),
        in the grades' transaction. ``written`` holds the grades just written per applicant and
        term, ``reduced`` their reduced timetable; a term not written is read as stored."""
        a, g, y = t.applicant, t.grade, t.admission_year
        year = self._s.execute(select(y.c.year).where(y.c.id == year_id)).scalar_one()
        keys = sorted(written)
        grades: dict[int, Mapping[GradeTerm, Sequence[Grade]]] = dict(written)
        unread = [k for k in keys if len(written[k]) < len(GradeTerm)]
        for start in range(0, len(unread), 5000):  # bounded IN lists
            chunk = unread[start : start + 5000]
            stored: dict[int, dict[GradeTerm, list[Grade]]] = defaultdict(dict)
            query = select(g.c.applicant_id, g.c.term, g.c.subject, g.c.letter, g.c.after_retake)
            for key, term, subject, letter, retake in self._s.execute(
                query.where(g.c.applicant_id.in_(chunk))
            ):
                if GradeTerm(term) not in written[key]:
                    stored[key].setdefault(GradeTerm(term), []).append(
                        Grade(subject, GradeLetter(letter), bool(retake))
                    )
            for key, terms in stored.items():
                grades[key] = {**written[key], **terms}
        found = latest_standings(year, [(grades[k], reduced[k]) for k in keys])
        values = [
            {"key_": k, "merit_": s.merit_value, "eligible_": s.eligible_national}
            for k, s in zip(keys, found, strict=True)
        ]
        for start in range(0, len(values), 5000):
            self._s.execute(
                update(a)
                .where(a.c.id == bindparam("key_"))
                .values(merit_value=bindparam("merit_"), eligible_national=bindparam("eligible_")),
                values[start : start + 5000],
            )

    # -- choices -------------------------------------------------------------------------
    def choices(
        self, year_id: int, personal_ids: Collection[str] | None = None
    ) -> dict[str, list[ChoiceRow]]:
        """Choices in rank order per applicant: of ``personal_ids``, or of everyone."""
        a, c, o = t.applicant, t.choice, t.offering
        query = (
            select(a.c.personal_id, c, o.c.code)
            .join(c, c.c.applicant_id == a.c.id)
            .join(o, o.c.id == c.c.offering_id)
            .where(a.c.admission_year_id == year_id)
            .order_by(a.c.personal_id, c.c.rank)
        )
        if personal_ids is not None:
            query = query.where(a.c.personal_id.in_(list(personal_ids)))
        found: dict[str, list[ChoiceRow]] = {pid: [] for pid in personal_ids or ()}
        for r in self._s.execute(query):
            found.setdefault(r.personal_id, []).append(
                ChoiceRow(
                    r.rank,
                    r.code,
                    r.submitted_at,
                    r.late,
                    r.reception,
                    r.discretionary_quota,
                    r.test_points,
                    _agreement(r),
                    r.reception_reason,
                    r.school_rank,
                    r.equivalent_knowledge,
                )
            )
        return found

    def replace_choices(self, year_id: int, choices: Mapping[str, Sequence[ChoiceRow]]) -> None:
        """Replace the choices of each given applicant; the new rows go to the driver as ready
        tuples (``bulk_insert_values``), as a year's applications are a hundred thousand."""
        ids = applicant_ids(self._s, year_id)
        missing = sorted(pid for pid in choices if pid not in ids)
        if missing:
            raise NotFound(
                N_("Det finns ingen sökande %(applicant)s detta antagningsår."),
                applicant=", ".join(missing[:5]),
            )
        codes = offering_ids(self._s, year_id)
        keys = [ids[pid] for pid in choices]
        for start in range(0, len(keys), 5000):
            self._s.execute(
                delete(t.choice).where(t.choice.c.applicant_id.in_(keys[start : start + 5000]))
            )
        # Ready tuples in the order of ``_CHOICE_COLUMNS``, for the driver (``bulk_insert_values``);
        # a flag is handed over as a bool: SQLite stores it as 0/1, PostgreSQL as a boolean.
        rows = [
            (
                ids[pid],
                c.rank,
                codes[c.offering_code],
                c.submitted_at,
                bool(c.late),
                c.reception if c.reception_reason else "first_hand",
                c.reception_reason,
                bool(c.discretionary_quota),
                c.test_points,
                *_agreement_row(c.over_age_agreement),
                c.school_rank,
                bool(c.equivalent_knowledge),
            )
            for pid, chosen in choices.items()
            for c in chosen
        ]
        bulk_insert_values(self._s, t.choice, _CHOICE_COLUMNS, rows, ready=_CHOICE_FLAGS)

    def applicants_choosing(self, offering_id: int) -> list[str]:
        a, c = t.applicant, t.choice
        query = (
            select(a.c.personal_id)
            .join(c, c.c.applicant_id == a.c.id)
            .where(c.c.offering_id == offering_id)
            .order_by(a.c.personal_id)
        )
        return list(self._s.execute(query).scalars())

    def applicant_homes(self, year_id: int) -> dict[str, str]:
        """Every applicant's home municipality now (the round derives reception from it)."""
        a = t.applicant
        query = select(a.c.personal_id, a.c.home_municipality).where(
            a.c.admission_year_id == year_id
        )
        return {str(pid): str(home) for pid, home in self._s.execute(query)}

    # -- input of a round ----------------------------------------------------------------
    def graded_input(
        self, year_id: int, term: GradeTerm
    ) -> tuple[list[GradedOffering], list[GradedApplicant]]:
        """The offerings and every applicant of the year, with their grades of ``term``. For
        the autumn term, an applicant without autumn grades (an older applicant, a re-applicant
        from an introductory programme) is judged on their final grades (admissions-rules
        §1.1: "older applicants use their slutbetyg in both"); ``grades_from`` says which."""
        offerings = [_graded_offering(row) for row in self.offerings(year_id)]
        code_of = {
            row.id: row.code
            for row in self._s.execute(
                select(t.offering.c.id, t.offering.c.code).where(
                    t.offering.c.admission_year_id == year_id
                )
            )
        }
        a = t.applicant
        # Only the columns a round uses, as the driver gives them (a flag is 0/1 on SQLite).
        applicants = driver_rows(
            self._s,
            select(
                a.c.id,
                a.c.personal_id,
                a.c.reduced_timetable,
                a.c.lottery,
                a.c.completed_national_programme,
                a.c.arrival_date,
            )
            .where(a.c.admission_year_id == year_id)
            .order_by(a.c.personal_id),
        )
        dialect = self._s.connection().dialect
        arrival = a.c.arrival_date.type.dialect_impl(dialect).result_processor(dialect, None)
        ids = select(a.c.id).where(a.c.admission_year_id == year_id)
        grades = self._grades_of_term(ids, term)
        used = dict.fromkeys(grades, term)
        if term is GradeTerm.AUTUMN:
            final = self._grades_of_term(ids, GradeTerm.FINAL)
            for applicant_id in final.keys() - grades.keys():
                grades[applicant_id] = final[applicant_id]
                used[applicant_id] = GradeTerm.FINAL
        choices: dict[int, list[GradedChoice]] = defaultdict(list)
        c = t.choice
        query = (
            select(
                c.c.applicant_id,
                c.c.offering_id,
                c.c.reception,
                c.c.reception_reason.is_not(None),
                c.c.discretionary_quota,
                c.c.late,
                c.c.test_points,
                c.c.over_age_reference.is_not(None),
                c.c.school_rank,
                c.c.equivalent_knowledge,
            )
            .where(c.c.applicant_id.in_(ids))
            .order_by(c.c.applicant_id, c.c.rank)
        )
        points = c.c.test_points.type.result_processor(self._s.connection().dialect, None)
        shared: dict[tuple[Any, ...], GradedChoice] = {}  # equal choices are one object
        for row in driver_rows(self._s, query):
            key = row[1:]
            choice = shared.get(key)
            if choice is None:
                offering, reception, overridden, quota, late, test, over_age, rank, equal = key
                if points is not None and test is not None:
                    test = points(test)
                choice = shared[key] = GradedChoice(
                    code_of[offering],
                    PriorityClass(reception) if overridden else _FIRST_HAND,
                    discretionary_quota=bool(quota),
                    late=bool(late),
                    test_points=None if test is None else Decimal(test),
                    over_age_agreement=bool(over_age),
                    reception_ground=_OVERRIDDEN if overridden else None,
                    school_rank=rank,
                    equivalent_knowledge=bool(equal),
                )
            choices[row[0]].append(choice)
        dispensations = self._dispensing_organisers(ids)
        none: frozenset[str] = frozenset()
        graded = [
            GradedApplicant(
                personal_id,
                GradeSheet(tuple(grades.get(applicant_id, ())), bool(reduced)),
                tuple(choices[applicant_id]),
                dispensations.get(applicant_id, none),
                lottery,
                ApplicantFacts(
                    _birth_date(personal_id),
                    bool(completed),
                    arrived if arrival is None or arrived is None else arrival(arrived),
                ),
                used.get(applicant_id),
            )
            for applicant_id, personal_id, reduced, lottery, completed, arrived in applicants
        ]
        return offerings, graded

    def _grades_of_term(self, ids: Select[tuple[int]], term: GradeTerm) -> dict[int, list[Grade]]:
        """Per applicant, their grades of ``term`` in the order of their subject codes. Half a
        million grades for a year: the database joins each applicant's into one text
        (``SV:C:0,EN:B:1``, a grade per subject, letter and whether after a retake), so that
        30,000 rows leave the driver instead of half a million, and equal grades are one
        shared, immutable ``Grade``."""
        g = t.grade
        token = g.c.subject + ":" + g.c.letter + ":" + case((g.c.after_retake, "1"), else_="0")
        where = (g.c.term == term.value, g.c.applicant_id.in_(ids))
        joined: Any
        if self._s.connection().dialect.name == "postgresql":
            joined = func.string_agg(token, aggregate_order_by(literal_column("','"), g.c.subject))
            query = select(g.c.applicant_id, joined).where(*where).group_by(g.c.applicant_id)
        else:  # SQLite joins in the order of the rows it is given
            ordered = (
                select(g.c.applicant_id, token.label("grade"))
                .where(*where)
                .order_by(g.c.applicant_id, g.c.subject)
                .subquery()
            )
            joined = func.group_concat(ordered.c.grade, ",")
            query = select(ordered.c.applicant_id, joined).group_by(ordered.c.applicant_id)
        shared = _SharedGrades()
        return {
            applicant_id: list(map(shared.__getitem__, text.split(",")))
            for applicant_id, text in driver_rows(self._s, query)
        }

    def _dispensing_organisers(self, ids: Select[tuple[int]]) -> dict[int, frozenset[str]]:
        """Per applicant, the organisers that decided their English dispensation."""
        d, g = t.english_dispensation_decision, t.organiser
        found: dict[int, set[str]] = defaultdict(set)
        for applicant_id, organiser in self._s.execute(
            select(d.c.applicant_id, g.c.name)
            .join(g, g.c.id == d.c.organiser_id)
            .where(d.c.applicant_id.in_(ids))
        ):
            found[applicant_id].add(organiser)
        return {key: frozenset(names) for key, names in found.items()}

    # -- messages ------------------------------------------------------------------------
    def add_message(
        self,
        year_id: int,
        personal_id: str,
        kind: str,
        text: str,
        at: datetime,
        parameters: Mapping[str, str] | None = None,
    ) -> None:
        applicant_id = self._require_applicant(year_id, personal_id)
        values = {
            "applicant_id": applicant_id,
            "kind": kind,
            "text": text,
            "created_at": at,
            "parameters": None if parameters is None else dict(parameters),
        }
        self._s.execute(insert(t.message).values(values))

    def mark_inbox_read(self, year_id: int, personal_id: str, at: datetime) -> datetime | None:
        applicant_id = self._require_applicant(year_id, personal_id)
        a = t.applicant
        before = self._s.execute(
            select(a.c.inbox_read_at).where(a.c.id == applicant_id)
        ).scalar_one()
        self._s.execute(update(a).where(a.c.id == applicant_id).values(inbox_read_at=at))
        return None if before is None else _utc(before)


def _utc(moment: datetime) -> datetime:
    """Moments are stored in UTC; SQLite may hand one back without its offset."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _birth_date(personal_id: str) -> date:
    """The date of birth in a stored identity number (``YYYYMMDD-NNNN``, checked when it was
    stored; a coordination number has 60 added to the day), without checking it again."""
    if len(personal_id) == 13 and personal_id[8] == "-":
        day = int(personal_id[6:8])
        return date(int(personal_id[:4]), int(personal_id[4:6]), day - 60 if day > 60 else day)
    return parse_personal_id(personal_id, today=_FAR_FUTURE).birth_date


class _SharedGrades(dict[str, Grade]):
    """Grades by their text in ``_grades_of_term`` (``SV:C:0``), each made once."""

    def __missing__(self, text: str) -> Grade:
        subject, letter, retake = text.split(":")
        grade = self[text] = Grade(subject, GradeLetter(letter), retake == "1")
        return grade


def driver_rows(session: Session, query: Select[Any]) -> list[tuple[Any, ...]]:
    """The rows of ``query`` as the driver gives them, without SQLAlchemy's rows and
    conversions: for columns of text, integers and flags (a flag is 0/1 on SQLite)."""
    connection = session.connection()
    compiled = query.compile(
        dialect=connection.dialect, compile_kwargs={"render_postcompile": True}
    )
    if compiled.positiontup is not None:
        parameters: Any = tuple(compiled.params[name] for name in compiled.positiontup)
    else:
        parameters = compiled.params
    raw = connection.connection.dbapi_connection
    assert raw is not None
    cursor = raw.cursor()
    try:
        cursor.execute(str(compiled), parameters)
        return list(cursor.fetchall())
    finally:
        cursor.close()


def _graded_offering(row: OfferingRow) -> GradedOffering:
    test = None
    if row.test_multiplier is not None or row.test_minimum is not None:
        multiplier = Decimal(row.test_multiplier) if row.test_multiplier is not None else Decimal(1)
        minimum = Decimal(row.test_minimum) if row.test_minimum is not None else None
        test = AptitudeTest(multiplier, minimum)
    status = OfferingStatus(row.status)
    return GradedOffering(
        row.code,
        row.programme,
        row.places,
        status,
        test,
        organiser=row.organiser,
        leads_to=row.leads_to,
        fri_kvot_places=row.discretionary_places,
        ranked_by_school=row.ranked_by_school,
    )


def _agreement(row: Row[Any]) -> OverAgeAgreement | None:
    if row.over_age_reference is None:
        return None
    return OverAgeAgreement(
        row.over_age_reference, row.over_age_recorded_by, row.over_age_recorded_at
    )


_NO_AGREEMENT = (None, None, None)


def _agreement_row(agreement: OverAgeAgreement | None) -> tuple[Any, ...]:
    """An over-age agreement's columns (``over_age_reference``, ``_recorded_by``, ``_at``)."""
    if agreement is None:
        return _NO_AGREEMENT
    return (agreement.reference, agreement.recorded_by, agreement.recorded_at)


def _decision(row: Row[Any]) -> EnglishDispensationDecision:
    return EnglishDispensationDecision(
        row.organiser_name,
        row.decided_on,
        row.decided_by,
        row.reference,
        row.recorded_at,
        row.recorded_by,
    )


def _record(row: Row[Any], guardians: tuple[Guardian, ...]) -> ApplicantRecord:
    return ApplicantRecord(
        personal_id=parse_personal_id(row.personal_id, today=_FAR_FUTURE),
        name=row.name,
        home_municipality=row.home_municipality,
        school_unit_code=row.school_unit_code,
        protected_identity=row.protected_identity,
        guardians=guardians,
        english_dispensation_requested=row.english_dispensation,
        reduced_timetable=row.reduced_timetable,
        foreign_grades=row.foreign_grades,
        arrival_date=row.arrival_date,
        completed_national_programme=row.completed_national_programme,
    )


def _applicant_values(year_id: int, record: ApplicantRecord) -> dict[str, Any]:
    return {
        "admission_year_id": year_id,
        "personal_id": record.personal_id.canonical,
        "name": record.name,
        "home_municipality": record.home_municipality,
        "school_unit_code": record.school_unit_code,
        "protected_identity": record.protected_identity,
        "english_dispensation": record.english_dispensation_requested,
        "reduced_timetable": record.reduced_timetable,
        "foreign_grades": record.foreign_grades,
        "arrival_date": record.arrival_date,
        "completed_national_programme": record.completed_national_programme,
    }
