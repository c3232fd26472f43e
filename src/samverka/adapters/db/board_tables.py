"""Board work and agreements: meetings, agenda items, documents, decisions, minutes, steering
groups, representatives and agreements (migration 0010).

Defined on the schema's one metadata (tables.py imports this module at its end, so
that the migrations test compares these tables too).
"""

from __future__ import annotations

from samverka.adapters.db.tables import metadata

__all__ = ["metadata"]
