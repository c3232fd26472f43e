"""Member fees: the board's service-fee decisions, the members' revenue bases, the admission
service fee and the invoices (migration 0007); the admission fee's charges (one per service:
the admission office, the youth register, the admission system, recovery), how its young
people were counted, and every invoice's lines (migration 0021).

Defined on the schema's one metadata (tables.py imports this module at its end, so
that the migrations test compares these tables too).

A decision is stored with its computed fees and invoices when it is decided (fastställd). A
year decided again gets a new ``version``; the earlier decision is kept, marked superseded
(``superseded_at``), with its fees and invoices, so the history stays readable.
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

FEE_MONEY = Numeric(14, 2)
REVENUE = Numeric(16, 2)
PER_MILLE = Numeric(8, 4)

fee_revenue_base = Table(
    "fee_revenue_base",
    metadata,
    Column("municipality_code", ForeignKey("municipality.code"), primary_key=True),
    Column("base_year", Integer, primary_key=True),
    Column("revenue", REVENUE, nullable=False),  # tax and grant revenue, SEK
    Column("source", String(200), nullable=False),
    Column("changed_at", DateTime(timezone=True), nullable=False),
    Column("changed_by", String(80), nullable=False),
)

service_fee_decision = Table(
    "service_fee_decision",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("fee_year", Integer, nullable=False),
    Column("version", Integer, nullable=False),
    Column("rate_per_mille", PER_MILLE, nullable=False),
    Column("cap_per_mille", PER_MILLE, nullable=False),
    Column("base_year", Integer, nullable=False),
    Column("decided_on", Date, nullable=False),
    Column("decided_by", String(200), nullable=False),
    Column("instalments", Integer, nullable=False),
    Column("reason", Text, nullable=False),  # why it was decided again; "" the first time
    Column("recorded_at", DateTime(timezone=True), nullable=False),
    Column("recorded_by", String(80), nullable=False),
    Column("superseded_at", DateTime(timezone=True)),
    UniqueConstraint("fee_year", "version", name="uq_service_fee_decision_fee_year_version"),
)

service_fee_line = Table(
    "service_fee_line",
    metadata,
    Column("decision_id", ForeignKey("service_fee_decision.id"), primary_key=True),
    Column("municipality_code", ForeignKey("municipality.code"), primary_key=True),
    Column("revenue", REVENUE, nullable=False),
    Column("fee", FEE_MONEY, nullable=False),
)

admission_fee_decision = Table(
    "admission_fee_decision",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("fee_year", Integer, nullable=False),
    Column("version", Integer, nullable=False),
    Column("budgeted_cost", FEE_MONEY, nullable=False),
    Column("fee_age", Integer, nullable=False),
    # cohort | exact_age; the decisions before migration 0021 counted the exact age
    Column("count_basis", String(12), nullable=False, server_default="exact_age"),
    Column("reference_date", Date, nullable=False),
    Column("price_per_young_person", FEE_MONEY, nullable=False),
    Column("decided_on", Date, nullable=False),
    Column("decided_by", String(200), nullable=False),
    Column("instalments", Integer, nullable=False),
    Column("reason", Text, nullable=False),
    Column("recorded_at", DateTime(timezone=True), nullable=False),
    Column("recorded_by", String(80), nullable=False),
    Column("superseded_at", DateTime(timezone=True)),
    UniqueConstraint("fee_year", "version", name="uq_admission_fee_decision_fee_year_version"),
)

admission_fee_line = Table(
    "admission_fee_line",
    metadata,
    Column("decision_id", ForeignKey("admission_fee_decision.id"), primary_key=True),
    Column("municipality_code", ForeignKey("municipality.code"), primary_key=True),
    Column("young_people", Integer, nullable=False),
    Column("fee", FEE_MONEY, nullable=False),
)

admission_fee_charge = Table(
    "admission_fee_charge",
    metadata,
    Column("decision_id", ForeignKey("admission_fee_decision.id"), primary_key=True),
    # association.fees.domain.admission_fee.ChargeKind
    Column("kind", String(20), primary_key=True),
    Column("text", String(200), nullable=False),
    Column("cost", FEE_MONEY, nullable=False),
)

fee_invoice = Table(
    "fee_invoice",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("invoice_number", String(40), nullable=False, unique=True),
    Column("kind", String(12), nullable=False),  # service | admission
    Column("decision_id", Integer, nullable=False),  # of the kind's decision table
    Column("fee_year", Integer, nullable=False, index=True),
    Column("municipality_code", ForeignKey("municipality.code"), nullable=False),
    Column("issued_on", Date, nullable=False),
    Column("amount", FEE_MONEY, nullable=False),
)

fee_instalment = Table(
    "fee_instalment",
    metadata,
    Column("invoice_id", ForeignKey("fee_invoice.id"), primary_key=True),
    Column("number", Integer, primary_key=True),
    Column("due_on", Date, nullable=False),
    Column("amount", FEE_MONEY, nullable=False),
)

fee_invoice_line = Table(
    "fee_invoice_line",
    metadata,
    Column("invoice_id", ForeignKey("fee_invoice.id"), primary_key=True),
    Column("number", Integer, primary_key=True),
    Column("kind", String(20), nullable=False),  # service, or the admission fee's charge kind
    Column("text", String(200), nullable=False),
    Column("amount", FEE_MONEY, nullable=False),
)

__all__ = [
    "admission_fee_charge",
    "admission_fee_decision",
    "admission_fee_line",
    "fee_instalment",
    "fee_invoice",
    "fee_invoice_line",
    "fee_revenue_base",
    "metadata",
    "service_fee_decision",
    "service_fee_line",
]
