"""The demo and the admission office's commands end to end, on a SQLite file."""

from __future__ import annotations

import json
import re
import sqlite3
from collections import Counter
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from samverka import bootstrap
from samverka.cli import app
from samverka.config import Settings
from samverka.demo import DEMO_PASSWORD


@pytest.fixture(scope="module")
def demo_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    database = tmp_path_factory.mktemp("demo") / "demo.db"
    arguments = ["demo", "--database", str(database), "--applicants", "600", "--no-serve"]
    result = CliRunner().invoke(app, [*arguments, "--port", "8123"])
    assert result.exit_code == 0, result.output
    return database, result.output


@pytest.fixture(scope="module")
def demo_database(demo_run: tuple[Path, str]) -> Path:
    return demo_run[0]


def _invoke(database: Path, *args: str) -> tuple[int, str]:
    env = {"SAMVERKA_DATABASE_URL": f"sqlite:///{database}"}
    result = CliRunner().invoke(app, list(args), env=env)
    return result.exit_code, result.output


def _an_applicant(database: Path) -> str:
    code, output = _invoke(
        database,
        "reports",
        "export",
        "--year",
        "2026",
        "--round",
        "2",
        "--what",
        "placements",
        "--out",
        str(database.parent / "p.csv"),
    )
    assert code == 0, output
    text = (database.parent / "p.csv").read_text(encoding="utf-8")
    found = re.search(r"\d{8}-\d{4}", text)
    assert found
    return found.group()


def test_demo_runs_preliminary_final_and_two_reserve_rounds_and_says_what_next(
    demo_database: Path,
) -> None:
    code, output = _invoke(demo_database, "rounds", "list")  # the newest year by default
    assert code == 0, output
    kinds = re.findall(r"(preliminary|final|reserve)\s+published", output)
    assert kinds == ["preliminary", "final", "reserve", "reserve"]


def test_a_stored_round_reruns_identically_from_the_command_line(demo_database: Path) -> None:
    code, output = _invoke(demo_database, "rounds", "rerun", "--year", "2026", "--round", "2")
    assert code == 0, output
    assert "reproduced identically" in output


def test_the_command_line_explains_every_choice_of_an_applicant(demo_database: Path) -> None:
    applicant = _an_applicant(demo_database)
    code, output = _invoke(demo_database, "rounds", "explain", applicant, "--round", "2")
    assert code == 0, output
    assert re.search(r"1\. \S+ +(placed|reserve|not eligible|below|offering closed)", output)
    assert re.search(
        r"first hand: (own municipality|cooperation agreement|independent organiser)", output
    )


def test_the_demo_derives_reception_and_never_puts_anyone_second_hand_where_the_law_forbids(
    demo_database: Path,
) -> None:
    """Issue 12 point 8; the audit's finding (second hand at independent schools and at the
    applicant's own municipality's school) can no longer happen: applicants from outside the
    area are second hand at municipal schools, everyone else first hand."""
    kinds = """
        select o.id, g.kind from offering o join school_unit s on s.code = o.school_unit_code
        join organiser g on g.id = s.organiser_id
    """
    with sqlite3.connect(demo_database) as connection:
        kind_of = dict(connection.execute(kinds).fetchall())
        packed = connection.execute("select choices from round_explanation where round_id = 2")
        rows = Counter(
            (kind_of[choice[1]], choice[7], choice[8])  # offering, reception, its ground
            for (choices,) in packed
            for choice in json.loads(choices)
        )
    second_hand = {key for key in rows if key[1] == "second_hand"}
    assert second_hand
    assert {kind for kind, _, _ in second_hand} <= {"municipal", "regional"}
    assert {ground for _, _, ground in second_hand} <= {"home_offer_unknown", "offered_at_home"}
    assert ("independent", "first_hand", "independent_organiser") in rows


def test_a_published_round_cannot_be_published_again(demo_database: Path) -> None:
    code, output = _invoke(demo_database, "rounds", "publish", "--round", "2")
    assert code == 1
    assert "redan publicerad" in output


