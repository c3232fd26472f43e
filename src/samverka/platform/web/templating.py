"""Rendering pages: an autoescaping Jinja2 environment per language, and the request's language.

Each language's environment has that language's translations installed once, so a text in a
template costs one dictionary look-up when the page is rendered.

Codes are shown with their names by filters: ``municipality``, ``programme``, ``organiser`` (an
organisation number) and ``school_unit`` (a school unit code); the last two read the names
once per page through the composition root's ``reference_names``.

Every page gets, from ``layout.page_context``, the language, its translations, the signed-in
actor (``signed_in``), a ``csrf_token()`` function for forms and the language switch links.
"""

from __future__ import annotations

import gettext
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, StrictUndefined, pass_context, select_autoescape
from jinja2.runtime import Context
from starlette.templating import _TemplateResponse

from samverka.platform.access.domain.actors import Role
from samverka.platform.web import i18n
from samverka.platform.web.context import web_context
from samverka.platform.web.labels import (
    ROLE_NAMES,
    label_of,
    municipality_label,
    person_of,
    programme_group_name,
)

TEMPLATES = Path(__file__).with_name("templates")  # the platform's: the layout, sign-in, errors


@dataclass(frozen=True, slots=True)
class ReferenceNames:
    """The names pages show beside codes: organisers by organisation number, school units by
    school unit code (read from the contexts' reference data by the composition root)."""

    organisers: Mapping[str, str] = field(default_factory=dict)
    school_units: Mapping[str, str] = field(default_factory=dict)


def no_names(request: Request) -> ReferenceNames:
    return ReferenceNames()


def build_templates(
    page_context: Callable[[Request], dict[str, Any]],
    catalogue: i18n.Catalogue,
    directories: Sequence[Path] = (TEMPLATES,),
    programme_names: Callable[[str], str | None] = lambda code: None,
    reference_names: Callable[[Request], ReferenceNames] = no_names,
) -> dict[str, Jinja2Templates]:
    """The templates of every configured language, by language code, found in ``directories``
    in order (the platform's first, then each context's ``templates/``); ``programme_names``
    names a programme by its code (the admission's, given by the composition root), and
    ``reference_names`` reads the organisers' and school units' names for a page's request."""
    return {
        language: _templates(
            page_context,
            catalogue.translations(language),
            directories,
            programme_names,
            reference_names,
        )
        for language in catalogue.languages
    }


def _templates(
    page_context: Callable[[Request], dict[str, Any]],
    texts: gettext.NullTranslations,
    directories: Sequence[Path],
    programme_names: Callable[[str], str | None] = lambda code: None,
    reference_names: Callable[[Request], ReferenceNames] = no_names,
) -> Jinja2Templates:
    environment = Environment(
        loader=FileSystemLoader(list(directories)),
        auto_reload=False,  # templates are package data: never look at the files again
        autoescape=select_autoescape(["html"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    i18n.install(environment, texts)
    environment.filters["role_name"] = _role_name
    environment.filters["label"] = _label
    environment.filters["person"] = _person
    environment.filters["municipality"] = _municipality
    environment.filters["programme"] = _programme_filter(programme_names)
    environment.filters["organiser"] = _organiser_filter(reference_names)
    environment.filters["school_unit"] = _school_unit_filter(reference_names)
    environment.globals["programme_group_name"] = programme_group_name
    return Jinja2Templates(env=environment, context_processors=[page_context])


def render(
    request: Request,
    name: str,
    context: Mapping[str, Any] | None = None,
    *,
    status_code: int = 200,
    headers: Mapping[str, str] | None = None,
) -> _TemplateResponse:
    """The page ``name`` rendered for ``request``, in the request's language."""
    templates = web_context(request).templates[request_language(request)]
    return templates.TemplateResponse(
        request, name, dict(context or {}), status_code=status_code, headers=headers
    )


def request_language(request: Request) -> str:
    catalogue = web_context(request).catalogue
    return catalogue.language_for(request.cookies.get(i18n.LANGUAGE_COOKIE))


def translations(request: Request) -> gettext.NullTranslations:
    """The request's language's translations, for texts made in code."""
    return web_context(request).catalogue.translations(request_language(request))


@pass_context
def _role_name(context: Context, role: Role) -> str:
    found = context.get("translations")
    chosen = found if isinstance(found, gettext.NullTranslations) else gettext.NullTranslations()
    return chosen.gettext(ROLE_NAMES[role])


def _texts(context: Context) -> gettext.NullTranslations:
    found = context.get("translations")
    return found if isinstance(found, gettext.NullTranslations) else gettext.NullTranslations()


@pass_context
def _label(context: Context, value: object) -> str:
    """A value's name in the page's language (``label_of``); a value without one as it is."""
    name = label_of(value)
    if name is not None:
        return _texts(context).gettext(name)
    return str(value.value) if isinstance(value, Enum) else str(value)


@pass_context
def _person(context: Context, audit_name: str | None) -> str:
    """Who did something, from their audit name: ``alva (antagningshandläggare)``."""
    if not audit_name:
        return "–"
    username, role = person_of(audit_name)
    return f"{username} ({_texts(context).gettext(role)})" if role else username


def _municipality(code: str | None, with_code: bool = True) -> str:
    """A municipality by its name, with its code beside it where an official needs it."""
    if not code:
        return "–"
    shown = municipality_label(code)
    return shown if with_code else shown.removesuffix(f" ({code})")


def _programme_filter(names: Callable[[str], str | None]) -> Callable[..., str]:
    def programme(code: str | None, with_code: bool = True) -> str:
        """A programme written out, ``Naturvetenskapsprogrammet (NA)``; a code without a name
        as it is."""
        if not code:
            return "–"
        name = names(code)
        if name is None:
            return code
        return f"{name} ({code})" if with_code else name

    return programme


def _names(context: Context, read: Callable[[Request], ReferenceNames]) -> ReferenceNames:
    """The page's reference names, read once per request (none outside a request)."""
    request = context.get("request")
    if not isinstance(request, Request):
        return ReferenceNames()
    names = getattr(request.state, "reference_names", None)
    if not isinstance(names, ReferenceNames):
        names = read(request)
        request.state.reference_names = names
    return names


def _organiser_filter(read: Callable[[Request], ReferenceNames]) -> Callable[..., str]:
    @pass_context
    def organiser(context: Context, number: str | None) -> str:
        """An independent organiser by its name with its organisation number beside it,
        ``Friskolan AB (556677-8899)``; one whose name is not known by its number."""
        if not number:
            return "–"
        name = _names(context, read).organisers.get(number)
        if name:
            return f"{name} ({number})"
        return _texts(context).gettext("huvudman med organisationsnummer %(number)s") % {
            "number": number
        }

    return organiser


def _school_unit_filter(read: Callable[[Request], ReferenceNames]) -> Callable[..., str]:
    @pass_context
    def school_unit(context: Context, code: str | None) -> str:
        """A school unit by its name with its code beside it, ``Norra gymnasiet (11111111)``; a
        code without a name as it is."""
        if not code:
            return "–"
        name = _names(context, read).school_units.get(code)
        return f"{name} ({code})" if name else code

    return school_unit
