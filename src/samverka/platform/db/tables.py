"""The platform's part of the database schema (SQLAlchemy Core): the one ``metadata`` every
context's tables are defined on, with its naming convention, the shared column types
(``MONEY``, ``POINTS``), the municipalities, the tamper-evident audit trail
(``audit_event``, an append-only hash chain guarded by triggers: ``append_only.py``) and the
writer locks. Each context keeps its own tables in its ``db/tables.py``;
``samverka.schema`` imports them all.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    DateTime,
    Index,
    Integer,
    MetaData,
    Numeric,
    String,
    Table,
)

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

POINTS = Numeric(8, 2)

municipality = Table(
    "municipality",
    metadata,
    Column("code", String(4), primary_key=True),
    Column("name", String(80), nullable=False),
    Column("population", Integer),
    Column("member", Boolean, nullable=False, default=True),  # of the association: service fee
    # the municipality's part in the admission area (``admission.domain.area.AreaTerms``): member,
    # admission_and_compensation, admission_only or outside (a home municipality only): 0016
    Column(
        "admission_terms", String(30), nullable=False, default="member", server_default="member"
    ),
)


# The audit trail, a hash chain (``platform.domain.audit_chain``, migration 0014): ``sequence``
# numbers the events 1, 2, 3, … without gaps, ``hash`` seals an event's content and
# ``previous_hash``; ``audit_chain_head`` (one row) holds the last sequence and hash, and is
# what a writer locks to number its events.
audit_event = Table(
    "audit_event",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("sequence", BigInteger, nullable=False, unique=True),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("actor", String(80), nullable=False),
    Column("entity", String(40), nullable=False),
    Column("entity_key", String(80), nullable=False),
    Column("action", String(40), nullable=False),
    Column("before", JSON),
    Column("after", JSON),
    Column("previous_hash", String(64), nullable=False),
    Column("hash", String(64), nullable=False),
    Index("ix_audit_event_entity", "entity", "entity_key"),
)

audit_chain_head = Table(
    "audit_chain_head",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("sequence", BigInteger, nullable=False),
    Column("hash", String(64), nullable=False),
    CheckConstraint("id = 1", name="one_row"),
)


# -- the youth register (UEDB), placements and the activity follow-up (KAA): migration 0004 -----


# -- money between municipalities: migration 0005 -----------------------------------------------
# Prices are SEK per pupil and year; a price list is the association's common list (with the
# municipality-specific prices of introductory programmes: ``price.municipality_code`` set) or
# Skolverket's national list, the fallback. Compensation runs and their lines are append-only
# history: a correction is booked as new lines (reversal + new), never by changing a line.
# Months are text ``YYYY-MM``, which sorts in time order.
MONEY = Numeric(14, 2)


# One writer at a time (``platform.db.writer_locks``): a row per kind and key, written first in
# the writer's transaction; migration 0013.
writer_lock = Table(
    "writer_lock",
    metadata,
    Column("kind", String(40), primary_key=True),
    Column("key", String(80), primary_key=True),
    Column("version", Integer, nullable=False),
    Column("holder", String(80), nullable=False),
    Column("taken_at", DateTime(timezone=True), nullable=False),
)


# Long work started from a page (``platform.web.jobs``): one row per job, so that every worker
# process shows its progress and result; ``state`` is the job's own fields as JSON; migration
# 0024.
background_job = Table(
    "background_job",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("kind", String(40), nullable=False),
    Column("started_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("finished_at", DateTime(timezone=True)),
    Column("state", JSON, nullable=False),
    Index("ix_background_job_kind", "kind", "started_at"),
)