def test_a_bad_pupil_file_is_reported_row_by_row_and_nothing_is_imported(
    demo_database: Path, tmp_path: Path
) -> None:
    bad = tmp_path / "elever.csv"
    bad.write_text(
        "personnummer;namn;hemkommun;SV;EN\n"
        "20100101-0000;Ada Svensson;0180;A;B\n"
        "20100102-2383;;9999;G;A\n",
        encoding="utf-8",
    )
    code, output = _invoke(
        demo_database, "pupils", "import", str(bad), "--year", "2026", "--officer"
    )
    assert code == 2, output
    assert "elever.csv:2 [personnummer]" in output
    assert "elever.csv:3 [namn]" in output
    assert "elever.csv:3 [hemkommun]" in output
    assert "elever.csv:3 [SV]" in output
    assert "Inget skrevs eller sparades." in output
    with sqlite3.connect(demo_database) as connection:
        saved = connection.execute("select count(*) from applicant where name = 'Ada Svensson'")
        assert saved.fetchone() == (0,)


def test_statistics_of_the_newest_year_carry_no_personal_data(demo_database: Path) -> None:
    code, output = _invoke(demo_database, "reports", "statistics", "--round", "2")
    assert code == 0, output
    assert "Admission year 2026, round 2 (final" in output
    assert not re.search(r"\d{8}-\d{4}", output)


def test_the_demo_prints_the_address_the_password_once_and_one_login_per_role(
    demo_run: tuple[Path, str],
) -> None:
    _, output = demo_run
    assert "http://127.0.0.1:8123/" in output
    assert output.count(DEMO_PASSWORD) == 1
    logins = dict(re.findall(r"^  (\w+) +(\S+)$", output, flags=re.MULTILINE))
    assert logins == {
        "officer": "handlaggare",
        "analyst": "analytiker",
        "association_staff": "kansli",
        "board_member": "styrelse",
        "applicant": "sokande",
        "counsellor": "syv",
        "school": "skola",
        "municipality": "kommun",
    }
    assert "Serving" not in output  # --no-serve


def test_every_demo_login_signs_in_and_the_applicant_sees_a_result(
    demo_database: Path,
) -> None:
    settings = Settings(database_url=f"sqlite:///{demo_database}")
    with TestClient(bootstrap.web_app(settings)) as client:
        usernames = ("handlaggare", "analytiker", "kansli", "styrelse", "syv", "skola", "kommun")
        for username in (*usernames, "sokande"):
            client.cookies.clear()
            page = client.get("/logga-in")
            token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
            assert token is not None
            form = {"username": username, "password": DEMO_PASSWORD, "csrf_token": token.group(1)}
            signed_in = client.post("/logga-in", data=form, follow_redirects=False)
            assert signed_in.status_code == 303, (username, signed_in.text)
            assert client.get("/api/v1/me").json()["username"] == username
        result = client.get("/api/v1/results")
        assert result.status_code == 200, result.text


def test_every_demo_pupil_has_a_school_unit_so_that_counsellors_have_pupils(
    demo_database: Path,
) -> None:
    with sqlite3.connect(demo_database) as connection:
        rows = connection.execute("select count(*) from applicant where school_unit_code is null")
        assert rows.fetchone() == (0,)


