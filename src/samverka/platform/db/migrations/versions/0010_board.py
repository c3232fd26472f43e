"""Board work and agreements: meetings, agenda items, documents, decisions, steering groups,
agreements.

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-22 20:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | Sequence[str] | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _fk(table: str, column: str, target: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column],
        [f"{target}.{'code' if target == 'municipality' else 'id'}"],
        name=op.f(f"fk_{table}_{column}_{target}"),
    )


def upgrade() -> None:
    op.create_table(
        "board_meeting",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_date", sa.Date(), nullable=False),
        sa.Column("place", sa.String(length=200), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("minutes", sa.Text(), nullable=True),
        sa.Column("minutes_adjusted_by", sa.String(length=200), nullable=True),
        sa.Column("minutes_adjusted_on", sa.Date(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_board_meeting")),
    )
    op.create_table(
        "agenda_item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("presenter", sa.String(length=200), nullable=False),
        _fk("agenda_item", "meeting_id", "board_meeting"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agenda_item")),
        sa.UniqueConstraint("meeting_id", "number", name=op.f("uq_agenda_item_meeting_id")),
    )
    op.create_table(
        "board_document",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("file_name", sa.String(length=200), nullable=False),
        sa.Column("content_type", sa.String(length=100), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("uploaded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("uploaded_by", sa.String(length=80), nullable=False),
        _fk("board_document", "item_id", "agenda_item"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_board_document")),
    )
    op.create_table(
        "board_decision",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("decided_on", sa.Date(), nullable=False),
        sa.Column("reference", sa.String(length=40), nullable=False),
        _fk("board_decision", "item_id", "agenda_item"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_board_decision")),
        sa.UniqueConstraint("reference", name=op.f("uq_board_decision_reference")),
    )
    op.create_table(
        "steering_group",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("mandate", sa.Text(), nullable=False),
        sa.Column("decision_id", sa.Integer(), nullable=True),
        sa.Column("start", sa.Date(), nullable=False),
        sa.Column("end", sa.Date(), nullable=True),
        _fk("steering_group", "decision_id", "board_decision"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_steering_group")),
        sa.UniqueConstraint("name", name=op.f("uq_steering_group_name")),
    )
    op.create_table(
        "steering_group_member",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("organisation", sa.String(length=200), nullable=False),
        sa.Column("role", sa.String(length=10), nullable=False),
        _fk("steering_group_member", "group_id", "steering_group"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_steering_group_member")),
    )
    op.create_table(
        "representative",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person", sa.String(length=200), nullable=False),
        sa.Column("body", sa.String(length=200), nullable=False),
        sa.Column("start", sa.Date(), nullable=False),
        sa.Column("end", sa.Date(), nullable=True),
        sa.Column("decision_id", sa.Integer(), nullable=True),
        _fk("representative", "decision_id", "board_decision"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_representative")),
    )
    op.create_table(
        "agreement",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("owner", sa.String(length=200), nullable=False),
        sa.Column("start", sa.Date(), nullable=False),
        sa.Column("end", sa.Date(), nullable=True),
        sa.Column("revision_date", sa.Date(), nullable=False),
        sa.Column("follow_up_dates", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agreement")),
    )
    op.create_table(
        "agreement_party",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("agreement_id", sa.Integer(), nullable=False),
        sa.Column("municipality_code", sa.String(length=4), nullable=True),
        sa.Column("organisation", sa.String(length=200), nullable=True),
        _fk("agreement_party", "agreement_id", "agreement"),
        _fk("agreement_party", "municipality_code", "municipality"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agreement_party")),
    )
    op.create_table(
        "agreement_revision",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("agreement_id", sa.Integer(), nullable=False),
        sa.Column("revised_on", sa.Date(), nullable=False),
        sa.Column("previous_revision_date", sa.Date(), nullable=False),
        sa.Column("next_revision_date", sa.Date(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("recorded_by", sa.String(length=80), nullable=False),
        _fk("agreement_revision", "agreement_id", "agreement"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agreement_revision")),
    )


def downgrade() -> None:
    for table in (
        "agreement_revision",
        "agreement_party",
        "agreement",
        "representative",
        "steering_group_member",
        "steering_group",
        "board_decision",
        "board_document",
        "agenda_item",
        "board_meeting",
    ):
        op.drop_table(table)
