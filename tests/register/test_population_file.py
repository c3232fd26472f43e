"""The population file and the placement file: all rows valid, or every bad row reported."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from in_english import in_english

from samverka.errors import InvalidInput
from samverka.platform.domain.personal_id import luhn_check_digit
from samverka.register.domain.placements import EndReason
from samverka.register.files.population_file import (
    read_placement_file,
    read_placements_and_homes,
    read_population_file,
)

DAY = date(2026, 9, 1)


def pid(serial: int, day: int = 1) -> str:
    return f"200901{day:02d}-{serial:03d}{luhn_check_digit(f'0901{day:02d}{serial:03d}')}"


def write(tmp_path: Path, text: str, name: str = "folk.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_semicolon_separated_extract_is_read_with_every_field(tmp_path: Path) -> None:
    coordination = pid(5, 61)  # a coordination number: the day of birth + 60
    text = (
        "Personnummer;Namn;Kommunkod;Adress;Skyddad_identitet;Folkbokforingsdatum\n"
        f"{pid(1)};Alva Berg;0180;Storgatan 1;nej;2026-08-01\n"
        f"{coordination};Omar Ali;0182;;ja;\n"
    )
    records = read_population_file(
        write(tmp_path, text), extract_date=DAY, municipalities={"0180", "0182"}
    )
    assert [(r.name, r.municipality, r.protected_identity) for r in records] == [
        ("Alva Berg", "0180", False),
        ("Omar Ali", "0182", True),
    ]
    assert records[0].registered_on == date(2026, 8, 1)
    assert records[1].birth_date == date(2009, 1, 1)


def test_a_file_with_bad_rows_is_rejected_whole_with_every_rows_error(tmp_path: Path) -> None:
    text = (
        "personnummer,namn,kommunkod,folkbokforingsdatum\n"
        f"{pid(1)},Alva,0180,\n"
        "20090101-0000,Fel,0180,\n"
        f"{pid(1)},Dubbel,0180,\n"
        f"{pid(2)},,9999,2026-13-01\n"
        f"{pid(3)},Sen,0180,2026-09-02\n"
    )
    with pytest.raises(InvalidInput) as caught:
        read_population_file(write(tmp_path, text), extract_date=DAY, municipalities={"0180"})
    found = {(e.line, e.field) for e in caught.value.errors}
    assert found == {
        (3, "personnummer"),
        (4, "personnummer"),
        (5, "namn"),
        (5, "kommunkod"),
        (5, "folkbokforingsdatum"),
        (6, "folkbokforingsdatum"),
    }


def test_a_missing_column_is_reported_on_the_header_line(tmp_path: Path) -> None:
    with pytest.raises(InvalidInput) as caught:
        read_population_file(
            write(tmp_path, "personnummer,namn\n"), extract_date=DAY, municipalities={"0180"}
        )
    assert [(e.line, e.field) for e in caught.value.errors] == [(1, "kommunkod")]


def test_a_placement_file_reads_starts_and_ends_with_swedish_reasons(tmp_path: Path) -> None:
    text = (
        "personnummer,skolenhetskod,program,inriktning,startdatum,slutdatum,avslutsorsak\n"
        f"{pid(1)},11111111,na,NANAT,2025-08-18,,\n"
        f"{pid(2)},11111111,EK,,2025-08-18,2026-01-31,avbrott\n"
    )
    rows = read_placement_file(
        write(tmp_path, text, "placeringar.csv"), today=DAY, school_units={"11111111"}
    )
    assert [(p.programme, p.end_reason) for p in rows] == [
        ("NA", None),
        ("EK", EndReason.INTERRUPTED),
    ]


def test_a_completed_placement_says_whether_it_gave_an_examen_or_a_studiebevis(
    tmp_path: Path,
) -> None:
    """Issue 13 point 8: only an examen ends the activity follow-up (SL 29 kap. 9 §), so a
    completed programme is registered as examen or studiebevis, and "fullföljd" says too little."""
    text = (
        "personnummer,skolenhetskod,program,startdatum,slutdatum,avslutsorsak\n"
        f"{pid(1)},11111111,NA,2023-08-18,2026-06-10,examen\n"
        f"{pid(2)},11111111,EK,2023-08-18,2026-06-10,Studiebevis\n"
    )
    rows = read_placement_file(write(tmp_path, text), today=DAY, school_units={"11111111"})
    assert [p.end_reason for p in rows] == [EndReason.EXAMEN, EndReason.STUDIEBEVIS]
    vague = (
        "personnummer,skolenhetskod,program,startdatum,slutdatum,avslutsorsak\n"
        f"{pid(1)},11111111,NA,2023-08-18,2026-06-10,fullföljd\n"
        f"{pid(2)},11111111,IMV,2025-08-18,2026-06-10,examen\n"
    )
    with pytest.raises(InvalidInput) as caught:
        read_placement_file(write(tmp_path, vague), today=DAY, school_units={"11111111"})
    assert [(e.line, e.field) for e in caught.value.errors] == [
        (2, "avslutsorsak"),
        (3, "avslutsorsak"),
    ]
    assert "examen or studiebevis" in in_english(caught.value.errors[0])


def test_a_placement_file_with_bad_rows_is_rejected_whole(tmp_path: Path) -> None:
    text = (
        "personnummer,skolenhetskod,program,startdatum,slutdatum,avslutsorsak\n"
        f"{pid(1)},99999999,NA,2025-08-18,,\n"
        f"{pid(2)},11111111,NA,2025-08-18,2025-01-01,avbrott\n"
        f"{pid(3)},11111111,NA,2025-08-18,2026-01-01,\n"
        f"{pid(4)},11111111,NA,,,paus\n"
    )
    with pytest.raises(InvalidInput) as caught:
        read_placement_file(write(tmp_path, text), today=DAY, school_units={"11111111"})
    assert {(e.line, e.field) for e in caught.value.errors} == {
        (2, "skolenhetskod"),
        (3, "slutdatum"),
        (4, "avslutsorsak"),
        (5, "startdatum"),
        (5, "avslutsorsak"),
        (5, "slutdatum"),
    }


def test_a_placement_file_gives_each_pupils_home_municipality_anywhere_in_sweden(
    tmp_path: Path,
) -> None:
    """Issue 13 point 1: a pupil from outside the area (Uppsala 0380, Håbo 0305) at the region's
    school is registered in their home municipality, named by the school."""
    text = (
        "personnummer;skolenhetskod;program;startdatum;hemkommun;namn\n"
        f"{pid(1)};11111111;NA;2025-08-18;0380;Ida Uppsala\n"
        f"{pid(1)};11111111;EK;2026-01-10;0380;Ida Uppsala\n"
        f"{pid(2)};11111111;NA;2025-08-18;0305;\n"
        f"{pid(3)};11111111;NA;2025-08-18;;\n"
    )
    placements, homes = read_placements_and_homes(
        write(tmp_path, text, "placeringar.csv"), today=DAY, school_units={"11111111"}
    )
    assert len(placements) == 4
    assert {p: (r.municipality, r.name) for p, r in homes.items()} == {
        pid(1): ("0380", "Ida Uppsala"),
        pid(2): ("0305", ""),
    }
    assert homes[pid(1)].birth_date == date(2009, 1, 1)


def test_an_unknown_or_contradictory_home_municipality_rejects_the_file(tmp_path: Path) -> None:
    text = (
        "personnummer,skolenhetskod,program,startdatum,hemkommun\n"
        f"{pid(1)},11111111,NA,2025-08-18,0999\n"
        f"{pid(2)},11111111,NA,2025-08-18,0180\n"
        f"{pid(2)},11111111,EK,2026-01-10,0182\n"
        f"{pid(3)},11111111,NA,2025-08-18,Uppsala\n"
    )
    with pytest.raises(InvalidInput) as caught:
        read_placements_and_homes(write(tmp_path, text), today=DAY, school_units={"11111111"})
    assert [(e.line, e.field, in_english(e)) for e in caught.value.errors] == [
        (2, "hemkommun", "unknown Swedish municipality code '0999'"),
        (4, "hemkommun", "another home municipality than on line 3 (0180)"),
        (5, "hemkommun", "'Uppsala' is not a Swedish municipality code: 4 digits"),
    ]
