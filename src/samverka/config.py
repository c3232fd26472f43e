"""Settings, read once from the environment (prefix ``SAMVERKA_``) by the composition root."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

DEFAULT_DATABASE_URL = "sqlite:///samverka.db"


@dataclass(frozen=True, slots=True)
class Settings:
    database_url: str = DEFAULT_DATABASE_URL
    environment: str = "development"

    @classmethod
    def from_environment(cls, environ: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if environ is None else environ
        return cls(
            database_url=env.get("SAMVERKA_DATABASE_URL", DEFAULT_DATABASE_URL),
            environment=env.get("SAMVERKA_ENVIRONMENT", "development"),
        )
