"""Lists of a stored round per offering: the admitted and the reserves, with identity and name.

These lists carry personal data and go only to those who handle admissions. An applicant with
protected identity (skyddad identitet, admissions-rules §11.2 item 11) is shown to a viewer
without that right as ``PROTECTED_NAME``, without identity number; the entry keeps its place,
so every position, count and merit value stays as it is. Protected means protected in any
source (``platform.db.protection``: the admission data of any year or the population register;
issue 11 point 2), and ``protected_identity`` says so; the exports are written from these lists.

Order: the admitted of an offering by merit value, highest first (ties in the order the
applicants were registered), numbered from 1; reserves in their stored reserve order. An
admission under fri kvot (gymnasieförordningen 7 kap. 3 §) is marked ``under_fri_kvot``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Final

from sqlalchemy import Label, Row, select

from samverka.admission.db import tables as t
from samverka.admission.queries.admission_statistics import Database, round_of_year
from samverka.platform.db.protection import is_protected

PROTECTED_NAME: Final = "Skyddad identitet"


@dataclass(frozen=True, slots=True)
class Viewer:
    """Who looks at the lists; without the right, protected identities are masked."""

    may_see_protected: bool = False


@dataclass(frozen=True, slots=True)
class AdmittedApplicant:
    offering_code: str
    position: int
    personal_id: str | None  # None when masked
    name: str
    merit_value: Decimal
    choice_rank: int
    protected_identity: bool
    under_fri_kvot: bool = False


@dataclass(frozen=True, slots=True)
class ReserveApplicant:
    offering_code: str
    position: int
    personal_id: str | None  # None when masked
    name: str
    merit_value: Decimal
    protected_identity: bool


def admitted_lists(
    db: Database, year: int, round_id: int, viewer: Viewer
) -> list[AdmittedApplicant]:
    """The admitted of every offering of the round, by offering code and position."""
    round_of_year(db, year, round_id)
    a, o, p = t.applicant, t.offering, t.placement
    query = (
        select(o.c.code, a.c.personal_id, a.c.name, _protected(a), p.c.merit_value)
        .add_columns(p.c.rank, p.c.under_quota)
        .select_from(p)
        .join(a, a.c.id == p.c.applicant_id)
        .join(o, o.c.id == p.c.offering_id)
        .where(p.c.round_id == round_id)
        .order_by(o.c.code, p.c.merit_value.desc(), a.c.id)
    )
    return [
        AdmittedApplicant(
            row.code,
            position,
            *_identity(row, viewer),
            Decimal(row.merit_value),
            row.rank,
            bool(row.protected_identity),
            row.under_quota,
        )
        for row, position in _numbered(db.execute(query))
    ]


def reserve_lists(db: Database, year: int, round_id: int, viewer: Viewer) -> list[ReserveApplicant]:
    """The reserves of every offering of the round, by offering code and reserve position."""
    round_of_year(db, year, round_id)
    a, o, r, p = t.applicant, t.offering, t.reserve, t.placement
    query = (
        select(o.c.code, r.c.position, a.c.personal_id, a.c.name, _protected(a))
        .add_columns(p.c.merit_value)
        .select_from(r)
        .join(a, a.c.id == r.c.applicant_id)
        .join(o, o.c.id == r.c.offering_id)
        .join(p, (p.c.round_id == r.c.round_id) & (p.c.applicant_id == r.c.applicant_id))
        .where(r.c.round_id == round_id)
        .order_by(o.c.code, r.c.position)
    )
    return [
        ReserveApplicant(
            row.code,
            row.position,
            *_identity(row, viewer),
            Decimal(row.merit_value),
            bool(row.protected_identity),
        )
        for row in db.execute(query)
    ]


def _protected(applicant: Any) -> Label[bool]:
    """Whether the applicant is protected in any source, as ``protected_identity``."""
    return is_protected(applicant.c.personal_id).label("protected_identity")


def _identity(row: Row[Any], viewer: Viewer) -> tuple[str | None, str]:
    """The identity number and name the viewer may see."""
    if row.protected_identity and not viewer.may_see_protected:
        return None, PROTECTED_NAME
    return row.personal_id, row.name


def _numbered(rows: Iterable[Row[Any]]) -> Iterable[tuple[Row[Any], int]]:
    """Each row with its position, counted from 1 within its offering."""
    code, position = None, 0
    for row in rows:
        position = position + 1 if row.code == code else 1
        code = row.code
        yield row, position
