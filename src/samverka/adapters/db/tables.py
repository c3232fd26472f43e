"""The database schema (SQLAlchemy Core). Rows are mapped to domain objects by repositories.

One admission year (``admission_year``) owns its offerings, applicants and rounds. Runs are
immutable once stored; the audit trail (``audit_event``) is append-only, guarded by triggers
created in the migration. An ``account`` is someone who may sign in: a role, the scope that role
is limited to, and an argon2id password hash (none for an account that signs in elsewhere).
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    Numeric,
    String,
    Table,
    Text,
    UniqueConstraint,
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
    Column("member", Boolean, nullable=False, default=True),
)

admission_year = Table(
    "admission_year",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("year", Integer, nullable=False, unique=True),
    Column("region", String(80), nullable=False),
    Column("calendar", JSON, nullable=False),
    Column("settings", JSON, nullable=False),
)

organiser = Table(
    "organiser",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(200), nullable=False, unique=True),
    Column("kind", String(20), nullable=False),
    Column("municipality_code", ForeignKey("municipality.code")),
)

school_unit = Table(
    "school_unit",
    metadata,
    Column("code", String(8), primary_key=True),
    Column("name", String(200), nullable=False),
    Column("organiser_id", ForeignKey("organiser.id"), nullable=False),
    Column("municipality_code", ForeignKey("municipality.code"), nullable=False),
)

offering = Table(
    "offering",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("admission_year_id", ForeignKey("admission_year.id"), nullable=False),
    Column("code", String(40), nullable=False),
    Column("school_unit_code", ForeignKey("school_unit.code"), nullable=False),
    Column("programme", String(8), nullable=False),
    Column("orientation", String(80), nullable=False, default=""),
    Column("places", Integer, nullable=False),
    Column("discretionary_places", Integer, nullable=False, default=0),
    Column("test_multiplier", POINTS),
    Column("test_minimum", POINTS),
    Column("status", String(10), nullable=False, default="open"),
    UniqueConstraint("admission_year_id", "code"),
)

applicant = Table(
    "applicant",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("admission_year_id", ForeignKey("admission_year.id"), nullable=False),
    Column("personal_id", String(13), nullable=False),
    Column("name", String(200), nullable=False),
    Column("home_municipality", ForeignKey("municipality.code"), nullable=False),
    Column("protected_identity", Boolean, nullable=False, default=False),
    Column("school_unit_code", ForeignKey("school_unit.code")),
    Column("english_dispensation", Boolean, nullable=False, default=False),
    Column("reduced_timetable", Boolean, nullable=False, default=False),
    Column("foreign_grades", Boolean, nullable=False, default=False),
    Column("lottery", BigInteger),
    UniqueConstraint("admission_year_id", "personal_id"),
)

guardian = Table(
    "guardian",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("applicant_id", ForeignKey("applicant.id", ondelete="CASCADE"), nullable=False),
    Column("name", String(200), nullable=False),
    Column("email", String(200), nullable=False, default=""),
    Column("phone", String(40), nullable=False, default=""),
)

grade = Table(
    "grade",
    metadata,
    Column("applicant_id", ForeignKey("applicant.id", ondelete="CASCADE"), primary_key=True),
    Column("term", String(10), primary_key=True),
    Column("subject", String(4), primary_key=True),
    Column("letter", String(1), nullable=False),
    Column("after_retake", Boolean, nullable=False, default=False),
)

choice = Table(
    "choice",
    metadata,
    Column("applicant_id", ForeignKey("applicant.id", ondelete="CASCADE"), primary_key=True),
    Column("rank", Integer, primary_key=True),
    Column("offering_id", ForeignKey("offering.id"), nullable=False),
    Column("submitted_at", DateTime(timezone=True), nullable=False),
    Column("late", Boolean, nullable=False, default=False),
    Column("reception", String(20), nullable=False, default="first_hand"),
    Column("discretionary_quota", Boolean, nullable=False, default=False),
    Column("test_points", POINTS),
    UniqueConstraint("applicant_id", "offering_id"),
)

admission_round = Table(
    "admission_round",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("admission_year_id", ForeignKey("admission_year.id"), nullable=False),
    Column("kind", String(20), nullable=False),
    Column("previous_round_id", ForeignKey("admission_round.id")),
    Column("status", String(20), nullable=False),
    Column("seed", BigInteger, nullable=False),
    Column("input_digest", String(64), nullable=False),
    Column("rule_version", String(80), nullable=False),
    Column("engine_version", String(80), nullable=False),
    Column("certificate", String(20), nullable=False),
    Column("timings", JSON, nullable=False),
    Column("snapshot", LargeBinary, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("created_by", String(80), nullable=False),
    Column("published_at", DateTime(timezone=True)),
)

placement = Table(
    "placement",
    metadata,
    Column("round_id", ForeignKey("admission_round.id"), primary_key=True),
    Column("applicant_id", ForeignKey("applicant.id"), primary_key=True),
    Column("offering_id", ForeignKey("offering.id")),
    Column("rank", Integer),
    Column("merit_value", POINTS, nullable=False),
)

reserve = Table(
    "reserve",
    metadata,
    Column("round_id", ForeignKey("admission_round.id"), primary_key=True),
    Column("offering_id", ForeignKey("offering.id"), primary_key=True),
    Column("position", Integer, primary_key=True),
    Column("applicant_id", ForeignKey("applicant.id"), nullable=False),
)

cutoff = Table(
    "cutoff",
    metadata,
    Column("round_id", ForeignKey("admission_round.id"), primary_key=True),
    Column("offering_id", ForeignKey("offering.id"), primary_key=True),
    Column("cutoff", POINTS),
    Column("admitted", Integer, nullable=False),
    Column("places", Integer, nullable=False),
)

# Every choice of every applicant in a round, explained when the round is stored (outcome and
# the reason's figures; ``failures``: the requirements not met, for an ineligible choice), so a
# result page reads one applicant's rows by the primary key. Rounds stored before 0003 have none.
choice_explanation = Table(
    "choice_explanation",
    metadata,
    Column("round_id", ForeignKey("admission_round.id"), primary_key=True),
    Column("applicant_id", ForeignKey("applicant.id"), primary_key=True),
    Column("rank", Integer, primary_key=True),
    Column("offering_id", ForeignKey("offering.id"), nullable=False),
    Column("outcome", String(20), nullable=False),
    Column("score", POINTS, nullable=False),
    Column("cutoff", POINTS),
    Column("reserve_position", Integer),
    Column("failures", JSON),
)

reply = Table(
    "reply",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("applicant_id", ForeignKey("applicant.id"), nullable=False),
    Column("round_id", ForeignKey("admission_round.id"), nullable=False),
    Column("kind", String(30), nullable=False),
    Column("replied_at", DateTime(timezone=True), nullable=False),
)

message = Table(
    "message",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("applicant_id", ForeignKey("applicant.id"), nullable=False),
    Column("kind", String(40), nullable=False),
    Column("text", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

audit_event = Table(
    "audit_event",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("actor", String(80), nullable=False),
    Column("entity", String(40), nullable=False),
    Column("entity_key", String(80), nullable=False),
    Column("action", String(40), nullable=False),
    Column("before", JSON),
    Column("after", JSON),
    Index("ix_audit_event_entity", "entity", "entity_key"),
)

account = Table(
    "account",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("username", String(64), nullable=False, unique=True),
    Column("display_name", String(200), nullable=False),
    Column("role", String(20), nullable=False),
    Column("password_hash", String(255)),  # None: signs in with an identity provider only
    Column("personal_id", String(13)),  # applicant
    Column("school_unit_codes", JSON, nullable=False),  # counsellor, school
    Column("municipality_code", ForeignKey("municipality.code")),  # municipality
    Column("active", Boolean, nullable=False, default=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
)
