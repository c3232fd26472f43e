"""The web application's texts: every Swedish text has an English translation, compiled in
memory from the .po file, and dates and numbers follow the language."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from samverka.platform.web import i18n
from samverka.platform.web.i18n import Catalogue, format_date, format_moment, format_number

WEB = Path(i18n.__file__).parent
PACKAGE = WEB.parents[1]  # every context's pages, API and templates hold texts
METHODS = [
    ("**/web/**.py", "python"),
    ("**/web.py", "python"),
    ("**/api/**.py", "python"),
    ("**/api.py", "python"),
    ("**/hub.py", "python"),
    # refusals and a file's row errors, worded where they are raised (``samverka.errors.N_``)
    ("errors.py", "python"),
    ("unit_of_work.py", "python"),
    ("**/domain/**.py", "python"),
    ("**/services/**.py", "python"),
    ("**/services.py", "python"),
    ("**/files/**.py", "python"),
    ("**/files.py", "python"),
    ("**/queries/**.py", "python"),
    ("**/queries.py", "python"),
    ("**/db/**.py", "python"),
    ("**/http.py", "python"),
    ("**/templates/**.html", "jinja2.ext:babel_extract"),
]
OPTIONS = {"**/templates/**.html": {"extensions": "jinja2.ext.i18n"}}


def _texts_in_the_code() -> set[str]:
    found = extract_from_dir(str(PACKAGE), METHODS, options_map=OPTIONS)
    return {message if isinstance(message, str) else message[0] for _, _, message, *_ in found}


def _all_translated(string: str | tuple[str, ...] | list[str] | None) -> bool:
    strings = (string,) if string is None or isinstance(string, str) else string
    return all(strings)


def test_every_text_of_the_web_application_has_an_english_translation() -> None:
    translated: set[str] = set()
    for path in sorted((WEB / "translations/en/LC_MESSAGES").glob("*.po")):
        with path.open("rb") as po_file:
            catalogue = read_po(po_file, locale="en")
        translated |= {
            message.id if isinstance(message.id, str) else message.id[0]
            for message in catalogue
            if message.id and _all_translated(message.string) and not message.fuzzy
        }
    texts = _texts_in_the_code()
    assert len(texts) > 30
    assert sorted(texts - translated) == []
    assert sorted(translated - texts) == []  # nothing left over that the code no longer uses


def test_the_catalogue_translates_into_english_and_leaves_swedish_as_written() -> None:
    catalogue = Catalogue(["sv", "en"])
    assert catalogue.translations("en").gettext("Logga in") == "Sign in"
    assert catalogue.translations("sv").gettext("Logga in") == "Logga in"
    plural = "För många misslyckade försök. Försök igen om %(num)d minuter."
    singular = plural.replace("minuter", "minut")
    english = catalogue.translations("en")
    assert english.ngettext(singular, plural, 1) % {"num": 1} == (
        "Too many failed attempts. Try again in 1 minute."
    )
    assert english.ngettext(singular, plural, 15) % {"num": 15} == (
        "Too many failed attempts. Try again in 15 minutes."
    )


def test_an_unknown_or_missing_language_falls_back_to_the_first_configured_one() -> None:
    catalogue = Catalogue(["sv", "en"])
    assert catalogue.language_for("fi") == "sv"
    assert catalogue.language_for(None) == "sv"
    assert catalogue.language_for("en") == "en"


def test_a_language_without_a_catalogue_stops_the_start(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="no translation catalogue for language 'fi'"):
        Catalogue(["sv", "fi"], directory=tmp_path)


def test_dates_and_numbers_are_written_the_swedish_way_in_swedish() -> None:
    day = date(2026, 2, 1)
    assert format_date(day, "sv", "short") == "2026-02-01"
    assert format_date(day, "sv", "long") == "1 februari 2026"
    assert format_date(day, "en", "long") == "1 February 2026"
    assert format_number(Decimal("1234567.5"), "sv") == "1\xa0234\xa0567,5"
    assert format_number(Decimal("1234567.5"), "en") == "1,234,567.5"
    assert format_number(Decimal("0.5"), "sv", "#,##0.00") == "0,50"


def test_a_moment_is_shown_as_its_swedish_date_and_time() -> None:
    """Issue 12 point 12: a round published at 22:30 UTC on 1 July was published on 2 July in
    Sweden, at 00:30."""
    published = datetime(2026, 7, 1, 22, 30, tzinfo=UTC)
    assert format_date(published, "sv", "short") == "2026-07-02"
    assert format_moment(published, "en") == "2 Jul 2026 00:30"
