"""Pages name organisers and school units, with the code beside the name: the ``organiser`` and
``school_unit`` filters read the names once per page through the composition root."""

from __future__ import annotations

import gettext
from pathlib import Path

from starlette.requests import Request

from samverka.platform.web.i18n import Catalogue
from samverka.platform.web.templating import ReferenceNames, build_templates

NAMES = ReferenceNames(
    organisers={"556677-8899": "Friskolan AB"},
    school_units={"11111111": "Norra gymnasiet"},
)


class CountingNames:
    def __init__(self) -> None:
        self.reads = 0

    def __call__(self, request: Request) -> ReferenceNames:
        self.reads += 1
        return NAMES


def _render(text: str, names: CountingNames, language: str = "sv") -> str:
    templates = build_templates(
        lambda request: {},
        Catalogue(["sv", "en"]),
        (Path(__file__).parent,),
        reference_names=names,
    )
    request = Request({"type": "http", "method": "GET", "path": "/", "headers": []})
    template = templates[language].env.from_string(text)
    return template.render(request=request, translations=_translations(language))


def _translations(language: str) -> gettext.NullTranslations:
    return Catalogue(["sv", "en"]).translations(language)


def test_an_organiser_and_a_school_unit_are_shown_by_name_with_the_code_beside() -> None:
    names = CountingNames()
    shown = _render("{{ '556677-8899' | organiser }}; {{ '11111111' | school_unit }}", names)
    assert shown == "Friskolan AB (556677-8899); Norra gymnasiet (11111111)"


def test_the_names_are_read_once_for_a_whole_page() -> None:
    names = CountingNames()
    _render("{% for _ in range(5) %}{{ '11111111' | school_unit }}{% endfor %}", names)
    assert names.reads == 1


def test_an_unknown_organiser_is_named_by_its_number_in_the_pages_language() -> None:
    names = CountingNames()
    assert _render("{{ '556000-0000' | organiser }}", names) == (
        "huvudman med organisationsnummer 556000-0000"
    )
    english = _render("{{ '556000-0000' | organiser }}", names, "en")
    assert english != "huvudman med organisationsnummer 556000-0000"
    assert "556000-0000" in english


def test_an_unknown_school_unit_shows_its_code_and_none_a_dash() -> None:
    names = CountingNames()
    assert _render("{{ '99999999' | school_unit }} {{ none | school_unit }}", names) == (
        "99999999 –"
    )
