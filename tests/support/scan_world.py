"""The small world of the protected-identity scan (``test_protected_identity_scan``): persons
protected in each source, with everything that shows people.

It keeps the authorisation matrix's catalogue, accounts and ids (``matrix_support``), so that the
matrix's rows name real things here too: Norra (11111111, Stockholm's) and Södra (22222222,
Skolbolaget AB), the offerings NORRA-NA, NORRA-EK and SODRA-SA, round 1, placements 1 Ebba,
2 Tore and 3 Hemlig, and every role's account.

The people (all born 1 March 2010, registered in the youth register on 1 August 2026):

=========  ======================  ====  ======  =======================  =========
serial     name                    home  unit    protected in             placed
=========  ======================  ====  ======  =======================  =========
1          Ebba Ettsson            0180  Norra   —                        Norra
2          Hemlig Person           0180  Norra   admission and register   Norra
3          Tore Tresson            0182  Södra   —                        Södra
4          Anna Antagningsskydd    0180  Norra   admission only           Norra
5          Rut Registerskydd       0180  Norra   register only            Norra
6          Kajsa Kaaskydd          0180  Norra   admission only           — (KAA)
7          Rolf Registerskydd      0180  —       register only            — (KAA)
=========  ======================  ====  ======  =======================  =========

Every protected person has a guardian and an address of their own, which must not be shown
either. Everyone applies to the three offerings; the final round is run and published (the
admitted and the reserves); Rut also starts at Södra on 1 September (two placements: an anomaly
of the compensation); September 2026 is booked by a compensation run; the officer records
KAA entries for Kajsa and Rolf; the association's areas add what their pages need.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal

import argon2
from matrix_support import AFTER_FINAL, PASSWORD, USERNAMES, YEAR, pid
from sqlalchemy.orm import Session, sessionmaker

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
from samverka.admission.domain.rounds import RoundKind
from samverka.admission.domain.year_settings import YearSettings
from samverka.admission.services.admission_year import open_admission_year
from samverka.admission.services.applications import ChoiceRequest, register_applications
from samverka.admission.services.pupils import import_pupils
from samverka.admission.services.rounds import publish_round, run_round
from samverka.compensation.domain.period import Month
from samverka.compensation.domain.price_list import Price, PriceList
from samverka.compensation.services.compensation import COMMON, import_price_list, run_month
from samverka.platform.access.domain.actors import Actor, Role
from samverka.platform.access.passwords import Argon2idHasher
from samverka.platform.access.services.authentication import create_account
from samverka.platform.domain.personal_id import parse_personal_id
from samverka.register.domain.activity_follow_up import EntryKind
from samverka.register.domain.placements import SchoolPlacement
from samverka.register.domain.population import PopulationRecord
from samverka.register.services.activity_follow_up import record_follow_up
from samverka.register.services.register import import_placements, load_population
from samverka.unit_of_work import SqlUnitOfWork

NORRA, SODRA = "11111111", "22222222"
OFFICE = Actor("cli:test", Role.OFFICER, "command line")
CHEAP = Argon2idHasher(argon2.PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
BOOKED = datetime(YEAR, 9, 20, 12, tzinfo=UTC)
KAA_DAY = date(YEAR, 9, 15)


@dataclass(frozen=True, slots=True)
class Person:
    serial: int
    name: str
    home: str
    unit: str | None
    in_admission: bool  # protected in the admission data
    in_register: bool  # protected in the population register
    placed: bool

    @property
    def personal_id(self) -> str:
        return pid(self.serial)

    @property
    def protected(self) -> bool:
        return self.in_admission or self.in_register

    @property
    def guardian(self) -> str:
        return f"{self.name.split()[0]}s Vårdnadshavare"

    @property
    def address(self) -> str:
        return f"{self.name.split()[0]}gränd {self.serial}"

    @property
    def written_forms(self) -> set[str]:
        """The identity number as it may be written: 12 digits with and without the hyphen,
        10 digits with and without it."""
        full = self.personal_id
        return {full, full.replace("-", ""), full[2:], full[2:].replace("-", "")}

    @property
    def identifying(self) -> set[str]:
        """Every text that would identify the person: number, name, guardian, address."""
        return self.written_forms | {self.name, self.guardian, self.address}


PEOPLE = (
    Person(1, "Ebba Ettsson", "0180", NORRA, False, False, True),
    Person(2, "Hemlig Person", "0180", NORRA, True, True, True),
    Person(3, "Tore Tresson", "0182", SODRA, False, False, True),
    Person(4, "Anna Antagningsskydd", "0180", NORRA, True, False, True),
    Person(5, "Rut Registerskydd", "0180", NORRA, False, True, True),
    Person(6, "Kajsa Kaaskydd", "0180", NORRA, True, False, False),
    Person(7, "Rolf Registerskydd", "0180", None, False, True, False),
)
PROTECTED = tuple(person for person in PEOPLE if person.protected)
EBBA, RUT = PEOPLE[0], PEOPLE[4]


def build(database: sessionmaker[Session]) -> None:
    """The whole world, through the services (the association's areas are added apart)."""
    _year(SqlUnitOfWork(database))
    _register(SqlUnitOfWork(database))
    _money(SqlUnitOfWork(database))
    _accounts(SqlUnitOfWork(database))


def _pupil(person: Person) -> PupilGrades:
    subjects = [s for s in SUBJECTS if s not in {"SVA", "M1", "M2", "ML", "TSP"}]
    record = ApplicantRecord(
        personal_id=parse_personal_id(person.personal_id, today=date(YEAR, 2, 1)),
        name=person.name,
        home_municipality=person.home,
        school_unit_code=person.unit,
        protected_identity=person.in_admission,
        guardians=(Guardian(person.guardian, f"vh{person.serial}@example.se"),),
    )
    letter = GradeLetter.B if person.serial % 2 else GradeLetter.C
    return PupilGrades(record, GradeTerm.FINAL, tuple(Grade(s, letter) for s in subjects))


def _year(uow: SqlUnitOfWork) -> None:
    catalogue = Catalogue(
        organisers=[
            Organiser("Stockholms stad", "municipal", "0180"),
            Organiser("Skolbolaget AB", "independent"),
        ],
        school_units=[
            SchoolUnit(NORRA, "Norra gymnasiet", "Stockholms stad", "0180"),
            SchoolUnit(SODRA, "Södra gymnasiet", "Skolbolaget AB", "0182"),
        ],
        offerings=[
            Offering("NORRA-NA", NORRA, "NA", 2),
            Offering("NORRA-EK", NORRA, "EK", 1),
            Offering("SODRA-SA", SODRA, "SA", 2),
        ],
    )
    open_admission_year(
        uow,
        year=YEAR,
        region="Storsthlm",
        calendar=stockholm_calendar(YEAR),
        settings=YearSettings(),
        municipalities=[Municipality("0180", "Stockholm"), Municipality("0182", "Nacka")],
        catalogue=catalogue,
        actor=OFFICE,
        now=datetime(YEAR, 1, 2, tzinfo=UTC),
    )
    opened = datetime(YEAR, 1, 2, tzinfo=UTC)
    import_pupils(uow, year=YEAR, pupils=[_pupil(p) for p in PEOPLE], actor=OFFICE, now=opened)
    codes = ("NORRA-NA", "NORRA-EK", "SODRA-SA")
    applications = {
        p.personal_id: [ChoiceRequest(c) for c in codes[p.serial % 3 :] + codes[: p.serial % 3]]
        for p in PEOPLE
    }
    register_applications(
        uow,
        year=YEAR,
        applications=applications,
        actor=OFFICE,
        by_admission_office=True,
        now=datetime(YEAR, 2, 1, tzinfo=UTC),
    )
    final = run_round(uow, year=YEAR, kind=RoundKind.FINAL, seed=7, actor=OFFICE, now=AFTER_FINAL)
    publish_round(uow, year=YEAR, round_id=final.round_id, actor=OFFICE, now=AFTER_FINAL)


def _register(uow: SqlUnitOfWork) -> None:
    records = [
        PopulationRecord(
            p.personal_id,
            date(2010, 3, 1),
            p.name,
            p.home,
            p.address,
            protected_identity=p.in_register,
        )
        for p in PEOPLE
    ]
    load_population(
        uow,
        records=records,
        extract_date=date(YEAR, 8, 1),
        source="folk.csv",
        actor=OFFICE,
        now=AFTER_FINAL,
    )
    placed = sorted((p for p in PEOPLE if p.placed), key=lambda p: (p.serial != 1, p.serial != 3))
    placements = [
        SchoolPlacement(p.personal_id, p.unit or NORRA, "NA", "", date(YEAR, 8, 18)) for p in placed
    ]
    import_placements(uow, actor=OFFICE, placements=placements, now=AFTER_FINAL)
    # Rut also starts at Södra on 1 September: two placements on the measurement day, an
    # anomaly of September that names her (masked) on the compensation's anomaly pages
    second = SchoolPlacement(RUT.personal_id, SODRA, "NA", "", date(YEAR, 9, 1))
    import_placements(uow, actor=OFFICE, placements=[second], now=AFTER_FINAL)
    for person in PEOPLE:
        if not person.placed:
            record_follow_up(
                uow,
                actor=OFFICE,
                personal_id=person.personal_id,
                kind=EntryKind.CONTACT,
                on=KAA_DAY,
                note=f"Ringde {person.guardian}",
                now=BOOKED,
            )


def _money(uow: SqlUnitOfWork) -> None:
    prices = PriceList(YEAR, (Price("NA", None, Decimal(120000)),))
    import_price_list(uow, price_list=prices, kind=COMMON, actor=OFFICE, now=BOOKED)
    run_month(uow, month=Month(YEAR, 9), actor=OFFICE, now=BOOKED)


def _accounts(uow: SqlUnitOfWork) -> None:
    scopes: dict[Role, tuple[str | None, tuple[str, ...], str | None]] = {
        Role.APPLICANT: (EBBA.personal_id, (), None),
        Role.COUNSELLOR: (None, (NORRA,), None),
        Role.SCHOOL: (None, (NORRA,), None),
        Role.MUNICIPALITY: (None, (), "0180"),
    }
    for role, username in USERNAMES.items():
        personal_id, units, municipality = scopes.get(role, (None, (), None))
        create_account(
            uow,
            actor=OFFICE,
            username=username,
            display_name=f"Konto {username}",
            role=role,
            password=PASSWORD,
            passwords=CHEAP,
            personal_id=personal_id,
            school_unit_codes=units,
            municipality_code=municipality,
            now=datetime(YEAR, 1, 2, tzinfo=UTC),
        )
