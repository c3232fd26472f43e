"""Settings, read once from the environment (prefix ``SAMVERKA_``) by the composition root.

``SAMVERKA_ENVIRONMENT`` is ``production`` unless it says ``development``: development is never
assumed. ``SAMVERKA_SECRET_KEY`` (at least 32 characters; make one with
``python3 -c 'import secrets; print(secrets.token_urlsafe(48))'``) keys the web application's
CSRF tokens; there is no default key. ``samverka serve`` refuses to start without one, unless
``SAMVERKA_ENVIRONMENT=development`` and it listens on a loopback address only; then each start
makes a random key of its own (``samverka demo`` keeps one beside its database). Commands that
do not serve the web need no key. Code that builds ``Settings`` itself (tests, the demo) gets
development unless it says otherwise, and no key unless it gives one.

``SAMVERKA_TRUSTED_PROXIES`` lists, comma-separated, the addresses or networks (CIDR) of the
reverse proxies whose ``X-Forwarded-For`` and ``X-Forwarded-Proto`` headers are believed; from
anyone else those headers are ignored (default: none). ``SAMVERKA_SESSION_IDLE_MINUTES``
(default 30) and ``SAMVERKA_SESSION_LIFETIME_HOURS`` (default 12) end a web session after that
long without a request, and that long after signing in. ``SAMVERKA_PASSWORD_HASHING_THREADS``
(default 2) is how many password checks (argon2id) a web process runs at once, on threads of
their own; ``SAMVERKA_PASSWORD_HASHING_QUEUE`` (default 16) how many more may wait for one
before sign-in answers 503 at once.

``SAMVERKA_LANGUAGES`` lists the languages of the web pages, comma-separated, the default first
(``sv,en``). ``SAMVERKA_DATABASE_POOL_SIZE`` (default 4) is how many database connections each
process keeps open, and how many requests it serves at once: a few per process keep the slowest
answers short (``benchmarks.web_load``).
``SAMVERKA_MAXIMUM_REQUEST_MB`` (default 20, at most 1024) is the largest request body the web
application reads, in whole megabytes: a larger one is refused with 413 before anyone is signed
in or any form is parsed (docs/security.md, "Files and limits").

``SAMVERKA_DATABASE_URL`` is the database the application works in, and as whom;
``SAMVERKA_MIGRATION_DATABASE_URL``, when set, is the same database as its owner, who migrates
it (``samverka db upgrade``, or the first use) and grants the application's role what it may do
(``platform.access.db.roles``). Unset, the application's URL migrates too, as before. On PostgreSQL
in production the two are different roles, and the application's processes need only the first.

``SAMVERKA_DATABASE_BUSY_TIMEOUT`` (seconds, default 30) is how long a write on SQLite waits for
another process's write to end before it gives up with a clear message (docs/security.md).
``SAMVERKA_POPULATION_REMOVAL_PERCENT`` (default 10) is the share of the persons in the youth
register that a population extract may remove at once without the officer confirming the
number (``register.domain.removal_guard``).

``SAMVERKA_PAUSE_DIR`` and ``SAMVERKA_PAUSE_AT`` are for the fault tests only, and refused
outside development: at each named point of a writer (``platform.db.writer_locks``) the process
leaves ``<point>.reached`` in the directory, and at the points listed in ``SAMVERKA_PAUSE_AT``
(comma-separated) it waits for ``<point>.release`` there (``platform.db.pause_points``).
"""

from __future__ import annotations

import ipaddress
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal, InvalidOperation

from samverka.errors import SamverkaError
from samverka.platform.access.domain.web_sessions import DEFAULT_IDLE_TIMEOUT, DEFAULT_LIFETIME

DEFAULT_DATABASE_URL = "sqlite:///samverka.db"
DEVELOPMENT = "development"
PRODUCTION = "production"
MINIMUM_SECRET_KEY_LENGTH = 32
DEFAULT_LANGUAGES = ("sv", "en")
DEFAULT_POOL_SIZE = 4
MEGABYTE = 1024 * 1024
DEFAULT_MAXIMUM_REQUEST_MB = 20
LARGEST_MAXIMUM_REQUEST_MB = 1024
DEFAULT_BUSY_TIMEOUT = 30.0  # seconds
DEFAULT_REMOVAL_SHARE = Decimal("0.10")
DEFAULT_HASHING_THREADS = 2
DEFAULT_HASHING_QUEUE = 16
MAKE_A_KEY = "python3 -c 'import secrets; print(secrets.token_urlsafe(48))'"
_LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}$")

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


