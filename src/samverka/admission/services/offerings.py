"""Use cases: closing an offering that will not start ("startar ej"), and reopening it.

Sources: admissions-rules §4.3 (Indra, "Lägga ned utbildning efter att ansökningsperioden
startat": status "Startar ej", places set to 0, every affected applicant notified in Indra and
by e-mail); issue 12 point 10.

* Closing after applications opened records a message to every applicant who chose the
  offering, so that they can change their choices, and to every applicant who holds a place in
  it after the latest published final or reserve round: a closed offering holds nobody, so the
  next reserve round tries them on their other choices (``admission.domain.reserve_round``,
  step 0), the lower choices not tried because of the place included.
* Reopening is possible until the next round is run (a simulation does not count): after that
  round the holders have been moved and the places given away. The same applicants are told
  that the offering starts after all.

Both are in the audit trail with the identities notified. The officer closes and reopens every
offering, a school those of its own school units; any other offering is ``NotFound``, as if it
did not exist (``may_manage``).
"""

from __future__ import annotations

from datetime import datetime

from samverka.admission.domain.audited import OfferingNotice
from samverka.admission.domain.rounds import RoundKind, RoundStatus
from samverka.admission.ports import AdmissionYearRow, OfferingRow, UnitOfWork
from samverka.errors import N_, Conflict, NotFound
from samverka.platform.access.domain.actors import Actor, Role
from samverka.platform.domain.audit_snapshot import snapshot
from samverka.platform.services.audit_records import record_change

CLOSED_TO_APPLICANT = (
    "Utbildningen {name} {programme} ({code}) startar inte. Du kan ändra dina val när ansökan "
    "eller omvalet är öppet."
)
CLOSED_TO_HOLDER = (
    "Utbildningen {name} {programme} ({code}) startar inte, och din plats där upphör. Du prövas "
    "på dina andra val i nästa reservantagning, också de val som du har rangordnat lägre."
)
REOPENED = "Utbildningen {name} {programme} ({code}) startar ändå."


def may_manage(actor: Actor, offering: OfferingRow) -> bool:
    """The officer manages every offering; a school only those of its own school units."""
    if actor.role is Role.OFFICER:
        return True
    return actor.role is Role.SCHOOL and offering.school_unit_code in actor.school_unit_codes


def close_offering(
    uow: UnitOfWork, *, year: int, offering_code: str, actor: Actor, now: datetime
) -> list[str]:
    """Close the offering; returns the identity numbers of the applicants notified."""
    with uow:
        year_row = uow.admission.year(year)
        offering = _offering(uow, year_row, offering_code, actor)
        if offering.status == "closed":
            raise Conflict(N_("Utbildningen %(code)s är redan stängd."), code=repr(offering_code))
        uow.admission.set_offering_status(offering.id, "closed", closed_at=now)
        holders: set[str] = set()
        notified: list[str] = []
        if now >= year_row.calendar.application.opens:
            holders = _holders(uow, year_row, offering_code)
            notified = sorted(set(uow.admission.applicants_choosing(offering.id)) | holders)
            for personal_id in notified:
                template = CLOSED_TO_HOLDER if personal_id in holders else CLOSED_TO_APPLICANT
                text = _text(template, offering)
                kind = "offering_closed_holder" if personal_id in holders else "offering_closed"
                parameters = _parameters(offering)
                uow.admission.add_message(year_row.id, personal_id, kind, text, now, parameters)
        record_change(
            uow.audit,
            actor,
            "offering",
            offering_code,
            "close",
            before=snapshot(offering, only=("status",)),
            after=OfferingNotice("closed", len(notified), tuple(notified), tuple(sorted(holders))),
            at=now,
        )
        uow.commit()
    return notified


def reopen_offering(
    uow: UnitOfWork, *, year: int, offering_code: str, actor: Actor, now: datetime
) -> list[str]:
    """Open a closed offering again, before the next round; returns those notified."""
    with uow:
        year_row = uow.admission.year(year)
        offering = _offering(uow, year_row, offering_code, actor)
        if offering.status != "closed":
            raise Conflict(N_("Utbildningen %(code)s är inte stängd."), code=repr(offering_code))
        since = offering.closed_at
        later = [
            r
            for r in uow.rounds.rounds(year_row.id)
            if r.kind is not RoundKind.SIMULATION and (since is None or r.created_at >= since)
        ]
        if later:
            raise Conflict(
                N_(
                    "Utbildningen %(code)s kan inte öppnas igen: omgång %(round)s har körts sedan "
                    "den stängdes, och platserna har gått till andra."
                ),
                code=repr(offering_code),
                round=later[0].id,
            )
        uow.admission.set_offering_status(offering.id, "open", closed_at=None)
        notified = sorted(
            set(uow.admission.applicants_choosing(offering.id))
            | _holders(uow, year_row, offering_code)
        )
        for personal_id in notified:
            text = _text(REOPENED, offering)
            uow.admission.add_message(
                year_row.id, personal_id, "offering_reopened", text, now, _parameters(offering)
            )
        record_change(
            uow.audit,
            actor,
            "offering",
            offering_code,
            "reopen",
            before=snapshot(offering, only=("status", "closed_at")),
            after=OfferingNotice("open", len(notified), tuple(notified)),
            at=now,
        )
        uow.commit()
    return notified


def _offering(uow: UnitOfWork, year_row: AdmissionYearRow, code: str, actor: Actor) -> OfferingRow:
    found = next((o for o in uow.admission.offerings(year_row.id) if o.code == code), None)
    if found is None or not may_manage(actor, found):
        raise NotFound(
            N_("Det finns ingen utbildning %(code)s år %(year)s."),
            code=repr(code),
            year=year_row.year,
        )
    return found


def _holders(uow: UnitOfWork, year_row: AdmissionYearRow, code: str) -> set[str]:
    """Who holds a place in the offering after the latest published final or reserve round."""
    published = [
        r
        for r in uow.rounds.rounds(year_row.id)
        if r.kind.binding and r.status is RoundStatus.PUBLISHED
    ]
    if not published:
        return set()
    result = uow.rounds.round_result(published[-1].id)
    return {pid for pid, (held, _, _) in result.placements.items() if held == code}


def _text(template: str, offering: OfferingRow) -> str:
    return template.format(**_parameters(offering))


def _parameters(offering: OfferingRow) -> dict[str, str]:
    """What a message about the offering is made of, stored with it so that the inbox can show
    it in the reader's language (``admission.queries.inbox``)."""
    return {
        "name": offering.school_unit_name,
        "programme": offering.programme,
        "code": offering.code,
    }
