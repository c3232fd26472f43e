"""A counsellor's (SYV) pupil file: pupils, guardians and grades of one term, as in Indra's
Excel import (admissions-rules §1.1; the columns are documented in docs/pupil-import.md).

Procedure:

1. Read the file: ``.xlsx`` (first sheet, header in row 1) or ``.csv`` (UTF-8 with or without
   BOM; the delimiter, ``,`` or ``;`` as Swedish Excel writes, is sniffed from the header line),
   through the one CSV and Excel readers within ``UPLOAD_LIMITS`` (docs/security.md, "Files
   and limits": a workbook is checked as a zip archive before it is opened; no lone carriage
   returns, control characters or overlong cells). A text cell is taken as written; a number
   cell becomes its digits (``180``, not ``0180``), so codes must be typed as text.
2. Check the header: every column must be a template column or a subject code of ``SUBJECTS``
   (case-insensitive), none twice; ``personnummer``, ``namn`` and ``hemkommun`` are required.
3. Check every non-empty row: a valid and unique personal identity number, a name, a known
   4-digit municipality code, a known 8-digit school unit code (optional), yes/no flags,
   an arrival date (YYYY-MM-DD, not in the future, not before birth; optional), complete
   guardians, grades A–F only, and ``provning`` naming graded subjects only. A file without
   the ``ankomstdatum`` or ``fullfoljt_nationellt_program`` column leaves what is stored of
   them as it is (``PupilGrades.kept``); an empty cell in a present column clears it. When the
   importer works in a counsellor's school units (``own_units``), the school unit code is
   required and must be one of them (``admission.domain.pupil_import_scope`` rule 1, checked
   here too so that it is reported with the file's other problems).
4. Report every problem as a ``RowError`` (file name, line as the user sees it with the header
   on line 1, column, reason), all together in one ``InvalidInput``; nothing is returned unless
   the whole file is valid. Pure reading: nothing is stored. Each row returned carries its file
   name and line, so that a row refused against what is stored is reported there too.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Final

from samverka.admission.domain.applicants import ApplicantRecord, Guardian, PupilGrades
from samverka.admission.domain.calendar import GradeTerm
from samverka.admission.domain.grades import SUBJECTS
from samverka.admission.domain.pupil_import_scope import (
    MISSING_UNIT,
    NOT_YOUR_UNIT,
    PERSONAL_ID_COLUMN,
    SCHOOL_UNIT_COLUMN,
)
from samverka.admission.files.grade_columns import read_grade_columns
from samverka.errors import N_, InvalidInput
from samverka.platform.domain.personal_id import PersonalId, PersonalIdError, parse_personal_id
from samverka.platform.files.csv_reader import read_csv
from samverka.platform.files.csv_table import ErrorLog, Row, parse_flag
from samverka.platform.files.limits import UPLOAD_LIMITS, read_file
from samverka.platform.files.table import TableRow, repeated_columns
from samverka.platform.files.xlsx_reader import read_xlsx

PERSONAL_ID: Final = PERSONAL_ID_COLUMN
NAME: Final = "namn"
MUNICIPALITY: Final = "hemkommun"
SCHOOL_UNIT: Final = SCHOOL_UNIT_COLUMN
PROTECTED_IDENTITY: Final = "skyddad_identitet"
ENGLISH_DISPENSATION: Final = "engelska_dispens"  # the pupil asks for it (a marker)
REDUCED_TIMETABLE: Final = "reducerad_timplan"
FOREIGN_GRADES: Final = "utlandska_betyg"
ARRIVAL_DATE: Final = "ankomstdatum"
COMPLETED_PROGRAMME: Final = "fullfoljt_nationellt_program"
RETAKES: Final = "provning"
GUARDIAN_COLUMNS: Final = tuple(
    f"vardnadshavare{number}_{part}" for number in (1, 2) for part in ("namn", "epost", "telefon")
)

REQUIRED_COLUMNS: Final = (PERSONAL_ID, NAME, MUNICIPALITY)
TEMPLATE_COLUMNS: Final = (
    *REQUIRED_COLUMNS,
    SCHOOL_UNIT,
    PROTECTED_IDENTITY,
    ENGLISH_DISPENSATION,
    REDUCED_TIMETABLE,
    FOREIGN_GRADES,
    ARRIVAL_DATE,
    COMPLETED_PROGRAMME,
    *GUARDIAN_COLUMNS,
    *SUBJECTS,
    RETAKES,
)
"""Every column of the template, in the template's order."""