class SettingsError(SamverkaError, ValueError):
    """The settings cannot be used; the message says, in Swedish, which variable to set and how
    (the variables keep their names). It is read on the command line only (``samverka serve``
    says ``fel: …``), never on a page, so it is not in the web catalogue."""


@dataclass(frozen=True, slots=True)
class Settings:
    database_url: str = DEFAULT_DATABASE_URL
    environment: str = DEVELOPMENT
    secret_key: str | None = field(default=None, repr=False)
    languages: tuple[str, ...] = DEFAULT_LANGUAGES
    database_pool_size: int = DEFAULT_POOL_SIZE
    maximum_request_bytes: int = DEFAULT_MAXIMUM_REQUEST_MB * MEGABYTE
    migration_database_url: str | None = field(default=None, repr=False)
    database_busy_timeout: float = DEFAULT_BUSY_TIMEOUT
    population_removal_share: Decimal = DEFAULT_REMOVAL_SHARE
    pause_directory: str = ""
    pause_at: tuple[str, ...] = ()
    trusted_proxies: tuple[Network, ...] = ()
    session_idle_timeout: timedelta = DEFAULT_IDLE_TIMEOUT
    session_lifetime: timedelta = DEFAULT_LIFETIME
    password_hashing_threads: int = DEFAULT_HASHING_THREADS
    password_hashing_queue: int = DEFAULT_HASHING_QUEUE

    def __post_init__(self) -> None:
        if self.secret_key is not None and len(self.secret_key) < MINIMUM_SECRET_KEY_LENGTH:
            raise SettingsError(
                f"SAMVERKA_SECRET_KEY ska vara ett slumpat värde på minst "
                f"{MINIMUM_SECRET_KEY_LENGTH} tecken; gör ett med: {MAKE_A_KEY}"
            )
        if not self.languages or not all(_LANGUAGE_CODE.match(code) for code in self.languages):
            raise SettingsError(
                f"SAMVERKA_LANGUAGES ska lista språkkoder som 'sv,en', "
                f"inte {','.join(self.languages)!r}"
            )
        _check_range("SAMVERKA_DATABASE_POOL_SIZE", self.database_pool_size, 1, 1000)
        _check_range("SAMVERKA_PASSWORD_HASHING_THREADS", self.password_hashing_threads, 1, 64)
        _check_range("SAMVERKA_PASSWORD_HASHING_QUEUE", self.password_hashing_queue, 0, 10_000)
        if not timedelta(0) < self.session_idle_timeout <= self.session_lifetime:
            raise SettingsError(
                "SAMVERKA_SESSION_IDLE_MINUTES ska vara större än noll och en tid som inte är "
                "längre än SAMVERKA_SESSION_LIFETIME_HOURS"
            )
        if not 1 <= self.maximum_request_bytes <= LARGEST_MAXIMUM_REQUEST_MB * MEGABYTE:
            raise SettingsError(
                f"SAMVERKA_MAXIMUM_REQUEST_MB ska vara ett heltal från 1 till "
                f"{LARGEST_MAXIMUM_REQUEST_MB}, inte {self.maximum_request_bytes / MEGABYTE:g}"
            )
        if not 0 <= self.database_busy_timeout <= 3600:
            raise SettingsError(
                "SAMVERKA_DATABASE_BUSY_TIMEOUT ska vara ett antal sekunder från 0 till 3600, "
                f"inte {self.database_busy_timeout}"
            )
        if not Decimal(0) <= self.population_removal_share <= Decimal(1):
            raise SettingsError(
                "SAMVERKA_POPULATION_REMOVAL_PERCENT ska vara en procentsats från 0 till 100, "
                f"inte {self.population_removal_share * 100}"
            )
        if (self.pause_directory or self.pause_at) and not self.development:
            raise SettingsError(
                "SAMVERKA_PAUSE_DIR och SAMVERKA_PAUSE_AT finns bara för feltesterna; "
                "ta bort dem (de vägras utanför utvecklingsmiljön)"
            )
        if self.pause_at and not self.pause_directory:
            raise SettingsError(
                "SAMVERKA_PAUSE_AT behöver SAMVERKA_PAUSE_DIR, katalogen som ska användas"
            )

    @property
    def development(self) -> bool:
        return self.environment == DEVELOPMENT

    @property
    def owner_database_url(self) -> str:
        """The URL that migrates: the migration URL, else the application's."""
        return self.migration_database_url or self.database_url

    @property
    def default_language(self) -> str:
        return self.languages[0]

    @classmethod
    def from_environment(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """Settings from ``environ`` (default: the process environment); raises
        ``SettingsError`` with what to set when they cannot be used."""
        env = os.environ if environ is None else environ
        languages = env.get("SAMVERKA_LANGUAGES", ",".join(DEFAULT_LANGUAGES))
        idle = _whole_number(env, "SAMVERKA_SESSION_IDLE_MINUTES", 30)
        lifetime = _whole_number(env, "SAMVERKA_SESSION_LIFETIME_HOURS", 12)
        return cls(
            database_url=env.get("SAMVERKA_DATABASE_URL", DEFAULT_DATABASE_URL),
            environment=env.get("SAMVERKA_ENVIRONMENT", "").strip() or PRODUCTION,
            secret_key=env.get("SAMVERKA_SECRET_KEY") or None,
            languages=tuple(code.strip() for code in languages.split(",") if code.strip()),
            database_pool_size=_whole_number(env, "SAMVERKA_DATABASE_POOL_SIZE", DEFAULT_POOL_SIZE),
            maximum_request_bytes=MEGABYTE
            * _whole_number(env, "SAMVERKA_MAXIMUM_REQUEST_MB", DEFAULT_MAXIMUM_REQUEST_MB),
            migration_database_url=env.get("SAMVERKA_MIGRATION_DATABASE_URL", "").strip() or None,
            database_busy_timeout=float(
                _number(env, "SAMVERKA_DATABASE_BUSY_TIMEOUT", Decimal(str(DEFAULT_BUSY_TIMEOUT)))
            ),
            population_removal_share=_number(
                env, "SAMVERKA_POPULATION_REMOVAL_PERCENT", DEFAULT_REMOVAL_SHARE * 100
            )
            / 100,
            pause_directory=env.get("SAMVERKA_PAUSE_DIR", ""),
            pause_at=tuple(
                point.strip()
                for point in env.get("SAMVERKA_PAUSE_AT", "").split(",")
                if point.strip()
            ),
            trusted_proxies=parse_networks(env.get("SAMVERKA_TRUSTED_PROXIES", "")),
            session_idle_timeout=timedelta(minutes=idle),
            session_lifetime=timedelta(hours=lifetime),
            password_hashing_threads=_whole_number(
                env, "SAMVERKA_PASSWORD_HASHING_THREADS", DEFAULT_HASHING_THREADS
            ),
            password_hashing_queue=_whole_number(
                env, "SAMVERKA_PASSWORD_HASHING_QUEUE", DEFAULT_HASHING_QUEUE
            ),
        )


def parse_networks(text: str) -> tuple[Network, ...]:
    """The addresses or networks of ``SAMVERKA_TRUSTED_PROXIES`` (``10.0.0.5, 10.1.0.0/16``)."""
    networks = []
    for part in (item.strip() for item in text.split(",")):
        if not part:
            continue
        try:
            networks.append(ipaddress.ip_network(part, strict=False))
        except ValueError:
            raise SettingsError(
                "SAMVERKA_TRUSTED_PROXIES ska lista IP-adresser eller nät som "
                f"'10.0.0.5,192.0.2.0/24', inte {part!r}"
            ) from None
    return tuple(networks)


def is_loopback(host: str) -> bool:
    """Whether ``host`` (an address to listen on) reaches this machine only."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _check_range(name: str, value: int, lowest: int, highest: int) -> None:
    if not lowest <= value <= highest:
        raise SettingsError(
            f"{name} ska vara ett heltal från {lowest} till {highest}, inte {value}"
        )


def _whole_number(env: Mapping[str, str], name: str, default: int) -> int:
    text = env.get(name, "").strip()
    if not text:
        return default
    try:
        return int(text)
    except ValueError:
        raise SettingsError(f"{name} ska vara ett heltal, inte {text!r}") from None


def _number(env: Mapping[str, str], name: str, default: Decimal) -> Decimal:
    text = env.get(name, "").strip()
    if not text:
        return default
    try:
        number = Decimal(text.replace(",", "."))
    except InvalidOperation:
        raise SettingsError(f"{name} ska vara ett tal, inte {text!r}") from None
    if not number.is_finite():
        raise SettingsError(f"{name} ska vara ett tal, inte {text!r}")
    return number
