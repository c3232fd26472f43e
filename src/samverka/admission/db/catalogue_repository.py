"""The municipalities with their terms in the admission area, organisers, school units and
offerings in the database. A municipality's ``member`` column (the association's member, who
pays the service fee) follows its terms: only ``AreaTerms.MEMBER`` is a member."""

from __future__ import annotations

from collections.abc import Collection, Sequence

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from samverka.admission.db import tables as t
from samverka.admission.domain.area import AdmissionArea, AreaTerms
from samverka.admission.domain.catalogue import Catalogue, Municipality
from samverka.admission.domain.school_ranking import is_ranked_by_school
from samverka.platform.db import tables as pt
from samverka.platform.db.inserts import insert_returning_id
from samverka.platform.reference.municipality_codes import swedish_municipalities


class SqlCatalogueRepository:
    def __init__(self, session: Session) -> None:
        self._s = session

    def add_municipalities(self, municipalities: Sequence[Municipality]) -> None:
        """Add the admission area's municipalities with their terms; one known only as a
        pupil's home municipality (``AreaTerms.OUTSIDE``) joins the area with its terms."""
        m = pt.municipality
        known: dict[str, str] = dict(self._s.execute(select(m.c.code, m.c.admission_terms)).all())
        new = [
            {
                "code": x.code,
                "name": x.name,
                "population": x.population,
                "member": x.terms.pays_service_fee,
                "admission_terms": x.terms.value,
            }
            for x in municipalities
            if x.code not in known
        ]
        if new:
            self._s.execute(insert(m), new)
        for joined in (x for x in municipalities if known.get(x.code) == AreaTerms.OUTSIDE):
            values = {
                "name": joined.name,
                "population": joined.population,
                "member": joined.terms.pays_service_fee,
                "admission_terms": joined.terms.value,
            }
            self._s.execute(update(m).where(m.c.code == joined.code).values(values))

    def municipality_codes(self) -> list[str]:
        """The municipalities of the admission area; not those known only as pupils' homes."""
        m = pt.municipality
        query = (
            select(m.c.code)
            .where(m.c.admission_terms != AreaTerms.OUTSIDE.value)
            .order_by(m.c.code)
        )
        return list(self._s.execute(query).scalars())

    def add_other_municipalities(self, codes: Collection[str]) -> None:
        """Swedish municipalities outside the area (``AreaTerms.OUTSIDE``, not members), with
        their names from the reference list (a pupil's home municipality, the payer of their
        compensation)."""
        m = pt.municipality
        known = set(self._s.execute(select(m.c.code)).scalars())
        names = swedish_municipalities()
        new = [
            {
                "code": code,
                "name": names[code],
                "population": None,
                "member": False,
                "admission_terms": AreaTerms.OUTSIDE.value,
            }
            for code in sorted(set(codes) - known)
        ]
        if new:
            self._s.execute(insert(m), new)

    def admission_area(self) -> AdmissionArea:
        m = pt.municipality
        rows = self._s.execute(select(m.c.code, m.c.admission_terms))
        return AdmissionArea({code: AreaTerms(terms) for code, terms in rows})

    def municipality_name(self, code: str) -> str | None:
        m = pt.municipality
        return self._s.execute(select(m.c.name).where(m.c.code == code)).scalar_one_or_none()

    def set_area_terms(self, code: str, name: str, terms: AreaTerms) -> None:
        """Add the municipality with ``terms``, or change its name and terms."""
        m = pt.municipality
        values = {"name": name, "member": terms.pays_service_fee, "admission_terms": terms.value}
        if self.municipality_name(code) is None:
            self._s.execute(insert(m).values(code=code, **values))
        else:
            self._s.execute(update(m).where(m.c.code == code).values(values))

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
                        "nationally_recruiting": o.nationally_recruiting,
                        "status": "open",
                        "leads_to": o.leads_to,
                        "ranked_by_school": is_ranked_by_school(o.programme, o.ranked_by_school),
                    }
                    for o in catalogue.offerings
                ],
            )
