"""Two PostgreSQL roles: the owner migrates, the application only reads and adds to the tables
of history. Connected as the application's role, the server itself refuses UPDATE, DELETE and
TRUNCATE on them, and refuses lifting their guards; everything the services do still works.

Source: issue 11, point 9 ("on PostgreSQL the application runs as a role that may only insert
and read those tables, while migrations run as the owner (document both URLs; test it)");
``samverka.platform.access.db.roles``; ``docs/security.md``, "Audit trail". The throwaway server's
superuser is the owner here; each test creates an application role of its own.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from admission_year_builders import (
    AFTER_FINAL,
    IN_APPLICATION_PERIOD,
    OFFICE,
    YEAR,
    open_year,
    personal_id,
    pupil,
)
from sqlalchemy import Connection, make_url, select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.pool import NullPool
from typer.testing import CliRunner

from samverka import bootstrap
from samverka.admission.domain.replies import ReplyKind
from samverka.admission.domain.rounds import RoundKind
from samverka.admission.services.applications import ChoiceRequest, register_applications
from samverka.admission.services.pupils import import_pupils
from samverka.admission.services.replies import register_replies
from samverka.admission.services.rounds import publish_round, run_round
from samverka.cli import app
from samverka.config import Settings
from samverka.errors import DatabaseSetupError
from samverka.platform.access.db.roles import application_role_of
from samverka.platform.access.domain.actors import Actor, Role
from samverka.platform.db import migrate
from samverka.platform.db.append_only import APPEND_ONLY, WRITE_ONCE
from samverka.platform.db.engine import make_engine
from samverka.platform.services.audit_trail import verify_audit_trail
from samverka.register.db import tables as rt
from samverka.register.domain.activity_follow_up import EntryKind
from samverka.register.domain.population import PopulationRecord
from samverka.register.services.activity_follow_up import erase_expired_entries, record_follow_up
from samverka.register.services.register import load_population, place_admitted
from samverka.schema import metadata
from samverka.unit_of_work import SqlUnitOfWork

PERMISSION_DENIED = "42501"  # insufficient_privilege
NOW = datetime(YEAR, 10, 1, 3, tzinfo=UTC)


def _as(url: str, user: str) -> str:
    return make_url(url).set(username=user).render_as_string(hide_password=False)


@pytest.fixture
def owner_url(empty_database_url: str) -> str:
    if not empty_database_url.startswith("postgresql"):
        pytest.skip("roles and privileges are PostgreSQL's; an SQLite file has neither")
    return empty_database_url


@pytest.fixture
def app_role(owner_url: str) -> Iterator[str]:
    """A login role of the application's own, dropped with what it was granted."""
    role = f"samverka_app_{uuid.uuid4().hex[:10]}"
    _run(owner_url, f"CREATE ROLE {role} LOGIN")
    yield role
    _run(owner_url, f"DROP OWNED BY {role}")
    _run(owner_url, f"DROP ROLE {role}")


@pytest.fixture
def app_url(owner_url: str, app_role: str) -> str:
    """The application's URL on a database migrated, and granted, by ``samverka db upgrade``
    with both URLs set."""
    environment = {"SAMVERKA_DATABASE_URL": _as(owner_url, app_role)}
    environment["SAMVERKA_MIGRATION_DATABASE_URL"] = owner_url
    result = CliRunner().invoke(app, ["db", "upgrade"], env=environment)
    assert result.exit_code == 0, result.output
    assert f"granted {app_role}" in result.output
    return environment["SAMVERKA_DATABASE_URL"]


def _run(url: str, *statements: str) -> None:
    engine = make_engine(url, poolclass=NullPool)
    try:
        with engine.begin() as connection:
            for statement in statements:
                connection.execute(text(statement))
    finally:
        engine.dispose()


def _denied(connection: Connection, statement: str, code: str = PERMISSION_DENIED) -> None:
    with pytest.raises(DBAPIError) as refused, connection.begin_nested():
        connection.execute(text(statement))
    assert getattr(refused.value.orig, "sqlstate", None) == code, refused.value


# -- what the server refuses the application's role ----------------------------------------------
def test_the_application_role_may_only_read_and_add_to_the_tables_of_history(
    app_url: str,
) -> None:
    engine = make_engine(app_url, poolclass=NullPool)
    with engine.connect() as connection, connection.begin():
        for table in APPEND_ONLY:
            connection.execute(text(f"SELECT count(*) FROM {table}"))
            first = next(iter(metadata.tables[table].columns)).name
            _denied(connection, f'UPDATE {table} SET "{first}" = "{first}"')
            _denied(connection, f"DELETE FROM {table}")
            _denied(connection, f"TRUNCATE {table}")
        _denied(connection, "UPDATE admission_round SET seed = seed")
        _denied(connection, "UPDATE registration_period SET name = name")
        for table in WRITE_ONCE:
            _denied(connection, f"DELETE FROM {table}")
            _denied(connection, f"TRUNCATE {table}")
        _denied(connection, "DELETE FROM audit_chain_head")
        _denied(connection, "INSERT INTO audit_chain_head VALUES (2, 0, 'x')")
        _denied(connection, "UPDATE alembic_version SET version_num = '0001'")
    engine.dispose()