KEPT_WHEN_ABSENT: Final = {
    ARRIVAL_DATE: "arrival_date",
    COMPLETED_PROGRAMME: "completed_national_programme",
}
"""Columns whose absence leaves the stored value (the applicant field named) as it is."""

_BY_LOWER_NAME: Final = {column.lower(): column for column in TEMPLATE_COLUMNS}
_EMAIL: Final = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_PHONE: Final = re.compile(r"\+?\d[\d -]{5,}")
_FLAGS: Final = (
    PROTECTED_IDENTITY,
    ENGLISH_DISPENSATION,
    REDUCED_TIMETABLE,
    FOREIGN_GRADES,
    COMPLETED_PROGRAMME,
)
_REJECTED: Final = None
"""Header entry of an unknown or repeated column; its cells are ignored (already reported)."""


@dataclass(frozen=True, slots=True)
class _Context:
    term: GradeTerm
    today: date
    municipalities: frozenset[str]
    school_units: frozenset[str]
    own_units: frozenset[str] | None
    kept: frozenset[str] = frozenset()  # applicant fields whose column the file lacks


def read_pupil_file(
    path: Path,
    *,
    term: GradeTerm,
    today: date,
    municipalities: Collection[str],
    school_units: Collection[str],
    own_units: Collection[str] | None = None,
) -> list[PupilGrades]:
    """The pupils of ``path`` in file order, each with their grades of ``term``.

    ``today`` dates the personal identity numbers; ``municipalities`` and ``school_units``
    are the known codes; ``own_units``, when given, are the only school units the rows may
    name (a counsellor's). Raises ``InvalidInput`` listing every problem of the file.
    """
    log = ErrorLog()
    table = _read_cells(path, log)
    rows = _rows(path.name, table, log) if table else []
    own = None if own_units is None else frozenset(own_units)
    present = (
        {_BY_LOWER_NAME.get(text.strip().lower()) for text in table[0].cells} if table else set()
    )
    kept = frozenset(field for column, field in KEPT_WHEN_ABSENT.items() if column not in present)
    context = _Context(term, today, frozenset(municipalities), frozenset(school_units), own, kept)
    pupils = _pupils(rows, context, log)
    if log.errors:
        raise InvalidInput(log.errors)
    return pupils


# --- reading cells -------------------------------------------------------------------------


def _read_cells(path: Path, log: ErrorLog) -> list[TableRow]:
    """The file's rows of text cells (the header first); [] when unreadable."""
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        log.add(
            path.name,
            0,
            "",
            N_("Filtypen %(suffix)s går inte att läsa: använd .xlsx eller .csv."),
            suffix=repr(suffix),
        )
        return []
    try:
        content = read_file(path, UPLOAD_LIMITS)
        if suffix == ".csv":
            table = read_csv(path.name, content, UPLOAD_LIMITS)
        else:
            table = read_xlsx(path.name, content, UPLOAD_LIMITS)[0]
    except InvalidInput as refused:
        log.errors.extend(refused.errors)
        return []
    if not table.rows:
        log.add(path.name, 0, "", N_("Filen är tom: den har ingen rubrikrad."))
    return list(table.rows)


# --- header and rows -----------------------------------------------------------------------


def _rows(source: str, table: list[TableRow], log: ErrorLog) -> list[Row]:
    """The non-empty rows below the header, or [] when a required column is missing."""
    header = _header(source, table[0], log)
    if header is None:
        return []
    rows = []
    for row in table[1:]:
        values = _values(source, row.line, header, list(row.cells), log)
        if any(values.values()):
            rows.append(Row(source, row.line, values))
    return rows


def _canonical(text: str) -> str:
    return _BY_LOWER_NAME.get(text.lower(), text.lower())


