"""`samverka accounts …`: create and list the accounts that may sign in, set a password,
deactivate an account, list and end web sessions.

The command line acts as an admission officer named by the login name (``cli:<user>``), so
that the first officer account can be created here. Passwords are asked for twice without
echo, or read as one line from standard input with ``--password-stdin``.
"""

from __future__ import annotations

from typing import Annotated

import typer

from samverka.config import Settings
from samverka.platform.access.domain.actors import Role
from samverka.platform.access.domain.web_sessions import SessionPolicy
from samverka.platform.access.passwords import Argon2idHasher
from samverka.platform.access.services import authentication, web_sessions
from samverka.platform.access.services.authentication import AccountSummary
from samverka.platform.cli.context import admission_officer, now, unit_of_work
from samverka.platform.cli.errors import reported_errors

app = typer.Typer(help="Accounts that may sign in: create, list, deactivate.", no_args_is_help=True)

Username = Annotated[str, typer.Argument(help="The name the person signs in with.")]
PasswordStdin = Annotated[
    bool,
    typer.Option("--password-stdin", help="Read the password as one line from standard input."),
]


@app.command()
def create(
    username: Username,
    role: Annotated[Role, typer.Option(help="What the account may do and see.")],
    display_name: Annotated[str, typer.Option(help="The person's name, as shown to others.")],
    personal_id: Annotated[
        str | None, typer.Option(help="An applicant's personal identity number.")
    ] = None,
    school_unit: Annotated[
        list[str] | None,
        typer.Option(help="A counsellor's or school's school unit code; repeat for more."),
    ] = None,
    municipality: Annotated[
        str | None, typer.Option(help="A municipality account's municipality code.")
    ] = None,
    password_stdin: PasswordStdin = False,
) -> None:
    """Create an account with a password (at least 12 characters)."""
    password = _read_password(password_stdin)
    with reported_errors():
        created = authentication.create_account(
            unit_of_work(),
            actor=admission_officer(),
            username=username,
            display_name=display_name,
            role=role,
            password=password,
            passwords=Argon2idHasher(),
            personal_id=personal_id,
            school_unit_codes=school_unit or (),
            municipality_code=municipality,
            now=now(),
        )
    typer.echo(f"Account {created.actor.username!r} ({created.actor.role}) created.")


@app.command("list")
def list_accounts() -> None:
    """List every account with its role, scope and state; never a password."""
    with reported_errors():
        accounts = authentication.list_accounts(unit_of_work(), actor=admission_officer())
    for account in accounts:
        typer.echo(_line(account))
    if not accounts:
        typer.echo("No accounts yet; create one with `samverka accounts create`.")


@app.command("set-password")
def set_password(username: Username, password_stdin: PasswordStdin = False) -> None:
    """Give an account a new password."""
    password = _read_password(password_stdin)
    with reported_errors():
        authentication.set_password(
            unit_of_work(),
            actor=admission_officer(),
            username=username,
            password=password,
            passwords=Argon2idHasher(),
            now=now(),
        )
    typer.echo(f"Password of {username!r} set.")


@app.command()
def deactivate(username: Username) -> None:
    """Stop an account from signing in (it is kept, for the audit trail)."""
    with reported_errors():
        authentication.deactivate_account(
            unit_of_work(), actor=admission_officer(), username=username, now=now()
        )
    typer.echo(f"Account {username!r} deactivated.")


@app.command()
def sessions() -> None:
    """List the web sessions in use: account, role, since, last seen (UTC), address."""
    settings = Settings.from_environment()
    policy = SessionPolicy(settings.session_idle_timeout, settings.session_lifetime)
    with reported_errors():
        found = web_sessions.active_sessions(
            unit_of_work(), actor=admission_officer(), policy=policy, now=now()
        )
    for session in found:
        actor = session.actor
        typer.echo(
            f"{session.id:>6} {actor.username:<24} {actor.role.value:<13} "
            f"{session.started_at:%Y-%m-%d %H:%M} {session.last_seen_at:%Y-%m-%d %H:%M} "
            f"{session.client_address}"
        )
    if not found:
        typer.echo("Nobody is signed in.")


@app.command("end-sessions")
def end_sessions(username: Username) -> None:
    """End every web session of an account at once (it must sign in again)."""
    with reported_errors():
        count = web_sessions.end_sessions(
            unit_of_work(), actor=admission_officer(), now=now(), username=username
        )
    typer.echo(f"{count} session{'s' if count != 1 else ''} of {username!r} ended.")


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        return typer.get_text_stream("stdin").readline().rstrip("\r\n")
    password: str = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    return password


def _line(account: AccountSummary) -> str:
    actor = account.actor
    scope = (
        actor.personal_id or actor.municipality_code or ", ".join(sorted(actor.school_unit_codes))
    )
    state = "active" if account.active else "deactivated"
    password = "password" if account.has_password else "no password"
    return (
        f"{actor.username:<24} {actor.role.value:<13} {actor.display_name:<30} "
        f"{scope:<20} {state:<12} {password}"
    )
