"""`samverka pupils import` names who imports (issue 11 point 1, "the same for the CLI";
admissions-rules §5.1): ``--school-unit CODE`` as that unit's counsellor, or ``--officer``, and
never by default. As a counsellor, a row for another unit's pupil, a move or a lifted protection
is refused with its line and nothing is stored; the officer moves and lifts, audited."""

from __future__ import annotations

import sqlite3
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

NORRA, SODRA = "11111111", "22222222"
HEADER = "personnummer;namn;hemkommun;skolenhetskod;skyddad_identitet;EN;MA;SV\n"
OVE, HEMLIG = personal_id(2), personal_id(3)


@pytest.fixture
def database(tmp_path: Path) -> Path:
    """A year with Ove at Södra and the protected Hemlig at Norra, imported by the office."""
    path = tmp_path / "t.db"
    catalogue = Catalogue(
        organisers=[Organiser("Stockholms stad", "municipal", "0180")],
        school_units=[
            SchoolUnit(NORRA, "Norra gymnasiet", "Stockholms stad", "0180"),
            SchoolUnit(SODRA, "Södra gymnasiet", "Stockholms stad", "0180"),
        ],
        offerings=[Offering("NORRA-NA", NORRA, "NA", 10)],
    )
    open_admission_year(
        bootstrap.unit_of_work(Settings(database_url=f"sqlite:///{path}")),
        year=2026,
        region="Storsthlm",
        calendar=stockholm_calendar(2026),
        settings=YearSettings(),
        municipalities=[Municipality("0180", "Stockholm")],
        catalogue=catalogue,
        actor=OFFICE,
        now=datetime(2026, 1, 2, tzinfo=UTC),
    )
    rows = [_row(OVE, "Ove Ås", SODRA), _row(HEMLIG, "Hemlig Elev", NORRA, protected="ja")]
    code, output = _import(path, tmp_path, rows, "--officer")
    assert code == 0, output
    return path


def _row(pid: str, name: str, unit: str, *, protected: str = "nej", grade: str = "C") -> str:
    return f"{pid};{name};0180;{unit};{protected};{grade};{grade};{grade}"


def _import(database: Path, folder: Path, rows: list[str], *options: str) -> tuple[int, str]:
    file = folder / "elever.csv"
    file.write_text(HEADER + "\n".join(rows) + "\n", encoding="utf-8")
    env = {"SAMVERKA_DATABASE_URL": f"sqlite:///{database}"}
    arguments = ["pupils", "import", str(file), "--year", "2026", "--actor", "ops", *options]
    result = CliRunner().invoke(app, arguments, env=env)
    return result.exit_code, result.output


def _pupils(database: Path) -> list[tuple[str, str, str, int]]:
    with sqlite3.connect(database) as connection:
        query = "select personal_id, name, school_unit_code, protected_identity from applicant"
        return sorted(connection.execute(query).fetchall())


def _audit(database: Path) -> list[tuple[str, str, str]]:
    with sqlite3.connect(database) as connection:
        query = "select actor, action, entity_key from audit_event where entity = 'applicant'"
        return connection.execute(query + " order by id").fetchall()


def test_the_importer_must_be_chosen_explicitly(database: Path, tmp_path: Path) -> None:
    before = _pupils(database)
    for options in ((), ("--officer", "--school-unit", NORRA)):
        code, output = _import(database, tmp_path, [_row(personal_id(5), "Ny", NORRA)], *options)
        assert code == 2, output
        assert "choose who imports" in output
    code, output = _import(
        database, tmp_path, [_row(personal_id(5), "Ny", NORRA)], "--school-unit", "99999999"
    )
    assert (code, "unknown school unit 99999999" in output) == (2, True)
    assert _pupils(database) == before


def test_as_a_units_counsellor_another_units_pupil_is_refused_and_nothing_is_stored(
    database: Path, tmp_path: Path
) -> None:
    before, audited = _pupils(database), _audit(database)
    rows = [_row(personal_id(5), "Ny Elev", NORRA), _row(OVE, "Kapad", NORRA, grade="A")]
    code, output = _import(database, tmp_path, rows, "--school-unit", NORRA)
    assert code == 2, output
    assert "elever.csv:3 [personnummer]: Eleven är redan registrerad utanför" in output
    assert "Inget skrevs eller sparades." in output
    assert (_pupils(database), _audit(database)) == (before, audited)


def test_as_a_units_counsellor_a_protection_is_never_lifted(database: Path, tmp_path: Path) -> None:
    before = _pupils(database)
    rows = [_row(HEMLIG, "Hemlig Elev", NORRA, protected="nej")]
    code, output = _import(database, tmp_path, rows, "--school-unit", NORRA)
    assert code == 2, output
    assert "elever.csv:2 [personnummer]" in output
    assert _pupils(database) == before


def test_as_a_units_counsellor_new_pupils_of_the_unit_are_created_in_that_role(
    database: Path, tmp_path: Path
) -> None:
    code, output = _import(
        database, tmp_path, [_row(personal_id(5), "Ny Elev", NORRA)], "--school-unit", NORRA
    )
    assert (code, output.strip()) == (0, "1 new, 0 changed, 0 unchanged.")
    assert _audit(database)[-1] == ("counsellor:ops", "create", personal_id(5))
    refused = [_row(personal_id(6), "Annan", SODRA)]
    code, output = _import(database, tmp_path, refused, "--school-unit", NORRA)
    assert code == 2
    assert "Skolenheten 22222222 är inte en av dina skolenheter." in output


def test_the_officer_moves_a_pupil_and_lifts_a_protection_each_audited(
    database: Path, tmp_path: Path
) -> None:
    rows = [_row(OVE, "Ove Ås", NORRA), _row(HEMLIG, "Hemlig Elev", NORRA, protected="nej")]
    code, output = _import(database, tmp_path, rows, "--officer")
    assert (code, output.strip()) == (0, "0 new, 2 changed, 0 unchanged.")
    assert ("officer:ops", "move", OVE) in _audit(database)
    assert ("officer:ops", "lift_protection", HEMLIG) in _audit(database)
    assert (OVE, "Ove Ås", NORRA, 0) in _pupils(database)
