"""A population-register extract (from Navet) as a CSV file, and the schools' placement file.

Both files are UTF-8 CSV (a byte-order mark is accepted) with a header row; the delimiter, ``,``
or ``;``, is sniffed from the header line. They are read by the one CSV reader within
``EXTRACT_LIMITS`` (docs/security.md, "Files and limits": 200 MB, 2,000,000 rows, no lone
carriage returns, no column twice); every date lies in 1900–2100 (``EARLIEST``–``LATEST``):
nobody in the register was born before 1900, and a date beyond 2100 is a typing error that
would break the monthly computations (issue 11 point 6). The columns are documented in
docs/formats.md ("The youth register"). Every row is checked and every problem reported as a
``RowError`` (file, line as the user sees it with the header on line 1, column, reason), all
together in one ``InvalidInput``: nothing is returned unless the whole file is valid. Pure
reading.

Population file: ``personnummer``, ``namn``, ``kommunkod`` (a member municipality), and the
optional ``adress``, ``skyddad_identitet`` (ja/nej) and ``folkbokforingsdatum`` (YYYY-MM-DD,
not after the extract's date). Each identity number once.

Placement file: ``personnummer``, ``skolenhetskod``, ``program``, ``startdatum`` and the optional
``inriktning``, ``slutdatum`` and ``avslutsorsak`` (given together: ``fullfoljd``/``completed``,
``avbrott``/``interrupted``, ``byte``/``changed_programme``), and ``hemkommun`` (the pupil's home
municipality, any of Sweden's 290: ``platform.reference.municipality_codes``) with ``namn``: where a
pupil the register does not hold is registered (issue 13 point 1: pupils from outside the area at
the region's schools). A pupil's rows must not name two home municipalities.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from datetime import date
from pathlib import Path
from typing import Final

from samverka.errors import N_, InvalidInput
from samverka.platform.domain.numbers import shown
from samverka.platform.domain.personal_id import PersonalId, PersonalIdError, parse_personal_id
from samverka.platform.files.csv_reader import read_csv
from samverka.platform.files.csv_table import ErrorLog, Row, parse_flag
from samverka.platform.files.limits import EXTRACT_LIMITS, read_file
from samverka.platform.files.table import Table, refuse_extra_cells, repeated_columns
from samverka.platform.reference.municipality_codes import swedish_municipalities
from samverka.register.domain.placements import INTRODUCTORY_PREFIX, EndReason, SchoolPlacement
from samverka.register.domain.population import PopulationRecord

PERSONAL_ID: Final = "personnummer"
NAME: Final = "namn"
MUNICIPALITY: Final = "kommunkod"
ADDRESS: Final = "adress"
PROTECTED_IDENTITY: Final = "skyddad_identitet"
REGISTERED_ON: Final = "folkbokforingsdatum"
POPULATION_COLUMNS: Final = (PERSONAL_ID, NAME, MUNICIPALITY)
POPULATION_OPTIONAL: Final = (ADDRESS, PROTECTED_IDENTITY, REGISTERED_ON)

SCHOOL_UNIT: Final = "skolenhetskod"
PROGRAMME: Final = "program"
ORIENTATION: Final = "inriktning"
START: Final = "startdatum"
END: Final = "slutdatum"
END_REASON: Final = "avslutsorsak"
HOME_MUNICIPALITY: Final = "hemkommun"
PLACEMENT_COLUMNS: Final = (PERSONAL_ID, SCHOOL_UNIT, PROGRAMME, START)
PLACEMENT_OPTIONAL: Final = (ORIENTATION, END, END_REASON, HOME_MUNICIPALITY, NAME)

EARLIEST: Final = date(1900, 1, 1)
LATEST: Final = date(2100, 12, 31)

END_REASONS: Final = {
    "examen": EndReason.EXAMEN,
    "studiebevis": EndReason.STUDIEBEVIS,
    "avbrott": EndReason.INTERRUPTED,
    "byte": EndReason.CHANGED_PROGRAMME,
    **{reason.value: reason for reason in EndReason if reason is not EndReason.COMPLETED},
}
# A completed programme must say whether it gave an examen (issue 13 point 8): only an examen
# ends the municipality's activity follow-up (SL 29 kap. 9 §).
UNSPECIFIED_COMPLETION: Final = frozenset({"fullfoljd", "fullföljd", "completed"})


def read_population_file(
    path: Path, *, extract_date: date, municipalities: Collection[str]
) -> list[PopulationRecord]:
    """The extract's persons in file order; ``municipalities``: the member municipalities."""
    log = ErrorLog()
    known = frozenset(municipalities)
    records: list[PopulationRecord] = []
    first_lines: dict[str, int] = {}
    for row in read_rows(path, POPULATION_COLUMNS, POPULATION_OPTIONAL, log):
        before = len(log.errors)
        pid = _personal_id(row, extract_date, first_lines, log)
        name = row.text(NAME)
        if not name:
            log.add(row.source, row.line, NAME, N_("Namnet saknas."))
        municipality = _code(row, MUNICIPALITY, 4, known, _MEMBER, log)
        protected = parse_flag(row, PROTECTED_IDENTITY, log)
        registered = _date(row, REGISTERED_ON, log, required=False)
        if registered is not None and registered > extract_date:
            reason = N_("Folkbokföringsdatumet %(day)s ligger efter uttagets datum.")
            log.add(row.source, row.line, REGISTERED_ON, reason, day=registered.isoformat())
        if len(log.errors) == before and pid is not None and municipality is not None:
            records.append(
                PopulationRecord(
                    pid.canonical,
                    pid.birth_date,
                    name,
                    municipality,
                    row.text(ADDRESS),
                    protected,
                    registered,
                )
            )
    if log.errors:
        raise InvalidInput(log.errors)
    return records


