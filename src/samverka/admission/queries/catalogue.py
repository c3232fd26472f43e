"""The catalogue of an admission year's offerings, searched and paginated for applicants.

A search narrows by programme code, school unit, municipality and orientation, and by free
text. Every word of the free text must be found (in any order, case folded the same way for
"Österåker" and "österåker", on SQLite and PostgreSQL alike) in the offering code, the programme
code or name ("Naturvetenskapsprogrammet", ``domain.programme_names``), the school's name, the
orientation or the municipality's name. The words are matched in Python over the year's
offerings (a few thousand at most), because SQLite's ``lower()`` folds only ASCII letters; their
folded texts (``searchable_offerings``) are read on each search.
The applicant pages search the year's whole catalogue as their process keeps it, read once per
catalogue version (``kept_catalogue``, kept by ``queries.year_facts``), without a query:
``search_kept`` filters and pages it exactly as ``search_catalogue`` does in SQL.
Results come in a stable order: programme, school name, offering code. The catalogue holds no
personal data; anyone may read it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Row, and_, func, select
from sqlalchemy.orm import Session

from samverka.admission.db import tables as t
from samverka.admission.domain.programme_names import programme_name
from samverka.platform.db import tables as pt


@dataclass(frozen=True, slots=True)
class CatalogueSearch:
    text: str = ""
    programme: str = ""
    municipality_code: str = ""
    school_unit_code: str = ""
    orientation: str = ""
    limit: int = 20
    offset: int = 0


@dataclass(frozen=True, slots=True)
class CatalogueEntry:
    code: str
    programme: str
    orientation: str
    school_unit_code: str
    school_name: str
    municipality_code: str
    municipality_name: str
    places: int
    has_test: bool
    open: bool


@dataclass(frozen=True, slots=True)
class CataloguePage:
    entries: list[CatalogueEntry]
    total: int
    limit: int
    offset: int


@dataclass(frozen=True, slots=True)
class SearchableOffering:
    """An offering as the free text finds it: what it is filtered by, and its texts folded."""

    code: str
    programme: str
    school_unit_code: str
    municipality_code: str
    text: str  # code, programme code and name, orientation, school and municipality
    orientation: str


@dataclass(frozen=True, slots=True)
class CatalogueChoices:
    """What the search form offers: the year's programmes and municipalities."""

    programmes: list[str]
    municipalities: list[tuple[str, str]]  # (code, name)


def search_catalogue(session: Session, year: int, search: CatalogueSearch) -> CataloguePage:
    """A page of the offerings ``search`` finds; the free text is matched over the year's
    offerings as ``searchable_offerings`` reads them."""
    o, s, m = t.offering, t.school_unit, pt.municipality
    where = and_(*_conditions(year, search))
    if search.text.strip() or search.orientation.strip():
        offerings = searchable_offerings(session, year)
        where = and_(where, o.c.code.in_(sorted(_matching_codes(offerings, search))))
    joined = o.join(s, s.c.code == o.c.school_unit_code).join(m, m.c.code == s.c.municipality_code)
    total = session.execute(select(func.count()).select_from(joined).where(where)).scalar_one()
    query = (
        select(o, s.c.name.label("school_name"), m.c.code.label("mcode"), m.c.name.label("mname"))
        .select_from(joined)
        .where(where)
        .order_by(o.c.programme, s.c.name, o.c.code)
        .limit(search.limit)
        .offset(search.offset)
    )
    entries = [_entry(row) for row in session.execute(query)]
    return CataloguePage(entries, int(total), search.limit, search.offset)


def _entry(row: Row[Any]) -> CatalogueEntry:
    return CatalogueEntry(
        code=row.code,
        programme=row.programme,
        orientation=row.orientation,
        school_unit_code=row.school_unit_code,
        school_name=row.school_name,
        municipality_code=row.mcode,
        municipality_name=row.mname,
        places=row.places,
        has_test=row.test_multiplier is not None,
        open=row.status == "open",
    )


@dataclass(frozen=True, slots=True)
class KeptCatalogue:
    """The year's whole catalogue in its order (programme, school name, offering code), each
    offering with its folded texts at the same place in ``searchable``; and the codes of those
    that are closed."""

    entries: tuple[CatalogueEntry, ...] = ()
    searchable: tuple[SearchableOffering, ...] = ()
    closed: frozenset[str] = frozenset()


def kept_catalogue(session: Session, year: int) -> KeptCatalogue:
    """Every offering of ``year`` as the catalogue shows it, in its order, with its texts
    folded for the free text: one query."""
    o, s, m = t.offering, t.school_unit, pt.municipality
    joined = o.join(s, s.c.code == o.c.school_unit_code).join(m, m.c.code == s.c.municipality_code)
    query = (
        select(o, s.c.name.label("school_name"), m.c.code.label("mcode"), m.c.name.label("mname"))
        .select_from(joined)
        .where(and_(*_conditions(year, CatalogueSearch())))
        .order_by(o.c.programme, s.c.name, o.c.code)
    )
    entries, searchable = [], []
    for row in session.execute(query):
        entries.append(_entry(row))
        searchable.append(
            _searchable(
                row.code,
                row.programme,
                row.orientation,
                row.school_unit_code,
                row.school_name,
                row.mcode,
                row.mname,
            )
        )
    closed = frozenset(entry.code for entry in entries if not entry.open)
    return KeptCatalogue(tuple(entries), tuple(searchable), closed)


