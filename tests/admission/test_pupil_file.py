"""The counsellor's pupil file: read from CSV (``,`` or ``;``) and Excel, every problem reported."""

from __future__ import annotations

import csv
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
from in_english import in_english

from samverka.admission.domain.applicants import Guardian, PupilGrades
from samverka.admission.domain.calendar import GradeTerm
from samverka.admission.domain.grades import Grade, GradeLetter
from samverka.admission.domain.pupil_import_scope import MISSING_UNIT, NOT_YOUR_UNIT
from samverka.admission.files.pupil_file import TEMPLATE_COLUMNS, read_pupil_file
from samverka.admission.files.pupil_template import EXAMPLE_ROW, write_template
from samverka.errors import InvalidInput, RowError
from samverka.platform.domain.personal_id import luhn_check_digit

TODAY = date(2026, 2, 1)
MUNICIPALITIES = frozenset({"0180", "0114"})
SCHOOL_UNITS = frozenset({"12345678", "87654321"})
FILE = "elever.csv"


def _personal_id(yymmdd: str, serial: str) -> str:
    return f"20{yymmdd}-{serial}{luhn_check_digit(yymmdd + serial)}"


ALVA = _personal_id("100101", "238")
BO = _personal_id("100215", "123")
CELIA = _personal_id("100530", "456")


def _row(personal_id: str = ALVA, name: str = "Alva Berg", **columns: str) -> dict[str, str]:
    return {"personnummer": personal_id, "namn": name, "hemkommun": "0180", **columns}