def test_the_demo_register_pays_for_its_pupils_with_the_example_price_list(
    demo_database: Path,
) -> None:
    """The README's path after the demo: the example price list of ``docs/examples``, tiers,
    a monthly run for September over the demo's year-1 placements, and the net settlement."""
    prices = Path(__file__).parents[2] / "docs" / "examples" / "price-list-2026.csv"
    code, output = _invoke(demo_database, "prices", "import", str(prices), "--year", "2026")
    assert code == 0, output
    assert "21 prices imported for 2026 (common)." in output
    tiers = ["--tier", "1:200:6000", "--tier", "2:160:12000", "--tier", "3:120:18000"]
    code, output = _invoke(demo_database, "prices", "tiers", "--year", "2026", *tiers)
    assert code == 0, output
    code, output = _invoke(demo_database, "compensation", "settings", "--day", "40")
    assert code == 2
    assert "a measurement day must be 1–31, not 40" in output
    code, output = _invoke(demo_database, "compensation", "settings")
    assert code == 0, output
    assert "Measurement day: 10 (09: day 15)" in output
    code, output = _invoke(demo_database, "compensation", "run", "--month", "2026-09")
    assert code == 0, output
    summary = re.search(r"(\d+) pupils, (\d+) lines for the month .* Reconciled\.", output)
    assert summary is not None, output
    assert int(summary.group(2)) > 0
    code, output = _invoke(demo_database, "compensation", "settlement", "--month", "2026-09")
    assert code == 0, output
    assert re.search(r"Transfers: \d+ before, \d+ after", output)
    table = demo_database.parent / "supplements.csv"
    code, output = _invoke(
        demo_database, "compensation", "supplements", "--year", "2026", "--output", str(table)
    )
    assert code == 0, output
    placed = re.search(r"(\d+) pupils placed on 2026-09-15, (\d+) with a supplement", output)
    assert placed is not None, output
    assert int(placed.group(1)) > int(placed.group(2)) > 0  # the demo has merit values < 200
    header = table.read_text(encoding="utf-8").splitlines()[0]
    assert header == "school_unit,programme,pupils,supplemented,per_level,yearly_total"


def test_the_officer_records_an_applicants_arrival_and_completed_programme(
    demo_database: Path,
) -> None:
    """SL 3 kap. 12 a § and 16 kap.: the officer's way for any applicant (audited); a date in
    the future is refused with the reason and nothing changes."""
    applicant = _an_applicant(demo_database)
    code, output = _invoke(
        demo_database,
        "pupils",
        "facts",
        applicant,
        "--arrival-date",
        "2024-08-20",
        "--completed-national-programme",
    )
    assert code == 0, output
    assert f"{applicant}: saved." in output
    with sqlite3.connect(demo_database) as connection:
        stored = connection.execute(
            "SELECT arrival_date, completed_national_programme FROM applicant"
            " WHERE personal_id = ?",
            (applicant,),
        ).fetchone()
        actions = connection.execute(
            "SELECT action FROM audit_event WHERE entity_key = ? AND action = 'admission_facts'",
            (applicant,),
        ).fetchall()
    assert stored == ("2024-08-20", 1)
    assert actions == [("admission_facts",)]
    code, output = _invoke(
        demo_database, "pupils", "facts", applicant, "--arrival-date", "2099-01-01"
    )
    assert code == 2
    assert "ligger i framtiden" in output


def test_the_demos_september_pays_every_placed_pupil_or_lists_them_with_the_reason(
    demo_database: Path, tmp_path: Path
) -> None:
    """Issue 13 points 1–2 on the demo, as its summary suggests: the price list, then September.
    The three pupils the schools placed after the extract are the month's anomalies; the year's
    check finds September adding up."""
    copy = tmp_path / "demo.db"
    copy.write_bytes(demo_database.read_bytes())
    prices = Path(__file__).parents[2] / "docs" / "examples" / "price-list-2026.csv"
    assert _invoke(copy, "prices", "import", str(prices), "--year", "2026")[0] == 0
    code, output = _invoke(copy, "compensation", "run", "--month", "2026-09")
    assert code == 0, output
    # the three newcomers, and pupils from outside the area at independent schools, whose home
    # municipalities pay directly (issue 13 point 5)
    (outside,) = re.findall(r"(\d+) × home_outside_area_independent: ", output)
    anomalies = 3 + int(outside)
    assert f"anomalies: {anomalies};" in output
    assert "3 × no_registration: No registration on the measurement date" in output
    code, output = _invoke(copy, "compensation", "check", "--year", "2026")
    assert code == 0, output
    assert re.search(
        rf"2026-09 \(measured 2026-09-15\): \d+ placed = .* {anomalies} anomalies: adds up",
        output,
    )