def read_placement_file(
    path: Path, *, today: date, school_units: Collection[str]
) -> list[SchoolPlacement]:
    """The file's placements in file order; ``school_units``: the known school unit codes."""
    return read_placements_and_homes(path, today=today, school_units=school_units)[0]


def read_placements_and_homes(
    path: Path, *, today: date, school_units: Collection[str]
) -> tuple[list[SchoolPlacement], dict[str, PopulationRecord]]:
    """The file's placements in file order, and the home municipality the school gave for a
    pupil (by identity number, as a population record with the given name)."""
    log = ErrorLog()
    known = frozenset(school_units)
    everywhere = frozenset(swedish_municipalities())
    placements: list[SchoolPlacement] = []
    homes: dict[str, PopulationRecord] = {}
    home_lines: dict[str, int] = {}
    for row in read_rows(path, PLACEMENT_COLUMNS, PLACEMENT_OPTIONAL, log):
        before = len(log.errors)
        pid = _personal_id(row, today, None, log)
        if pid is not None and row.text(HOME_MUNICIPALITY):
            _home(row, pid, everywhere, homes, home_lines, log)
        unit = _code(row, SCHOOL_UNIT, 8, known, _SCHOOL_UNIT, log)
        programme = row.text(PROGRAMME).upper()
        if not (programme.isascii() and programme.isalnum() and 2 <= len(programme) <= 8):
            log.add(
                row.source,
                row.line,
                PROGRAMME,
                N_("%(code)s är ingen programkod."),
                code=repr(programme),
            )
        start = _date(row, START, log, required=True)
        end = _date(row, END, log, required=False)
        reason = _end_reason(row, log)
        if row.text(END) and not row.text(END_REASON):
            log.add(row.source, row.line, END_REASON, N_("Ett slutdatum behöver en avslutsorsak."))
        if row.text(END_REASON) and not row.text(END):
            log.add(row.source, row.line, END, N_("En avslutsorsak behöver ett slutdatum."))
        if start is not None and end is not None and end < start:
            log.add(
                row.source,
                row.line,
                END,
                N_("Slutet %(end)s ligger före starten %(start)s."),
                end=end.isoformat(),
                start=start.isoformat(),
            )
        if reason is EndReason.EXAMEN and programme.startswith(INTRODUCTORY_PREFIX):
            log.add(
                row.source,
                row.line,
                END_REASON,
                N_("Ett introduktionsprogram (%(programme)s) ger ingen examen."),
                programme=programme,
            )
        if len(log.errors) == before and pid is not None and unit is not None and start:
            placements.append(
                SchoolPlacement(
                    pid.canonical, unit, programme, row.text(ORIENTATION), start, end, reason
                )
            )
    if log.errors:
        raise InvalidInput(log.errors)
    return placements, homes


def _home(
    row: Row,
    pid: PersonalId,
    everywhere: frozenset[str],
    homes: dict[str, PopulationRecord],
    lines: dict[str, int],
    log: ErrorLog,
) -> None:
    """The row's home municipality into ``homes``, once per pupil (the same on every row)."""
    home = _code(row, HOME_MUNICIPALITY, 4, everywhere, _SWEDISH, log)
    if home is None:
        return
    given = homes.get(pid.canonical)
    if given is None:
        homes[pid.canonical] = PopulationRecord(pid.canonical, pid.birth_date, row.text(NAME), home)
        lines[pid.canonical] = row.line
    elif given.municipality != home:
        reason = N_("En annan hemkommun än på rad %(line)s (%(code)s).")
        first, code = lines[pid.canonical], given.municipality
        log.add(row.source, row.line, HOME_MUNICIPALITY, reason, line=first, code=code)


