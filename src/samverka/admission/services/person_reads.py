"""Use cases: the admission officer's reads of personal data through the person search are
recorded in the audit trail (issue 15, second pass; the General Data Protection Regulation
article 5.1 f and 32: the controller can show who read a person's data, and when).

* ``record_person_search``: every search that was made (not an empty field, not a refused
  number), as ``PersonSearch``: the kind of query and the ids of the applicants shown, never
  the text typed (an identity number or a name), under the entity ``person_search`` and the
  admission year.
* ``record_person_opened``: every opening of a person's record, on the page or through the API,
  as ``PersonOpened`` under the entity ``person_record`` and the person's identity number (the
  key of the applicant's other events, so the trail answers "who read this person's data").

Only the admission officer in their own role searches (``queries.person_lookup``); the services
refuse anyone else as the queries do. Each read is one small transaction of its own.
"""

from __future__ import annotations

from datetime import datetime

from samverka.admission.domain.audited import PersonOpened, PersonSearch
from samverka.admission.ports import UnitOfWork
from samverka.errors import N_, NotPermitted
from samverka.platform.access.domain.actors import Actor, Role
from samverka.platform.services.audit_records import record_change

SEARCH_ENTITY = "person_search"
RECORD_ENTITY = "person_record"


def record_person_search(
    uow: UnitOfWork, *, actor: Actor, search: PersonSearch, now: datetime
) -> None:
    _officer(actor)
    with uow:
        key = search.year
        record_change(
            uow.audit, actor, SEARCH_ENTITY, key, "search", before=None, after=search, at=now
        )
        uow.commit()


def record_person_opened(
    uow: UnitOfWork, *, actor: Actor, personal_id: str, opened: PersonOpened, now: datetime
) -> None:
    _officer(actor)
    with uow:
        record_change(
            uow.audit, actor, RECORD_ENTITY, personal_id, "open", before=None, after=opened, at=now
        )
        uow.commit()


def _officer(actor: Actor) -> None:
    if actor.role is not Role.OFFICER:
        raise NotPermitted(N_("Bara antagningshandläggaren söker efter personer."))
