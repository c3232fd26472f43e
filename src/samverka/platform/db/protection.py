"""Is a person protected? One answer for the whole application: the union of every source.

Sources: issue 11 point 2 (a person protected in admission data or in the population register
is protected everywhere); admissions-rules §11.2 item 11 (protected identities are never exposed
in lists, exports or statistics) and §5.1 (the admission office handles them); the glossary
(skyddad identitet / sekretessmarkering → ``protected_identity``). In the population register
the flag stands for Skatteverket's sekretessmarkering and skyddad folkbokföring (folkbokföringslagen
(1991:481) 16 §; offentlighets- och sekretesslagen (2009:400) 22 kap. 1 §).

A personal identity number is protected when **any** of these says so:

* an applicant of **any** admission year with ``protected_identity`` (the counsellor's file or
  the admission office), or
* **any** registration period of the youth register with ``protected_identity`` (a population
  extract), past periods included.

The union fails safe: a protection set in one source, or once, is never undone by another
source or a later record. Only the admission officer sees protected persons; lifting a
protection in the admission data (the officer, audited) leaves the register's as it is, and the
other way round.

``is_protected(column)`` is a SQL condition for any query that shows personal data (every list,
detail, export and API of ``queries``); ``protected_among`` answers for a few numbers. Both
read two partial indexes on the protected rows (migration 0011), so the answer costs a look at
the few protected rows, not at every applicant and registration.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from sqlalchemy import ColumnElement, CompoundSelect, Connection, select, true, union
from sqlalchemy.orm import Session

from samverka.admission.db import tables as at
from samverka.register.db import tables as rt


def protected_persons() -> CompoundSelect[Any]:
    """The personal identity numbers protected in any source (a subquery's statement)."""
    a, r = at.applicant, rt.registration_period
    return union(
        select(a.c.personal_id).where(a.c.protected_identity == true()),
        select(r.c.personal_id).where(r.c.protected_identity == true()),
    )


def is_protected(personal_id: ColumnElement[Any]) -> ColumnElement[bool]:
    """True where ``personal_id`` (a column of canonical numbers) is protected in any source."""
    return personal_id.in_(protected_persons())


def protected_among(session: Session | Connection, personal_ids: Collection[str]) -> set[str]:
    """Which of ``personal_ids`` are protected in any source."""
    wanted = set(personal_ids)
    if not wanted:
        return set()
    found = session.execute(protected_persons()).scalars()
    return {str(pid) for pid in found if pid in wanted}
