"""Which tables are history: never changed or deleted, only added to.

Source: issue 11, point 9 ("the audit trail and booked lines are tamper-evident and append-only
on both databases"), and the promises the other parts make of their own history: a correction
of a booked compensation line is a reversal and a new line (migration 0005); a stored run is
immutable and a published run is never changed, only followed (``docs/admission-year.md``);
the register keeps every dated change and ends a registration period once, never deleting it
(migration 0004); the activity follow-up (KAA) is a log of contacts and measures.

``APPEND_ONLY`` tables are only ever inserted into: database triggers (migrations 0001, 0005,
0014 and 0018) refuse UPDATE, DELETE and TRUNCATE, and ``INSERT OR REPLACE`` on SQLite, for every
connection, also the owner's; on PostgreSQL the application's role is granted only SELECT and
INSERT on them (``roles.grant_application_role``).

``ERASABLE`` names the one append-only table whose rows are erased when their retention period
ends (issue 13 point 10; ``register.domain.kaa_retention``): the activity follow-up's entries.
Its DELETE guard lets a row go only when an erasure of the row's own municipality names it
(``ErasedBy``: a row of an append-only table of erasures, kept for good), so every deletion is
recorded and nothing else of the table ever changes. On PostgreSQL the application's role has no
DELETE on it either: it calls ``samverka_erase_follow_up(erasure)``, a function of the owner's
that deletes exactly the rows that erasure names (migration 0020, ``roles``).

``WRITE_ONCE`` tables are history with one step left: the named columns may be set once, while
the first of them (the seal) still has its open value, and nothing else ever changes: a stored
admission round is published once, or superseded once when another round is published
(``status`` leaves ``stored``, with ``published_at`` and ``published_after``, or
``superseded_by``; migration 0013); a registration period is ended once (``end`` is set), when a
later extract shows a move. The triggers refuse any other change and every deletion; the
application's role may update those columns only.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final


@dataclass(frozen=True, slots=True)
class WriteOnce:
    """``columns`` may change while ``columns[0]`` (the seal) has its ``open_value`` (``None``:
    is empty), nothing else ever."""

    columns: tuple[str, ...]
    open_value: str | None = None

    @property
    def seal(self) -> str:
        return self.columns[0]


@dataclass(frozen=True, slots=True)
class ErasedBy:
    """Rows go only when ``table`` names them (``entry_column``) under a row of ``erasures``
    (``erasure_column``) of the same ``owner_column`` (the municipality)."""

    table: str
    entry_column: str
    erasure_column: str
    erasures: str
    owner_column: str
    function: str  # PostgreSQL: the owner's function that deletes what one erasure names


APPEND_ONLY: Final = (
    "audit_event",
    "compensation_run",
    "compensation_line",
    "compensation_run_total",
    "month_closing",
    "population_load",
    "register_change",
    "follow_up_entry",
    "placement",
    "reserve",
    "cutoff",
    "round_explanation",
    "round_choice_count",
    "reply",
    "follow_up_erasure",
    "follow_up_erased_entry",
)

ERASABLE: Final = {
    "follow_up_entry": ErasedBy(
        "follow_up_erased_entry",
        "entry_id",
        "erasure_id",
        "follow_up_erasure",
        "municipality_code",
        "samverka_erase_follow_up",
    ),
}

WRITE_ONCE: Final = {
    "admission_round": WriteOnce(
        ("status", "published_at", "published_after", "superseded_by"), open_value="stored"
    ),
    "registration_period": WriteOnce(("end",)),
}
