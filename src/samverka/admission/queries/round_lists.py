"""Lists of a stored round per offering: the admitted and the reserves, with identity and name,
and the round's export tables (the admitted, the reserves, the statistics) in Swedish.

These lists carry personal data and go only to those who handle admissions. An applicant with
protected identity (skyddad identitet, admissions-rules §11.2 item 11) is shown to a viewer
without that right as ``PROTECTED_NAME``, without identity number; the entry keeps its place,
so every position, count and merit value stays as it is. Protected means protected in any
source (``platform.db.protection``: the admission data of any year or the population register;
issue 11 point 2), and ``protected_identity`` says so; the exports are written from these lists.

Order: the admitted of an offering by merit value, highest first (ties in the order the
applicants were registered), numbered from 1; reserves in their stored reserve order. An
admission under fri kvot (gymnasieförordningen 7 kap. 3 §) is marked ``under_fri_kvot``. Each
entry names its school unit, programme and the applicant's home municipality beside their codes;
the home municipality of a masked entry is left out too, since protected identity hides where a
person lives.

Exports (issue 15 point 1, docs/formats.md, "Exports"): ``export_sheet`` gives a round's table as
a named sheet with Swedish column names ("Personnummer", "Namn", "Hemkommun", "Skolenhet",
"Program", "Utbildningskod", "Meritvärde", "Status") and Swedish values ("Antagen", "Reserv",
"Ja"/"Nej"), names beside codes, the masking as in the lists.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import Any, Final

from sqlalchemy import Label, select

from samverka.admission.db import tables as t
from samverka.admission.domain.programme_names import programme_name
from samverka.admission.queries.admission_statistics import (
    Database,
    OfferingStatistics,
    admission_statistics,
    round_of_year,
)
from samverka.platform.db import tables as pt
from samverka.platform.db.protection import is_protected
from samverka.platform.files.exports import Sheet

PROTECTED_NAME: Final = "Skyddad identitet"


@dataclass(frozen=True, slots=True)
class Viewer:
    """Who looks at the lists; without the right, protected identities are masked."""

    may_see_protected: bool = False


@dataclass(frozen=True, slots=True)
class AdmittedApplicant:
    offering_code: str
    position: int
    personal_id: str | None  # None when masked
    name: str
    merit_value: Decimal
    choice_rank: int
    protected_identity: bool
    under_fri_kvot: bool = False
    school_unit_code: str = ""
    school_unit_name: str = ""
    programme: str = ""
    orientation: str = ""
    home_municipality: str | None = None  # None when masked
    home_municipality_name: str | None = None


@dataclass(frozen=True, slots=True)
class ReserveApplicant:
    offering_code: str
    position: int
    personal_id: str | None  # None when masked
    name: str
    merit_value: Decimal
    protected_identity: bool
    school_unit_code: str = ""
    school_unit_name: str = ""
    programme: str = ""
    orientation: str = ""
    home_municipality: str | None = None  # None when masked
    home_municipality_name: str | None = None


def admitted_lists(
    db: Database, year: int, round_id: int, viewer: Viewer, offering_id: int | None = None
) -> list[AdmittedApplicant]:
    """The admitted of every offering of the round (or of the one offering ``offering_id``), by
    offering code and position."""
    round_of_year(db, year, round_id)
    a, o, p = t.applicant, t.offering, t.placement
    query = (
        select(o.c.code, a.c.personal_id, a.c.name, _protected(a), p.c.merit_value)
        .add_columns(p.c.rank, p.c.under_quota, *_names())
        .select_from(p)
        .join(a, a.c.id == p.c.applicant_id)
        .join(o, o.c.id == p.c.offering_id)
        .join(t.school_unit, t.school_unit.c.code == o.c.school_unit_code)
        .outerjoin(pt.municipality, pt.municipality.c.code == a.c.home_municipality)
        .where(p.c.round_id == round_id)
        .order_by(o.c.code, p.c.merit_value.desc(), a.c.id)
    )
    if offering_id is not None:
        query = query.where(p.c.offering_id == offering_id)
    entries: list[AdmittedApplicant] = []
    before, position = None, 0
    for row in db.execute(query):  # by position: a region's list is 25,000 rows
        code, personal_id, name, protected, merit, rank, quota, *place, home, home_name = row
        position = position + 1 if code == before else 1
        before = code
        masked = _masked(protected, viewer)
        entries.append(
            AdmittedApplicant(
                code,
                position,
                None if masked else personal_id,
                PROTECTED_NAME if masked else name,
                Decimal(merit),
                rank,
                bool(protected),
                quota,
                *_unit(place),
                None if masked else home,
                None if masked else home_name,
            )
        )
    return entries


def reserve_lists(
    db: Database, year: int, round_id: int, viewer: Viewer, offering_id: int | None = None
) -> list[ReserveApplicant]:
    """The reserves of every offering of the round (or of the one offering ``offering_id``), by
    offering code and reserve position."""
    round_of_year(db, year, round_id)
    a, o, r, p = t.applicant, t.offering, t.reserve, t.placement
    query = (
        select(o.c.code, r.c.position, a.c.personal_id, a.c.name, _protected(a))
        .add_columns(p.c.merit_value, *_names())
        .select_from(r)
        .join(a, a.c.id == r.c.applicant_id)
        .join(o, o.c.id == r.c.offering_id)
        .join(t.school_unit, t.school_unit.c.code == o.c.school_unit_code)
        .outerjoin(pt.municipality, pt.municipality.c.code == a.c.home_municipality)
        .join(p, (p.c.round_id == r.c.round_id) & (p.c.applicant_id == r.c.applicant_id))
        .where(r.c.round_id == round_id)
        .order_by(o.c.code, r.c.position)
    )
    if offering_id is not None:
        query = query.where(r.c.offering_id == offering_id)
    entries: list[ReserveApplicant] = []
    for row in db.execute(query):
        code, position, personal_id, name, protected, merit, *place, home, home_name = row
        masked = _masked(protected, viewer)
        entries.append(
            ReserveApplicant(
                code,
                position,
                None if masked else personal_id,
                PROTECTED_NAME if masked else name,
                Decimal(merit),
                bool(protected),
                *_unit(place),
                None if masked else home,
                None if masked else home_name,
            )
        )
    return entries


def _protected(applicant: Any) -> Label[bool]:
    """Whether the applicant is protected in any source, as ``protected_identity``."""
    return is_protected(applicant.c.personal_id).label("protected_identity")


def _masked(protected: object, viewer: Viewer) -> bool:
    """Whether the entry is shown as ``PROTECTED_NAME``, without identity number and home."""
    return bool(protected) and not viewer.may_see_protected


def _names() -> tuple[Label[Any], ...]:
    """The school unit, programme and home municipality columns of an entry."""
    a, o, u, m = t.applicant, t.offering, t.school_unit, pt.municipality
    return (
        o.c.school_unit_code.label("school_unit_code"),
        u.c.name.label("school_unit_name"),
        o.c.programme.label("programme"),
        o.c.orientation.label("orientation"),
        a.c.home_municipality.label("home_municipality"),
        m.c.name.label("home_municipality_name"),
    )


def _unit(columns: list[Any]) -> tuple[str, str, str, str]:
    """The school unit's code and name, the programme and the orientation of an entry."""
    unit, unit_name, programme, orientation = columns
    return unit, unit_name, programme, orientation or ""


