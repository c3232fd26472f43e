"""The operations plan and budget: focus areas, goals, assignments, activities, follow-ups, budget
units and lines, staff allocation (migration 0009).

Defined on the schema's one metadata (tables.py imports this module at its end, so
that the migrations test compares these tables too).
"""

from __future__ import annotations

from samverka.adapters.db.tables import metadata

__all__ = ["metadata"]
