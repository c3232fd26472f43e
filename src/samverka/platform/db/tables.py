"""The database schema (SQLAlchemy Core). Rows are mapped to domain objects by repositories.

One admission year (``admission_year``) owns its offerings, applicants and rounds. Runs are
immutable once stored; the audit trail (``audit_event``) is an append-only hash chain; triggers
created in the migrations guard them and the other history tables (``append_only.py``). An
``account`` is someone who may sign in: a role, the scope that role is limited to, and an
argon2id password hash (none for an account that signs in elsewhere).
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    Date,
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
    false,
    true,
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
    # the municipality's part in the admission area (``domain.admission.area.AreaTerms``): member,
    # admission_and_compensation, admission_only or outside (a home municipality only): 0016
    Column(
        "admission_terms", String(30), nullable=False, default="member", server_default="member"
    ),
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
    UniqueConstraint("admission_year_id", "personal_id"),
)
# The protected applicants of every year, for ``protection.is_protected`` (migration 0011).
Index(
    "ix_applicant_protected",
    applicant.c.personal_id,
    sqlite_where=applicant.c.protected_identity == true(),
    postgresql_where=applicant.c.protected_identity == true(),
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
    # The reception is derived (``domain.admission.reception``); ``reception`` is the admission
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

placement = Table(
    "placement",
    metadata,
    Column("round_id", ForeignKey("admission_round.id"), primary_key=True),
    Column("applicant_id", ForeignKey("applicant.id"), primary_key=True),
    Column("offering_id", ForeignKey("offering.id")),
    Column("rank", Integer),
    Column("merit_value", POINTS, nullable=False),
    Column("grade_term", String(10)),  # the term whose grades the round used (0012)
    # 0017: admitted under fri kvot (granted it, on one of the offering's fri-kvot places).
    Column("under_quota", Boolean, nullable=False, default=False, server_default=false()),
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
    Column("reception", String(20)),  # first_hand / second_hand as the round derived it (0016)
    Column("reception_ground", String(30)),  # ``ReceptionGround``; None before 0016
    # 0017: how fri kvot bore on the choice (``explain.QuotaNote``), and on an offering the
    # school ranks, the school's rank of the applicant and of the last admitted.
    Column("fri_kvot", String(20)),
    Column("school_rank", Integer),
    Column("cutoff_rank", Integer),
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

# The audit trail, a hash chain (``domain.common.audit_chain``, migration 0014): ``sequence``
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


# -- the youth register (UEDB), placements and the activity follow-up (KAA): migration 0004 -----

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
# The protected registrations of every period, for ``protection.is_protected`` (migration 0011).
Index(
    "ix_registration_period_protected",
    registration_period.c.personal_id,
    sqlite_where=registration_period.c.protected_identity == true(),
    postgresql_where=registration_period.c.protected_identity == true(),
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
# the default of ``domain.register.kaa_retention``.
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


# -- money between municipalities: migration 0005 -----------------------------------------------
# Prices are SEK per pupil and year; a price list is the association's common list (with the
# municipality-specific prices of introductory programmes: ``price.municipality_code`` set) or
# Skolverket's national list, the fallback. Compensation runs and their lines are append-only
# history: a correction is booked as new lines (reversal + new), never by changing a line.
# Months are text ``YYYY-MM``, which sorts in time order.
MONEY = Numeric(14, 2)

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

# The incremental monthly run (``domain.compensation.digest``): per pupil, the digest of the
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


# One writer at a time (``adapters.db.writer_locks``): a row per kind and key, written first in
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


# The association's own economics and steering: each area's tables in a module of its own, on
# this metadata. Imported last, because each of them imports ``metadata`` from here.
from samverka.adapters.db import (  # noqa: E402
    access_tables,
    board_tables,
    compensation_terms_tables,
    member_fee_tables,
    operations_plan_tables,
    state_grant_tables,
)

__all__ = [
    "access_tables",
    "board_tables",
    "compensation_terms_tables",
    "member_fee_tables",
    "operations_plan_tables",
    "state_grant_tables",
]
