"""The language switch (the start page is ``samverka.start_pages``: it knows every context)."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import RedirectResponse, Response

from samverka.errors import N_, NotFound
from samverka.platform.web.context import web_context
from samverka.platform.web.i18n import LANGUAGE_COOKIE
from samverka.platform.web.local_paths import local_path

LANGUAGE_COOKIE_AGE = timedelta(days=365)

router = APIRouter(include_in_schema=False)


@router.get("/sprak/{language}", name="switch_language")
def switch_language(
    request: Request, language: str, next_path: Annotated[str, Query(alias="next")] = "/"
) -> Response:
    """Remember the language in the ``lang`` cookie and go back to the page it was chosen on."""
    context = web_context(request)
    if language not in context.catalogue.languages:
        raise NotFound(N_("Språket %(language)s finns inte."), language=language)
    response = RedirectResponse(local_path(next_path), status_code=303)
    response.set_cookie(
        LANGUAGE_COOKIE,
        language,
        max_age=int(LANGUAGE_COOKIE_AGE.total_seconds()),
        httponly=True,
        samesite="lax",
        secure=not context.settings.development,
    )
    return response
