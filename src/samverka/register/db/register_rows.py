"""Rows of the youth register's tables as domain objects (registration periods, placements,
activity follow-up entries), for the repository and the read side alike."""

from __future__ import annotations

from typing import Any

from samverka.register.domain.activity_follow_up import (
    EntryKind,
    FollowUpEntry,
    KaaStatus,
    MeasureType,
)
from samverka.register.domain.placements import EndReason, SchoolPlacement
from samverka.register.domain.population import RegistrationPeriod, RegistrationSource


def period_from_row(row: Any) -> RegistrationPeriod:
    return RegistrationPeriod(
        row.personal_id,
        row.municipality_code,
        row.name,
        row.address,
        row.protected_identity,
        row.start,
        row.end,
        row.registered_on,
        RegistrationSource(row.source),
    )


def placement_from_row(row: Any) -> SchoolPlacement:
    return SchoolPlacement(
        row.personal_id,
        row.school_unit_code,
        row.programme,
        row.orientation,
        row.start,
        row.end,
        None if row.end_reason is None else EndReason(row.end_reason),
        row.id,
    )


def entry_from_row(row: Any) -> FollowUpEntry:
    """An entry; a measure recorded before its type was (migration 0020) reads as OTHER."""
    kind = EntryKind(row.kind)
    status = None if row.status is None else KaaStatus(row.status)
    measure = None if row.measure is None else MeasureType(row.measure)
    if kind is EntryKind.MEASURE and measure is None:
        measure = MeasureType.OTHER
    return FollowUpEntry(row.personal_id, kind, row.on, status, row.note, measure, row.ends, row.id)
