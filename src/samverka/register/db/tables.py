"""The youth register's tables (UEDB): persons, registration periods, population loads and
changes, school placements, and the activity follow-up (KAA) with its retention and erasures."""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    true,
)

from samverka.platform.db.tables import POINTS, metadata

# A person of the register (their birth date from the identity number) and their registration
# periods: one row per state, ``end`` set once when a later extract changes it, never deleted.
register_person = Table(
    "register_person",
    metadata,
    Column("personal_id", String(13), primary_key=True),
    Column("birth_date", Date, nullable=False),
)


registration_period = Table(
    "registration_period",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("personal_id", ForeignKey("register_person.personal_id"), nullable=False, index=True),
    Column("municipality_code", ForeignKey("municipality.code"), nullable=False),
    Column("name", String(200), nullable=False),
    Column("address", String(300), nullable=False, default=""),
    Column("protected_identity", Boolean, nullable=False, default=False),
    Column("registered_on", Date),
    Column("start", Date, nullable=False),
    Column("end", Date),
    # population | admission | school (``RegistrationSource``; migration 0018)
    Column("source", String(12), nullable=False, server_default="population"),
)


population_load = Table(
    "population_load",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("extract_date", Date, nullable=False),
    Column("source", String(200), nullable=False),
    Column("persons", Integer, nullable=False),
    Column("changes", Integer, nullable=False),
    Column("loaded_at", DateTime(timezone=True), nullable=False),
    Column("loaded_by", String(80), nullable=False),
)


# Append-only: every dated change a population load detected.
register_change = Table(
    "register_change",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("load_id", ForeignKey("population_load.id"), nullable=False),
    Column("personal_id", ForeignKey("register_person.personal_id"), nullable=False, index=True),
    Column("kind", String(30), nullable=False),
    Column("on", Date, nullable=False),
    Column("before", String(300)),
    Column("after", String(300)),
)


# A pupil's school placement (not the admission round's ``placement``); the pupil need not be
# in the register (pupils from other regions). ``admission_year_id``: made from that year's
# accepted final results, whose merit value is kept for the structure supplement.
school_placement = Table(
    "school_placement",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("personal_id", String(13), nullable=False, index=True),
    Column("school_unit_code", ForeignKey("school_unit.code"), nullable=False),
    Column("programme", String(8), nullable=False),
    Column("orientation", String(80), nullable=False, default=""),
    Column("start", Date, nullable=False),
    Column("end", Date),
    Column("end_reason", String(20)),
    Column("admission_year_id", ForeignKey("admission_year.id")),
    Column("merit_value", POINTS),
    Index("ix_school_placement_dates", "start", "end"),
)


# Append-only: the municipality's contacts, measures and statuses per person. An entry is
# deleted only by a recorded erasure (retention, migration 0020): a row of
# ``follow_up_erased_entry`` names it, or the database refuses the deletion.
follow_up_entry = Table(
    "follow_up_entry",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("personal_id", String(13), nullable=False, index=True),
    Column("municipality_code", ForeignKey("municipality.code"), nullable=False),
    Column("kind", String(10), nullable=False),
    Column("on", Date, nullable=False),
    Column("status", String(30)),
    Column("note", Text, nullable=False, default=""),
    Column("recorded_at", DateTime(timezone=True), nullable=False),
    Column("recorded_by", String(80), nullable=False),
    Column("measure", String(20)),  # a measure's type (0020)
    Column("ends", Integer),  # the end of a measure: the measure's entry id (0020)
)


# -- retention of the activity follow-up: migration 0020 ---------------------------------------
# Each municipality's retention period (months after a person leaves the group); none stored:
# the default of ``register.domain.kaa_retention``.
kaa_retention = Table(
    "kaa_retention",
    metadata,
    Column("municipality_code", ForeignKey("municipality.code"), primary_key=True),
    Column("months", Integer, nullable=False),
    Column("set_at", DateTime(timezone=True), nullable=False),
    Column("set_by", String(80), nullable=False),
    CheckConstraint("months BETWEEN 1 AND 120", name="months_in_range"),
)


# Append-only: each erasure of follow-up entries, with what it removed (counts, no content).
follow_up_erasure = Table(
    "follow_up_erasure",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("municipality_code", ForeignKey("municipality.code"), nullable=False),
    Column("erased_on", Date, nullable=False),  # the day the retention was judged on
    Column("retention_months", Integer, nullable=False),
    Column("persons", Integer, nullable=False),
    Column("contacts", Integer, nullable=False),
    Column("measures", Integer, nullable=False),
    Column("measure_ends", Integer, nullable=False),
    Column("statuses", Integer, nullable=False),
    Column("erased_at", DateTime(timezone=True), nullable=False),
    Column("erased_by", String(80), nullable=False),
)


# Append-only: the ids of the entries an erasure removed; the database deletes an entry only
# when it is named here by an erasure of the entry's own municipality.
follow_up_erased_entry = Table(
    "follow_up_erased_entry",
    metadata,
    Column("entry_id", Integer, primary_key=True, autoincrement=False),
    Column("erasure_id", ForeignKey("follow_up_erasure.id"), nullable=False, index=True),
)


# The protected registrations of every period, for ``protection.is_protected`` (migration 0011).
Index(
    "ix_registration_period_protected",
    registration_period.c.personal_id,
    sqlite_where=registration_period.c.protected_identity == true(),
    postgresql_where=registration_period.c.protected_identity == true(),
)
