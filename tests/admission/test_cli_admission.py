"""The admission commands end to end: bad input is reported row by row and nothing is written."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from samverka.cli import app

GOOD_SCORED = {
    "offerings.csv": "offering_id,capacity\nO1,1\nO2,2\n",
    "applicants.csv": "applicant_id,merit_value,lottery\nA,300,\nB,250.5,\nC,250.5,\n",
    "choices.csv": "applicant_id,rank,offering_id,score\nA,1,O1,\nB,1,O1,\nB,2,O2,\nC,1,O2,\n",
}

BAD_SCORED = {
    "offerings.csv": "offering_id,capacity\nO1,-1\nO2,many\nO3,2\nO3,1\n",
    "applicants.csv": "applicant_id,merit_value,lottery\nA,300,\nA,200,\nB,abc,\nC,1.234,\n",
    "choices.csv": (
        "applicant_id,rank,offering_id,score\nA,1,O3,\nA,1,O9,\nA,2,O3,\nZ,1,O3,\nC,x,O3,\n"
    ),
}


def _write(folder: Path, files: dict[str, str]) -> Path:
    folder.mkdir()
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def _invoke(*args: str | Path) -> tuple[int, str]:
    result = CliRunner().invoke(app, [str(arg) for arg in args])
    return result.exit_code, result.output


def test_match_writes_placements_reserves_cutoffs_and_a_run_record(tmp_path: Path) -> None:
    source = _write(tmp_path / "in", GOOD_SCORED)
    code, output = _invoke("admission", "match", source, "--out", tmp_path / "out", "--seed", "7")
    assert code == 0, output
    files = sorted(path.name for path in (tmp_path / "out").iterdir())
    assert files == ["cutoffs.csv", "placements.csv", "reserves.csv", "run.json"]
    record = json.loads((tmp_path / "out" / "run.json").read_text())
    assert record["seed"] == 7
    assert record["certificate"] == "passed"
    assert len(record["input_digest"]) == 64


def test_the_same_seed_reproduces_the_same_result_and_digest(tmp_path: Path) -> None:
    source = _write(tmp_path / "in", GOOD_SCORED)
    for out in ("out1", "out2"):
        assert _invoke("admission", "match", source, "--out", tmp_path / out, "--seed", "3")[0] == 0
    for name in ("placements.csv", "reserves.csv", "cutoffs.csv"):
        first = (tmp_path / "out1" / name).read_text()
        assert first == (tmp_path / "out2" / name).read_text()
    digests = [
        json.loads((tmp_path / o / "run.json").read_text())["input_digest"]
        for o in ("out1", "out2")
    ]
    assert digests[0] == digests[1]


@pytest.mark.parametrize(
    "expected",
    [
        "offerings.csv:2 [capacity]: -1 är under det minsta tillåtna, 0.",
        "offerings.csv:3 [capacity]: 'many' är inget heltal.",
        "offerings.csv:5 [offering_id]: 'O3' finns två gånger (även på rad 4).",
        "applicants.csv:3 [applicant_id]: 'A' finns två gånger (även på rad 2).",
        "applicants.csv:4 [merit_value]: 'abc' är inget tal.",
        "applicants.csv:5 [merit_value]: '1.234' ska vara minst 0 och ha högst två decimaler.",
        "choices.csv:3 [offering_id]: Det finns ingen utbildning 'O9'.",
        "choices.csv:3 [rank]: Rangordningen 1 anges två gånger (även på rad 2).",
        "choices.csv:4 [offering_id]: Utbildningen är vald två gånger (även på rad 2).",
        "choices.csv:5 [applicant_id]: Det finns ingen sökande 'Z'.",
        "choices.csv:6 [rank]: 'x' är inget heltal.",
    ],
)
def test_match_reports_every_bad_row_with_file_line_and_reason(
    tmp_path: Path, expected: str
) -> None:
    source = _write(tmp_path / "in", BAD_SCORED)
    code, output = _invoke("admission", "match", source, "--out", tmp_path / "out")
    assert code == 2
    assert expected in output
    assert "Inget skrevs eller sparades." in output
    assert not (tmp_path / "out").exists()


def test_run_reports_invalid_grades_unknown_subjects_and_programmes(tmp_path: Path) -> None:
    source = _write(
        tmp_path / "in",
        {
            "offerings.csv": "offering_id,programme,capacity\nO1,XX,5\nO2,NA,5\n",
            "applicants.csv": "applicant_id,SV,EN,QQ\nA,G,A,\nB,A,-,\n",
            "choices.csv": "applicant_id,rank,offering_id\nA,1,O2\n",
        },
    )
    code, output = _invoke("admission", "run", source, "--out", tmp_path / "out")
    assert code == 2
    assert "offerings.csv:2 [programme]: Det finns inget program med koden 'XX'." in output
    assert "applicants.csv:1 [QQ]: Det finns ingen ämneskod eller kolumn 'QQ'." in output
    assert "applicants.csv:2 [SV]: 'G' är inte ett betyg: bara bokstäverna A–F godtas." in output
    assert "applicants.csv:3 [EN]: '-' är inte ett betyg" in output
    assert not (tmp_path / "out").exists()


def test_run_reports_bad_eligibility_columns_and_writes_nothing(tmp_path: Path) -> None:
    """SL 17 kap. (an IMV offering names its national programme, no other offering does),
    SL 16 kap. 32 § (the dispensation names the organisers that decided it: a "yes" names
    none), and dates that are no dates; every problem reported, nothing written."""
    source = _write(
        tmp_path / "in",
        {
            "offerings.csv": (
                "offering_id,programme,capacity,organiser,leads_to\n"
                "O1,IMV,5,Norra,\nO2,NA,5,Norra,BF\nO3,IMV,5,Norra,IMY\nO4,BF,5,Norra,\n"
            ),
            "applicants.csv": (
                "applicant_id,english_dispensation,birth_date,arrival_date,SV\n"
                "A,yes,2010-02-30,,C\nB,Södra,2010-01-01,1/9,C\nC,Norra|no,,,C\n"
            ),
            "choices.csv": "applicant_id,rank,offering_id,over_age_agreement\nA,1,O4,maybe\n",
        },
    )
    code, output = _invoke("admission", "run", source, "--out", tmp_path / "out")
    assert code == 2
    imv = "IMV ska ange det nationella program den leder till"
    assert f"offerings.csv:2 [leads_to]: {imv}" in output
    assert "offerings.csv:3 [leads_to]: Bara en IMV-utbildning leder till ett nationellt" in output
    assert f"offerings.csv:4 [leads_to]: {imv}" in output
    assert "applicants.csv:2 [english_dispensation]: 'yes' anger ingen huvudman" in output
    assert "applicants.csv:2 [birth_date]: '2010-02-30' är inte ett datum (ÅÅÅÅ-MM-DD)" in output
    assert "applicants.csv:3 [english_dispensation]: Det finns ingen huvudman 'Södra'" in output
    assert "applicants.csv:3 [arrival_date]: '1/9' är inte ett datum (ÅÅÅÅ-MM-DD)" in output
    assert "applicants.csv:4 [english_dispensation]: Det finns ingen huvudman 'no'" in output
    assert "choices.csv:2 [over_age_agreement]: 'maybe' är inte ja eller nej." in output
    assert not (tmp_path / "out").exists()


def test_run_reports_bad_fri_kvot_places_school_rankings_and_ranks(tmp_path: Path) -> None:
    """GyF 7 kap. 3 § (fri-kvot places are some of the offering's places) and the school's
    ranking (admissions-rules.md §3.6: ranks from 1, on an introduction programme only)."""
    source = _write(
        tmp_path / "in",
        {
            "offerings.csv": (
                "offering_id,programme,capacity,fri_kvot_places,ranked_by_school\n"
                "O1,NA,5,6,\nO2,NA,5,,yes\nO3,IMA,5,1,\nO4,EK,5,-1,\n"
            ),
            "applicants.csv": "applicant_id,SV\nA,A\n",
            "choices.csv": "applicant_id,rank,offering_id,school_rank\nA,1,O3,0\n",
        },
    )
    code, output = _invoke("admission", "run", source, "--out", tmp_path / "out")
    assert code == 2
    assert "offerings.csv:2 [fri_kvot_places]: Fler än utbildningens 5 platser." in output
    assert "offerings.csv:3 [ranked_by_school]: En utbildning på NA antar efter" in output
    assert "offerings.csv:4 [fri_kvot_places]: En utbildning som skolan rangordnar" in output
    assert "offerings.csv:5 [fri_kvot_places]: -1 är under det minsta tillåtna, 0." in output
    assert "choices.csv:2 [school_rank]: 0 är under det minsta tillåtna, 1." in output
    assert not (tmp_path / "out").exists()


def test_a_missing_input_file_is_reported_and_nothing_is_written(tmp_path: Path) -> None:
    files = dict(GOOD_SCORED)
    del files["choices.csv"]
    source = _write(tmp_path / "in", files)
    code, output = _invoke("admission", "match", source, "--out", tmp_path / "out")
    assert code == 2
    assert "choices.csv: Filen saknas." in output
    assert not (tmp_path / "out").exists()


def test_every_command_explains_itself_in_help() -> None:
    commands = [[], ["admission"], ["admission", "match"], ["admission", "run"], ["demo"]]
    commands += [["rounds"], ["rounds", "run"], ["pupils", "import"], ["replies", "register"]]
    commands += [["reports", "statistics"], ["offerings", "close"], ["db", "upgrade"]]
    for args in commands:
        code, output = _invoke(*args, "--help")
        assert code == 0
        assert "Usage" in output


def test_explaining_a_folder_without_explanations_is_an_error_message_not_a_traceback(
    tmp_path: Path,
) -> None:
    """Issue 11 point 6: the result files are read by the one CSV reader too."""
    (tmp_path / "out").mkdir()

    code, output = _invoke("admission", "explain", tmp_path / "out", "A1")

    assert code == 2
    assert "explanations.csv: Filen saknas." in output
