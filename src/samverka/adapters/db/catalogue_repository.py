"""Member municipalities, organisers, school units and offerings in the database."""

from __future__ import annotations

from collections.abc import Collection, Sequence

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from samverka.adapters.db import tables as t
from samverka.adapters.db.inserts import insert_returning_id
from samverka.adapters.municipality_codes import swedish_municipalities
from samverka.services.admission_year import Catalogue, Municipality


class SqlCatalogueRepository:
    def __init__(self, session: Session) -> None:
        self._s = session

    def add_municipalities(self, municipalities: Sequence[Municipality]) -> None:
        """Add the member municipalities; one known as outside the area becomes a member."""
        m = t.municipality
        known: dict[str, bool] = dict(self._s.execute(select(m.c.code, m.c.member)).all())
        new = [
            {"code": x.code, "name": x.name, "population": x.population, "member": True}
            for x in municipalities
            if x.code not in known
        ]
        if new:
            self._s.execute(insert(m), new)
        for joined in (x for x in municipalities if known.get(x.code) is False):
            values = {"name": joined.name, "population": joined.population, "member": True}
            self._s.execute(update(m).where(m.c.code == joined.code).values(values))

    def municipality_codes(self) -> list[str]:
        """The member municipalities (the area); not those known only as pupils' homes."""
        m = t.municipality
        query = select(m.c.code).where(m.c.member.is_(True)).order_by(m.c.code)
        return list(self._s.execute(query).scalars())

    def add_other_municipalities(self, codes: Collection[str]) -> None:
        """Swedish municipalities outside the area, as non-members, with their names from the
        reference list (a pupil's home municipality, the payer of their compensation)."""
        m = t.municipality
        known = set(self._s.execute(select(m.c.code)).scalars())
        names = swedish_municipalities()
        new = [
            {"code": code, "name": names[code], "population": None, "member": False}
            for code in sorted(set(codes) - known)
        ]
        if new:
            self._s.execute(insert(m), new)

    def school_unit_codes(self) -> list[str]:
        return list(self._s.execute(select(t.school_unit.c.code)).scalars())

    def add_catalogue(self, year_id: int, catalogue: Catalogue) -> None:
        organiser_ids = dict(self._s.execute(select(t.organiser.c.name, t.organiser.c.id)).all())
        for organiser in catalogue.organisers:
            if organiser.name not in organiser_ids:
                values = {
                    "name": organiser.name,
                    "kind": organiser.kind,
                    "municipality_code": organiser.municipality_code,
                }
                organiser_ids[organiser.name] = insert_returning_id(self._s, t.organiser, values)
        known_units = set(self.school_unit_codes())
        units = [
            {
                "code": u.code,
                "name": u.name,
                "organiser_id": organiser_ids[u.organiser],
                "municipality_code": u.municipality_code,
            }
            for u in catalogue.school_units
            if u.code not in known_units
        ]
        if units:
            self._s.execute(insert(t.school_unit), units)
        if catalogue.offerings:
            self._s.execute(
                insert(t.offering),
                [
                    {
                        "admission_year_id": year_id,
                        "code": o.code,
                        "school_unit_code": o.school_unit_code,
                        "programme": o.programme,
                        "orientation": o.orientation,
                        "places": o.places,
                        "discretionary_places": o.discretionary_places,
                        "test_multiplier": o.test_multiplier,
                        "test_minimum": o.test_minimum,
                        "status": "open",
                    }
                    for o in catalogue.offerings
                ],
            )