# -- reading -----------------------------------------------------------------------------------
def read_rows(
    path: Path, required: tuple[str, ...], optional: tuple[str, ...], log: ErrorLog
) -> Iterator[Row]:
    """The non-empty rows of a CSV file, ``,`` or ``;``; header names case-insensitive."""
    if path.suffix.lower() != ".csv":
        log.add(
            path.name,
            0,
            "",
            N_("Filtypen %(suffix)s går inte att läsa: använd .csv."),
            suffix=repr(path.suffix),
        )
        return
    table = _table(path, log)
    if table is None:
        return
    header = [cell.strip().lower() for cell in table.header.cells]
    known = set(required) | set(optional)
    for name in header:
        if name and name not in known:
            log.add(path.name, 1, name, N_("Okänd kolumn %(column)s."), column=repr(name))
    repeated = repeated_columns(path.name, table.header)
    log.errors.extend(repeated.values())
    missing = [column for column in required if column not in header]
    for column in missing:
        log.add(path.name, 1, column, N_("Rubrikraden saknar en kolumn som krävs."))
    if missing or repeated:
        return
    body = [row for row in table.body if not row.blank]
    log.errors.extend(refuse_extra_cells(path.name, body, len(header)))
    for row in body:
        yield Row(path.name, row.line, dict(zip(header, row.cells, strict=False)))


def _table(path: Path, log: ErrorLog) -> Table | None:
    try:
        return read_csv(path.name, read_file(path, EXTRACT_LIMITS), EXTRACT_LIMITS)
    except InvalidInput as refused:
        log.errors.extend(refused.errors)
        return None


def _personal_id(
    row: Row, today: date, first_lines: dict[str, int] | None, log: ErrorLog
) -> PersonalId | None:
    text = row.text(PERSONAL_ID)
    if not text:
        log.add(row.source, row.line, PERSONAL_ID, N_("Personnumret saknas."))
        return None
    try:
        pid = parse_personal_id(text, today=today)
    except PersonalIdError as error:
        log.add(row.source, row.line, PERSONAL_ID, error.text, **error.parameters)
        return None
    if first_lines is not None:
        first = first_lines.setdefault(pid.canonical, row.line)
        if first != row.line:
            reason = N_("Samma personnummer står redan på rad %(line)s.")
            log.add(row.source, row.line, PERSONAL_ID, reason, line=first)
    return pid


# What a code column's refusals say: missing, not written as a code, not known.
_MEMBER: Final = (
    N_("Medlemskommunen saknas."),
    N_("%(code)s är ingen medlemskommun: %(digits)s siffror."),
    N_("Okänd medlemskommun %(code)s."),
)
_SCHOOL_UNIT: Final = (
    N_("Skolenhetskoden saknas."),
    N_("%(code)s är ingen skolenhetskod: %(digits)s siffror."),
    N_("Okänd skolenhetskod %(code)s."),
)
_SWEDISH: Final = (
    N_("Den svenska kommunkoden saknas."),
    N_("%(code)s är ingen svensk kommunkod: %(digits)s siffror."),
    N_("Okänd svensk kommunkod %(code)s."),
)


def _code(
    row: Row,
    column: str,
    digits: int,
    known: frozenset[str],
    texts: tuple[str, str, str],
    log: ErrorLog,
) -> str | None:
    code = row.text(column)
    missing, malformed, unknown = texts
    if not code:
        log.add(row.source, row.line, column, missing)
        return None
    if not (code.isascii() and code.isdigit() and len(code) == digits):
        log.add(row.source, row.line, column, malformed, code=repr(code), digits=digits)
        return None
    if code not in known:
        log.add(row.source, row.line, column, unknown, code=repr(code))
        return None
    return code


def _date(row: Row, column: str, log: ErrorLog, *, required: bool) -> date | None:
    text = row.text(column)
    if not text:
        if required:
            log.add(row.source, row.line, column, N_("Datumet saknas."))
        return None
    try:
        day = date.fromisoformat(text)
    except ValueError:
        log.add(
            row.source,
            row.line,
            column,
            N_("%(text)s är inte ett datum (ÅÅÅÅ-MM-DD)."),
            text=shown(text),
        )
        return None
    if not EARLIEST <= day <= LATEST:
        reason = N_("Datumet %(day)s ligger utanför %(first)s–%(last)s.")
        years = {"first": EARLIEST.year, "last": LATEST.year}
        log.add(row.source, row.line, column, reason, day=day.isoformat(), **years)
        return None
    return day


def _end_reason(row: Row, log: ErrorLog) -> EndReason | None:
    text = row.text(END_REASON).lower()
    if not text:
        return None
    if text in UNSPECIFIED_COMPLETION:
        reason = N_("%(text)s säger inte om eleven fick en examen: skriv examen eller studiebevis.")
        log.add(row.source, row.line, END_REASON, reason, text=repr(text))
        return None
    reason_found = END_REASONS.get(text)
    if reason_found is None:
        allowed = N_("%(text)s är inte examen, studiebevis, avbrott eller byte.")
        log.add(row.source, row.line, END_REASON, allowed, text=repr(text))
    return reason_found
