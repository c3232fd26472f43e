"""`samverka kaa …` end to end on a SQLite file: the half-year report with the person-level file
for SCB (CSV and Excel), the retention period and the retention job (dry run and apply), and bad
input refused with a clear message and no change.

Sources: skollagen (2010:800) 29 kap. 9 §; SCB's collection "Kommunernas aktivitetsansvar"
(issue 13 point 9); förordning (2006:39) 3 § and the municipality's document plan (point 10).
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner
from web_support import personal_id

from samverka import bootstrap
from samverka.admission.domain.calendar import stockholm_calendar
from samverka.admission.domain.catalogue import (
    Catalogue,
    Municipality,
    Offering,
    Organiser,
    SchoolUnit,
)
from samverka.admission.domain.year_settings import YearSettings
from samverka.admission.services.admission_year import open_admission_year
from samverka.cli import app
from samverka.config import Settings
from samverka.platform.access.domain.actors import Actor, Role
from samverka.register.db import tables as rt
from samverka.register.domain.activity_follow_up import EntryKind
from samverka.register.domain.placements import SchoolPlacement
from samverka.register.domain.population import PopulationRecord
from samverka.register.files.kaa_collection_file import HEADER
from samverka.register.services.activity_follow_up import record_follow_up
from samverka.register.services.register import import_placements, load_population

NOW = datetime(2026, 9, 2, tzinfo=UTC)
OFFICER = Actor("cli:test", Role.OFFICER, "test")


@pytest.fixture
def database(tmp_path: Path) -> Path:
    """Pupils 1 and 2 (born 2010) in Stockholm out of school; 1 has a contact; 2 has protected
    identity; pupil 3 started NA on 1 September 2026 after a contact in August."""
    path = tmp_path / "t.db"
    settings = Settings(database_url=f"sqlite:///{path}")
    catalogue = Catalogue(
        organisers=[Organiser("Stockholms stad", "municipal", "0180")],
        school_units=[SchoolUnit("11111111", "Norra gymnasiet", "Stockholms stad", "0180")],
        offerings=[Offering("NORRA-NA", "11111111", "NA", 10)],
    )
    open_admission_year(
        bootstrap.unit_of_work(settings),
        year=2026,
        region="Storsthlm",
        calendar=stockholm_calendar(2026),
        settings=YearSettings(),
        municipalities=[Municipality("0180", "Stockholm"), Municipality("0182", "Nacka")],
        catalogue=catalogue,
        actor=OFFICER,
        now=datetime(2026, 1, 2, tzinfo=UTC),
    )
    people = [
        PopulationRecord(
            personal_id(n), date(2010, 3, 1), f"Elev {n}", "0180", protected_identity=n == 2
        )
        for n in (1, 2, 3)
    ]
    load_population(
        bootstrap.unit_of_work(settings),
        records=people,
        extract_date=date(2026, 8, 1),
        source="folk.csv",
        actor=OFFICER,
        now=NOW,
    )
    for n in (1, 3):
        record_follow_up(
            bootstrap.unit_of_work(settings),
            actor=OFFICER,
            personal_id=personal_id(n),
            kind=EntryKind.CONTACT,
            on=date(2026, 8, 20),
            note="Samtal",
            now=NOW,
        )
    import_placements(
        bootstrap.unit_of_work(settings),
        actor=OFFICER,
        placements=[SchoolPlacement(personal_id(3), "11111111", "NA", "", date(2026, 9, 1))],
        now=NOW,
    )
    return path


def _invoke(database: Path, *args: str) -> tuple[int, str]:
    env = {"SAMVERKA_DATABASE_URL": f"sqlite:///{database}"}
    result = CliRunner().invoke(app, list(args), env=env)
    return result.exit_code, result.output


def test_the_report_writes_the_person_level_file_without_protected_persons(
    database: Path, tmp_path: Path
) -> None:
    out = tmp_path / "kaa.csv"
    code, output = _invoke(
        database, "kaa", "report", "--municipality", "0180", "--half", "2026H2", "--out", str(out)
    )
    assert code == 0, output
    assert "0180 2026H2: 3 young people" in output
    assert "1 persons with protected identity left out" in output
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[0].split(";") == list(HEADER)
    numbers = {line.split(";")[1] for line in lines[1:]}
    assert numbers == {personal_id(n).replace("-", "") for n in (1, 3)}
    assert f"0180;{personal_id(3).replace('-', '')};2026H2;5;2026-08-01;9;2026-09-01;;;1" in lines


def test_the_admission_office_puts_protected_persons_in_the_excel_file_when_asked(
    database: Path, tmp_path: Path
) -> None:
    out = tmp_path / "kaa.xlsx"
    code, output = _invoke(
        database,
        "kaa",
        "report",
        "--municipality",
        "0180",
        "--half",
        "2026H2",
        "--out",
        str(out),
        "--show-protected",
    )
    assert code == 0, output
    sheet = openpyxl.load_workbook(out).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == list(HEADER)
    assert personal_id(2).replace("-", "") in {row[1] for row in rows[1:]}


def test_retention_counts_in_a_dry_run_and_erases_with_apply(database: Path) -> None:
    code, output = _invoke(
        database, "kaa", "retention", "--municipality", "0180", "--dry-run", "--date", "2027-09-01"
    )
    assert code == 0, output
    assert "0180: 1 entries of 1 persons due (dry run, nothing erased)" in output
    code, output = _invoke(
        database, "kaa", "retention-period", "--municipality", "0180", "--months", "6"
    )
    assert code == 0, output
    code, output = _invoke(database, "kaa", "retention", "--all", "--apply", "--date", "2027-03-01")
    assert code == 0, output
    assert "0180: 1 entries of 1 persons erased; retention 6 months" in output
    assert "0182: 0 entries of 0 persons erased" in output
    engine = bootstrap.database(Settings(database_url=f"sqlite:///{database}"))
    with engine() as session:
        assert session.scalar(select(func.count()).select_from(rt.follow_up_entry)) == 1
        assert session.scalar(select(func.count()).select_from(rt.follow_up_erasure)) == 1


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["report", "--municipality", "0180", "--half", "2026H3"], "2026H3"),
        (
            ["report", "--municipality", "0180", "--half", "2026H2", "--out", "kaa.pdf"],
            ".csv or .xlsx",
        ),
        (["report", "--municipality", "9999", "--half", "2026H2"], "Det finns ingen kommun"),
        (["retention", "--dry-run"], "--municipality"),
        (["retention", "--municipality", "9999", "--apply"], "Det finns ingen kommun"),
        (["retention-period", "--municipality", "9999", "--months", "6"], "Det finns ingen kommun"),
        (["retention", "--municipality", "0180", "--all"], "--municipality"),
        (["retention", "--municipality", "0180", "--date", "2027-13-01"], "not a date"),
        (["retention-period", "--municipality", "0180", "--months", "0"], "months"),
        (["retention-period", "--municipality", "0180", "--months", "121"], "months"),
    ],
)
def test_bad_input_is_refused_with_a_message_and_changes_nothing(
    database: Path, arguments: list[str], message: str
) -> None:
    code, output = _invoke(database, "kaa", *arguments)
    assert code != 0
    assert message in output
    assert "Traceback" not in output
    engine = bootstrap.database(Settings(database_url=f"sqlite:///{database}"))
    with engine() as session:
        assert session.scalar(select(func.count()).select_from(rt.follow_up_entry)) == 2
        assert session.scalar(select(func.count()).select_from(rt.kaa_retention)) == 0
