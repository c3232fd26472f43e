"""Member fees: the board's service-fee decisions, the members' revenue bases, the admission
service fee and the invoices (migration 0007).

Defined on the schema's one metadata (tables.py imports this module at its end, so
that the migrations test compares these tables too).
"""

from __future__ import annotations

from samverka.adapters.db.tables import metadata

__all__ = ["metadata"]