def _header(source: str, cells: TableRow, log: ErrorLog) -> list[str | None] | None:
    """Canonical column names ("" for an empty header cell, None for a rejected one)."""
    header: list[str | None] = []
    repeated = repeated_columns(source, cells, _canonical)
    for position, text in enumerate(cells.cells):
        column = _BY_LOWER_NAME.get(text.lower())
        if not text:
            header.append("")
        elif column is None:
            log.add(
                source,
                cells.line,
                text,
                N_("Okänd kolumn %(column)s: den finns inte i mallen."),
                column=repr(text),
            )
            header.append(_REJECTED)
        elif position in repeated:
            log.errors.append(repeated[position])
            header.append(_REJECTED)
        else:
            header.append(column)
    missing = [column for column in REQUIRED_COLUMNS if column not in header]
    for column in missing:
        log.add(source, cells.line, column, N_("Rubrikraden saknar en kolumn som krävs."))
    return None if missing else header


def _values(
    source: str, line: int, header: Sequence[str | None], cells: list[str], log: ErrorLog
) -> dict[str, str]:
    values: dict[str, str] = {}
    for position, text in enumerate(cells):
        column = header[position] if position < len(header) else ""
        if column:
            values[column] = text
        elif column == "" and text:
            log.add(
                source,
                line,
                "",
                N_("%(text)s står i kolumn %(column)s, som saknar rubrik."),
                text=repr(text),
                column=position + 1,
            )
    return values


# --- pupils --------------------------------------------------------------------------------


def _pupils(rows: list[Row], context: _Context, log: ErrorLog) -> list[PupilGrades]:
    first_lines: dict[str, int] = {}
    pupils = []
    for row in rows:
        errors_before = len(log.errors)
        personal_id = _personal_id(row, context.today, log)
        if personal_id is not None:
            _check_unique(row, personal_id, first_lines, log)
        pupil = _pupil(row, personal_id, context, log)
        if pupil is not None and len(log.errors) == errors_before:
            pupils.append(pupil)
    return pupils


def _personal_id(row: Row, today: date, log: ErrorLog) -> PersonalId | None:
    text = row.text(PERSONAL_ID)
    if not text:
        log.add(row.source, row.line, PERSONAL_ID, N_("Personnumret saknas."))
        return None
    try:
        return parse_personal_id(text, today=today)
    except PersonalIdError as error:
        log.add(row.source, row.line, PERSONAL_ID, error.text, **error.parameters)
        return None


def _check_unique(
    row: Row, personal_id: PersonalId, first_lines: dict[str, int], log: ErrorLog
) -> None:
    first = first_lines.setdefault(personal_id.canonical, row.line)
    if first != row.line:
        reason = N_("Samma personnummer står redan på rad %(line)s.")
        log.add(row.source, row.line, PERSONAL_ID, reason, line=first)


def _pupil(
    row: Row, personal_id: PersonalId | None, context: _Context, log: ErrorLog
) -> PupilGrades | None:
    """The row's pupil, or None when a field needed to build it is invalid (all reported)."""
    name = row.text(NAME)
    if not name:
        log.add(row.source, row.line, NAME, N_("Namnet saknas."))
    municipality = _code(row, MUNICIPALITY, 4, context.municipalities, log, required=True)
    school_unit = _code(row, SCHOOL_UNIT, 8, context.school_units, log, required=False)
    _check_own_unit(row, school_unit, context.own_units, log)
    flags = {column: parse_flag(row, column, log) for column in _FLAGS}
    arrival = _arrival_date(row, personal_id, context.today, log)
    guardians = _guardians(row, log)
    grades = read_grade_columns(row, RETAKES, log)
    if personal_id is None or municipality is None or grades is None:
        return None
    applicant = ApplicantRecord(
        personal_id=personal_id,
        name=name,
        home_municipality=municipality,
        school_unit_code=school_unit,
        protected_identity=flags[PROTECTED_IDENTITY],
        guardians=guardians,
        english_dispensation_requested=flags[ENGLISH_DISPENSATION],
        reduced_timetable=flags[REDUCED_TIMETABLE],
        foreign_grades=flags[FOREIGN_GRADES],
        arrival_date=arrival,
        completed_national_programme=flags[COMPLETED_PROGRAMME],
    )
    return PupilGrades(
        applicant, context.term, grades, context.kept, source=row.source, line=row.line
    )


