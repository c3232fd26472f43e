"""Readable test data for integration tests: a small admission year in Stockholm county."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

from samverka.admission.domain.applicants import ApplicantRecord, Guardian, PupilGrades
from samverka.admission.domain.calendar import GradeTerm, stockholm_calendar
from samverka.admission.domain.catalogue import (
    Catalogue,
    Municipality,
    Offering,
    Organiser,
    SchoolUnit,
)
from samverka.admission.domain.grades import SUBJECTS, Grade, GradeLetter
from samverka.admission.domain.year_settings import YearSettings
from samverka.admission.ports import UnitOfWork
from samverka.admission.services.admission_year import open_admission_year
from samverka.admission.services.applications import ChoiceRequest, submit_choices
from samverka.platform.access.domain.actors import Actor, Role
from samverka.platform.domain.personal_id import luhn_check_digit, parse_personal_id

YEAR = 2026
OFFICER = "officer@storsthlm"
OFFICE = Actor(OFFICER, Role.OFFICER, "Antagningen")  # imports pupils of any school unit
IN_APPLICATION_PERIOD = datetime(YEAR, 2, 1, 12, tzinfo=UTC)
BETWEEN_WINDOWS = datetime(YEAR, 3, 10, 12, tzinfo=UTC)
AFTER_FINAL = datetime(YEAR, 7, 2, 12, tzinfo=UTC)
TODAY = date(YEAR, 2, 1)
MUNICIPALITIES = [Municipality("0180", "Stockholm", 975551), Municipality("0182", "Nacka", 105201)]


def personal_id(serial: int) -> str:
    """A valid personal identity number of someone born 2010-03-01."""
    return f"20100301-{serial:03d}{luhn_check_digit(f'100301{serial:03d}')}"


def as_applicant(pid: str) -> Actor:
    """The applicant ``pid`` signed in, acting for themselves."""
    return Actor(pid, Role.APPLICANT, "Sökande", personal_id=pid)


def submit_own_choices(uow: UnitOfWork, serial: int, *codes: str) -> None:
    """Applicant ``serial`` chooses the offerings ``codes``, in this order, themselves in the
    application period."""
    submit_choices(
        uow,
        year=YEAR,
        personal_id=personal_id(serial),
        choices=[ChoiceRequest(code) for code in codes],
        actor=as_applicant(personal_id(serial)),
        by_admission_office=False,
        now=IN_APPLICATION_PERIOD,
    )


def open_year(uow: UnitOfWork, catalogue: Catalogue | None = None) -> None:
    """Open the year with ``catalogue``, by default ``small_catalogue()``."""
    open_admission_year(
        uow,
        year=YEAR,
        region="Storsthlm",
        calendar=stockholm_calendar(YEAR),
        settings=YearSettings(),
        municipalities=MUNICIPALITIES,
        catalogue=catalogue or small_catalogue(),
        actor=OFFICE,
        now=datetime(YEAR, 1, 2, tzinfo=UTC),
    )


def small_catalogue(places: dict[str, int] | None = None) -> Catalogue:
    """Three offerings at two schools: NA and EK at Norra (municipal), ES with a test at Södra."""
    places = places or {"NORRA-NA": 1, "NORRA-EK": 1, "SODRA-ES": 1}
    return Catalogue(
        organisers=[
            Organiser("Stockholms stad", "municipal", "0180"),
            Organiser("Skolbolaget AB", "independent"),
        ],
        school_units=[
            SchoolUnit("11111111", "Norra gymnasiet", "Stockholms stad", "0180"),
            SchoolUnit("22222222", "Södra gymnasiet", "Skolbolaget AB", "0182"),
        ],
        offerings=[
            Offering("NORRA-NA", "11111111", "NA", places["NORRA-NA"]),
            Offering("NORRA-EK", "11111111", "EK", places["NORRA-EK"]),
            Offering("SODRA-ES", "22222222", "ES", places["SODRA-ES"], test_multiplier=Decimal(16)),
        ],
    )


def pupil(
    serial: int,
    letter: str = "C",
    *,
    term: GradeTerm = GradeTerm.FINAL,
    name: str | None = None,
    protected: bool = False,
    missing: tuple[str, ...] = (),
) -> PupilGrades:
    """A pupil with ``letter`` in the 16 ordinary subjects (all but SVA, M1, M2, ML, TSP)."""
    subjects = [s for s in SUBJECTS if s not in {"SVA", "M1", "M2", "ML", "TSP"} | set(missing)]
    record = ApplicantRecord(
        personal_id=parse_personal_id(personal_id(serial), today=TODAY),
        name=name or f"Elev {serial}",
        home_municipality="0180",
        school_unit_code=None,
        protected_identity=protected,
        guardians=(Guardian(f"Vårdnadshavare {serial}", f"vh{serial}@example.se"),),
    )
    return PupilGrades(record, term, tuple(Grade(s, GradeLetter(letter)) for s in subjects))
