"""State grants (stimulansmedel): grants, allocation keys, the keyed-out allocations, the
municipalities' reports of use and the reminders (migration 0008).

Defined on the schema's one metadata (tables.py imports this module at its end, so
that the migrations test compares these tables too).

* ``state_grant``: the grant, its total, first split to the region and set-aside percentage,
  and the date the municipalities' reports are due.
* ``state_grant_allocation``: how it was keyed out (one per grant): the key and its parameters,
  the region's part and the set-aside total; ``state_grant_share`` holds each municipality's
  key value (kept, so an allocation can be explained after populations change), share and
  amounts.
* ``state_grant_use`` (reports of use, append-only) and ``state_grant_reminder`` (recorded
  messages; nothing is e-mailed).
* ``state_grant_unused_decision`` (migration 0021): a recorded decision on what was left
  unused after the follow-up, repaid to the state (to whom, on which day) or redistributed (by
  which key), with its reference and who decided; ``state_grant_unused_line`` what it took
  back from and gave to each municipality (``association.grants.domain.grant_unused``).
* ``state_grant_payee`` (migration 0029): the payment details of each recipient of the grants'
  payouts (a municipality code, or ``region``), for the payment file (``ports.GrantPayee``).
"""

from __future__ import annotations

from sqlalchemy import (
    Column,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    Numeric,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from samverka.platform.db.tables import metadata

MONEY = Numeric(14, 2)
PERCENT = Numeric(5, 2)

state_grant = Table(
    "state_grant",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(200), nullable=False),
    Column("year", Integer, nullable=False),
    Column("description", Text, nullable=False, default=""),
    Column("total", MONEY, nullable=False),
    Column("region_percent", PERCENT, nullable=False),
    Column("set_aside_percent", PERCENT, nullable=False),
    Column("report_due", Date),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("created_by", String(80), nullable=False),
)

state_grant_allocation = Table(
    "state_grant_allocation",
    metadata,
    Column("grant_id", ForeignKey("state_grant.id"), primary_key=True),
    Column("key_kind", String(12), nullable=False),
    Column("key_description", String(200), nullable=False),
    Column("age_from", Integer),
    Column("age_to", Integer),
    Column("reference_date", Date),
    Column("region_gross", MONEY, nullable=False),
    Column("region_set_aside", MONEY, nullable=False),
    Column("municipalities_gross", MONEY, nullable=False),
    Column("set_aside_total", MONEY, nullable=False),
    Column("allocated_at", DateTime(timezone=True), nullable=False),
    Column("allocated_by", String(80), nullable=False),
)

state_grant_share = Table(
    "state_grant_share",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("grant_id", ForeignKey("state_grant.id"), nullable=False, index=True),
    Column("municipality_code", ForeignKey("municipality.code"), nullable=False),
    Column("key_value", Numeric(18, 4), nullable=False),
    Column("share", Numeric(9, 6), nullable=False),
    Column("gross", MONEY, nullable=False),
    Column("set_aside", MONEY, nullable=False),
    Column("net", MONEY, nullable=False),
    UniqueConstraint("grant_id", "municipality_code"),
)

state_grant_use = Table(
    "state_grant_use",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("grant_id", ForeignKey("state_grant.id"), nullable=False, index=True),
    Column("municipality_code", ForeignKey("municipality.code"), nullable=False),
    Column("category", String(20), nullable=False),
    Column("purpose", String(300), nullable=False),
    Column("amount", MONEY, nullable=False),
    Column("period_start", Date, nullable=False),
    Column("period_end", Date, nullable=False),
    Column("comment", Text, nullable=False, default=""),
    Column("reported_at", DateTime(timezone=True), nullable=False),
    Column("reported_by", String(80), nullable=False),
)

state_grant_reminder = Table(
    "state_grant_reminder",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("grant_id", ForeignKey("state_grant.id"), nullable=False, index=True),
    Column("municipality_code", ForeignKey("municipality.code"), nullable=False),
    Column("message", Text, nullable=False),
    Column("sent_at", DateTime(timezone=True), nullable=False),
    Column("sent_by", String(80), nullable=False),
)

state_grant_unused_decision = Table(
    "state_grant_unused_decision",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("grant_id", ForeignKey("state_grant.id"), nullable=False, index=True),
    Column("disposal", String(12), nullable=False),  # repay | redistribute
    Column("amount", MONEY, nullable=False),  # everything unused, taken back
    Column("decided_on", Date, nullable=False),
    Column("reference", String(200), nullable=False),
    Column("decided_by", String(200), nullable=False),
    Column("repaid_to", String(200), nullable=False),  # "" when redistributed
    Column("repaid_on", Date),
    Column("redistribution_key", String(12)),  # grant_key | population | equal
    Column("recorded_at", DateTime(timezone=True), nullable=False),
    Column("recorded_by", String(80), nullable=False),
)

state_grant_unused_line = Table(
    "state_grant_unused_line",
    metadata,
    Column("decision_id", ForeignKey("state_grant_unused_decision.id"), primary_key=True),
    Column("municipality_code", ForeignKey("municipality.code"), primary_key=True),
    Column("returned", MONEY, nullable=False),
    Column("received", MONEY, nullable=False),
)

state_grant_payee = Table(
    "state_grant_payee",
    metadata,
    Column("recipient", String(10), primary_key=True),  # municipality code or "region"
    Column("name", String(200), nullable=False),
    Column("organisation_number", String(11)),
    Column("bankgiro", String(9)),
    Column("plusgiro", String(11)),
    Column("recorded_at", DateTime(timezone=True), nullable=False),
    Column("recorded_by", String(80), nullable=False),
)

__all__ = [
    "metadata",
    "state_grant",
    "state_grant_allocation",
    "state_grant_payee",
    "state_grant_reminder",
    "state_grant_share",
    "state_grant_unused_decision",
    "state_grant_unused_line",
    "state_grant_use",
]