def _write_csv(
    directory: Path, *rows: dict[str, str], delimiter: str = ",", bom: bool = False
) -> Path:
    """A CSV file with the columns of all ``rows`` (in order of appearance)."""
    columns = list(dict.fromkeys(column for row in rows for column in row))
    path = directory / FILE
    with path.open("w", encoding="utf-8-sig" if bom else "utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, columns, delimiter=delimiter)
        writer.writeheader()
        writer.writerows(rows)
    return path


def _write_text(directory: Path, text: str, name: str = FILE) -> Path:
    path = directory / name
    path.write_text(text, encoding="utf-8")
    return path


def _write_xlsx(directory: Path, *rows: list[object]) -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    other = workbook.create_sheet("Annat")
    other.append(["inte", "elever"])
    workbook.active = 1
    path = directory / "elever.xlsx"
    workbook.save(path)
    return path


def _read(path: Path, term: GradeTerm = GradeTerm.AUTUMN) -> list[PupilGrades]:
    return read_pupil_file(
        path, term=term, today=TODAY, municipalities=MUNICIPALITIES, school_units=SCHOOL_UNITS
    )


def _errors(path: Path) -> list[RowError]:
    """The file's row errors, each as an English reader gets it."""
    with pytest.raises(InvalidInput) as caught:
        _read(path)
    return [RowError(e.source, e.line, e.field, in_english(e)) for e in caught.value.errors]


# --- reading -------------------------------------------------------------------------------


def test_a_comma_separated_file_is_read_into_pupils_with_guardians_and_grades(
    tmp_path: Path,
) -> None:
    alva = _row(
        skolenhetskod="12345678",
        skyddad_identitet="ja",
        engelska_dispens="nej",
        vardnadshavare1_namn="Eva Berg",
        vardnadshavare1_epost="eva@example.se",
        vardnadshavare1_telefon="070-123 45 67",
        vardnadshavare2_namn="Olof Berg",
        SV="A",
        EN="b",
        MA="F",
        provning="MA",
    )
    (pupil,) = _read(_write_csv(tmp_path, alva), GradeTerm.FINAL)

    assert pupil.term is GradeTerm.FINAL
    assert str(pupil.applicant.personal_id) == ALVA
    assert (pupil.applicant.name, pupil.applicant.home_municipality) == ("Alva Berg", "0180")
    assert pupil.applicant.school_unit_code == "12345678"
    assert pupil.applicant.protected_identity
    assert not pupil.applicant.english_dispensation_requested
    assert pupil.applicant.guardians == (
        Guardian("Eva Berg", "eva@example.se", "070-123 45 67"),
        Guardian("Olof Berg"),
    )
    assert pupil.grades == (
        Grade("SV", GradeLetter.A),
        Grade("EN", GradeLetter.B),
        Grade("MA", GradeLetter.F, after_retake=True),
    )


def test_pupils_come_in_file_order_and_empty_optional_columns_take_their_defaults(
    tmp_path: Path,
) -> None:
    bo = _row(BO, "Bo Ek", hemkommun="0114", reducerad_timplan="ja", utlandska_betyg="x")
    pupils = _read(_write_csv(tmp_path, bo, _row(skolenhetskod="", skyddad_identitet="")))

    assert [pupil.applicant.name for pupil in pupils] == ["Bo Ek", "Alva Berg"]
    first, second = pupils
    assert first.applicant.reduced_timetable
    assert first.applicant.foreign_grades
    assert second.applicant.school_unit_code is None
    assert not second.applicant.protected_identity
    assert second.applicant.guardians == ()
    assert second.grades == ()


def test_a_semicolon_separated_file_with_a_byte_order_mark_is_read_like_a_comma_separated_one(
    tmp_path: Path,
) -> None:
    rows = (_row(SV="A", vardnadshavare1_namn="Berg, Eva"), _row(BO, "Bo Ek", SVA="C"))
    comma = _read(_write_csv(tmp_path, *rows))
    semicolon = _read(_write_csv(tmp_path, *rows, delimiter=";", bom=True))

    assert semicolon == comma
    assert semicolon[0].applicant.guardians == (Guardian("Berg, Eva"),)


def test_an_excel_workbook_is_read_from_its_first_sheet_with_number_cells_as_digits(
    tmp_path: Path,
) -> None:
    path = _write_xlsx(
        tmp_path,
        ["personnummer", "namn", "hemkommun", "skolenhetskod", "SV", "provning"],
        [int(ALVA.replace("-", "")), "Alva Berg", "0180", 12345678, "B", "SV"],
        [BO, "Bo Ek", "0114", None, None, None],
    )

    pupils = _read(path)

    assert [str(pupil.applicant.personal_id) for pupil in pupils] == [ALVA, BO]
    assert pupils[0].applicant.school_unit_code == "12345678"
    assert pupils[0].grades == (Grade("SV", GradeLetter.B, after_retake=True),)


def test_a_pupil_may_have_grades_in_both_swedish_and_swedish_as_a_second_language(
    tmp_path: Path,
) -> None:
    pupils = _read(_write_csv(tmp_path, _row(SV="C", SVA="B")))

    assert pupils[0].grades == (Grade("SV", GradeLetter.C), Grade("SVA", GradeLetter.B))


def test_headers_are_matched_whatever_their_case_and_surrounding_blanks(tmp_path: Path) -> None:
    path = _write_text(tmp_path, f" Personnummer ,NAMN,Hemkommun,sv\n{ALVA},Alva Berg,0180,A\n")

    pupils = _read(path)

    assert pupils[0].grades == (Grade("SV", GradeLetter.A),)


def test_empty_rows_are_skipped_but_still_count_in_the_line_numbers(tmp_path: Path) -> None:
    path = _write_text(
        tmp_path, f"personnummer,namn,hemkommun\n{ALVA},Alva Berg,0180\n\n,,\n{BO},,0180\n"
    )

    assert _errors(path) == [RowError(FILE, 5, "namn", "the name is missing")]


def test_empty_rows_of_a_workbook_still_count_in_the_line_numbers(tmp_path: Path) -> None:
    path = _write_xlsx(
        tmp_path, ["personnummer", "namn", "hemkommun"], [ALVA, "Alva Berg", "0180"], [], [BO]
    )

    assert _errors(path)[0] == RowError("elever.xlsx", 4, "namn", "the name is missing")


def test_a_file_with_a_header_only_holds_no_pupils(tmp_path: Path) -> None:
    assert _read(_write_text(tmp_path, "personnummer;namn;hemkommun\n")) == []


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_the_downloadable_template_is_read_back_as_its_example_pupil(
    tmp_path: Path, suffix: str
) -> None:
    path = tmp_path / f"mall{suffix}"
    write_template(path)

    (pupil,) = _read(path)

    assert str(pupil.applicant.personal_id) == EXAMPLE_ROW["personnummer"]
    assert pupil.applicant.name == EXAMPLE_ROW["namn"]
    assert pupil.applicant.home_municipality == EXAMPLE_ROW["hemkommun"]
    assert pupil.applicant.guardians[0].email == EXAMPLE_ROW["vardnadshavare1_epost"]
    assert Grade("MA", GradeLetter.C, after_retake=True) in pupil.grades


def test_the_template_has_every_column_in_its_header(tmp_path: Path) -> None:
    path = tmp_path / "mall.csv"
    write_template(path)

    header = path.read_text(encoding="utf-8-sig").splitlines()[0]

    assert tuple(header.split(";")) == TEMPLATE_COLUMNS


def test_a_template_is_only_written_as_xlsx_or_csv(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=r"unsupported template type '\.ods'"):
        write_template(tmp_path / "mall.ods")


# --- the personal identity number ----------------------------------------------------------


def test_a_personal_identity_number_with_a_wrong_check_digit_is_reported(tmp_path: Path) -> None:
    wrong = ALVA[:-1] + str((int(ALVA[-1]) + 1) % 10)

    assert _errors(_write_csv(tmp_path, _row(wrong))) == [
        RowError(FILE, 2, "personnummer", f"{wrong!r}: the check digit is wrong")
    ]


def test_a_personal_identity_number_with_an_impossible_date_is_reported(tmp_path: Path) -> None:
    assert _errors(_write_csv(tmp_path, _row("20100230-1234"))) == [
        RowError(FILE, 2, "personnummer", "'20100230-1234': 2010-02-30 is not a date")
    ]


def test_a_personal_identity_number_born_after_today_is_reported(tmp_path: Path) -> None:
    future = _personal_id("270101", "123")

    assert _errors(_write_csv(tmp_path, _row(future))) == [
        RowError(
            FILE, 2, "personnummer", f"{future!r}: the date of birth 2027-01-01 lies in the future"
        )
    ]


def test_a_missing_personal_identity_number_is_reported(tmp_path: Path) -> None:
    assert _errors(_write_csv(tmp_path, _row(""))) == [
        RowError(FILE, 2, "personnummer", "the personal identity number is missing")
    ]


def test_a_pupil_twice_in_the_file_is_reported_with_the_line_of_the_first(tmp_path: Path) -> None:
    short_form = ALVA[2:]
    path = _write_csv(tmp_path, _row(ALVA), _row(BO, "Bo Ek"), _row(short_form, "Alva B."))

    assert _errors(path) == [
        RowError(FILE, 4, "personnummer", "the same personal identity number is already on line 2")
    ]


# --- name, codes and flags -----------------------------------------------------------------


def test_an_empty_name_is_reported(tmp_path: Path) -> None:
    assert _errors(_write_csv(tmp_path, _row(name=""))) == [
        RowError(FILE, 2, "namn", "the name is missing")
    ]


def test_an_unknown_municipality_code_is_reported(tmp_path: Path) -> None:
    assert _errors(_write_csv(tmp_path, _row(hemkommun="0999"))) == [
        RowError(FILE, 2, "hemkommun", "unknown municipality code '0999'")
    ]


def test_a_missing_municipality_code_is_reported(tmp_path: Path) -> None:
    assert _errors(_write_csv(tmp_path, _row(hemkommun=""))) == [
        RowError(FILE, 2, "hemkommun", "the municipality code is missing")
    ]


def test_a_municipality_code_typed_as_a_number_in_excel_is_reported_as_not_four_digits(
    tmp_path: Path,
) -> None:
    path = _write_xlsx(tmp_path, ["personnummer", "namn", "hemkommun"], [ALVA, "Alva Berg", 180])

    assert _errors(path) == [
        RowError(
            "elever.xlsx",
            2,
            "hemkommun",
            "'180' is not a municipality code: it must be 4 digits written as text"
            " (a number cell in Excel drops leading zeros)",
        )
    ]


def test_a_malformed_school_unit_code_is_reported(tmp_path: Path) -> None:
    assert _errors(_write_csv(tmp_path, _row(skolenhetskod="1234-567"))) == [
        RowError(
            FILE,
            2,
            "skolenhetskod",
            "'1234-567' is not a school unit code: it must be 8 digits written as text"
            " (a number cell in Excel drops leading zeros)",
        )
    ]


def test_an_unknown_school_unit_code_is_reported(tmp_path: Path) -> None:
    assert _errors(_write_csv(tmp_path, _row(skolenhetskod="99999999"))) == [
        RowError(FILE, 2, "skolenhetskod", "unknown school unit code '99999999'")
    ]


def test_the_arrival_date_and_a_completed_programme_are_read_for_the_conditions(
    tmp_path: Path,
) -> None:
    """SL 17 kap. 13 § and 3 kap. 12 a § (språkintroduktion for the newly arrived), SL 16 kap.
    (a completed national programme): ``ankomstdatum`` and ``fullfoljt_nationellt_program``;
    ``engelska_dispens`` marks that the pupil asks for it (SL 16 kap. 32 §: the receiving
    organiser decides)."""
    alva = _row(
        ankomstdatum="2024-08-20", fullfoljt_nationellt_program="nej", engelska_dispens="ja"
    )
    bo = _row(BO, "Bo Ek", ankomstdatum="", fullfoljt_nationellt_program="ja")
    first, second = _read(_write_csv(tmp_path, alva, bo))
    assert first.applicant.arrival_date == date(2024, 8, 20)
    assert first.applicant.english_dispensation_requested
    assert not first.applicant.completed_national_programme
    assert second.applicant.arrival_date is None
    assert second.applicant.completed_national_programme
    assert first.kept == frozenset()


def test_a_file_without_the_arrival_columns_leaves_what_is_stored_of_them(tmp_path: Path) -> None:
    """A final-grade file from an older template must not clear an arrival date (SL 3 kap.
    12 a §) or a completed programme: ``PupilGrades.kept`` names them."""
    (pupil,) = _read(_write_csv(tmp_path, _row(SV="A")))
    assert pupil.kept == frozenset({"arrival_date", "completed_national_programme"})


def test_an_arrival_date_in_a_date_cell_of_a_workbook_is_read(tmp_path: Path) -> None:
    path = _write_xlsx(
        tmp_path,
        ["personnummer", "namn", "hemkommun", "ankomstdatum"],
        [ALVA, "Alva Berg", "0180", datetime(2023, 9, 1)],
    )
    (pupil,) = _read(path)
    assert pupil.applicant.arrival_date == date(2023, 9, 1)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("1/9 2023", "'1/9 2023' is not a date (YYYY-MM-DD)"),
        ("2026-02-02", "the arrival date 2026-02-02 lies in the future"),
        ("2009-12-31", "the arrival date 2009-12-31 is before the pupil's birth"),
    ],
)
def test_a_bad_arrival_date_is_reported(tmp_path: Path, text: str, reason: str) -> None:
    """Bad input is reported with the row and column, and nothing is stored."""
    assert _errors(_write_csv(tmp_path, _row(ankomstdatum=text))) == [
        RowError(FILE, 2, "ankomstdatum", reason)
    ]


