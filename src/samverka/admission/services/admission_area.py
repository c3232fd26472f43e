"""Use case: a municipality's terms in the admission area (``admission.domain.area``).

Source: issue 12 point 9; admissions-rules §3.4, §7.4, §10. The admission office records which
municipalities are members (the 26, who pay the service fee), parties of the samverkansavtal on
admission and compensation terms (Håbo), parties for admission only (Gnesta), and any other
municipality applicants or pupils come from (``outside``), so that the pupil import accepts
their home municipality. Only the admission officer does it (``NotPermitted`` otherwise); every
change is in the audit trail, before and after.
"""

from __future__ import annotations

from datetime import datetime

from samverka.admission.domain.area import AreaTerms
from samverka.admission.domain.catalogue import Municipality
from samverka.admission.ports import UnitOfWork
from samverka.errors import N_, InvalidInput, NotPermitted, RowError
from samverka.platform.access.domain.actors import Actor, Role
from samverka.platform.services.audit_records import record_change


def set_area_terms(
    uow: UnitOfWork, *, code: str, name: str, terms: AreaTerms, actor: Actor, now: datetime
) -> None:
    """Add the municipality ``code`` with ``terms``, or change its name and terms."""
    if actor.role is not Role.OFFICER:
        raise NotPermitted(N_("Bara antagningskansliet registrerar antagningsområdet."))
    problems = []
    if not (len(code) == 4 and code.isascii() and code.isdigit()):
        problems.append(
            RowError(
                "area",
                0,
                "code",
                N_("%(code)s är inte en fyrsiffrig kommunkod."),
                {"code": repr(code)},
            )
        )
    if not name.strip() or len(name.strip()) > 80:
        problems.append(RowError("area", 0, "name", N_("Namnet ska ha 1–80 tecken.")))
    if problems:
        raise InvalidInput(problems)
    with uow:
        area = uow.catalogue.admission_area()
        before_name = uow.catalogue.municipality_name(code)
        before = None
        if before_name is not None:
            before = Municipality(code, before_name, terms=area.terms_of(code))
        uow.catalogue.set_area_terms(code, name.strip(), terms)
        record_change(
            uow.audit,
            actor,
            "municipality",
            code,
            "area_terms",
            before=before,
            after=Municipality(code, name.strip(), terms=terms),
            at=now,
            only=("name", "terms"),
        )
        uow.commit()
