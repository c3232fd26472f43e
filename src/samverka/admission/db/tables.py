"""The admission's tables: years, organisers, schools, offerings, applicants, their grades and
choices, and the immutable rounds with their placements, reserves, cut-offs, explanations,
replies and messages (SQLAlchemy Core, on the platform's ``metadata``); and the catalogue's
version, which triggers move on at every write to the year's catalogue (migration 0028)."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Table,
    Text,
    UniqueConstraint,
    false,
    true,
)

from samverka.platform.db.tables import POINTS, metadata

admission_year = Table(
    "admission_year",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("year", Integer, nullable=False, unique=True),
    Column("region", String(80), nullable=False),
    Column("calendar", JSON, nullable=False),
    Column("settings", JSON, nullable=False),
)


# One row (id 1): moved on by triggers at every write to admission_year, municipality, organiser,
# school_unit, offering and admission_round (migration 0028; ``queries.year_facts``).
catalogue_version = Table(
    "catalogue_version",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("version", BigInteger, nullable=False),
)


organiser = Table(
    "organiser",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(200), nullable=False, unique=True),
    Column("kind", String(20), nullable=False),
    Column("municipality_code", ForeignKey("municipality.code")),
    Column("organisation_number", String(11)),  # an independent organiser's, for payments
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
    Column("leads_to", String(8)),  # IMV: the national programme it leads to (0012)
    # riksrekryterande: applicants from all of Sweden on equal terms (first hand): 0016
    Column("nationally_recruiting", Boolean, nullable=False, default=False, server_default=false()),
    Column("closed_at", DateTime(timezone=True)),  # "startar ej" since; reopened: None again
    # 0017: the school ranks its applicants (IMA always; an individually adapted IMV/IMY).
    Column("ranked_by_school", Boolean, nullable=False, default=False, server_default=false()),
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
    # Since 0012 the counsellor's marker that the pupil asks for the English dispensation; the
    # receiving organisers' decisions are ``english_dispensation_decision``.
    Column("english_dispensation", Boolean, nullable=False, default=False),
    Column("reduced_timetable", Boolean, nullable=False, default=False),
    Column("foreign_grades", Boolean, nullable=False, default=False),
    Column("lottery", BigInteger),
    Column("arrival_date", Date),  # newly arrived, for IMS (0012)
    Column(
        "completed_national_programme",
        Boolean,
        nullable=False,
        default=False,
        server_default=false(),
    ),
    Column("inbox_read_at", DateTime(timezone=True)),  # the inbox marked as read (0022)
    # 0027: what the latest imported grades give (``domain.grade_standing.latest_standing``),
    # written with the grades; both empty without grades.
    Column("merit_value", POINTS),
    Column("eligible_national", Boolean),
    UniqueConstraint("admission_year_id", "personal_id"),
    # 0023: a municipality's residents of a year (its page's list and statistics).
    Index("ix_applicant_year_home", "admission_year_id", "home_municipality"),
    # 0027: a counsellor's pupils of a year (their list and start page's counts).
    Index("ix_applicant_year_unit", "admission_year_id", "school_unit_code"),
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
    # The reception is derived (``admission.domain.reception``); ``reception`` is the admission
    # office's override, and counts only with its ``reception_reason`` (0016).
    Column("reception", String(20), nullable=False, default="first_hand"),
    Column("reception_reason", Text),
    Column("discretionary_quota", Boolean, nullable=False, default=False),
    Column("test_points", POINTS),
    # The agreement that admits an over-age applicant on this choice (0012); all or none set.
    Column("over_age_reference", String(100)),
    Column("over_age_recorded_by", String(80)),
    Column("over_age_recorded_at", DateTime(timezone=True)),
    # 0017: the school's rank on an offering it ranks (each rank once per offering), and the
    # organiser's assessment that foreign grades give knowledge equivalent to the requirements.
    Column("school_rank", Integer),
    Column("equivalent_knowledge", Boolean, nullable=False, default=False, server_default=false()),
    UniqueConstraint("applicant_id", "offering_id"),
    Index("uq_choice_school_rank", "offering_id", "school_rank", unique=True),
    # 0027: the late choices (the officer's start page counts them) without reading every choice.
    Index("ix_choice_late", "late", "applicant_id"),
)


# The receiving organiser's decision on the English dispensation (SL 16 kap. 32 §) for one
# applicant: it opens that organiser's offerings only (0012).
english_dispensation_decision = Table(
    "english_dispensation_decision",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("applicant_id", ForeignKey("applicant.id", ondelete="CASCADE"), nullable=False),
    Column("organiser_id", ForeignKey("organiser.id"), nullable=False),
    Column("decided_on", Date, nullable=False),
    Column("decided_by", String(200), nullable=False),
    Column("reference", String(100), nullable=False),
    Column("recorded_at", DateTime(timezone=True), nullable=False),
    Column("recorded_by", String(80), nullable=False),
    UniqueConstraint("applicant_id", "organiser_id"),
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
    # Migration 0013: the publication this round's publication followed (0: the year's first),
    # unique per year so that published rounds form one chain, never a fork; and the round
    # whose publication superseded this one, never to be published (status "superseded").
    Column("published_after", Integer),
    Column("superseded_by", ForeignKey("admission_round.id")),
    Index(
        "uq_admission_round_published_after", "admission_year_id", "published_after", unique=True
    ),
)


# A round's results: placements, reserve lists and cut-offs. Since 0026 without foreign keys,
# as the explanations: written once, at once, in the round's own transaction, with the
# ids of the round and of the applicants and offerings it read (``round_repository``).
placement = Table(
    "placement",
    metadata,
    Column("round_id", Integer, primary_key=True, autoincrement=False),  # admission_round.id
    Column("applicant_id", Integer, primary_key=True, autoincrement=False),  # applicant.id
    Column("offering_id", Integer),  # offering.id; None: not placed
    Column("rank", Integer),
    Column("merit_value", POINTS, nullable=False),
    Column("grade_term", String(10)),  # the term whose grades the round used (0012)
    # 0017: admitted under fri kvot (granted it, on one of the offering's fri-kvot places).
    Column("under_quota", Boolean, nullable=False, default=False, server_default=false()),
    # 0023: a round's results per offering (statistics, a school's offering page) from the index.
    Index("ix_placement_round_offering", "round_id", "offering_id", "rank", "under_quota"),
)


reserve = Table(
    "reserve",
    metadata,
    Column("round_id", Integer, primary_key=True, autoincrement=False),  # admission_round.id
    Column("offering_id", Integer, primary_key=True, autoincrement=False),  # offering.id
    Column("position", Integer, primary_key=True),
    Column("applicant_id", Integer, nullable=False),  # applicant.id
)


cutoff = Table(
    "cutoff",
    metadata,
    Column("round_id", Integer, primary_key=True, autoincrement=False),  # admission_round.id
    Column("offering_id", Integer, primary_key=True, autoincrement=False),  # offering.id
    Column("cutoff", POINTS),
    Column("admitted", Integer, nullable=False),
    Column("places", Integer, nullable=False),
)


# Every choice of every applicant in a round, explained when the round is stored (outcome and
# the reason's figures; the requirements not met, for an ineligible choice), so a result page
# reads one applicant's row by the primary key. Rounds stored before 0003 have none. Since 0030
# one row per applicant, its choices packed in ``choices``: a compact JSON array, in rank order,
# of ``[rank, offering_id, outcome, score, cutoff, reserve_position, failures, reception,
# reception_ground, fri_kvot, school_rank, cutoff_rank]`` (scores and cut-offs as decimal text;
# ``round_repository.pack_choices``), instead of a row per choice (0003–0029: 120,000 rows a
# round, most of the cost of storing it). No foreign keys (0024): a round writes its rows at
# once, in its own transaction, with the ids of the round and of the applicants and offerings
# it read (``round_repository``).
round_explanation = Table(
    "round_explanation",
    metadata,
    Column("round_id", Integer, primary_key=True, autoincrement=False),  # admission_round.id
    Column("applicant_id", Integer, primary_key=True, autoincrement=False),  # applicant.id
    Column("choices", Text, nullable=False),
)


# A round's choices counted per offering when its explanations are stored (0030): every choice
# and the first choices, for the statistics page.
round_choice_count = Table(
    "round_choice_count",
    metadata,
    Column("round_id", Integer, primary_key=True, autoincrement=False),  # admission_round.id
    Column("offering_id", Integer, primary_key=True, autoincrement=False),  # offering.id
    Column("choices", Integer, nullable=False),
    Column("first_choices", Integer, nullable=False),
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
    Column("text", Text, nullable=False),  # as sent, in Swedish
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("parameters", JSON),  # what the text was made of, for the inbox (0022)
)


# The protected applicants of every year, for ``protection.is_protected`` (migration 0011).
Index(
    "ix_applicant_protected",
    applicant.c.personal_id,
    sqlite_where=applicant.c.protected_identity == true(),
    postgresql_where=applicant.c.protected_identity == true(),
)
