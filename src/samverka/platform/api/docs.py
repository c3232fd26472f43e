"""The API's documentation page, ``/api/v1/docs``: Swagger UI served by the application itself.

Swagger UI's script, style sheet and icon are vendored under the platform's static directory
(``static/swagger-ui/``, the npm package ``swagger-ui-dist`` with its Apache 2.0 licence), so
the page works without the internet and names no other site. FastAPI's
``get_swagger_ui_html`` writes the page; its one inline script (which starts Swagger UI on
``/api/v1/openapi.json``) is allowed by its SHA-256 hash in the page's own
Content-Security-Policy, which is otherwise the application's (``platform.web.headers``), so
no other inline script can run there. Swagger UI's inline styles are allowed on this page only.
"""

from __future__ import annotations

import base64
import hashlib
import re
from functools import cache
from typing import Final

from fastapi import APIRouter
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse

from samverka.platform.api.routes import PREFIX

DOCS_URL: Final = f"{PREFIX}/docs"
OPENAPI_URL: Final = f"{PREFIX}/openapi.json"
ASSETS: Final = "/static/swagger-ui"
TITLE: Final = "Samverka API"
_INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.DOTALL)

router = APIRouter(include_in_schema=False)


@router.get(DOCS_URL, response_class=HTMLResponse)
def docs() -> HTMLResponse:
    body, policy = _page()
    return HTMLResponse(body, headers={"Content-Security-Policy": policy})


@cache
def _page() -> tuple[str, str]:
    """The page and its Content-Security-Policy (the same for every request)."""
    page = get_swagger_ui_html(
        openapi_url=OPENAPI_URL,
        title=TITLE,
        swagger_js_url=f"{ASSETS}/swagger-ui-bundle.js",
        swagger_css_url=f"{ASSETS}/swagger-ui.css",
        swagger_favicon_url=f"{ASSETS}/favicon-32x32.png",
        swagger_ui_parameters={"validatorUrl": None},
    )
    body = bytes(page.body).decode()
    hashes = " ".join(f"'sha256-{_digest(script)}'" for script in _INLINE_SCRIPT.findall(body))
    return body, docs_policy(hashes)


def docs_policy(script_hashes: str) -> str:
    """The application's policy, with the page's own inline script and inline styles."""
    return (
        f"default-src 'self'; script-src 'self' {script_hashes}; "
        "style-src 'self' 'unsafe-inline'; img-src 'self' data:; object-src 'none'; "
        "base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
    )


def _digest(script: str) -> str:
    return base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
