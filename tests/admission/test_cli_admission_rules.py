"""Issue 12 on the command line, on a SQLite file with the clock frozen: the admission area's
terms (`samverka area`), the admission office's decision on a choice's reception (`samverka
applications reception`), reopening a closed offering (`samverka offerings reopen`), and the
reception in `samverka rounds explain`.

Sources: SL 16 kap. 43–44 §§ and the samverkansavtal (admissions-rules §3.4); admissions-rules
§3.4, §7.4, §10 (the area's parties); §4.3 ("startar ej").
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from admission_year_builders import OFFICE
from database_fixtures import NewDatabase
from typer.testing import CliRunner

from samverka.admission.domain.applicants import ApplicantRecord, PupilGrades
from samverka.admission.domain.area import AreaTerms
from samverka.admission.domain.calendar import GradeTerm, stockholm_calendar
from samverka.admission.domain.catalogue import (
    Catalogue,
    Municipality,
    Offering,
    Organiser,
    SchoolUnit,
)
from samverka.admission.domain.grades import Grade, GradeLetter
from samverka.admission.domain.year_settings import YearSettings
from samverka.admission.services.admission_year import open_admission_year
from samverka.admission.services.applications import ChoiceRequest, submit_choices
from samverka.admission.services.pupils import import_pupils
from samverka.cli import app
from samverka.config import Settings
from samverka.platform.access.domain.actors import Actor, Role
from samverka.platform.clock import FixedClock, using
from samverka.platform.domain.personal_id import luhn_check_digit, parse_personal_id
from samverka.unit_of_work import SqlUnitOfWork

COMMAND_LINE = Actor("cli:test", Role.OFFICER, "command line")

YEAR = 2026
OPENED = datetime(YEAR, 1, 2, tzinfo=UTC)
IN_APPLICATION_PERIOD = datetime(YEAR, 2, 1, 12, tzinfo=UTC)
AFTER_FINAL = datetime(YEAR, 7, 2, 12, tzinfo=UTC)


def _pid(serial: int) -> str:
    return f"20100301-{serial:03d}{luhn_check_digit(f'100301{serial:03d}')}"


UPPSALA_PUPIL = _pid(1)


@pytest.fixture
def database(tmp_path: Path, new_sqlite_database: NewDatabase) -> Path:
    path = tmp_path / "cli.db"
    factory = new_sqlite_database(Settings(database_url=f"sqlite:///{path}"))
    open_admission_year(
        SqlUnitOfWork(factory),
        year=YEAR,
        region="Storsthlm",
        calendar=stockholm_calendar(YEAR),
        settings=YearSettings(),
        municipalities=[
            Municipality("0180", "Stockholm"),
            Municipality("0305", "Håbo", terms=AreaTerms.ADMISSION_AND_COMPENSATION),
            Municipality("0461", "Gnesta", terms=AreaTerms.ADMISSION_ONLY),
            Municipality("0380", "Uppsala", terms=AreaTerms.OUTSIDE),
        ],
        catalogue=Catalogue(
            organisers=[
                Organiser("Stockholms stad", "municipal", "0180"),
                Organiser("Skolbolaget AB", "independent"),
            ],
            school_units=[
                SchoolUnit("11111111", "Norra gymnasiet", "Stockholms stad", "0180"),
                SchoolUnit("22222222", "Södra gymnasiet", "Skolbolaget AB", "0180"),
            ],
            offerings=[
                Offering("NORRA-NA", "11111111", "NA", 5),
                Offering("SODRA-EK", "22222222", "EK", 5),
            ],
        ),
        actor=OFFICE,
        now=OPENED,
    )
    record = ApplicantRecord(
        parse_personal_id(UPPSALA_PUPIL, today=OPENED.date()), "Ulla Uppsala", "0380"
    )
    grades = tuple(Grade(s, GradeLetter.C) for s in ("SV", "EN", "MA"))
    pupil = PupilGrades(record, GradeTerm.FINAL, grades)
    import_pupils(SqlUnitOfWork(factory), year=YEAR, pupils=[pupil], actor=COMMAND_LINE, now=OPENED)
    submit_choices(
        SqlUnitOfWork(factory),
        year=YEAR,
        personal_id=UPPSALA_PUPIL,
        choices=[ChoiceRequest("NORRA-NA"), ChoiceRequest("SODRA-EK")],
        actor=OFFICE,
        by_admission_office=True,
        now=IN_APPLICATION_PERIOD,
    )
    factory.kw["bind"].dispose()
    return path


def _cli(database: Path, *args: str, at: datetime = AFTER_FINAL) -> tuple[int, str]:
    with using(FixedClock(at)):
        result = CliRunner().invoke(
            app, list(args), env={"SAMVERKA_DATABASE_URL": f"sqlite:///{database}"}
        )
    return result.exit_code, result.output


def test_the_area_lists_each_municipalitys_terms_and_records_a_new_one(database: Path) -> None:
    """admissions-rules §3.4, §10: Håbo and Gnesta take part without being members."""
    code, out = _cli(database, "area", "list")
    assert code == 0, out
    assert "0305  Håbo" in out
    assert "samverkansavtal: admission and compensation" in out
    assert "0461  Gnesta               admission only" in out
    code, out = _cli(database, "area", "set", "2480", "Umeå", "--terms", "outside")
    assert code == 0, out
    assert "2480 Umeå: outside the area" in out
    code, out = _cli(database, "area", "set", "24", "", "--terms", "outside")
    assert code == 2
    assert "är inte en fyrsiffrig kommunkod" in out


def test_the_office_decides_a_choices_reception_and_the_law_refuses_the_impossible(
    database: Path,
) -> None:
    """SL 16 kap. 43–44 §§: first hand after the home municipality's statement; never second
    hand at an independent school."""
    code, out = _cli(
        database,
        "applications",
        "reception",
        UPPSALA_PUPIL,
        "NORRA-NA",
        "first_hand",
        "--reason",
        "Uppsalas yttrande: finns inte",
    )
    assert code == 0, out
    assert "NORRA-NA: first hand (officer decision)" in out
    code, out = _cli(
        database,
        "applications",
        "reception",
        UPPSALA_PUPIL,
        "SODRA-EK",
        "second_hand",
        "--reason",
        "x",
    )
    assert code == 2
    assert "second hand is not possible" in out
    code, out = _cli(database, "rounds", "run", "--kind", "final", "--seed", "1")
    assert code == 0, out
    code, out = _cli(database, "rounds", "explain", UPPSALA_PUPIL, "--round", "1")
    assert code == 0, out
    assert "first hand: officer decision" in out
    assert "first hand: independent organiser" in out


def _at(hour: int) -> datetime:
    return datetime(YEAR, 7, 2, hour, tzinfo=UTC)


def test_a_closed_offering_is_reopened_until_the_next_round(database: Path) -> None:
    """admissions-rules §4.3; issue 12 point 10."""
    code, out = _cli(database, "offerings", "close", "NORRA-NA")
    assert code == 0, out
    assert "1 applicants notified" in out
    code, out = _cli(database, "offerings", "reopen", "NORRA-NA", at=_at(13))
    assert code == 0, out
    assert "NORRA-NA open again; 1 applicants notified." in out
    _cli(database, "offerings", "close", "NORRA-NA", at=_at(14))
    _cli(
        database,
        "rounds",
        "run",
        "--kind",
        "final",
        "--seed",
        "1",
        at=_at(15),
    )
    code, out = _cli(database, "offerings", "reopen", "NORRA-NA", at=_at(16))
    assert code == 1
    assert "kan inte öppnas igen" in out
