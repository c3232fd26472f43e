"""Use case: closing an offering that will not start ("startar ej").

Closing after applications opened records a message to every applicant who chose the
offering, so that they can change their choices; the change is in the audit trail.
"""

from __future__ import annotations

from datetime import datetime

from samverka.errors import Conflict, NotFound
from samverka.services.ports import UnitOfWork


def close_offering(
    uow: UnitOfWork, *, year: int, offering_code: str, actor: str, now: datetime
) -> list[str]:
    """Close the offering; returns the identity numbers of the applicants notified."""
    with uow:
        year_row = uow.admission.year(year)
        offering = next(
            (o for o in uow.admission.offerings(year_row.id) if o.code == offering_code), None
        )
        if offering is None:
            raise NotFound(f"no offering {offering_code!r} in {year}")
        if offering.status == "closed":
            raise Conflict(f"offering {offering_code!r} is already closed")
        uow.admission.set_offering_status(offering.id, "closed")
        notified: list[str] = []
        if now >= year_row.calendar.application.opens:
            notified = uow.admission.applicants_choosing(offering.id)
            text = (
                f"Utbildningen {offering.school_unit_name} {offering.programme} "
                f"({offering_code}) startar inte. Du kan ändra dina val."
            )
            for personal_id in notified:
                uow.admission.add_message(year_row.id, personal_id, "offering_closed", text, now)
        uow.audit.record(
            actor=actor,
            entity="offering",
            key=offering_code,
            action="close",
            before={"status": offering.status},
            after={"status": "closed", "notified": len(notified)},
            at=now,
        )
        uow.commit()
    return notified