# -- exports ------------------------------------------------------------------------------------
class ExportKind(StrEnum):
    """The tables of a round to export (the ``what`` of the export on the page and the CLI)."""

    PLACEMENTS = "placements"
    RESERVES = "reserves"
    STATISTICS = "statistics"


SHEET_NAMES: Final = {
    ExportKind.PLACEMENTS: "Antagna",
    ExportKind.RESERVES: "Reserver",
    ExportKind.STATISTICS: "Statistik",
}
FILE_NAMES: Final = {
    ExportKind.PLACEMENTS: "antagna",
    ExportKind.RESERVES: "reserver",
    ExportKind.STATISTICS: "statistik",
}
_PLACE_COLUMNS: Final = (
    "Utbildningskod",
    "Skolenhetskod",
    "Skolenhet",
    "Program",
    "Programnamn",
    "Inriktning",
)
_PERSON_COLUMNS: Final = ("Personnummer", "Namn", "Hemkommunkod", "Hemkommun", "Meritvärde")
ADMITTED_HEADER: Final = (
    *_PLACE_COLUMNS,
    "Plats",
    *_PERSON_COLUMNS,
    "Sökt i val",
    "Status",
    "Skyddad identitet",
)
RESERVE_HEADER: Final = (
    *_PLACE_COLUMNS,
    "Reservplats",
    *_PERSON_COLUMNS,
    "Status",
    "Skyddad identitet",
)
STATISTICS_HEADER: Final = (
    "Utbildningskod",
    "Skolenhet",
    "Kommunkod",
    "Kommun",
    "Huvudman",
    "Program",
    "Programnamn",
    "Platser",
    "Förstahandssökande",
    "Sökande",
    "Sökande per plats",
    "Antagna",
    "Reserver",
    "Antagningsgräns",
    "Lediga platser",
    "Antagna inom fri kvot",
)
ORGANISER_KINDS: Final = {
    "municipality": "Kommunal",
    "region": "Region",
    "independent": "Fristående",
}