def test_a_yes_no_column_with_another_answer_is_reported(tmp_path: Path) -> None:
    assert _errors(_write_csv(tmp_path, _row(skyddad_identitet="kanske"))) == [
        RowError(FILE, 2, "skyddad_identitet", "'kanske' is not yes/no")
    ]


# --- guardians -----------------------------------------------------------------------------


def test_a_guardian_e_mail_address_without_an_at_sign_is_reported(tmp_path: Path) -> None:
    row = _row(vardnadshavare1_namn="Eva Berg", vardnadshavare1_epost="eva.example.se")

    assert _errors(_write_csv(tmp_path, row)) == [
        RowError(FILE, 2, "vardnadshavare1_epost", "'eva.example.se' is not an e-mail address")
    ]


def test_a_guardian_phone_number_with_letters_is_reported(tmp_path: Path) -> None:
    row = _row(vardnadshavare2_namn="Olof Berg", vardnadshavare2_telefon="ring mamma")

    assert _errors(_write_csv(tmp_path, row)) == [
        RowError(
            FILE,
            2,
            "vardnadshavare2_telefon",
            "'ring mamma' is not a phone number (digits, spaces, '-' and a leading '+')",
        )
    ]


def test_a_guardian_contact_without_the_guardian_name_is_reported(tmp_path: Path) -> None:
    row = _row(vardnadshavare1_epost="eva@example.se")

    assert _errors(_write_csv(tmp_path, row)) == [
        RowError(
            FILE,
            2,
            "vardnadshavare1_namn",
            "the guardian's name is missing (an e-mail address or phone number is given)",
        )
    ]


