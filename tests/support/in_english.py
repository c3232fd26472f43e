"""A refusal as an English reader gets it: its Swedish text translated by the web application's
catalogue, parameters put in, so that a test may state what a refusal says in English."""

from __future__ import annotations

from functools import cache

from samverka.errors import RowError, SamverkaError, worded
from samverka.platform.web.i18n import Catalogue


@cache
def _catalogue() -> Catalogue:
    return Catalogue(["sv", "en"])


def in_english(refusal: RowError | SamverkaError) -> str:
    """What ``refusal`` (a file's row or an error) says in English."""
    english = _catalogue().translations("en")
    if isinstance(refusal, RowError):
        return worded(english.gettext(refusal.reason), refusal.parameters)
    return worded(english.gettext(refusal.text), refusal.parameters)
