"""`samverka register …` and `samverka kaa …` end to end on a SQLite file: loading population
extracts with change detection, bad files rejected whole, placements, who is where, duplicates,
the KAA list and the half-year report."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from admission_year_builders import OFFICE
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

HEADER = "personnummer;namn;kommunkod;adress;skyddad_identitet;folkbokforingsdatum\n"


@pytest.fixture
def database(tmp_path: Path) -> Path:
    path = tmp_path / "t.db"
    catalogue = Catalogue(
        organisers=[Organiser("Stockholms stad", "municipal", "0180")],
        school_units=[SchoolUnit("11111111", "Norra gymnasiet", "Stockholms stad", "0180")],
        offerings=[Offering("NORRA-NA", "11111111", "NA", 10)],
    )
    open_admission_year(
        bootstrap.unit_of_work(Settings(database_url=f"sqlite:///{path}")),
        year=2026,
        region="Storsthlm",
        calendar=stockholm_calendar(2026),
        settings=YearSettings(),
        municipalities=[Municipality("0180", "Stockholm"), Municipality("0182", "Nacka")],
        catalogue=catalogue,
        actor=OFFICE,
        now=datetime(2026, 1, 2, tzinfo=UTC),
    )
    return path


def _invoke(database: Path, *args: str) -> tuple[int, str]:
    env = {"SAMVERKA_DATABASE_URL": f"sqlite:///{database}"}
    result = CliRunner().invoke(app, list(args), env=env)
    return result.exit_code, result.output


def _file(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_loading_two_extracts_reports_the_changes_and_answers_who_is_where(
    database: Path, tmp_path: Path
) -> None:
    first = _file(
        tmp_path,
        "folk-1.csv",
        HEADER + "".join(f"{personal_id(n)};Elev {n};0180;Gatan {n};nej;\n" for n in (1, 2, 3)),
    )
    code, output = _invoke(database, "register", "load-population", first, "--date", "2026-09-01")
    assert code == 0, output
    assert "new: 3" in output
    second = _file(
        tmp_path,
        "folk-2.csv",
        HEADER
        + f"{personal_id(1)};Elev 1;0182;Vägen 1;nej;2026-09-20\n"
        + f"{personal_id(2)};Elev 2;0180;Gatan 2;ja;\n",
    )
    load = ("register", "load-population", second, "--date", "2026-10-01")
    code, output = _invoke(database, *load)
    assert code == 1  # 1 of the 3 would leave: more than 10 %, so the officer must confirm
    assert "1 av de 3 personerna i registret skulle lämna det" in output
    assert "--confirm-removals 1" in output
    code, output = _invoke(database, *load, "--confirm-removals", "1")
    assert code == 0, output
    for line in ("moved: 1", "protection_changed: 1", "left_region: 1", "new: 0"):
        assert line in output
    assert "1 removals confirmed by the officer (audited)." in output
    code, output = _invoke(database, "register", "where", "--date", "2026-09-25")
    assert code == 0, output
    assert f"{personal_id(1)}\tElev 1\t0182" in output
    assert "3 registered on 2026-09-25, 0 of them in school." in output  # 3 left on 1 Oct
    code, output = _invoke(database, "register", "history", personal_id(1))
    assert "2026-09-20\tmoved\t0180 → 0182" in output


def test_a_header_only_extract_changes_nothing_until_the_number_leaving_is_confirmed(
    database: Path, tmp_path: Path
) -> None:
    """Issue 11 point 3: a header-only file closed every registration."""
    people = _file(
        tmp_path,
        "folk.csv",
        HEADER + "".join(f"{personal_id(n)};Elev {n};0180;;nej;\n" for n in (1, 2)),
    )
    assert _invoke(database, "register", "load-population", people, "--date", "2026-09-01")[0] == 0
    empty = _file(tmp_path, "tom.csv", HEADER)
    load = ("register", "load-population", empty, "--date", "2026-10-01")
    code, output = _invoke(database, *load)
    assert code == 1
    assert "Uttaget har ingen i åldersspannet" in output
    assert "Traceback" not in output
    assert "2 registered" in _invoke(database, "register", "where", "--date", "2026-10-01")[1]
    code, output = _invoke(database, *load, "--confirm-removals", "1")
    assert code == 1
    assert (
        "Bekräftelsen gällde 1 personer som lämnar registret, men det här uttaget tar bort 2"
        in output
    )
    code, output = _invoke(database, *load, "--confirm-removals", "2")
    assert code == 0, output
    assert "left_region: 2" in output
    assert "0 registered" in _invoke(database, "register", "where", "--date", "2026-10-01")[1]


def test_the_share_that_may_leave_without_confirmation_is_a_setting(
    database: Path, tmp_path: Path
) -> None:
    people = _file(
        tmp_path,
        "folk.csv",
        HEADER + "".join(f"{personal_id(n)};Elev {n};0180;;nej;\n" for n in (1, 2)),
    )
    assert _invoke(database, "register", "load-population", people, "--date", "2026-09-01")[0] == 0
    fewer = _file(tmp_path, "folk-2.csv", HEADER + f"{personal_id(1)};Elev 1;0180;;nej;\n")
    env = {
        "SAMVERKA_DATABASE_URL": f"sqlite:///{database}",
        "SAMVERKA_POPULATION_REMOVAL_PERCENT": "50",
    }
    load = ["register", "load-population", fewer, "--date", "2026-10-01"]
    result = CliRunner().invoke(app, load, env=env)
    assert result.exit_code == 0, result.output
    assert "left_region: 1" in result.output


def test_a_population_file_with_bad_rows_is_rejected_whole_with_every_error(
    database: Path, tmp_path: Path
) -> None:
    bad = _file(
        tmp_path,
        "folk.csv",
        HEADER + f"{personal_id(1)};Elev 1;0180;;nej;\n20100301-0000;;9999;;kanske;\n",
    )
    code, output = _invoke(database, "register", "load-population", bad, "--date", "2026-09-01")
    assert code == 2
    for field in ("[personnummer]", "[namn]", "[kommunkod]", "[skyddad_identitet]"):
        assert f"folk.csv:3 {field}" in output
    assert "Inget skrevs eller sparades." in output
    code, output = _invoke(database, "register", "where", "--date", "2026-09-01")
    assert "0 registered" in output


def test_placements_duplicates_and_the_activity_follow_up_from_the_command_line(
    database: Path, tmp_path: Path
) -> None:
    population = HEADER + "".join(f"{personal_id(n)};Elev {n};0180;;nej;\n" for n in (1, 2))
    folk = _file(tmp_path, "folk.csv", population)
    assert _invoke(database, "register", "load-population", folk, "--date", "2026-08-01")[0] == 0
    placements = _file(
        tmp_path,
        "placeringar.csv",
        "personnummer,skolenhetskod,program,startdatum\n"
        f"{personal_id(1)},11111111,NA,2026-08-18\n"
        f"{personal_id(1)},11111111,EK,2026-09-01\n",
    )
    code, output = _invoke(database, "register", "placements", "import", placements)
    assert code == 0, output
    assert "2 placements registered." in output
    code, output = _invoke(database, "register", "duplicates")
    assert "1 duplicate placements." in output
    code, output = _invoke(
        database, "kaa", "list", "--municipality", "0180", "--date", "2026-09-15"
    )
    assert code == 0, output
    assert f"{personal_id(2)}\tElev 2\t16\t2026-08-01\tnot_contacted" in output
    assert "1 in the activity follow-up of 0180" in output
    code, output = _invoke(database, "kaa", "report", "--municipality", "0180", "--half", "2026H2")
    assert code == 0, output
    assert "0180 2026H2: 2 young people" in output  # pupil 1 too, until the placement began
    code, output = _invoke(database, "kaa", "report", "--municipality", "0180", "--half", "0000H2")
    assert code == 2, output  # a bad parameter, named; not a failure
    assert "Ett halvår ligger i ett år 1–9999, inte 0." in output
    code, output = _invoke(database, "register", "place-admitted", "--year", "2026")
    assert code == 1
    assert "har ingen publicerad slutlig antagning" in output


def test_a_school_registers_a_pupil_from_another_county_with_the_home_municipality(
    database: Path, tmp_path: Path
) -> None:
    """Issue 13 point 1: a pupil from Uppsala (0380), outside the area, at the region's school is
    registered there by the school's placement file; their home municipality pays."""
    placements = _file(
        tmp_path,
        "placeringar.csv",
        "personnummer;skolenhetskod;program;startdatum;hemkommun;namn\n"
        f"{personal_id(7)};11111111;NA;2025-08-18;0380;Ida Uppsala\n",
    )
    code, output = _invoke(database, "register", "placements", "import", placements)
    assert code == 0, output
    code, output = _invoke(database, "register", "history", personal_id(7))
    assert code == 0, output
    assert "2025-08-18 – \t0380\t\t(from the school)" in output
    bad = _file(
        tmp_path,
        "fel.csv",
        "personnummer;skolenhetskod;program;startdatum;hemkommun\n"
        f"{personal_id(8)};11111111;NA;2025-08-18;0999\n",
    )
    code, output = _invoke(database, "register", "placements", "import", bad)
    assert code == 2
    assert "fel.csv:2 [hemkommun]" in output
