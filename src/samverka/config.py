"""Settings, read once from the environment (prefix ``SAMVERKA_``) by the composition root.

``SAMVERKA_SECRET_KEY`` signs the web application's session cookies. In development a fixed,
public key is used when none is given; in any other environment (``SAMVERKA_ENVIRONMENT``,
e.g. ``production``) a real key of at least 32 characters is required, and ``Settings``
refuses to be built without one. ``SAMVERKA_LANGUAGES`` lists the languages of the web pages,
comma-separated, the default first (``sv,en``). ``SAMVERKA_DATABASE_POOL_SIZE`` (default 4) is how
many database connections each process keeps open, and how many requests it serves at once:
a few per process keep the slowest answers short (``benchmarks.web_load``).
``SAMVERKA_MAXIMUM_REQUEST_MB`` (default 20, at most 1024) is the largest request body the web
application reads, in whole megabytes: a larger one is refused with 413 before anyone is signed
in or any form is parsed (docs/security.md, "Files and limits").

``SAMVERKA_DATABASE_URL`` is the database the application works in, and as whom;
``SAMVERKA_MIGRATION_DATABASE_URL``, when set, is the same database as its owner, who migrates
it (``samverka db upgrade``, or the first use) and grants the application's role what it may do
(``adapters.db.roles``). Unset, the application's URL migrates too, as before. On PostgreSQL in
production the two are different roles, and the application's processes need only the first.

``SAMVERKA_DATABASE_BUSY_TIMEOUT`` (seconds, default 30) is how long a write on SQLite waits for
another process's write to end before it gives up with a clear message (docs/security.md).
``SAMVERKA_POPULATION_REMOVAL_PERCENT`` (default 10) is the share of the persons in the youth
register that a population extract may remove at once without the officer confirming the
number (``domain.register.removal_guard``).

``SAMVERKA_PAUSE_DIR`` and ``SAMVERKA_PAUSE_AT`` are for the fault tests only, and refused
outside development: at each named point of a writer (``adapters.db.writer_locks``) the process
leaves ``<point>.reached`` in the directory, and at the points listed in ``SAMVERKA_PAUSE_AT``
(comma-separated) it waits for ``<point>.release`` there (``adapters.pause_points``).
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from samverka.errors import SamverkaError

DEFAULT_DATABASE_URL = "sqlite:///samverka.db"
DEVELOPMENT = "development"
DEVELOPMENT_SECRET_KEY = "samverka-development-only-secret-key-never-use-in-production"
MINIMUM_SECRET_KEY_LENGTH = 32
DEFAULT_LANGUAGES = ("sv", "en")
DEFAULT_POOL_SIZE = 4
MEGABYTE = 1024 * 1024
DEFAULT_MAXIMUM_REQUEST_MB = 20
LARGEST_MAXIMUM_REQUEST_MB = 1024
DEFAULT_BUSY_TIMEOUT = 30.0  # seconds
DEFAULT_REMOVAL_SHARE = Decimal("0.10")
_LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}$")


class SettingsError(SamverkaError, ValueError):
    """The settings cannot be used; the message says which variable to set and how."""


@dataclass(frozen=True, slots=True)
class Settings:
    database_url: str = DEFAULT_DATABASE_URL
    environment: str = DEVELOPMENT
    secret_key: str = field(default=DEVELOPMENT_SECRET_KEY, repr=False)
    languages: tuple[str, ...] = DEFAULT_LANGUAGES
    database_pool_size: int = DEFAULT_POOL_SIZE
    maximum_request_bytes: int = DEFAULT_MAXIMUM_REQUEST_MB * MEGABYTE
    migration_database_url: str | None = field(default=None, repr=False)
    database_busy_timeout: float = DEFAULT_BUSY_TIMEOUT
    population_removal_share: Decimal = DEFAULT_REMOVAL_SHARE
    pause_directory: str = ""
    pause_at: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not self.development and (
            self.secret_key == DEVELOPMENT_SECRET_KEY
            or len(self.secret_key) < MINIMUM_SECRET_KEY_LENGTH
        ):
            raise SettingsError(
                f"SAMVERKA_SECRET_KEY must be set to a random value of at least "
                f"{MINIMUM_SECRET_KEY_LENGTH} characters when SAMVERKA_ENVIRONMENT is "
                f"{self.environment!r} (only 'development' has a default key); make one with: "
                "python3 -c 'import secrets; print(secrets.token_urlsafe(48))'"
            )
        if not self.languages or not all(_LANGUAGE_CODE.match(code) for code in self.languages):
            raise SettingsError(
                f"SAMVERKA_LANGUAGES must list language codes such as 'sv,en', "
                f"not {','.join(self.languages)!r}"
            )
        if not 1 <= self.database_pool_size <= 1000:
            raise SettingsError(
                "SAMVERKA_DATABASE_POOL_SIZE must be a whole number from 1 to 1000, "
                f"not {self.database_pool_size}"
            )
        if not 1 <= self.maximum_request_bytes <= LARGEST_MAXIMUM_REQUEST_MB * MEGABYTE:
            raise SettingsError(
                f"SAMVERKA_MAXIMUM_REQUEST_MB must be a whole number from 1 to "
                f"{LARGEST_MAXIMUM_REQUEST_MB}, not {self.maximum_request_bytes / MEGABYTE:g}"
            )
        if not 0 <= self.database_busy_timeout <= 3600:
            raise SettingsError(
                "SAMVERKA_DATABASE_BUSY_TIMEOUT must be a number of seconds from 0 to 3600, "
                f"not {self.database_busy_timeout}"
            )
        if not Decimal(0) <= self.population_removal_share <= Decimal(1):
            raise SettingsError(
                "SAMVERKA_POPULATION_REMOVAL_PERCENT must be a percentage from 0 to 100, "
                f"not {self.population_removal_share * 100}"
            )
        if (self.pause_directory or self.pause_at) and not self.development:
            raise SettingsError(
                "SAMVERKA_PAUSE_DIR and SAMVERKA_PAUSE_AT are for the fault tests only; "
                "unset them (they are refused outside development)"
            )
        if self.pause_at and not self.pause_directory:
            raise SettingsError("SAMVERKA_PAUSE_AT needs SAMVERKA_PAUSE_DIR, the directory to use")

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
        return cls(
            database_url=env.get("SAMVERKA_DATABASE_URL", DEFAULT_DATABASE_URL),
            environment=env.get("SAMVERKA_ENVIRONMENT", DEVELOPMENT),
            secret_key=env.get("SAMVERKA_SECRET_KEY") or DEVELOPMENT_SECRET_KEY,
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
        )


def _whole_number(env: Mapping[str, str], name: str, default: int) -> int:
    text = env.get(name, "").strip()
    if not text:
        return default
    try:
        return int(text)
    except ValueError:
        raise SettingsError(f"{name} must be a whole number, not {text!r}") from None


def _number(env: Mapping[str, str], name: str, default: Decimal) -> Decimal:
    text = env.get(name, "").strip()
    if not text:
        return default
    try:
        number = Decimal(text.replace(",", "."))
    except InvalidOperation:
        raise SettingsError(f"{name} must be a number, not {text!r}") from None
    if not number.is_finite():
        raise SettingsError(f"{name} must be a number, not {text!r}")
    return number
