"""State grants (stimulansmedel): grants, allocation keys, the keyed-out allocations, the
municipalities' reports of use and the reminders (migration 0008).

Defined on the schema's one metadata (tables.py imports this module at its end, so
that the migrations test compares these tables too).
"""

from __future__ import annotations

from samverka.adapters.db.tables import metadata

__all__ = ["metadata"]
