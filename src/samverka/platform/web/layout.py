"""What every page is given besides its own context: language, signed-in actor, CSRF, links,
and the refused form it shows again (``form_problems``, see ``platform.web.forms``)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import Any
from urllib.parse import urlencode

from fastapi import Request

from samverka.platform.web.auth import current_actor
from samverka.platform.web.context import web_context
from samverka.platform.web.csrf import csrf_token
from samverka.platform.web.forms import problems_of
from samverka.platform.web.i18n import language_name
from samverka.platform.web.templating import request_language, translations


@dataclass(frozen=True, slots=True)
class LanguageLink:
    code: str
    name: str
    href: str


def page_context(request: Request) -> dict[str, Any]:
    language = request_language(request)
    return {
        "language": language,
        "translations": translations(request),
        "signed_in": current_actor(request),
        "csrf_token": partial(csrf_token, request),
        "other_languages": _language_links(request, language),
        "form_problems": problems_of(request),
        "this_page": request.url.path + (f"?{request.url.query}" if request.url.query else ""),
    }


def _language_links(request: Request, language: str) -> list[LanguageLink]:
    here = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    query = urlencode({"next": here})
    return [
        LanguageLink(code, language_name(code), f"/sprak/{code}?{query}")
        for code in web_context(request).catalogue.languages
        if code != language
    ]