def _check_own_unit(
    row: Row, unit: str | None, own_units: frozenset[str] | None, log: ErrorLog
) -> None:
    """A counsellor's row names one of their own school units (a bad code is already logged)."""
    if own_units is None or unit in own_units:
        return
    if unit is not None:
        log.add(row.source, row.line, SCHOOL_UNIT, NOT_YOUR_UNIT, unit=unit)
    elif not row.text(SCHOOL_UNIT):
        log.add(row.source, row.line, SCHOOL_UNIT, MISSING_UNIT)


def _arrival_date(
    row: Row, personal_id: PersonalId | None, today: date, log: ErrorLog
) -> date | None:
    """The date a newly arrived pupil came to Sweden (for språkintroduktion), if given."""
    text = row.text(ARRIVAL_DATE)
    if not text:
        return None
    try:
        arrival = date.fromisoformat(text)
    except ValueError:
        log.add(
            row.source,
            row.line,
            ARRIVAL_DATE,
            N_("%(text)s är inte ett datum (ÅÅÅÅ-MM-DD)."),
            text=repr(text),
        )
        return None
    if arrival > today:
        log.add(
            row.source,
            row.line,
            ARRIVAL_DATE,
            N_("Ankomstdatumet %(day)s ligger i framtiden."),
            day=text,
        )
        return None
    if personal_id is not None and arrival < personal_id.birth_date:
        reason = N_("Ankomstdatumet %(day)s är före elevens födelse.")
        log.add(row.source, row.line, ARRIVAL_DATE, reason, day=text)
        return None
    return arrival


def _code(
    row: Row, column: str, digits: int, known: frozenset[str], log: ErrorLog, *, required: bool
) -> str | None:
    """A municipality or school unit code: ``digits`` digits written as text, and known."""
    code, municipal = row.text(column), column == MUNICIPALITY
    if not code:
        if required:
            missing = N_("Kommunkoden saknas.") if municipal else N_("Skolenhetskoden saknas.")
            log.add(row.source, row.line, column, missing)
        return None
    if not (code.isascii() and code.isdigit() and len(code) == digits):
        reason = (
            N_(
                "%(code)s är ingen kommunkod: den ska vara %(digits)s siffror skrivna som text "
                "(en talcell i Excel tappar inledande nollor)."
            )
            if municipal
            else N_(
                "%(code)s är ingen skolenhetskod: den ska vara %(digits)s siffror skrivna som "
                "text (en talcell i Excel tappar inledande nollor)."
            )
        )
        log.add(row.source, row.line, column, reason, code=repr(code), digits=digits)
        return None
    if code not in known:
        unknown = (
            N_("Okänd kommunkod %(code)s.") if municipal else N_("Okänd skolenhetskod %(code)s.")
        )
        log.add(row.source, row.line, column, unknown, code=repr(code))
        return None
    return code


def _guardians(row: Row, log: ErrorLog) -> tuple[Guardian, ...]:
    guardians = (_guardian(row, number, log) for number in (1, 2))
    return tuple(guardian for guardian in guardians if guardian is not None)


def _guardian(row: Row, number: int, log: ErrorLog) -> Guardian | None:
    """Guardian ``number`` of the row, or None when the row names none."""
    prefix = f"vardnadshavare{number}_"
    name, email, phone = (row.text(prefix + part) for part in ("namn", "epost", "telefon"))
    if email and not _EMAIL.fullmatch(email):
        log.add(
            row.source,
            row.line,
            prefix + "epost",
            N_("%(email)s är ingen e-postadress."),
            email=repr(email),
        )
    if phone and not _PHONE.fullmatch(phone):
        reason = N_(
            "%(phone)s är inget telefonnummer (siffror, mellanslag, ”-” och ett inledande ”+”)."
        )
        log.add(row.source, row.line, prefix + "telefon", reason, phone=repr(phone))
    if not name:
        if email or phone:
            reason = N_(
                "Vårdnadshavarens namn saknas (en e-postadress eller ett telefonnummer är ifyllt)."
            )
            log.add(row.source, row.line, prefix + "namn", reason)
        return None
    return Guardian(name, email, phone)