def test_the_application_role_cannot_lift_the_guards_or_change_the_schema(app_url: str) -> None:
    must_be_owner = PERMISSION_DENIED  # "must be owner of table audit_event"
    engine = make_engine(app_url, poolclass=NullPool)
    with engine.connect() as connection, connection.begin():
        _denied(connection, "ALTER TABLE audit_event DISABLE TRIGGER USER", must_be_owner)
        _denied(connection, "DROP TRIGGER audit_event_no_update ON audit_event", must_be_owner)
        _denied(connection, "DROP TABLE audit_event", must_be_owner)
        _denied(connection, "ALTER TABLE audit_event DROP CONSTRAINT uq_audit_event_sequence")
        _denied(connection, "SET session_replication_role = replica")  # triggers off: superuser
        _denied(connection, "CREATE TABLE shadow (id integer)")  # PostgreSQL 15: no CREATE
        _denied(connection, "SELECT setval('audit_event_id_seq', 1)")
    engine.dispose()


def test_the_owner_still_meets_the_triggers(owner_url: str, app_url: str) -> None:
    engine = make_engine(owner_url, poolclass=NullPool)
    with engine.connect() as connection, connection.begin():
        _denied(connection, "TRUNCATE compensation_line", "23001")  # restrict_violation
    engine.dispose()


# -- what it still does: everything the services do -----------------------------------------------
def test_a_whole_admission_and_register_cycle_runs_as_the_application_role(
    owner_url: str, app_url: str
) -> None:
    factory = bootstrap.database(Settings(database_url=app_url, migration_database_url=owner_url))
    uow = SqlUnitOfWork(factory)
    open_year(uow)
    import_pupils(uow, year=YEAR, pupils=[pupil(1, "A"), pupil(2, "B")], actor=OFFICE, now=NOW)
    register_applications(
        uow,
        year=YEAR,
        applications={
            personal_id(1): [ChoiceRequest("NORRA-NA")],
            personal_id(2): [ChoiceRequest("SODRA-ES", test_points=Decimal(10))],
        },
        actor=OFFICE,
        by_admission_office=True,
        now=IN_APPLICATION_PERIOD,
    )
    final = run_round(uow, year=YEAR, kind=RoundKind.FINAL, seed=1, actor=OFFICE, now=AFTER_FINAL)
    publish_round(uow, year=YEAR, round_id=final.round_id, actor=OFFICE, now=AFTER_FINAL)
    register_replies(
        uow, year=YEAR, replies={personal_id(1): ReplyKind.ACCEPT}, actor=OFFICE, now=AFTER_FINAL
    )
    for day, municipality in ((date(YEAR, 9, 1), "0180"), (date(YEAR, 10, 1), "0182")):
        person = PopulationRecord(personal_id(1), date(2010, 3, 1), "Elev 1", municipality)
        load_population(
            uow, records=[person], extract_date=day, source="folk.csv", actor=OFFICE, now=NOW
        )  # the second load ends the first registration period: its one permitted update
    assert place_admitted(uow, year=YEAR, start=date(YEAR, 8, 18), actor=OFFICE, now=NOW) == 2
    assert verify_audit_trail(uow).intact
    with factory() as session:
        user = session.scalar(text("SELECT current_user"))
        ended = session.scalar(
            select(rt.registration_period.c.end).where(rt.registration_period.c.end.is_not(None))
        )
    assert user == make_url(app_url).username
    assert ended == date(YEAR, 9, 30)
    factory.kw["bind"].dispose()


def test_the_application_role_erases_follow_up_entries_only_through_a_recorded_erasure(
    owner_url: str, app_url: str
) -> None:
    """Issue 13 point 10: retention erases the KAA entries past their time; the role may call
    the owner's function that deletes what a recorded erasure names, and never DELETE itself."""
    factory = bootstrap.database(Settings(database_url=app_url, migration_database_url=owner_url))
    uow = SqlUnitOfWork(factory)
    open_year(uow)
    person = PopulationRecord(personal_id(1), date(2010, 3, 1), "Elev 1", "0180")
    load_population(
        uow, records=[person], extract_date=date(YEAR, 9, 1), source="f.csv", actor=OFFICE, now=NOW
    )
    officer = Actor("officer", Role.OFFICER, "Officer")
    record_follow_up(
        uow,
        actor=officer,
        personal_id=personal_id(1),
        kind=EntryKind.CONTACT,
        on=date(YEAR, 9, 2),
        note="Samtal",
        now=NOW,
    )
    moved = PopulationRecord(personal_id(1), date(2010, 3, 1), "Elev 1", "0182")
    load_population(
        uow, records=[moved], extract_date=date(YEAR, 10, 1), source="f.csv", actor=OFFICE, now=NOW
    )
    engine = make_engine(app_url, poolclass=NullPool)
    with engine.connect() as connection, connection.begin():
        _denied(connection, "DELETE FROM follow_up_entry")
    engine.dispose()
    later = date(YEAR + 2, 1, 1)
    result = erase_expired_entries(
        uow, actor=officer, municipality="0180", today=later, apply=True, now=NOW
    )
    assert (result.persons, result.entries) == (1, 1)
    with factory() as session:
        assert session.scalar(text("SELECT count(*) FROM follow_up_entry")) == 0
        assert session.scalar(text("SELECT count(*) FROM follow_up_erased_entry")) == 1
    assert verify_audit_trail(uow).intact
    factory.kw["bind"].dispose()


