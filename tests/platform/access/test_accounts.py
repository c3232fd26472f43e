"""Accounts and signing in with a local password, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import argon2
import pytest
from admission_year_builders import open_year
from sqlalchemy import select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from samverka import bootstrap
from samverka.admission.ports import UnitOfWork
from samverka.cli import app
from samverka.config import Settings
from samverka.errors import Conflict, InvalidInput, NotFound, NotPermitted
from samverka.platform import clock as system_clock
from samverka.platform.access import passwords as default_passwords
from samverka.platform.access.db import tables as account_tables
from samverka.platform.access.domain.actors import Actor, Role
from samverka.platform.access.domain.web_sessions import SessionPolicy
from samverka.platform.access.local_login import LocalLogin
from samverka.platform.access.passwords import Argon2idHasher
from samverka.platform.access.services.authentication import (
    WRONG_CREDENTIALS,
    AccountSummary,
    Credentials,
    create_account,
    deactivate_account,
    list_accounts,
    set_password,
)
from samverka.platform.access.services.login_throttle import LoginThrottle
from samverka.platform.access.services.web_sessions import start_web_session

OFFICER = Actor("officer", Role.OFFICER, "Olle Officer")
COUNSELLOR = Actor("syv", Role.COUNSELLOR, "Sara SYV", school_unit_codes=frozenset({"11111111"}))
PASSWORD = "correct horse battery"
ADDRESS = "192.0.2.10"
CREATED = datetime(2026, 1, 10, 9, tzinfo=UTC)
# Cheap parameters keep the tests fast; the production defaults are checked on their own.
CHEAP = Argon2idHasher(argon2.PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))


class FakeClock:
    def __init__(self) -> None:
        self.now = datetime(2026, 2, 1, 12, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def login(uow: UnitOfWork, clock: FakeClock) -> LocalLogin:
    return LocalLogin(lambda: uow, CHEAP, LoginThrottle(clock=clock))


def _create(
    uow: UnitOfWork,
    username: str = "alva",
    *,
    role: Role = Role.OFFICER,
    personal_id: str | None = None,
    school_unit_codes: tuple[str, ...] = (),
    municipality_code: str | None = None,
) -> AccountSummary:
    return create_account(
        uow,
        actor=OFFICER,
        username=username,
        display_name="Alva Berg",
        role=role,
        password=PASSWORD,
        passwords=CHEAP,
        personal_id=personal_id,
        school_unit_codes=school_unit_codes,
        municipality_code=municipality_code,
        now=CREATED,
    )


def _sign_in(login: LocalLogin, username: str = "alva", password: str = PASSWORD) -> Actor:
    return login.authenticate(Credentials(username, password, ADDRESS))


def _stored_hash(session: Session, username: str = "alva") -> str | None:
    query = select(account_tables.account.c.password_hash).where(
        account_tables.account.c.username == username
    )
    stored = session.execute(query).scalar_one()
    return None if stored is None else str(stored)


# -- creating accounts and signing in ----------------------------------------------------------
def test_a_created_account_signs_in_as_its_role_and_scope(
    uow: UnitOfWork, login: LocalLogin
) -> None:
    open_year(uow)
    _create(uow, "sara", role=Role.COUNSELLOR, school_unit_codes=("11111111", "22222222"))
    actor = _sign_in(login, "sara")
    assert actor == Actor(
        "sara", Role.COUNSELLOR, "Alva Berg", school_unit_codes=frozenset({"11111111", "22222222"})
    )


def test_a_username_is_signed_in_with_whatever_its_case(uow: UnitOfWork, login: LocalLogin) -> None:
    _create(uow, " Alva ")
    assert _sign_in(login, "ALVA").username == "alva"


def test_a_wrong_password_is_refused_as_a_wrong_username_or_password(
    uow: UnitOfWork, login: LocalLogin
) -> None:
    _create(uow)
    with pytest.raises(NotPermitted) as wrong_password:
        _sign_in(login, password="correct horse battery staple")
    assert str(wrong_password.value) == WRONG_CREDENTIALS


def test_an_unknown_username_gets_the_same_error_as_a_wrong_password(
    uow: UnitOfWork, login: LocalLogin
) -> None:
    _create(uow)
    with pytest.raises(NotPermitted) as wrong_password:
        _sign_in(login, password="not the password")
    with pytest.raises(NotPermitted) as unknown:
        _sign_in(login, "nobody")
    assert str(unknown.value) == str(wrong_password.value) == WRONG_CREDENTIALS


class CountingHasher(Argon2idHasher):
    def __init__(self) -> None:
        super().__init__(argon2.PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
        self.verified = 0

    def verify_password(self, password_hash: str, password: str) -> bool:
        self.verified += 1
        return super().verify_password(password_hash, password)


def test_every_refusal_costs_one_password_verification_whether_or_not_the_user_exists(
    uow: UnitOfWork, clock: FakeClock
) -> None:
    hasher = CountingHasher()
    login = LocalLogin(lambda: uow, hasher, LoginThrottle(clock=clock))
    _create(uow)
    deactivate_account(uow, actor=OFFICER, username="alva", now=CREATED)
    _create(uow, "bo")
    attempts = [("nobody", PASSWORD), ("alva", PASSWORD), ("bo", "not the password")]
    for username, password in attempts:
        with pytest.raises(NotPermitted, match=WRONG_CREDENTIALS):
            _sign_in(login, username, password)
    assert hasher.verified == len(attempts)


def test_after_five_failures_even_the_right_password_waits_and_then_works(
    uow: UnitOfWork, login: LocalLogin, clock: FakeClock
) -> None:
    _create(uow)
    for _ in range(5):
        with pytest.raises(NotPermitted, match=WRONG_CREDENTIALS):
            _sign_in(login, password="guess " * 3)
    with pytest.raises(NotPermitted, match=r"För många försök; försök igen om en sekund\."):
        _sign_in(login)
    clock.now += timedelta(seconds=1)
    assert _sign_in(login).username == "alva"


def test_every_sign_in_decision_is_logged_without_the_password(
    uow: UnitOfWork, login: LocalLogin, caplog: pytest.LogCaptureFixture
) -> None:
    """OWASP ASVS 4.0.3 V7.2.1: authentication decisions are logged, never the secret."""
    _create(uow)
    caplog.set_level("INFO", logger="samverka.sign_in")
    with pytest.raises(NotPermitted):
        _sign_in(login, password="a wrong guess here")
    _sign_in(login)
    assert [record.getMessage() for record in caplog.records] == [
        f"sign-in of alva from {ADDRESS} refused: {WRONG_CREDENTIALS}",
        f"sign-in of alva from {ADDRESS} accepted",
    ]
    assert "a wrong guess here" not in caplog.text
    assert PASSWORD not in caplog.text


def test_a_refused_attempt_checks_no_password(uow: UnitOfWork, clock: FakeClock) -> None:
    hasher = CountingHasher()
    login = LocalLogin(lambda: uow, hasher, LoginThrottle(clock=clock))
    _create(uow)
    for _ in range(5):
        with pytest.raises(NotPermitted, match=WRONG_CREDENTIALS):
            _sign_in(login, password="guess " * 3)
    for _ in range(3):
        with pytest.raises(NotPermitted, match="För många försök"):
            _sign_in(login)
    assert hasher.verified == 5


def test_a_successful_sign_in_clears_the_earlier_failures(
    uow: UnitOfWork, login: LocalLogin
) -> None:
    _create(uow)
    for _ in range(2):
        for _ in range(4):
            with pytest.raises(NotPermitted, match=WRONG_CREDENTIALS):
                _sign_in(login, password="guess " * 3)
        _sign_in(login)


def test_a_deactivated_account_cannot_sign_in(uow: UnitOfWork, login: LocalLogin) -> None:
    _create(uow)
    deactivate_account(uow, actor=OFFICER, username="alva", now=CREATED)
    with pytest.raises(NotPermitted, match=WRONG_CREDENTIALS):
        _sign_in(login)
    with pytest.raises(Conflict, match="redan inaktiverat"):
        deactivate_account(uow, actor=OFFICER, username="alva", now=CREATED)
    assert [a.active for a in list_accounts(uow, actor=OFFICER)] == [False]


def test_an_officer_cannot_deactivate_their_own_account(uow: UnitOfWork) -> None:
    with pytest.raises(Conflict, match="ditt eget konto"):
        deactivate_account(uow, actor=OFFICER, username="Officer", now=CREATED)


def test_an_account_without_a_password_cannot_sign_in_with_one(
    uow: UnitOfWork, login: LocalLogin
) -> None:
    create_account(
        uow,
        actor=OFFICER,
        username="oidc",
        display_name="Via identity provider",
        role=Role.ANALYST,
        password=None,
        passwords=CHEAP,
        now=CREATED,
    )
    assert not list_accounts(uow, actor=OFFICER)[0].has_password
    with pytest.raises(NotPermitted, match=WRONG_CREDENTIALS):
        _sign_in(login, "oidc", "")


# -- who may manage accounts, and what is checked ------------------------------------------------
def test_only_an_officer_may_create_accounts(uow: UnitOfWork) -> None:
    with pytest.raises(NotPermitted, match="Bara en antagningshandläggare"):
        create_account(
            uow,
            actor=COUNSELLOR,
            username="alva",
            display_name="Alva Berg",
            role=Role.OFFICER,
            password=PASSWORD,
            passwords=CHEAP,
            now=CREATED,
        )
    assert list_accounts(uow, actor=OFFICER) == []


def test_only_an_officer_may_list_accounts_deactivate_them_or_set_others_passwords(
    uow: UnitOfWork,
) -> None:
    _create(uow)
    with pytest.raises(NotPermitted, match="Bara en antagningshandläggare"):
        list_accounts(uow, actor=COUNSELLOR)
    with pytest.raises(NotPermitted, match="Bara en antagningshandläggare"):
        deactivate_account(uow, actor=COUNSELLOR, username="alva", now=CREATED)
    with pytest.raises(NotPermitted, match="Bara en antagningshandläggare"):
        set_password(
            uow, actor=COUNSELLOR, username="alva", password=PASSWORD, passwords=CHEAP, now=CREATED
        )


def test_every_problem_with_a_new_account_is_reported_at_once(uow: UnitOfWork) -> None:
    with pytest.raises(InvalidInput) as invalid:
        create_account(
            uow,
            actor=OFFICER,
            username="a b",
            display_name=" ",
            role=Role.COUNSELLOR,
            password="too short",
            passwords=CHEAP,
            municipality_code="0180",
            now=CREATED,
        )
    assert sorted(error.field for error in invalid.value.errors) == [
        "display_name",
        "municipality_code",
        "password",
        "school_unit_codes",
        "username",
    ]


def test_an_applicants_personal_identity_number_is_checked_and_stored_in_canonical_form(
    uow: UnitOfWork,
) -> None:
    with pytest.raises(InvalidInput, match="personal_id"):
        _create(uow, "elev", role=Role.APPLICANT, personal_id="20100301-0013")
    created = _create(uow, "elev", role=Role.APPLICANT, personal_id="1003010012")
    assert created.actor.personal_id == "20100301-0012"


def test_a_school_unit_or_municipality_that_does_not_exist_is_refused(uow: UnitOfWork) -> None:
    open_year(uow)
    with pytest.raises(InvalidInput, match="Det finns ingen skolenhet '99999999'"):
        _create(uow, "sara", role=Role.SCHOOL, school_unit_codes=("11111111", "99999999"))
    with pytest.raises(InvalidInput, match="Det finns ingen kommun '9999'"):
        _create(uow, "kommun", role=Role.MUNICIPALITY, municipality_code="9999")
    assert _create(uow, "kommun", role=Role.MUNICIPALITY, municipality_code="0182").active


def test_a_username_can_be_taken_only_once_whatever_its_case(uow: UnitOfWork) -> None:
    _create(uow)
    with pytest.raises(Conflict, match="redan ett konto 'alva'"):
        _create(uow, "ALVA")


# -- passwords ----------------------------------------------------------------------------------
def test_the_password_hash_is_argon2id_and_never_in_the_audit_trail(
    uow: UnitOfWork, session: Session
) -> None:
    _create(uow)
    set_password(
        uow, actor=OFFICER, username="alva", password="a new password", passwords=CHEAP, now=CREATED
    )
    stored = _stored_hash(session)
    assert stored is not None
    assert stored.startswith("$argon2id$")
    with uow:
        events = uow.audit.events("account", "alva")
    assert [(e["actor"], e["action"]) for e in events] == [
        ("officer:officer", "create"),
        ("officer:officer", "set_password"),
    ]
    trail = repr(events)
    assert "argon2" not in trail
    assert PASSWORD not in trail
    assert "a new password" not in trail


def test_the_production_defaults_are_argon2id_as_recommended_by_rfc_9106() -> None:
    stored = default_passwords.hash_password(PASSWORD)
    assert stored.startswith("$argon2id$v=19$m=65536,t=3,p=4$")
    assert default_passwords.verify_password(stored, PASSWORD)
    assert not default_passwords.verify_password(stored, PASSWORD + "!")
    assert not default_passwords.verify_password("not a hash", PASSWORD)
    assert not default_passwords.needs_rehash(stored)
    assert default_passwords.needs_rehash(CHEAP.hash_password(PASSWORD))


def test_a_hash_with_old_parameters_is_replaced_at_sign_in(
    uow: UnitOfWork, session: Session, clock: FakeClock
) -> None:
    _create(uow)  # hashed with CHEAP
    stronger = Argon2idHasher(argon2.PasswordHasher(time_cost=2, memory_cost=2048, parallelism=1))
    login = LocalLogin(lambda: uow, stronger, LoginThrottle(clock=clock))
    _sign_in(login)
    rehashed = _stored_hash(session)
    assert rehashed is not None
    assert rehashed.startswith("$argon2id$v=19$m=2048,t=2,p=1$")
    _sign_in(login)
    assert _stored_hash(session) == rehashed


def test_an_officer_sets_a_new_password_and_the_old_one_stops_working(
    uow: UnitOfWork, login: LocalLogin
) -> None:
    _create(uow)
    set_password(
        uow, actor=OFFICER, username="alva", password="a new password", passwords=CHEAP, now=CREATED
    )
    assert _sign_in(login, password="a new password").username == "alva"
    with pytest.raises(NotPermitted, match=WRONG_CREDENTIALS):
        _sign_in(login)


def test_changing_ones_own_password_needs_the_current_one(
    uow: UnitOfWork, login: LocalLogin
) -> None:
    alva = _create(uow, role=Role.ANALYST).actor

    def change(current_password: str) -> None:
        set_password(
            uow,
            actor=alva,
            username="alva",
            password="a new password",
            passwords=CHEAP,
            now=CREATED,
            current_password=current_password,
        )

    with pytest.raises(NotPermitted, match="nuvarande lösenordet är fel"):
        change("a wrong guess")
    change(PASSWORD)
    assert _sign_in(login, password="a new password") == alva


def test_a_new_password_may_not_be_a_common_one_or_only_spaces(uow: UnitOfWork) -> None:
    _create(uow)
    for weak in ("qwertyuiop12", " " * 16, "Password2026!"):
        with pytest.raises(InvalidInput, match=r"vanligaste lösenorden|bara vara mellanslag"):
            set_password(
                uow, actor=OFFICER, username="alva", password=weak, passwords=CHEAP, now=CREATED
            )


def test_a_new_password_must_have_at_least_twelve_characters(uow: UnitOfWork) -> None:
    _create(uow)
    with pytest.raises(InvalidInput, match="måste ha minst 12 tecken"):
        set_password(
            uow,
            actor=OFFICER,
            username="alva",
            password="11 letters!",
            passwords=CHEAP,
            now=CREATED,
        )


def test_setting_the_password_of_an_unknown_account_is_not_found(uow: UnitOfWork) -> None:
    with pytest.raises(NotFound):
        set_password(
            uow, actor=OFFICER, username="nobody", password=PASSWORD, passwords=CHEAP, now=CREATED
        )


# -- the command line ---------------------------------------------------------------------------
@pytest.fixture
def database(empty_database_url: str) -> dict[str, str]:
    return {"SAMVERKA_DATABASE_URL": empty_database_url}


def test_the_command_line_creates_lists_and_deactivates_accounts(
    database: dict[str, str],
) -> None:
    runner = CliRunner()
    created = runner.invoke(
        app,
        ["accounts", "create", "alva", "--role", "officer", "--display-name", "Alva Berg"],
        input=f"{PASSWORD}\n{PASSWORD}\n",
        env=database,
    )
    assert created.exit_code == 0, created.output
    assert PASSWORD not in created.output
    assert "Account 'alva' (officer) created." in created.output
    listed = runner.invoke(app, ["accounts", "list"], env=database)
    assert listed.exit_code == 0, listed.output
    assert listed.output.split() == ["alva", "officer", "Alva", "Berg", "active", "password"]
    deactivated = runner.invoke(app, ["accounts", "deactivate", "alva"], env=database)
    assert deactivated.exit_code == 0, deactivated.output
    assert "deactivated" in runner.invoke(app, ["accounts", "list"], env=database).output


def test_the_command_line_reads_a_password_from_stdin_and_reports_every_problem(
    database: dict[str, str],
) -> None:
    arguments = ["accounts", "create", "sara", "--role", "counsellor", "--display-name", "Sara"]
    refused = CliRunner().invoke(
        app, [*arguments, "--password-stdin"], input="short\n", env=database
    )
    assert refused.exit_code == 2
    assert "account [school_unit_codes]: Kontot behöver minst en skolenhet." in refused.output
    assert "account [password]: Det nya lösenordet måste ha minst 12 tecken." in refused.output
    assert "Inget skrevs eller sparades." in refused.output
    assert "characters" not in refused.output


def test_the_command_line_lists_and_ends_an_accounts_web_sessions(
    database: dict[str, str],
) -> None:
    runner = CliRunner()
    arguments = ["accounts", "create", "alva", "--role", "analyst", "--display-name", "Alva"]
    created = runner.invoke(
        app, [*arguments, "--password-stdin"], input=f"{PASSWORD}\n", env=database
    )
    assert created.exit_code == 0, created.output
    assert runner.invoke(app, ["accounts", "sessions"], env=database).output == (
        "Nobody is signed in.\n"
    )
    uow = bootstrap.unit_of_work(Settings(database_url=database["SAMVERKA_DATABASE_URL"]))
    alva = Actor("alva", Role.ANALYST, "Alva")
    for address in ("192.0.2.10", "192.0.2.11"):
        start_web_session(
            uow,
            actor=alva,
            client_address=address,
            user_agent="",
            policy=SessionPolicy(),
            now=system_clock.now(),
        )
    listed = runner.invoke(app, ["accounts", "sessions"], env=database)
    assert listed.output.count(" alva ") == 2, listed.output
    assert "192.0.2.11" in listed.output
    ended = runner.invoke(app, ["accounts", "end-sessions", "alva"], env=database)
    assert ended.output == "2 sessions of 'alva' ended.\n"
    unknown = runner.invoke(app, ["accounts", "end-sessions", "nobody"], env=database)
    assert unknown.exit_code != 0
    assert "Det finns inget konto 'nobody'" in unknown.output