# --- grades --------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["–", "1", "G", "A+"])
def test_a_grade_other_than_a_to_f_is_reported(tmp_path: Path, text: str) -> None:
    assert _errors(_write_csv(tmp_path, _row(EN=text))) == [
        RowError(FILE, 2, "EN", f"invalid grade {text!r}: only the letters A–F are accepted")
    ]


def test_a_retake_of_an_unknown_subject_is_reported(tmp_path: Path) -> None:
    assert _errors(_write_csv(tmp_path, _row(MA="C", provning="MA XY"))) == [
        RowError(FILE, 2, "provning", "unknown subject code 'XY'")
    ]


def test_a_retake_of_a_subject_without_a_grade_is_reported(tmp_path: Path) -> None:
    assert _errors(_write_csv(tmp_path, _row(MA="C", provning="ma, en"))) == [
        RowError(FILE, 2, "provning", "EN has no grade in this row")
    ]


# --- the header and the file ---------------------------------------------------------------


def test_an_unknown_column_is_reported_on_line_one_and_the_rows_are_still_checked(
    tmp_path: Path,
) -> None:
    path = _write_csv(tmp_path, _row(klass="9B", EN="x"))

    assert _errors(path) == [
        RowError(FILE, 1, "klass", "unknown column 'klass': not a template column"),
        RowError(FILE, 2, "EN", "invalid grade 'x': only the letters A–F are accepted"),
    ]


