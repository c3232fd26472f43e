"""The whole database schema: every context's tables on the platform's one ``metadata``.

Each context keeps its tables in its own ``db/tables.py`` (the platform's in
``platform/db/tables.py``); this module imports them all, so that ``metadata`` is complete for the
migrations (``platform/db/migrations/env.py``) and for tests that look at every table. It is one of
the few modules that know every context (with ``bootstrap``, ``unit_of_work``, ``web_app``,
``cli`` and ``demo``).
"""

from __future__ import annotations

from samverka.admission.db import tables as admission_tables
from samverka.association.board.db import tables as board_tables
from samverka.association.fees.db import tables as fee_tables
from samverka.association.grants.db import tables as grant_tables
from samverka.association.plan.db import tables as plan_tables
from samverka.compensation.db import tables as compensation_tables
from samverka.compensation.db import terms_tables as compensation_terms_tables
from samverka.platform.access.db import tables as access_tables
from samverka.platform.db.tables import metadata
from samverka.register.db import tables as register_tables

CONTEXT_TABLES = (
    access_tables,
    admission_tables,
    register_tables,
    compensation_tables,
    compensation_terms_tables,
    fee_tables,
    grant_tables,
    plan_tables,
    board_tables,
)

__all__ = ["CONTEXT_TABLES", "metadata"]
