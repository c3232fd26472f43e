"""Money between municipalities: price lists, the structure supplement's tiers, compensation
runs with their append-only lines and totals, unpaid lines, digests, month closings and
settings (migration 0005 onwards)."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    UniqueConstraint,
    false,
)

from samverka.platform.db.tables import MONEY, POINTS, metadata

price_list = Table(
    "price_list",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("year", Integer, nullable=False),
    # common | national | own:CODE (a municipality's own list, price_proposal: migration 0019)
    Column("kind", String(12), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("created_by", String(80), nullable=False),
    UniqueConstraint("year", "kind", name="uq_price_list_year_kind"),
)


price = Table(
    "price",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("price_list_id", ForeignKey("price_list.id"), nullable=False, index=True),
    Column("programme", String(10), nullable=False),
    # None: the programme's price for any orientation; as long as an offering's (migration 0018)
    Column("orientation", String(80)),
    Column("municipality_code", String(4)),  # None: the common price
    Column("yearly", MONEY, nullable=False),
    Column("teaching", MONEY),  # the seven cost types; all None when only the total is known
    Column("premises", MONEY),
    Column("learning_materials", MONEY),
    Column("school_meals", MONEY),
    Column("pupil_health", MONEY),
    Column("travel", MONEY),
    Column("administration_other", MONEY),
)


supplement_tier = Table(
    "supplement_tier",
    metadata,
    Column("year", Integer, primary_key=True),
    Column("level", Integer, primary_key=True),
    Column("below", POINTS, nullable=False),
    Column("yearly_amount", MONEY, nullable=False),
)


compensation_run = Table(
    "compensation_run",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("month", String(7), nullable=False, index=True),
    Column("kind", String(12), nullable=False),  # regular | correction
    Column("status", String(12), nullable=False),  # stored
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("created_by", String(80), nullable=False),
    Column("settings", JSON, nullable=False),
    Column("rechecked", JSON, nullable=False),  # the earlier months compared with the data
    Column("lines", Integer, nullable=False),
    Column("regular_total", MONEY, nullable=False),
    Column("correction_total", MONEY, nullable=False),
    Column("total", MONEY, nullable=False),
    Column("anomalies", JSON, nullable=False),
    Column("timings", JSON, nullable=False),
)


compensation_line = Table(
    "compensation_line",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("run_id", ForeignKey("compensation_run.id"), nullable=False, index=True),
    Column("pupil_id", String(40), nullable=False),
    Column("service_month", String(7), nullable=False, index=True),
    Column("booked_in", String(7), nullable=False, index=True),
    Column("kind", String(12), nullable=False),  # regular | retroactive | reversal
    Column("payer", String(4), nullable=False),
    Column("payee_kind", String(20), nullable=False),
    Column("payee_code", String(20), nullable=False),
    Column("school_unit", String(8), nullable=False),
    Column("programme", String(10), nullable=False),
    Column("orientation", String(80)),  # as long as a placement's (migration 0018)
    Column("price_amount", MONEY, nullable=False),
    Column("supplement_amount", MONEY, nullable=False),
    Column("amount", MONEY, nullable=False),
    Column("measurement_date", Date, nullable=False),
    Column("price_source", String(12), nullable=False),
    # issue 13 (migration 0019): the independent organiser's administration and VAT shares
    # (amount = price + supplement + admin + vat), what the line pays for (``programme`` or a
    # kind of tilläggsbelopp, with its decision), and whether the organiser invoices it (a
    # home municipality outside the area) rather than being paid by the payer
    Column("admin_amount", MONEY, nullable=False, server_default="0"),
    Column("vat_amount", MONEY, nullable=False, server_default="0"),
    Column("purpose", String(24), nullable=False, server_default="programme"),
    Column("decision_id", Integer),
    Column("invoice", Boolean, nullable=False, server_default=false()),
    # an incremental run reads the booked lines of the changed pupils only
    Index("ix_compensation_line_pupil_month", "pupil_id", "service_month"),
)


# What each run states it books per payer, payee and month booked in (its own month): the sums
# of its lines, checked against the stored lines before the run commits, so that the year's
# reconciliation check compares the lines with stated totals without summing a statement per
# line (migration 0018).
compensation_run_total = Table(
    "compensation_run_total",
    metadata,
    Column("run_id", ForeignKey("compensation_run.id"), primary_key=True),
    Column("payer", String(4), primary_key=True),
    Column("payee_kind", String(20), primary_key=True),
    Column("payee_code", String(20), primary_key=True),
    Column("lines", Integer, nullable=False),
    Column("amount", MONEY, nullable=False),
)


# Every placed pupil-month the runs did not pay, with the reason (``UnpaidReason``): an anomaly
# to resolve, or a pupil at their own municipality's school (nothing to pay). One row per pupil
# and service month as the latest run that examined them left it: a run replaces the rows of
# the pupil-months it examined (migration 0018). The run's own report keeps what it found.
compensation_unpaid = Table(
    "compensation_unpaid",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("run_id", ForeignKey("compensation_run.id"), nullable=False, index=True),
    Column("pupil_id", String(40), nullable=False),
    Column("service_month", String(7), nullable=False),
    Column("reason", String(30), nullable=False),
    Column("measurement_date", Date, nullable=False),
    Column("payer", String(4)),  # the home municipality, when the register knows it
    Column("school_unit", String(8)),  # the placement, when there is exactly one
    Column("programme", String(10)),
    Column("orientation", String(80)),
    Column("detail", String(300), nullable=False),
    Index("ix_compensation_unpaid_month_pupil", "service_month", "pupil_id"),
)


# The incremental monthly run (``compensation.domain.digest``): per pupil, the digest of the
# record their booked lines were last checked against and the run that stored it; per run, the
# settings and tariff digests and the months it left checked for everyone.
compensation_pupil_digest = Table(
    "compensation_pupil_digest",
    metadata,
    Column("pupil_id", String(40), primary_key=True),
    Column("digest", String(32), nullable=False),
    Column("run_id", ForeignKey("compensation_run.id"), nullable=False),
)


compensation_recheck_basis = Table(
    "compensation_recheck_basis",
    metadata,
    Column("run_id", ForeignKey("compensation_run.id"), primary_key=True),
    Column("settings_digest", String(32), nullable=False),
    Column("tariff_digests", JSON, nullable=False),  # {"2026": digest, ...}
    Column("covered", JSON, nullable=False),  # ["2026-01", ...]
)


month_closing = Table(
    "month_closing",
    metadata,
    Column("month", String(7), primary_key=True),
    Column("closed_at", DateTime(timezone=True), nullable=False),
    Column("closed_by", String(80), nullable=False),
)


# The region's compensation settings (measurement-day rule, rounding): one row, id 1.
compensation_setting = Table(
    "compensation_setting",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("settings", JSON, nullable=False),
    Column("changed_at", DateTime(timezone=True), nullable=False),
    Column("changed_by", String(80), nullable=False),
)
