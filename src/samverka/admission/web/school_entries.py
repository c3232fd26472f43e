"""The school's entries for many applicants at once: test points (offerings with an aptitude
test) and the school's ranks (introduction programmes the school ranks), typed in the table of
applicants on ``/skola/utbildningar/{code}`` or sent as a file (issue 15 point 10).

* ``EntryRow``: one applicant's entry, from a row of the page's table (its position) or a line
  of the file (the file's line, the header being line 1).
* ``read_entry_file``: a ``.csv`` (``,`` or ``;``) or ``.xlsx`` file (first sheet) with the
  columns ``personnummer`` and ``provpoang`` or ``rang`` (``namn`` and other columns are
  ignored), read by the platform's readers within ``ENTRY_FILE_LIMITS`` (the pages offer the
  same file to fill in, the offering's applicants already listed).
* ``points_entries`` and ``rank_entries``: every entry checked before anything is saved;
  each wrong entry is a problem at its row (a field named ``points-N`` or ``rank-N`` on the
  page) or at its line of the file, in Swedish, and the services are called only when there is
  none. The services check again and keep the final word (``offering_settings``,
  ``school_decisions``): a ranking with a gap is refused there, for the whole ranking.

An empty entry leaves the applicant as they are: no test points recorded, not ranked.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import PurePath
from typing import Final, Generic, TypeVar

from samverka.admission.domain.input_ranges import MAXIMUM_RANK, MAXIMUM_TEST_POINTS
from samverka.errors import InvalidInput, RowError
from samverka.platform.domain.numbers import decimal_places, decimal_value, parse_whole_number
from samverka.platform.files.csv_reader import read_csv
from samverka.platform.files.limits import MB, UPLOAD_LIMITS
from samverka.platform.files.table import Table, folded, repeated_columns
from samverka.platform.files.xlsx_reader import read_xlsx
from samverka.platform.web.forms import FieldProblem
from samverka.platform.web.i18n import N_

ENTRY_FILE_LIMITS: Final = UPLOAD_LIMITS.with_bytes(1 * MB)
SUFFIXES: Final = (".csv", ".xlsx")
ID_COLUMN: Final = "personnummer"
POINTS_COLUMN: Final = "provpoang"
RANK_COLUMN: Final = "rang"
NAME_COLUMN: Final = "namn"
_ALIASES: Final = {"provpoäng": POINTS_COLUMN, "rangordning": RANK_COLUMN}

FILE_REFUSED: Final = N_("Filen innehåller fel; inget har sparats. Varje fel står med sin rad.")
FILE_KIND: Final = N_("Välj en fil av typen .csv eller .xlsx.")
FILE_EMPTY: Final = N_("Filen har inga rader med personnummer.")
FILE_HEADER: Final = N_("Första raden ska ha kolumnerna %(columns)s.")
NOT_AN_APPLICANT: Final = N_("%(who)s har inte sökt utbildningen.")
GIVEN_TWICE: Final = N_("%(who)s står på mer än en rad.")
POINTS_NOT_A_NUMBER: Final = N_("%(who)s: skriv provpoängen som ett tal, t.ex. 14 eller 14,5.")
POINTS_OUT_OF_RANGE: Final = N_(
    "%(who)s: provpoängen ska vara från 0 till %(maximum)s, med högst två decimaler."
)
RANK_NOT_WHOLE: Final = N_("%(who)s: skriv rangen som ett heltal från 1 till %(maximum)s.")
RANK_TWICE: Final = N_("%(who)s: rang %(rank)s är redan given till en annan sökande.")


@dataclass(frozen=True, slots=True)
class EntryRow:
    """One entry: where it stands (``line``: the table's row or the file's line), whose it is
    and what was written."""

    line: int
    personal_id: str
    text: str


T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Entries(Generic[T]):
    """The checked entries (identity number → value) and the problems found."""

    values: dict[str, T]
    problems: list[FieldProblem]


def read_entry_file(
    name: str, content: bytes, column: str
) -> tuple[list[EntryRow], list[FieldProblem]]:
    """The rows of a file with ``personnummer`` and ``column`` (``provpoang`` or ``rang``), or
    why it cannot be read (too large, not a spreadsheet, its header lacks a column)."""
    suffix = PurePath(name).suffix.lower()
    if suffix not in SUFFIXES:
        return [], [FieldProblem("file", FILE_KIND)]
    try:
        if suffix == ".csv":
            table = read_csv(name, content, ENTRY_FILE_LIMITS)
        else:
            sheets = read_xlsx(name, content, ENTRY_FILE_LIMITS)
            table = sheets[0] if sheets else Table(name, ())
        repeated = repeated_columns(name, table.header, _column)
        if repeated:
            raise InvalidInput(list(repeated.values()))
    except InvalidInput as refused:
        return [], [_file_problem(error) for error in refused.errors]
    header = [_column(cell) for cell in table.header.cells]
    if ID_COLUMN not in header or column not in header:
        columns = f"{ID_COLUMN}, {column}"
        return [], [FieldProblem("file", FILE_HEADER, {"columns": columns})]
    who_at, value_at = header.index(ID_COLUMN), header.index(column)
    rows = [
        EntryRow(row.line, row.cell(who_at), row.cell(value_at))
        for row in table.body
        if not row.blank
    ]
    if not rows:
        return [], [FieldProblem("file", FILE_EMPTY)]
    return rows, []


def _file_problem(error: RowError) -> FieldProblem:
    """A reader's refusal, as it words it, at the file's line when it names one."""
    where = f"{error.source}:{error.line}" if error.line else error.source
    return FieldProblem("", error.reason, translated=False, where=where)


def _column(name: str) -> str:
    column = folded(name)
    return _ALIASES.get(column, column)


def points_entries(
    rows: Sequence[EntryRow], applicants: Mapping[str, str], *, source: str = ""
) -> Entries[Decimal]:
    """The test points given per applicant (``applicants``: identity number → name), every
    wrong row a problem."""
    values: dict[str, Decimal] = {}
    problems: list[FieldProblem] = []
    for row, who in _known(rows, applicants, source, "points", problems):
        try:
            points = decimal_value(row.text)
        except ValueError:
            problems.append(_at(row, source, "points", POINTS_NOT_A_NUMBER, who=who))
            continue
        if not Decimal(0) <= points <= MAXIMUM_TEST_POINTS or decimal_places(points) > 2:
            maximum = str(MAXIMUM_TEST_POINTS)
            problems.append(
                _at(row, source, "points", POINTS_OUT_OF_RANGE, who=who, maximum=maximum)
            )
            continue
        values[row.personal_id] = points
    return Entries(values, problems)


def rank_entries(
    rows: Sequence[EntryRow], applicants: Mapping[str, str], *, source: str = ""
) -> Entries[int]:
    """The ranks given per applicant, every wrong row a problem (a rank given twice at the
    second row that gives it)."""
    values: dict[str, int] = {}
    problems: list[FieldProblem] = []
    for row, who in _known(rows, applicants, source, "rank", problems):
        try:
            rank = parse_whole_number(row.text, minimum=1, maximum=MAXIMUM_RANK)
        except ValueError:
            maximum = str(MAXIMUM_RANK)
            problems.append(_at(row, source, "rank", RANK_NOT_WHOLE, who=who, maximum=maximum))
            continue
        if rank in values.values():
            problems.append(_at(row, source, "rank", RANK_TWICE, who=who, rank=str(rank)))
            continue
        values[row.personal_id] = rank
    return Entries(values, problems)


def _known(
    rows: Sequence[EntryRow],
    applicants: Mapping[str, str],
    source: str,
    field: str,
    problems: list[FieldProblem],
) -> list[tuple[EntryRow, str]]:
    """The rows with an entry, of an applicant to the offering named once, each with the
    applicant's name; the others are problems."""
    known: list[tuple[EntryRow, str]] = []
    seen: set[str] = set()
    for row in rows:
        if not row.text.strip():
            continue
        who = applicants.get(row.personal_id)
        if who is None:
            problems.append(_at(row, source, field, NOT_AN_APPLICANT, who=row.personal_id or "–"))
        elif row.personal_id in seen:
            problems.append(_at(row, source, field, GIVEN_TWICE, who=who))
        else:
            seen.add(row.personal_id)
            known.append((row, who))
    return known


def _at(row: EntryRow, source: str, field: str, text: str, **parameters: str) -> FieldProblem:
    """A problem at the page's row (``source`` empty: the field ``field-N``) or at the file's
    line."""
    if not source:
        return FieldProblem(f"{field}-{row.line}", text, parameters)
    return FieldProblem("", text, parameters, where=f"{source}:{row.line}")