def test_a_column_given_twice_is_reported(tmp_path: Path) -> None:
    path = _write_text(tmp_path, f"personnummer,namn,hemkommun,SV,sv\n{ALVA},Alva,0180,A,B\n")

    assert _errors(path) == [RowError(FILE, 1, "sv", "column 'SV' appears twice in the header")]


def test_every_missing_required_column_is_reported_and_no_row_is_checked(tmp_path: Path) -> None:
    path = _write_text(tmp_path, "namn;SV\n;Q\n")

    assert _errors(path) == [
        RowError(FILE, 1, "personnummer", "required column is missing from the header"),
        RowError(FILE, 1, "hemkommun", "required column is missing from the header"),
    ]


def test_a_value_in_a_column_without_a_header_is_reported(tmp_path: Path) -> None:
    path = _write_text(tmp_path, f"personnummer,namn,hemkommun\n{ALVA},Alva Berg,0180,9B\n")

    assert _errors(path) == [RowError(FILE, 2, "", "'9B' is in column 4, which has no header")]


def test_a_csv_file_that_is_not_utf_8_is_reported(tmp_path: Path) -> None:
    path = tmp_path / FILE
    path.write_bytes(f"personnummer;namn;hemkommun\n{ALVA};Åsa Öberg;0180\n".encode("cp1252"))

    assert _errors(path) == [
        RowError(FILE, 0, "", "the file is not UTF-8: save it in Excel as 'CSV UTF-8'")
    ]


