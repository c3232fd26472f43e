"""`samverka grants …` end to end on a SQLite file: populations, a grant created and keyed out
by population, shown and followed up, a bad custom key refused whole, reminders recorded."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from admission_year_builders import OFFICE
from typer.testing import CliRunner

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


def test_a_grant_is_created_keyed_out_by_population_and_shown(
    database: Path, tmp_path: Path
) -> None:
    populations = _file(
        tmp_path, "pop.csv", "municipality_code,name,population_2019_12_31\n0180,S,3\n0182,N,1\n"
    )
    assert _invoke(database, "grants", "populations", populations)[0] == 0
    code, out = _invoke(
        database,
        "grants",
        "create",
        "Psykisk hälsa",
        "--year",
        "2017",
        "--total",
        "113200000",
        "--region-percent",
        "50",
        "--set-aside-percent",
        "4",
        "--report-due",
        "2018-03-31",
    )
    assert code == 0, out
    assert "Grant 1 created" in out
    code, out = _invoke(database, "grants", "allocate", "1", "--key", "population")
    assert code == 0, out
    assert "region 56 600 000 kr" in out
    assert "county-wide set-aside 4 528 000 kr" in out
    code, out = _invoke(database, "grants", "show", "1")
    assert code == 0, out
    assert "0180\tStockholm\t3\t75.0000%\t42 450 000\t1 698 000\t40 752 000" in out
    code, out = _invoke(database, "grants", "follow-up", "1")
    assert "0182\t13 584 000\t0\t0\t0\t13584000.00\toverdue (late)\t0" in out
    code, out = _invoke(database, "grants", "remind", "1")
    assert code == 0, out
    assert "Reminded: 0180, 0182." in out
    code, out = _invoke(database, "grants", "list")
    assert "1\t2017\tPsykisk hälsa\t113 200 000 kr\tfolkmängd" in out
    # the unused funds, after the report due date, repaid to the state by a recorded decision
    # (rules-audit-2026-12 §6; förordning 2015:504 8–10 §§)
    code, out = _invoke(database, "grants", "unused", "1", "--reference", "dnr 2018/12")
    assert code == 2, out
    assert "repaid_to" in out
    assert "repaid_on" in out
    code, out = _invoke(
        database,
        "grants",
        "unused",
        "1",
        "--reference",
        "dnr 2018/12",
        "--to",
        "Kammarkollegiet",
        "--repaid-on",
        "2018-09-30",
        "--decided-on",
        "2018-04-20",
    )
    assert code == 0, out
    assert "Decision 1: 54336000.00 kr repaid to the state." in out
    code, out = _invoke(database, "grants", "follow-up", "1")
    assert "0182\t13 584 000\t13584000.00\t0.00\t0\t0.00\toverdue (late)\t1" in out
    assert "Decision 2018-04-20 (dnr 2018/12, styrelsen): 54336000.00 kr repaid to " in out


def test_a_key_file_the_csv_reader_cannot_read_is_refused_with_its_line_not_a_traceback(
    database: Path, tmp_path: Path
) -> None:
    _invoke(database, "grants", "create", "Unga", "--year", "2026", "--total", "1000")
    key = _file(tmp_path, "key.csv", "municipality_code;weight\n0180;" + "1" * 200_000 + "\n")
    code, out = _invoke(database, "grants", "allocate", "1", "--key", "custom", "--key-file", key)
    assert code == 2, out
    assert "key.csv:2" in out
    assert "går inte att läsa som CSV" in out
    assert "Not allocated yet." in _invoke(database, "grants", "show", "1")[1]


def test_a_custom_key_with_a_bad_row_is_refused_and_nothing_is_allocated(
    database: Path, tmp_path: Path
) -> None:
    _invoke(database, "grants", "create", "Unga", "--year", "2026", "--total", "1000")
    key = _file(tmp_path, "key.csv", "municipality_code;weight\n0180;2\n0199;1\n")
    code, out = _invoke(database, "grants", "allocate", "1", "--key", "custom", "--key-file", key)
    assert code == 2
    assert "key.csv:3 [municipality_code]" in out
    assert "Not allocated yet." in _invoke(database, "grants", "show", "1")[1]
    code, out = _invoke(database, "grants", "allocate", "1", "--key", "equal")
    assert code == 0, out
    assert "municipalities 1 000 kr" in out
