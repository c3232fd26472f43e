"""Member municipalities, organisers, school units and offerings in the database."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from samverka.adapters.db import tables as t
from samverka.adapters.db.inserts import insert_returning_id
from samverka.domain.admission.school_ranking import is_ranked_by_school
from samverka.services.admission_year import Catalogue, Municipality


class SqlCatalogueRepository:
    def __init__(self, session: Session) -> None:
        self._s = session

    def add_municipalities(self, municipalities: Sequence[Municipality]) -> None:
        known = set(self.municipality_codes())
        new = [
            {"code": m.code, "name": m.name, "population": m.population, "member": True}
            for m in municipalities
            if m.code not in known
        ]
        if new:
            self._s.execute(insert(t.municipality), new)

    def municipality_codes(self) -> list[str]:
        return list(self._s.execute(select(t.municipality.c.code)).scalars())

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
                        "ranked_by_school": is_ranked_by_school(o.programme, o.ranked_by_school),
                    }
                    for o in catalogue.offerings
                ],
            )
