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
"""

from __future__ import annotations

import ipaddress
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import timedelta

from samverka.domain.access.web_sessions import DEFAULT_IDLE_TIMEOUT, DEFAULT_LIFETIME
from samverka.errors import SamverkaError

DEFAULT_DATABASE_URL = "sqlite:///samverka.db"
DEVELOPMENT = "development"
PRODUCTION = "production"
MINIMUM_SECRET_KEY_LENGTH = 32
DEFAULT_LANGUAGES = ("sv", "en")
DEFAULT_POOL_SIZE = 4
DEFAULT_HASHING_THREADS = 2
DEFAULT_HASHING_QUEUE = 16
MAKE_A_KEY = "python3 -c 'import secrets; print(secrets.token_urlsafe(48))'"
_LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}$")

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


class SettingsError(SamverkaError, ValueError):
    """The settings cannot be used; the message says which variable to set and how."""


@dataclass(frozen=True, slots=True)
class Settings:
    database_url: str = DEFAULT_DATABASE_URL
    environment: str = DEVELOPMENT
    secret_key: str | None = field(default=None, repr=False)
    languages: tuple[str, ...] = DEFAULT_LANGUAGES
    database_pool_size: int = DEFAULT_POOL_SIZE
    trusted_proxies: tuple[Network, ...] = ()
    session_idle_timeout: timedelta = DEFAULT_IDLE_TIMEOUT
    session_lifetime: timedelta = DEFAULT_LIFETIME
    password_hashing_threads: int = DEFAULT_HASHING_THREADS
    password_hashing_queue: int = DEFAULT_HASHING_QUEUE

    def __post_init__(self) -> None:
        if self.secret_key is not None and len(self.secret_key) < MINIMUM_SECRET_KEY_LENGTH:
            raise SettingsError(
                f"SAMVERKA_SECRET_KEY must be a random value of at least "
                f"{MINIMUM_SECRET_KEY_LENGTH} characters; make one with: {MAKE_A_KEY}"
            )
        if not self.languages or not all(_LANGUAGE_CODE.match(code) for code in self.languages):
            raise SettingsError(
                f"SAMVERKA_LANGUAGES must list language codes such as 'sv,en', "
                f"not {','.join(self.languages)!r}"
            )
        _check_range("SAMVERKA_DATABASE_POOL_SIZE", self.database_pool_size, 1, 1000)
        _check_range("SAMVERKA_PASSWORD_HASHING_THREADS", self.password_hashing_threads, 1, 64)
        _check_range("SAMVERKA_PASSWORD_HASHING_QUEUE", self.password_hashing_queue, 0, 10_000)
        if not timedelta(0) < self.session_idle_timeout <= self.session_lifetime:
            raise SettingsError(
                "SAMVERKA_SESSION_IDLE_MINUTES must be positive and at most "
                "SAMVERKA_SESSION_LIFETIME_HOURS"
            )

    @property
    def development(self) -> bool:
        return self.environment == DEVELOPMENT

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
                "SAMVERKA_TRUSTED_PROXIES must list IP addresses or networks such as "
                f"'10.0.0.5,192.0.2.0/24', not {part!r}"
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
            f"{name} must be a whole number from {lowest} to {highest}, not {value}"
        )


def _whole_number(env: Mapping[str, str], name: str, default: int) -> int:
    text = env.get(name, "").strip()
    if not text:
        return default
    try:
        return int(text)
    except ValueError:
        raise SettingsError(f"{name} must be a whole number, not {text!r}") from None
