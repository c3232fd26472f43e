"""Texts in Swedish and English through a Babel translation catalogue; dates and numbers by locale.

Swedish is the source language: templates and code hold the Swedish texts, marked with ``_()``
and ``{% trans %}`` in templates, ``translations.gettext()`` in code, or ``N_()`` for a text
defined before any request and translated where it is shown. Every other language has
``translations/<language>/LC_MESSAGES/messages.po``, and may have more ``.po`` files beside it,
one per area of the application (e.g. ``association.po``): all are merged, and at start-up
compiled in memory (``read_po`` and ``write_mo``) into one ``gettext`` translations object, so
no compiled ``.mo`` file is kept. A text translated in two files is a start-up error. A missing
``messages.po`` for a configured language stops the start-up.

After changing texts, update the catalogue and translate the new entries (a test fails while
any text lacks an English translation)::

    cd src/samverka/platform/web
    ../../../../.venv/bin/pybabel extract -F babel.cfg -o /tmp/messages.pot .
    ../../../../.venv/bin/pybabel update -i /tmp/messages.pot -d translations --no-fuzzy-matching

A request's language is the one its ``lang`` cookie names (set by the language switch,
``/sprak/en``), if that is a configured language, else the first configured one (Swedish).
Dates and numbers are formatted by the language's locale: ``sv`` is ``sv_SE`` (2026-02-01,
1 234,5), ``en`` is ``en_GB`` (01/02/2026, 1,234.5).
"""

from __future__ import annotations

import gettext
from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal
from functools import cache
from io import BytesIO
from pathlib import Path

from babel import Locale
from babel.dates import format_date as babel_format_date
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal
from jinja2 import Environment, pass_context
from jinja2.runtime import Context

from samverka.platform.domain.swedish_time import in_sweden, swedish_today

SOURCE_LANGUAGE = "sv"
LANGUAGE_COOKIE = "lang"
TRANSLATIONS = Path(__file__).with_name("translations")
BABEL_LOCALES = {"sv": "sv_SE", "en": "en_GB"}


def N_(message: str) -> str:  # noqa: N802 - the name Babel looks for
    """Mark ``message`` for the catalogue without translating it yet."""
    return message


class Catalogue:
    """The translations of every configured language, compiled once."""

    def __init__(self, languages: Sequence[str], directory: Path = TRANSLATIONS) -> None:
        if not languages:
            raise ValueError("at least one language is needed")
        self.languages = tuple(languages)
        self._translations = {code: _compiled(directory, code) for code in self.languages}

    @property
    def default_language(self) -> str:
        return self.languages[0]

    def language_for(self, requested: str | None) -> str:
        """``requested`` if it is a configured language, else the default."""
        return requested if requested in self._translations else self.default_language

    def translations(self, language: str) -> gettext.NullTranslations:
        return self._translations[self.language_for(language)]


@cache
def language_name(language: str) -> str:
    """The language's name in itself, e.g. ``Svenska``, ``English`` (found once per language:
    every page's language links show it)."""
    name = Locale.parse(language).get_display_name(language) or language
    return name[:1].upper() + name[1:]


def format_date(value: date | datetime, language: str, date_format: str = "medium") -> str:
    """``value`` as the language writes dates; ``short`` is 2026-02-01 in Swedish. A moment is
    shown as its date in Sweden (a round published at 23:30 UTC on 1 July was published on
    2 July)."""
    if isinstance(value, datetime) and value.tzinfo is not None:
        value = swedish_today(value)
    return babel_format_date(value, format=date_format, locale=babel_locale(language))


def format_moment(value: datetime, language: str) -> str:
    """A moment as its Swedish date and wall-clock time, e.g. ``15 feb. 2027 23:59``."""
    local = in_sweden(value)
    day = babel_format_date(local.date(), format="medium", locale=babel_locale(language))
    return f"{day} {local:%H:%M}"


def format_number(value: Decimal | int | float, language: str, pattern: str | None = None) -> str:
    """``value`` with the language's separators; 1 234,5 in Swedish. Kept once formatted (by
    its type and exact digits), as a page shows the same numbers again and again."""
    key = (type(value), str(value), language, pattern)
    shown = _NUMBERS.get(key)
    if shown is None:
        if len(_NUMBERS) >= NUMBERS_KEPT:
            _NUMBERS.clear()
        shown = _NUMBERS[key] = format_decimal(value, format=pattern, locale=babel_locale(language))
    return shown


NUMBERS_KEPT = 10_000
_NUMBERS: dict[tuple[type, str, str, str | None], str] = {}


def babel_locale(language: str) -> str:
    return BABEL_LOCALES.get(language, language)


def install(environment: Environment, translations: gettext.NullTranslations) -> None:
    """Give ``environment`` the i18n extension with ``translations`` and the filters ``date``,
    ``moment`` (Swedish date and time) and ``number``, which format in the ``language`` a
    template's context names."""
    environment.add_extension("jinja2.ext.i18n")
    environment.install_gettext_translations(  # type: ignore[attr-defined]
        translations, newstyle=True
    )
    environment.filters["date"] = _date_filter
    environment.filters["moment"] = _moment_filter
    environment.filters["number"] = _number_filter


def _compiled(directory: Path, language: str) -> gettext.NullTranslations:
    if language == SOURCE_LANGUAGE:
        return gettext.NullTranslations()
    path = directory / language / "LC_MESSAGES" / "messages.po"
    if not path.is_file():
        raise ValueError(f"there is no translation catalogue for language {language!r}: {path}")
    catalog = _read(path, language)
    for extra in sorted(path.parent.glob("*.po")):
        if extra == path:
            continue
        for message in _read(extra, language):
            if not message.id:
                continue
            if message.id in catalog:
                raise ValueError(f"{extra.name} translates {message.id!r} again")
            catalog[message.id] = message
    compiled = BytesIO()
    write_mo(compiled, catalog, use_fuzzy=False)
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


def _read(path: Path, language: str) -> Catalog:
    with path.open("rb") as po_file:
        return read_po(po_file, locale=language)


@pass_context
def _date_filter(context: Context, value: date | datetime, date_format: str = "medium") -> str:
    return format_date(value, str(context.get("language", SOURCE_LANGUAGE)), date_format)


@pass_context
def _moment_filter(context: Context, value: datetime) -> str:
    return format_moment(value, str(context.get("language", SOURCE_LANGUAGE)))


@pass_context
def _number_filter(
    context: Context, value: Decimal | int | float, pattern: str | None = None
) -> str:
    return format_number(value, str(context.get("language", SOURCE_LANGUAGE)), pattern)
