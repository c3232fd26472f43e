"""`samverka accounts …`: create and list the accounts that may sign in, set a password,
deactivate an account, list and end web sessions; `samverka tokens …`: create, list and revoke
the API tokens with which programs use the API (``platform.access.services.api_tokens``).

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
from samverka.platform.access.services import api_tokens, authentication, web_sessions
from samverka.platform.access.services.authentication import AccountSummary
from samverka.platform.cli.context import admission_officer, now, parse_day, unit_of_work
from samverka.platform.cli.errors import reported_errors
from samverka.platform.domain.swedish_time import end_of_swedish_day, last_swedish_day

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


tokens = typer.Typer(
    help="API tokens with which programs use the API: create, list, revoke.", no_args_is_help=True
)


@tokens.command("create")
def create_token(
    name: Annotated[str, typer.Argument(help="What the token is for, e.g. the system's name.")],
    role: Annotated[
        Role, typer.Option(help="The role the program acts as: school, counsellor, municipality.")
    ],
    scope: Annotated[
        str, typer.Option(help="The school unit code (school, counsellor) or municipality code.")
    ],
    valid_through: Annotated[
        str, typer.Option(help="The last day the token works (YYYY-MM-DD), at most a year ahead.")
    ],
) -> None:
    """Create an API token; its secret is printed this once and never kept."""
    with reported_errors():
        last_day = parse_day("--valid-through", valid_through)
        created = api_tokens.create_api_token(
            unit_of_work(),
            actor=admission_officer(),
            name=name,
            role=role,
            scope=scope,
            expires_at=end_of_swedish_day(last_day),
            now=now(),
        )
    typer.echo(f"API token {created.id} created. Its secret, shown this once:")
    typer.echo(created.secret)


@tokens.command("list")
def list_tokens() -> None:
    """List every API token: number, name, role, scope, last valid day, last use, state."""
    with reported_errors():
        found = api_tokens.list_api_tokens(unit_of_work(), actor=admission_officer(), now=now())
    for token in found:
        used = "never" if token.last_used_at is None else f"{token.last_used_at:%Y-%m-%d %H:%M}"
        state = "revoked" if token.revoked_at else "usable" if token.usable else "expired"
        typer.echo(
            f"{token.id:>6} {token.name:<30} {token.role.value:<13} {token.scope:<10} "
            f"{last_swedish_day(token.expires_at)} {used:<16} {state}"
        )
    if not found:
        typer.echo("No API tokens yet; create one with `samverka tokens create`.")


@tokens.command("revoke")
def revoke_token(
    token_id: Annotated[int, typer.Argument(help="The token's number, from `tokens list`.")],
) -> None:
    """Revoke an API token: it stops working at once."""
    with reported_errors():
        api_tokens.revoke_api_token(
            unit_of_work(), actor=admission_officer(), token_id=token_id, now=now()
        )
    typer.echo(f"API token {token_id} revoked.")


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