def search_kept(catalogue: KeptCatalogue, search: CatalogueSearch) -> CataloguePage:
    """The page of ``catalogue`` that ``search`` finds: the same offerings in the same order as
    ``search_catalogue`` finds in the database, filtered in Python by only the conditions the
    search has (none: the whole catalogue, paged)."""
    found: Sequence[CatalogueEntry] = catalogue.entries
    if _narrows(search):
        found = [catalogue.entries[at] for at in _matching(catalogue.searchable, search)]
    page = list(found[search.offset : search.offset + search.limit])
    return CataloguePage(page, len(found), search.limit, search.offset)


def _narrows(search: CatalogueSearch) -> bool:
    return bool(
        search.programme
        or search.municipality_code
        or search.school_unit_code
        or search.text.split()
        or search.orientation.split()
    )


def catalogue_choices(session: Session, year: int) -> CatalogueChoices:
    o, s, m, y = t.offering, t.school_unit, pt.municipality, t.admission_year
    of_year = o.c.admission_year_id == select(y.c.id).where(y.c.year == year).scalar_subquery()
    programmes = session.execute(
        select(o.c.programme).where(of_year).distinct().order_by(o.c.programme)
    ).scalars()
    municipalities = session.execute(
        select(m.c.code, m.c.name)
        .join(s, s.c.municipality_code == m.c.code)
        .join(o, o.c.school_unit_code == s.c.code)
        .where(of_year)
        .distinct()
        .order_by(m.c.name)
    ).all()
    return CatalogueChoices(list(programmes), [(code, name) for code, name in municipalities])


def _conditions(year: int, search: CatalogueSearch) -> list[ColumnElement[bool]]:
    o, s, y = t.offering, t.school_unit, t.admission_year
    year_id = select(y.c.id).where(y.c.year == year).scalar_subquery()
    conditions: list[ColumnElement[bool]] = [o.c.admission_year_id == year_id]
    if search.programme:
        conditions.append(o.c.programme == search.programme.strip().upper())
    if search.municipality_code:
        conditions.append(s.c.municipality_code == search.municipality_code.strip())
    if search.school_unit_code:
        conditions.append(o.c.school_unit_code == search.school_unit_code.strip())
    return conditions


def searchable_offerings(session: Session, year: int) -> tuple[SearchableOffering, ...]:
    """Every offering of ``year`` with its texts folded for the free text."""
    o, s, m = t.offering, t.school_unit, pt.municipality
    joined = o.join(s, s.c.code == o.c.school_unit_code).join(m, m.c.code == s.c.municipality_code)
    rows = session.execute(
        select(o.c.code, o.c.programme, o.c.orientation, s.c.code, s.c.name, m.c.code, m.c.name)
        .select_from(joined)
        .where(and_(*_conditions(year, CatalogueSearch())))
    )
    return tuple(_searchable(*row) for row in rows)


def _searchable(
    code: str,
    programme: str,
    orientation: str,
    unit: str,
    school: str,
    municipality_code: str,
    municipality: str,
) -> SearchableOffering:
    parts = (code, programme, programme_name(programme) or "", orientation, school, municipality)
    text = " ".join(_fold(part) for part in parts)
    return SearchableOffering(code, programme, unit, municipality_code, text, _fold(orientation))


def _matching_codes(offerings: Sequence[SearchableOffering], search: CatalogueSearch) -> set[str]:
    """The codes of the offerings that the search's other conditions (as ``_conditions``), the
    free text and the orientation words match."""
    return {offerings[at].code for at in _matching(offerings, search)}


def _matching(offerings: Sequence[SearchableOffering], search: CatalogueSearch) -> list[int]:
    """The places in ``offerings`` of those that meet the search's conditions (as
    ``_conditions``), the free text and the orientation words: one pass over what is left for
    each condition the search has."""
    found = list(range(len(offerings)))
    if search.programme:
        programme = search.programme.strip().upper()
        found = [at for at in found if offerings[at].programme == programme]
    if search.municipality_code:
        municipality = search.municipality_code.strip()
        found = [at for at in found if offerings[at].municipality_code == municipality]
    if search.school_unit_code:
        school_unit = search.school_unit_code.strip()
        found = [at for at in found if offerings[at].school_unit_code == school_unit]
    for word in _words(search.text):
        found = [at for at in found if word in offerings[at].text]
    for word in _words(search.orientation):
        found = [at for at in found if word in offerings[at].orientation]
    return found


def _fold(text: str) -> str:
    return text.casefold()


def _words(text: str) -> list[str]:
    return [_fold(word) for word in text.split()]