def test_an_empty_file_is_reported(tmp_path: Path) -> None:
    assert _errors(_write_text(tmp_path, "")) == [
        RowError(FILE, 0, "", "the file is empty: it has no header row")
    ]


def test_a_missing_file_is_reported(tmp_path: Path) -> None:
    assert _errors(tmp_path / FILE) == [RowError(FILE, 0, "", "file is missing")]


def test_a_file_of_another_type_is_reported(tmp_path: Path) -> None:
    path = _write_text(tmp_path, "", name="elever.ods")

    assert _errors(path) == [
        RowError("elever.ods", 0, "", "unsupported file type '.ods': use .xlsx or .csv")
    ]


def test_a_file_named_xlsx_that_is_no_workbook_is_reported(tmp_path: Path) -> None:
    path = _write_text(tmp_path, "personnummer,namn\n", name="elever.xlsx")

    (error,) = _errors(path)

    assert (error.source, error.line, error.field) == ("elever.xlsx", 0, "")
    assert in_english(error).startswith("the file is not a readable Excel workbook")


def test_a_file_with_several_bad_rows_reports_every_problem_of_every_row(tmp_path: Path) -> None:
    path = _write_csv(
        tmp_path,
        _row(ALVA, hemkommun="0999", SV="A"),
        _row(BO, "", SV="1"),
        _row(CELIA, "Celia Dahl", SV="B"),
        _row("20100101-0000", "Dan", hemkommun="180", SV="E"),
        _row(BO, "Bo Ek", skolenhetskod="99999999", SV="Ä"),
    )

    assert _errors(path) == [
        RowError(FILE, 2, "hemkommun", "unknown municipality code '0999'"),
        RowError(FILE, 3, "namn", "the name is missing"),
        RowError(FILE, 3, "SV", "invalid grade '1': only the letters A–F are accepted"),
        RowError(FILE, 5, "personnummer", "'20100101-0000': the check digit is wrong"),
        RowError(
            FILE,
            5,
            "hemkommun",
            "'180' is not a municipality code: it must be 4 digits written as text"
            " (a number cell in Excel drops leading zeros)",
        ),
        RowError(FILE, 6, "personnummer", "the same personal identity number is already on line 3"),
        RowError(FILE, 6, "skolenhetskod", "unknown school unit code '99999999'"),
        RowError(FILE, 6, "SV", "invalid grade 'Ä': only the letters A–F are accepted"),
    ]


# --- a counsellor's own school units (pupil_import_scope rule 1) ------------------------------


def test_a_counsellors_row_naming_another_known_unit_or_none_is_reported_at_its_line(
    tmp_path: Path,
) -> None:
    path = _write_csv(
        tmp_path,
        _row(ALVA, skolenhetskod="12345678"),
        _row(BO, "Bo Ek", skolenhetskod="87654321"),
        _row(CELIA, "Celia Ek", skolenhetskod=""),
    )
    with pytest.raises(InvalidInput) as caught:
        read_pupil_file(
            path,
            term=GradeTerm.FINAL,
            today=TODAY,
            municipalities=MUNICIPALITIES,
            school_units=SCHOOL_UNITS,
            own_units={"12345678"},
        )
    assert list(caught.value.errors) == [
        RowError(FILE, 3, "skolenhetskod", NOT_YOUR_UNIT, {"unit": "87654321"}),
        RowError(FILE, 4, "skolenhetskod", MISSING_UNIT),
    ]
    [other, _] = caught.value.errors
    assert other.message == "Skolenheten 87654321 är inte en av dina skolenheter."
    assert in_english(other) == "The school unit 87654321 is not one of your school units."


def test_each_pupil_read_knows_its_file_and_line(tmp_path: Path) -> None:
    path = _write_csv(tmp_path, _row(ALVA), {}, _row(BO, "Bo Ek"))
    assert [(p.source, p.line) for p in _read(path)] == [(FILE, 2), (FILE, 4)]
