"""The catalogue of an admission year's offerings, searched and paginated for applicants.

A search narrows by programme code, school unit, municipality and orientation, and by free
text matched (case-insensitively) against the offering code, the programme code, the school's
name, the orientation and the municipality's name. Results come in a stable order: programme,
school name, offering code. The catalogue holds no personal data; anyone may read it.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement, and_, func, or_, select
from sqlalchemy.orm import Session

from samverka.admission.db import tables as t
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
class CatalogueChoices:
    """What the search form offers: the year's programmes and municipalities."""

    programmes: list[str]
    municipalities: list[tuple[str, str]]  # (code, name)


def search_catalogue(session: Session, year: int, search: CatalogueSearch) -> CataloguePage:
    o, s, m = t.offering, t.school_unit, pt.municipality
    where = and_(*_conditions(year, search))
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
    entries = [
        CatalogueEntry(
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
        for row in session.execute(query)
    ]
    return CataloguePage(entries, int(total), search.limit, search.offset)


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
    o, s, m, y = t.offering, t.school_unit, pt.municipality, t.admission_year
    year_id = select(y.c.id).where(y.c.year == year).scalar_subquery()
    conditions: list[ColumnElement[bool]] = [o.c.admission_year_id == year_id]
    if search.programme:
        conditions.append(o.c.programme == search.programme.strip().upper())
    if search.municipality_code:
        conditions.append(s.c.municipality_code == search.municipality_code.strip())
    if search.school_unit_code:
        conditions.append(o.c.school_unit_code == search.school_unit_code.strip())
    if search.orientation:
        conditions.append(_contains(o.c.orientation, search.orientation))
    if search.text:
        columns = (o.c.code, o.c.programme, s.c.name, o.c.orientation, m.c.name)
        conditions.append(or_(*(_contains(column, search.text) for column in columns)))
    return conditions


def _contains(column: ColumnElement[str], text: str) -> ColumnElement[bool]:
    escaped = text.strip().lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return func.lower(column).like(f"%{escaped}%", escape="\\")
