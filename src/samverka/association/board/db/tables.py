"""Board work and agreements: meetings, agenda items, documents, decisions, minutes, steering
groups, representatives and agreements (migration 0010).

Defined on the schema's one metadata (tables.py imports this module at its end, so
that the migrations test compares these tables too). The minutes are columns of their meeting;
an agreement's earlier revision dates are rows of ``agreement_revision``.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from samverka.platform.db.tables import metadata

__all__ = ["metadata"]

board_meeting = Table(
    "board_meeting",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("meeting_date", Date, nullable=False),
    Column("place", String(200), nullable=False),
    Column("status", String(10), nullable=False),
    Column("minutes", Text),
    Column("minutes_adjusted_by", String(200)),
    Column("minutes_adjusted_on", Date),
)

agenda_item = Table(
    "agenda_item",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("meeting_id", ForeignKey("board_meeting.id"), nullable=False),
    Column("number", Integer, nullable=False),
    Column("title", String(300), nullable=False),
    Column("kind", String(12), nullable=False),
    Column("presenter", String(200), nullable=False),
    UniqueConstraint("meeting_id", "number"),
)

board_document = Table(
    "board_document",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("item_id", ForeignKey("agenda_item.id"), nullable=False),
    Column("title", String(300), nullable=False),
    Column("file_name", String(200), nullable=False),
    Column("content_type", String(100), nullable=False),
    Column("size", Integer, nullable=False),
    Column("content", LargeBinary, nullable=False),
    Column("uploaded_at", DateTime(timezone=True), nullable=False),
    Column("uploaded_by", String(80), nullable=False),
)

board_decision = Table(
    "board_decision",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("item_id", ForeignKey("agenda_item.id"), nullable=False),
    Column("text", Text, nullable=False),
    Column("decided_on", Date, nullable=False),
    Column("reference", String(40), nullable=False, unique=True),
)

steering_group = Table(
    "steering_group",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(200), nullable=False, unique=True),
    Column("mandate", Text, nullable=False),
    Column("decision_id", ForeignKey("board_decision.id")),
    Column("start", Date, nullable=False),
    Column("end", Date),
)

steering_group_member = Table(
    "steering_group_member",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("group_id", ForeignKey("steering_group.id"), nullable=False),
    Column("name", String(200), nullable=False),
    Column("organisation", String(200), nullable=False),
    Column("role", String(10), nullable=False),
)

representative = Table(
    "representative",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("person", String(200), nullable=False),
    Column("body", String(200), nullable=False),
    Column("start", Date, nullable=False),
    Column("end", Date),
    Column("decision_id", ForeignKey("board_decision.id")),
)

agreement = Table(
    "agreement",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("title", String(300), nullable=False),
    Column("kind", String(20), nullable=False),
    Column("owner", String(200), nullable=False),
    Column("start", Date, nullable=False),
    Column("end", Date),
    Column("revision_date", Date, nullable=False),
    Column("follow_up_dates", JSON, nullable=False),
)

agreement_party = Table(
    "agreement_party",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("agreement_id", ForeignKey("agreement.id"), nullable=False),
    Column("municipality_code", ForeignKey("municipality.code")),
    Column("organisation", String(200)),
)

agreement_revision = Table(
    "agreement_revision",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("agreement_id", ForeignKey("agreement.id"), nullable=False),
    Column("revised_on", Date, nullable=False),
    Column("previous_revision_date", Date, nullable=False),
    Column("next_revision_date", Date, nullable=False),
    Column("note", Text, nullable=False),
    Column("recorded_at", DateTime(timezone=True), nullable=False),
    Column("recorded_by", String(80), nullable=False),
)