def _yes_no(value: bool) -> str:
    return "Ja" if value else "Nej"


def export_sheet(db: Database, year: int, round_id: int, what: ExportKind, viewer: Viewer) -> Sheet:
    """The round's table ``what`` as a named sheet in Swedish (module docstring); the lists are
    read at once, the rows made as the file is written."""
    name = SHEET_NAMES[what]
    if what is ExportKind.PLACEMENTS:
        return Sheet(
            name, ADMITTED_HEADER, _admitted_rows(admitted_lists(db, year, round_id, viewer))
        )
    if what is ExportKind.RESERVES:
        return Sheet(name, RESERVE_HEADER, _reserve_rows(reserve_lists(db, year, round_id, viewer)))
    offerings = admission_statistics(db, year, round_id).offerings
    return Sheet(name, STATISTICS_HEADER, _statistics_rows(offerings))


def _place(entry: AdmittedApplicant | ReserveApplicant) -> list[object]:
    return [
        entry.offering_code,
        entry.school_unit_code,
        entry.school_unit_name,
        entry.programme,
        programme_name(entry.programme) or "",
        entry.orientation,
    ]


def _person(entry: AdmittedApplicant | ReserveApplicant) -> list[object]:
    return [
        entry.personal_id,
        entry.name,
        entry.home_municipality,
        entry.home_municipality_name,
        entry.merit_value,
    ]


def _admitted_rows(entries: list[AdmittedApplicant]) -> Iterator[list[object]]:
    for entry in entries:
        status = "Antagen inom fri kvot" if entry.under_fri_kvot else "Antagen"
        yield [
            *_place(entry),
            entry.position,
            *_person(entry),
            entry.choice_rank,
            status,
            _yes_no(entry.protected_identity),
        ]


def _reserve_rows(entries: list[ReserveApplicant]) -> Iterator[list[object]]:
    for entry in entries:
        yield [
            *_place(entry),
            entry.position,
            *_person(entry),
            "Reserv",
            _yes_no(entry.protected_identity),
        ]


def _statistics_rows(offerings: Iterable[OfferingStatistics]) -> Iterator[list[object]]:
    for o in offerings:
        yield [
            o.code,
            o.school_unit_name,
            o.municipality_code,
            o.municipality_name,
            ORGANISER_KINDS.get(o.organiser_kind, o.organiser_kind),
            o.programme,
            programme_name(o.programme) or "",
            o.places,
            o.first_choice_applicants,
            o.applicants,
            o.applicants_per_place,
            o.admitted,
            o.reserves,
            o.cutoff,
            o.vacancies,
            o.admitted_under_fri_kvot,
        ]
