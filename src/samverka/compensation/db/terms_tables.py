"""The terms of the money between municipalities (issue 13, points 3–7; migration 0019).

Defined on the schema's one metadata (tables.py imports this module at its end, so that the
migrations test compares these tables too). Every change is audited in the same transaction
(``compensation.services.compensation_terms``, ``compensation.services.additional_grants``,
``compensation.services.price_proposals``).

* ``compensation_year_setting``: per year, the independent organisers' administration and VAT
  shares in per cent and whether the common list already includes them, with the decision.
* ``clearing_decision``: the members' decisions on how municipalities settle (bilateral by
  default, multilateral clearing by agreement), each from a first month; kept, never replaced.
* ``additional_grant``: the home municipalities' tilläggsbelopp decisions per pupil.
* ``compensation_payee``: who is paid, with the payment details (bankgiro, plusgiro) the
  payment files need; also the organisers outside the area.
* ``price_proposal`` and ``price_decision``: the association's proposal of a year's list and
  each member municipality's decision on it. A municipality's own list is a ``price_list``
  of kind ``own:CODE``.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    Integer,
    Numeric,
    String,
    Table,
    UniqueConstraint,
)

from samverka.platform.db.tables import MONEY, metadata

PERCENT = Numeric(6, 2)

compensation_year_setting = Table(
    "compensation_year_setting",
    metadata,
    Column("year", Integer, primary_key=True, autoincrement=False),
    Column("administration_percent", PERCENT, nullable=False),
    Column("vat_percent", PERCENT, nullable=False),
    Column("included", Boolean, nullable=False),
    Column("decided_on", Date),
    Column("reference", String(100), nullable=False),
    Column("changed_at", DateTime(timezone=True), nullable=False),
    Column("changed_by", String(80), nullable=False),
)

clearing_decision = Table(
    "clearing_decision",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("mode", String(12), nullable=False),  # bilateral | multilateral
    Column("from_month", String(7), nullable=False),
    Column("decided_on", Date, nullable=False),
    Column("reference", String(100), nullable=False),
    Column("recorded_at", DateTime(timezone=True), nullable=False),
    Column("recorded_by", String(80), nullable=False),
)

additional_grant = Table(
    "additional_grant",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("pupil_id", String(40), nullable=False, index=True),
    Column("municipality_code", String(4), nullable=False, index=True),
    Column("kind", String(24), nullable=False),
    Column("amount", MONEY, nullable=False),
    Column("per", String(6), nullable=False),  # year | month
    Column("first_month", String(7), nullable=False),
    Column("last_month", String(7)),  # None: until further notice
    Column("decided_on", Date, nullable=False),
    Column("reference", String(100), nullable=False),
    Column("recorded_at", DateTime(timezone=True), nullable=False),
    Column("recorded_by", String(80), nullable=False),
)

compensation_payee = Table(
    "compensation_payee",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("kind", String(20), nullable=False),  # municipality | region | independent
    Column("code", String(20), nullable=False),  # as on the lines (payee_code)
    Column("name", String(200), nullable=False),
    Column("organisation_number", String(11)),
    Column("bankgiro", String(9)),
    Column("plusgiro", String(11)),
    Column("outside_area", Boolean, nullable=False),
    Column("changed_at", DateTime(timezone=True), nullable=False),
    Column("changed_by", String(80), nullable=False),
    UniqueConstraint("kind", "code", name="uq_compensation_payee_kind_code"),
)

price_proposal = Table(
    "price_proposal",
    metadata,
    Column("year", Integer, primary_key=True, autoincrement=False),
    Column("from_year", Integer, nullable=False),
    Column("percent", PERCENT, nullable=False),
    Column("level_percent", JSON, nullable=False),  # [[level, "6.0"], ...]
    Column("proposed_on", Date, nullable=False),
    Column("reference", String(100), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("created_by", String(80), nullable=False),
)

price_decision = Table(
    "price_decision",
    metadata,
    Column("year", Integer, primary_key=True, autoincrement=False),
    Column("municipality_code", String(4), primary_key=True),
    Column("outcome", String(12), nullable=False),  # adopted | not_adopted | own_list
    Column("decided_on", Date, nullable=False),
    Column("reference", String(100), nullable=False),
    Column("recorded_at", DateTime(timezone=True), nullable=False),
    Column("recorded_by", String(80), nullable=False),
)