def test_a_table_a_later_migration_adds_is_the_application_roles_to_use(
    owner_url: str, app_url: str
) -> None:
    _run(owner_url, "CREATE TABLE added_later (id serial PRIMARY KEY, name text)")
    engine = make_engine(app_url, poolclass=NullPool)
    with engine.begin() as connection:
        connection.execute(text("INSERT INTO added_later (name) VALUES ('a')"))
        connection.execute(text("UPDATE added_later SET name = 'b'"))
        connection.execute(text("DELETE FROM added_later"))
        _denied(connection, "TRUNCATE added_later")
    engine.dispose()


# -- granting --------------------------------------------------------------------------------------
def test_samverka_db_grant_app_role_grants_and_may_be_run_again(
    owner_url: str, app_role: str
) -> None:
    migrate.upgrade(owner_url)
    runner = CliRunner()
    for _ in range(2):
        result = runner.invoke(app, ["db", "grant-app-role", app_role, "--url", owner_url])
        assert result.exit_code == 0, result.output
        assert (
            f"granted {app_role}: read and add only on {len(APPEND_ONLY)} tables" in result.output
        )
    engine = make_engine(_as(owner_url, app_role), poolclass=NullPool)
    with engine.connect() as connection, connection.begin():
        _denied(connection, "DELETE FROM audit_event")
        connection.execute(text("SELECT count(*) FROM applicant"))
    engine.dispose()


@pytest.mark.parametrize("who", ["the owner", "a superuser", "nobody"])
def test_granting_to_a_role_privileges_cannot_hold_is_refused(owner_url: str, who: str) -> None:
    migrate.upgrade(owner_url)
    owner = make_url(owner_url).username or ""
    role = {"the owner": owner, "a superuser": "samverka_test_superuser", "nobody": "no_such_role"}[
        who
    ]
    if who == "a superuser":
        _run(owner_url, f"CREATE ROLE {role} SUPERUSER")
    try:
        result = CliRunner().invoke(app, ["db", "grant-app-role", role, "--url", owner_url])
    finally:
        if who == "a superuser":
            _run(owner_url, f"DROP ROLE {role}")
    assert result.exit_code == 1
    assert "fel:" in result.output
    assert "Traceback" not in result.output


def test_granting_on_sqlite_says_there_are_no_roles(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'samverka.db'}"
    result = CliRunner().invoke(app, ["db", "grant-app-role", "app", "--url", url])
    assert result.exit_code == 1
    assert "roles and privileges are PostgreSQL's" in result.output


def test_the_application_role_alone_cannot_migrate_and_says_who_can(
    owner_url: str, app_role: str
) -> None:
    with pytest.raises(DatabaseSetupError, match="SAMVERKA_MIGRATION_DATABASE_URL"):
        bootstrap.database(Settings(database_url=_as(owner_url, app_role)))


def test_a_migrated_database_serves_the_application_role_without_the_owners_url(
    owner_url: str, app_url: str
) -> None:
    factory = bootstrap.database(Settings(database_url=app_url))
    uow = SqlUnitOfWork(factory)
    with uow:
        uow.audit.record(
            actor="a", entity="e", key="k", action="x", before=None, after=None, at=NOW
        )
        uow.commit()
    assert verify_audit_trail(uow).intact
    factory.kw["bind"].dispose()


# -- which role is the application's ----------------------------------------------------------
def test_the_application_role_is_the_application_urls_user_when_the_owners_differs() -> None:
    owner = "postgresql://owner:pw@db.example/samverka"
    assert application_role_of("postgresql://app:pw@db.example/samverka", owner) == "app"
    assert application_role_of(owner, owner) is None
    assert application_role_of("postgresql://app@db.example/other", owner) is None
    assert application_role_of("sqlite:///samverka.db", "sqlite:///samverka.db") is None


def test_settings_read_the_migration_url_and_fall_back_to_the_application_url() -> None:
    both = Settings.from_environment(
        {"SAMVERKA_DATABASE_URL": "postgresql://app@h/d",
         "SAMVERKA_MIGRATION_DATABASE_URL": "postgresql://owner:secret@h/d"}
    )  # fmt: skip
    assert both.owner_database_url == "postgresql://owner:secret@h/d"
    assert "secret" not in repr(both)
    one = Settings.from_environment({"SAMVERKA_DATABASE_URL": "postgresql://app@h/d"})
    assert one.owner_database_url == "postgresql://app@h/d"
    assert (
        Settings.from_environment({"SAMVERKA_MIGRATION_DATABASE_URL": ""}).migration_database_url
        is None
    )
