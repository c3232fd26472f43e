"""Hostile rows in every importer: numbers out of range, lone carriage returns and repeated
columns are each refused with a row error naming the file, line and column; none of them may
end in a traceback or be accepted in silence.

Source: issue 11 point 6 (the review with hostile files), the ranges documented in
docs/formats.md and docs/security.md ("Files and limits"). One table per importer: the file's
text, then the (line, column) of the error and a fragment of its reason.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from in_english import in_english

from samverka.admission.domain.calendar import GradeTerm
from samverka.admission.domain.rule_set import default_rule_set
from samverka.admission.files.graded_format import read_graded
from samverka.admission.files.pupil_file import read_pupil_file
from samverka.admission.files.scored_format import read_scored
from samverka.association.fees.files import read_revenue_file
from samverka.association.grants.domain.allocation_key import key_weights
from samverka.association.grants.files.grant_key_file import read_key_rows, read_population_figures
from samverka.association.plan.files.budget_file import read_budget_file
from samverka.compensation.files.price_list_file import read_price_list_file
from samverka.errors import InvalidInput, RowError
from samverka.platform.domain.personal_id import luhn_check_digit
from samverka.platform.files import xlsx_reader
from samverka.register.files.population_file import read_placement_file, read_population_file

Expected = tuple[int, str, str]  # line, column, a fragment of the reason
LONE_CR = "the lines end with a lone carriage return"
TWICE = "appears twice in the header"
DAY = date(2026, 9, 1)


def _pid(serial: int) -> str:
    return f"20090101-{serial:03d}{luhn_check_digit(f'090101{serial:03d}')}"


def _refusal(read: Callable[[], object]) -> list[RowError]:
    with pytest.raises(InvalidInput) as refused:
        read()
    return list(refused.value.errors)


def _assert_refused(errors: list[RowError], expected: Expected) -> None:
    line, field, fragment = expected
    found = [e for e in errors if (e.line, e.field) == (line, field) and fragment in in_english(e)]
    assert found, f"no error ({line}, {field!r}, …{fragment}…) among {[str(e) for e in errors]}"


def _file(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    return path


# -- the pupil file (counsellors) -----------------------------------------------------------------
PUPIL_HEADER = "personnummer,namn,hemkommun"
PUPIL_ROW = f"{_pid(1)},Alva Berg,0180"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(f"{PUPIL_HEADER}\r{PUPIL_ROW}\r", (1, "", LONE_CR), id="lone CR"),
        pytest.param(f"{PUPIL_HEADER},Namn\n{PUPIL_ROW},Bo\n", (1, "Namn", TWICE), id="twice"),
        pytest.param(f"{PUPIL_HEADER}\n{_pid(1)},Al\x00va,0180\n", (2, "", "NUL"), id="NUL"),
        pytest.param(
            f"{PUPIL_HEADER}\n{_pid(1)},Al\x1bva,0180\n", (2, "namn", "control"), id="control"
        ),
        pytest.param(
            f'{PUPIL_HEADER}\n{_pid(1)},"Alva,0180\n', (2, "", "not a readable CSV"), id="quote"
        ),
        pytest.param(
            f"{PUPIL_HEADER}\n{_pid(1)},{'A' * 1001},0180\n", (2, "namn", "1000"), id="long cell"
        ),
    ],
)
def test_a_hostile_pupil_file_is_refused_with_a_row_error(
    tmp_path: Path, text: str, expected: Expected
) -> None:
    path = _file(tmp_path, "elever.csv", text)

    errors = _refusal(
        lambda: read_pupil_file(
            path,
            term=GradeTerm.FINAL,
            today=date(2026, 2, 1),
            municipalities={"0180"},
            school_units=set(),
        )
    )

    _assert_refused(errors, expected)


def test_a_pupil_workbook_unpacking_a_hundredfold_is_refused_before_it_is_opened(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    book = openpyxl.Workbook()
    book.active.append(PUPIL_HEADER.split(","))
    buffer = io.BytesIO()
    book.save(buffer)
    rows = b'<row><c t="inlineStr"><is><t>x</t></is></c></row>' * 200_000  # 10 MB
    path = tmp_path / "elever.xlsx"
    with zipfile.ZipFile(buffer) as base, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info in base.infolist():
            data = base.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"</sheetData>", rows + b"</sheetData>")
            out.writestr(info.filename, data)
    monkeypatch.setattr(xlsx_reader.openpyxl, "load_workbook", pytest.fail)

    errors = _refusal(
        lambda: read_pupil_file(
            path, term=GradeTerm.FINAL, today=date(2026, 2, 1), municipalities=(), school_units=()
        )
    )

    _assert_refused(errors, (0, "", "at most 100-fold is read (a zip bomb?)"))


# -- the population extract and the placement file (the youth register) ---------------------------
POPULATION_HEADER = "personnummer,namn,kommunkod,folkbokforingsdatum"
PLACEMENT_HEADER = "personnummer,skolenhetskod,program,startdatum,slutdatum,avslutsorsak"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(f"{POPULATION_HEADER}\r{_pid(1)},Alva,0180,\r", (1, "", LONE_CR), id="CR"),
        pytest.param(
            f"{POPULATION_HEADER},Namn\n{_pid(1)},Alva,0180,,Bo\n", (1, "Namn", TWICE), id="twice"
        ),
        pytest.param(
            f"{POPULATION_HEADER}\n{_pid(1)},Alva,0180,0001-01-01\n",
            (2, "folkbokforingsdatum", "1900"),
            id="year 1",
        ),
    ],
)
def test_a_hostile_population_extract_is_refused_with_a_row_error(
    tmp_path: Path, text: str, expected: Expected
) -> None:
    path = _file(tmp_path, "folk.csv", text)

    errors = _refusal(lambda: read_population_file(path, extract_date=DAY, municipalities={"0180"}))

    _assert_refused(errors, expected)


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        pytest.param("11111111,NA,9999-08-18,,", (2, "startdatum", "2100"), id="year 9999"),
        pytest.param("11111111,NA,0001-08-18,,", (2, "startdatum", "1900"), id="year 1"),
        pytest.param(
            "11111111,NA,2025-08-18,9999-12-31,avbrott", (2, "slutdatum", "2100"), id="end 9999"
        ),
    ],
)
def test_a_placement_dated_outside_the_register_is_refused(
    tmp_path: Path, row: str, expected: Expected
) -> None:
    path = _file(tmp_path, "placeringar.csv", f"{PLACEMENT_HEADER}\n{_pid(1)},{row}\n")

    errors = _refusal(lambda: read_placement_file(path, today=DAY, school_units={"11111111"}))

    _assert_refused(errors, expected)


# -- the price list (compensation) ----------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "program,arspris\nNA,1000000000000000\n", (2, "arspris", "maximum"), id="1e15"
        ),
        pytest.param("program,arspris\nNA,1e18\n", (2, "arspris", "not an amount"), id="exponent"),
        pytest.param("program,arspris\rNA,104500\r", (1, "", LONE_CR), id="lone CR"),
        pytest.param("program,arspris,arspris\nNA,1,2\n", (1, "arspris", TWICE), id="twice"),
        pytest.param(
            "program,arspris\nNA,1,2\n", (2, "", "more cells than the header"), id="extra"
        ),
    ],
)
def test_a_hostile_price_list_is_refused_with_a_row_error(
    tmp_path: Path, text: str, expected: Expected
) -> None:
    path = _file(tmp_path, "priser.csv", text)

    _assert_refused(_refusal(lambda: read_price_list_file(path, year=2026)), expected)


# -- the budget file (the association) ------------------------------------------------------------
BUDGET_HEADER = "enhet;år;typ;rad;belopp"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(f"{BUDGET_HEADER}\rUEDB;2026;budget;intäkter;1\r", (1, "", LONE_CR), id="CR"),
        pytest.param(f"{BUDGET_HEADER};unit\nA;2026;budget;intäkter;1;B\n", (1, "unit", TWICE)),
    ],
)
def test_a_hostile_budget_file_is_refused_with_a_row_error(text: str, expected: Expected) -> None:
    _assert_refused(_refusal(lambda: read_budget_file("budget.csv", text.encode())), expected)


# -- the custom allocation key and the population figures (state grants) --------------------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("kommunkod;vikt\r0180;1\r", (1, "", LONE_CR), id="lone CR"),
        pytest.param(
            "kommunkod;municipality_code;vikt\n0180;0181;1\n", (1, "municipality_code", TWICE)
        ),
    ],
)
def test_a_hostile_key_file_is_refused_with_a_row_error(text: str, expected: Expected) -> None:
    _assert_refused(_refusal(lambda: read_key_rows(text.encode(), "nyckel.csv")), expected)


@pytest.mark.parametrize(
    ("weight", "reason"),
    [
        ("1e-999999999", "is not a weight of at least 0"),
        ("NaN", "is not a weight of at least 0"),
        ("10000000000000", "is not a weight of at least 0"),
        ("0,00001", "has more than 4 decimals"),
    ],
)
def test_a_hostile_weight_in_a_key_is_a_row_error(weight: str, reason: str) -> None:
    _, problems = key_weights([(2, "0180", weight)], {"0180"}, "nyckel.csv")

    _assert_refused(problems, (2, "weight", reason))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("municipality_code,population\n0180,²\n", (2, "population", "whole number")),
        pytest.param(
            "municipality_code,population\n0180,99999999999999999999\n",
            (2, "population", "maximum"),
            id="beyond a database integer",
        ),
        pytest.param(
            f"municipality_code,population\n0180,{'9' * 5000}\n",
            (2, "population", "at most 1000 are read"),
            id="5000 digits",
        ),
        pytest.param(
            "municipality_code,population\n0180,1\n0180,2\n",
            (3, "municipality_code", "given twice"),
            id="a municipality twice",
        ),
        pytest.param("municipality_code,population\r0180,1\r", (1, "", LONE_CR), id="lone CR"),
        pytest.param(
            "municipality_code,population_2019,population_2020\n0180,1,2\n",
            (1, "population_2020", "one population column"),
            id="two population columns",
        ),
    ],
)
def test_hostile_population_figures_are_refused_with_a_row_error(
    text: str, expected: Expected
) -> None:
    _assert_refused(_refusal(lambda: read_population_figures(text.encode(), "p.csv")), expected)


# -- the members' revenue (member fees) -----------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("kommunkod;intakter\r0180;1\r", (1, "", LONE_CR), id="lone CR"),
        pytest.param(
            "kommunkod;municipality_code;intakter\n0180;0181;1\n", (1, "municipality_code", TWICE)
        ),
    ],
)
def test_a_hostile_revenue_file_is_refused_with_a_row_error(text: str, expected: Expected) -> None:
    _assert_refused(_refusal(lambda: read_revenue_file("intakter.csv", text.encode())), expected)


# -- the engine's interchange formats -------------------------------------------------------------
SCORED = {
    "offerings.csv": "offering_id,capacity\nO1,2\n",
    "applicants.csv": "applicant_id,merit_value,lottery\nA,300,\n",
    "choices.csv": "applicant_id,rank,offering_id,score\nA,1,O1,\n",
}


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        pytest.param(
            "offerings.csv",
            "offering_id,capacity\nO1,1000000000000000000\n",
            (2, "capacity", "maximum"),
            id="capacity 1e18",
        ),
        pytest.param(
            "offerings.csv",
            "offering_id,capacity\nO1,100001\n",
            (2, "capacity", "maximum 100000"),
            id="capacity above the school's maximum",
        ),
        pytest.param(
            "applicants.csv",
            f"applicant_id,merit_value,lottery\nA,300,{2**70}\n",
            (2, "lottery", "maximum"),
            id="lottery 2**70",
        ),
        pytest.param(
            "applicants.csv",
            "applicant_id,merit_value,lottery\nA,1e30,\n",
            (2, "merit_value", "number"),
            id="merit 1e30",
        ),
        pytest.param(
            "applicants.csv",
            "applicant_id,merit_value,lottery\nA,100000000000000000000,\n",
            (2, "merit_value", "maximum"),
            id="merit 1e20",
        ),
        pytest.param(
            "choices.csv",
            f"applicant_id,rank,offering_id,score\nA,{10**30},O1,\n",
            (2, "rank", "maximum"),
            id="rank 1e30",
        ),
        pytest.param(
            "choices.csv",
            "applicant_id,rank,offering_id,score\nA,1,O1,99999999999.5\n",
            (2, "score", "maximum"),
            id="score 1e11",
        ),
        pytest.param(
            "offerings.csv",
            "offering_id,capacity,capacity\nO1,2,3\n",
            (1, "capacity", TWICE),
            id="capacity twice",
        ),
        pytest.param("offerings.csv", "offering_id,capacity\rO1,2\r", (1, "", LONE_CR), id="CR"),
    ],
)
def test_a_hostile_scored_instance_is_refused_with_a_row_error(
    tmp_path: Path, name: str, text: str, expected: Expected
) -> None:
    for file_name, file_text in {**SCORED, name: text}.items():
        _file(tmp_path, file_name, file_text)

    errors = _refusal(lambda: read_scored(tmp_path))

    _assert_refused(errors, expected)


def test_offerings_whose_places_add_up_beyond_any_region_are_refused(tmp_path: Path) -> None:
    rows = "".join(f"O{number},100000\n" for number in range(101))
    files = {**SCORED, "offerings.csv": f"offering_id,capacity\n{rows}"}
    for file_name, file_text in files.items():
        _file(tmp_path, file_name, file_text)

    errors = _refusal(lambda: read_scored(tmp_path))

    _assert_refused(errors, (0, "capacity", "10000000"))


GRADED = {
    "offerings.csv": "offering_id,programme,capacity,test_multiplier,test_minimum\nO1,NA,2,,\n",
    "applicants.csv": "applicant_id,lottery,SV,EN,MA\nA,,A,A,A\n",
    "choices.csv": "applicant_id,rank,offering_id,test_points\nA,1,O1,\n",
}


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        pytest.param(
            "offerings.csv",
            f"offering_id,programme,capacity\nO1,NA,{2**70}\n",
            (2, "capacity", "maximum"),
            id="capacity 2**70",
        ),
        pytest.param(
            "offerings.csv",
            "offering_id,programme,capacity,test_multiplier\nO1,NA,2,1e30\n",
            (2, "test_multiplier", "number"),
            id="multiplier 1e30",
        ),
        pytest.param(
            "offerings.csv",
            "offering_id,programme,capacity,test_multiplier\nO1,NA,2,101\n",
            (2, "test_multiplier", "maximum"),
            id="multiplier 101",
        ),
        pytest.param(
            "offerings.csv",
            "offering_id,programme,capacity,test_minimum\nO1,NA,2,1001\n",
            (2, "test_minimum", "maximum"),
            id="test minimum 1001",
        ),
        pytest.param(
            "applicants.csv",
            f"applicant_id,lottery,SV\nA,{2**70},A\n",
            (2, "lottery", "maximum"),
            id="lottery 2**70",
        ),
        pytest.param(
            "applicants.csv", "applicant_id,SV,SV\nA,A,B\n", (1, "SV", TWICE), id="subject twice"
        ),
        pytest.param(
            "choices.csv",
            "applicant_id,rank,offering_id,test_points\nA,1,O1,1000.5\n",
            (2, "test_points", "maximum"),
            id="test points 1000.5",
        ),
    ],
)
def test_a_hostile_graded_instance_is_refused_with_a_row_error(
    tmp_path: Path, name: str, text: str, expected: Expected
) -> None:
    for file_name, file_text in {**GRADED, name: text}.items():
        _file(tmp_path, file_name, file_text)

    errors = _refusal(lambda: read_graded(tmp_path, default_rule_set(2026).eligibility))

    _assert_refused(errors, expected)
