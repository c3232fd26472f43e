"""The web application's one mapping from errors to responses, for pages and the API alike.

Each ``SamverkaError`` class (the nearest one in its class hierarchy) has an ``ErrorKind``: an
HTTP status, a stable code for the API, and a Swedish title and advice for the error page.
An API request (``/api/…``) gets ``{"error": {"code", "message", "rows"}}``; a page request
gets the error page in the request's language, with the same status, and what to do next (sign
in, back to the page the user came from, the start page), never a traceback or the HTTP layer's
own words. The message and the rows' reasons are the refusal's Swedish text translated into the
answer's language (``answer_language``: the page's language; for the API also
``Accept-Language``, Swedish when it names no configured language), its parameters put in
after; the API's ``code`` is the same in every language. ``rows`` lists every
problem of an ``InvalidInput`` (and of a request FastAPI could not parse) at once. Errors of
the HTTP layer itself (no such page, wrong method) and unexpected failures (500) are answered
the same way; a 405 carries ``Allow`` with the methods of every route on the path (RFC 9110
15.5.6), as the router names only those of the first route it tried.

A page's form refused as invalid input (or a conflict with the state of things) is not answered
with the error page but with its own page again, input kept and errors at the fields, when the
form names its page (``platform.web.forms``).
"""

from __future__ import annotations

import gettext
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import urlsplit

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.routing import iter_route_contexts
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException

from samverka.errors import (
    BadValue,
    Busy,
    ConcurrentChange,
    Conflict,
    DatabaseBusy,
    InvalidInput,
    InvariantViolated,
    NotFound,
    NotPermitted,
    NotSignedIn,
    RemovalsNotConfirmed,
    SamverkaError,
    TooManyAttempts,
    worded,
)
from samverka.platform.web.context import is_api_request, web_context
from samverka.platform.web.csrf import CsrfRejected
from samverka.platform.web.forms import (
    FieldProblem,
    render_again,
    service_problem,
    validation_problem,
)
from samverka.platform.web.i18n import LANGUAGE_COOKIE, N_
from samverka.platform.web.templating import render


@dataclass(frozen=True, slots=True)
class ErrorKind:
    status: int
    code: str
    title: str  # Swedish; translated on the page
    advice: str
    shows_message: bool = True  # False: the message may hold details for the log only


NOT_FOUND = ErrorKind(404, "not_found", N_("Sidan finns inte"), N_("Kontrollera adressen."))
INVALID_INPUT = ErrorKind(
    422,
    "invalid_input",
    N_("Uppgifterna behöver rättas"),
    N_("Rätta uppgifterna nedan och försök igen."),
)
INTERNAL_ERROR = ErrorKind(
    500,
    "internal_error",
    N_("Något gick fel hos oss"),
    N_("Försök igen om en stund. Inget har sparats."),
    shows_message=False,
)
KINDS: Mapping[type[SamverkaError], ErrorKind] = {
    NotFound: NOT_FOUND,
    NotSignedIn: ErrorKind(
        401, "unauthenticated", N_("Du behöver logga in"), N_("Logga in för att se sidan.")
    ),
    TooManyAttempts: ErrorKind(
        429, "too_many_attempts", N_("För många försök"), N_("Vänta en stund och försök igen.")
    ),
    CsrfRejected: ErrorKind(
        403,
        "not_permitted",
        N_("Formuläret har gått ut"),
        N_("Gå tillbaka, ladda om sidan och skicka formuläret igen."),
    ),
    NotPermitted: ErrorKind(
        403, "not_permitted", N_("Du har inte behörighet"), N_("Ditt konto får inte göra detta.")
    ),
    ConcurrentChange: ErrorKind(
        409,
        "concurrent_change",
        N_("Någon annan sparade samma sak samtidigt"),
        N_(
            "Det andra sparades medan ditt väntade, och inget av ditt har sparats. Se efter "
            "vad som gäller nu och gör om det om det fortfarande behövs."
        ),
    ),
    DatabaseBusy: ErrorKind(
        409,
        "database_busy",
        N_("Databasen var upptagen"),
        N_("En annan lång körning skrev i databasen. Inget har sparats. Försök igen om en stund."),
    ),
    RemovalsNotConfirmed: ErrorKind(
        409,
        "removals_not_confirmed",
        N_("Uttaget skulle ta bort många ur registret"),
        N_(
            "Inget har ändrats. Kontrollera uttaget. Stämmer det, läs in det igen och bekräfta "
            "antalet personer som lämnar registret."
        ),
    ),
    Conflict: ErrorKind(
        409,
        "conflict",
        N_("Det gick inte att genomföra"),
        N_("Det du försökte stämmer inte med läget just nu. Inget har ändrats."),
    ),
    InvalidInput: INVALID_INPUT,
    InvariantViolated: INTERNAL_ERROR,
    Busy: ErrorKind(
        503, "busy", N_("Många använder tjänsten just nu"), N_("Försök igen om en liten stund.")
    ),
    SamverkaError: ErrorKind(
        400, "bad_request", N_("Det gick inte att genomföra"), N_("Inget har ändrats.")
    ),
}
TOO_LARGE = ErrorKind(
    413,
    "too_large",
    N_("Det du skickade är för stort"),
    N_("Skicka en mindre fil. Inget har lästs eller sparats."),
)
HTTP_KINDS = {  # the HTTP layer's messages ("Not Found") add nothing to the page
    400: ErrorKind(  # a body that cannot be read: not UTF-8 JSON, a broken multipart form
        400, "bad_request", N_("Det gick inte att genomföra"), N_("Inget har ändrats.")
    ),
    404: replace(NOT_FOUND, shows_message=False),
    413: TOO_LARGE,  # body_limit: the message names the limit
    405: ErrorKind(
        405,
        "method_not_allowed",
        N_("Det går inte att göra så"),
        N_("Gå tillbaka och försök igen."),
        shows_message=False,
    ),
}


def kind_of(error: SamverkaError) -> ErrorKind:
    return next(KINDS[cls] for cls in type(error).__mro__ if cls in KINDS)


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(SamverkaError, samverka_error)
    app.add_exception_handler(RequestValidationError, request_not_understood)
    app.add_exception_handler(HTTPException, http_error)
    app.add_exception_handler(Exception, unexpected_error)


# A refused page form is first shown again on its own page (``forms.render_again``); every
# other answer is rendered on Starlette's thread pool, as page rendering may read the database
# (the signed-in actor).
async def samverka_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, SamverkaError)
    problems = error.errors if isinstance(error, InvalidInput) else ()
    kind = kind_of(error)
    if isinstance(error, InvalidInput | Conflict) and not isinstance(error, ConcurrentChange):
        shown = [
            service_problem(e.source, e.line, e.field, e.reason, e.parameters) for e in problems
        ] or [FieldProblem("", error.text, error.parameters, translated=bool(error.parameters))]
        again = await render_again(request, shown, kind.status)
        if again is not None:
            return again
    rows = [Said(e.source, e.line, e.field, e.reason, e.parameters) for e in problems]
    headers = {}
    if isinstance(error, TooManyAttempts | Busy):
        headers["Retry-After"] = str(max(1, math.ceil(error.retry_after.total_seconds())))
    message = Said("", 0, "", error.text, error.parameters)
    return await run_in_threadpool(respond, request, kind, message, rows, headers)


async def request_not_understood(request: Request, error: Exception) -> Response:
    assert isinstance(error, RequestValidationError)
    found = error.errors()
    again = await render_again(request, [validation_problem(p) for p in found], 422)
    if again is not None:
        return again
    rows = [_validation_row(problem) for problem in found]
    message = Said("", 0, "", N_("%(count)s fel i anropet"), {"count": len(rows)})  # the rows
    # keep the validation's own words: an API request's body is read by FastAPI, not a page
    return await run_in_threadpool(respond, request, INVALID_INPUT, message, rows)


def http_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, HTTPException)
    kind = HTTP_KINDS.get(error.status_code) or ErrorKind(
        error.status_code,
        "http_error",
        N_("Det gick inte att genomföra"),
        N_("Inget har ändrats."),
        shows_message=False,
    )
    headers = dict(error.headers or {})
    if error.status_code == 405:
        headers["Allow"] = allowed_methods(request) or headers.get("Allow", "")
    text = getattr(error, "text", None)  # a refusal of ours worded for the catalogue
    parameters = getattr(error, "parameters", None)
    if isinstance(text, str) and isinstance(parameters, Mapping):
        message = Said("", 0, "", text, parameters)
    else:  # the HTTP layer's own words ("Not Found"): the API's message only
        message = Said("", 0, "", str(error.detail), {}, translate=False)
    return respond(request, kind, message, headers=headers)


def allowed_methods(request: Request) -> str:
    """The methods of every route of the application whose path is the request's, as
    ``Allow`` lists them (``GET, POST``); empty when no route names its methods (a mount)."""
    path = request.scope["path"]
    methods: set[str] = set()
    for route in iter_route_contexts(request.app.routes):
        pattern = getattr(route, "path_regex", None)
        if route.methods and pattern is not None and pattern.match(path):
            methods |= route.methods
    return ", ".join(sorted(methods))


def unexpected_error(request: Request, error: Exception) -> Response:
    message = Said("", 0, "", N_("Ett oväntat fel; det har loggats."), {})
    return respond(request, INTERNAL_ERROR, message)


@dataclass(frozen=True, slots=True)
class Said:
    """A message or a file's row as the answer says it: a Swedish text (a msgid) and its
    parameters, translated into the answer's language when it is given (``translate``)."""

    source: str
    line: int
    field: str
    text: str
    parameters: Mapping[str, object]
    translate: bool = True

    def worded(self, translations: gettext.NullTranslations) -> str:
        text = translations.gettext(self.text) if self.translate else self.text
        return worded(text, self.parameters)

    def row(self, translations: gettext.NullTranslations) -> dict[str, object]:
        reason = self.worded(translations)
        return {"source": self.source, "line": self.line, "field": self.field, "reason": reason}


def answer_language(request: Request) -> str:
    """The language of an answer to ``request``: a page's is the language switch's (the
    ``lang`` cookie); the API also takes the first language of ``Accept-Language`` that is
    configured. Swedish, the first configured language, when neither names one."""
    catalogue = web_context(request).catalogue
    chosen = request.cookies.get(LANGUAGE_COOKIE)
    if chosen is None and is_api_request(request):
        accepted = request.headers.get("accept-language", "")
        for part in accepted.split(","):
            tag = part.split(";")[0].strip().lower()
            language = tag.split("-")[0]
            if language in catalogue.languages:
                chosen = language
                break
    return catalogue.language_for(chosen)


def respond(
    request: Request,
    kind: ErrorKind,
    message: Said,
    rows: Sequence[Said] = (),
    headers: Mapping[str, str] | None = None,
) -> Response:
    """The answer to a refused request: the API's JSON error or the error page, each with the
    message and rows in the answer's language (``answer_language``)."""
    language = answer_language(request)
    translations = web_context(request).catalogue.translations(language)
    said = [row.row(translations) for row in rows]
    if is_api_request(request):
        body = {"error": {"code": kind.code, "message": message.worded(translations), "rows": said}}
        return JSONResponse(body, status_code=kind.status, headers=headers)
    shown = message.worded(translations) if kind.shows_message and not rows else None
    context = {"kind": kind, "message": shown, "rows": said, "back": _back(request)}
    return render(request, "error.html", context, status_code=kind.status, headers=headers)


def _back(request: Request) -> str | None:
    """The page the user came from (``Referer``), if it is another page of this site."""
    came_from = urlsplit(request.headers.get("referer", ""))
    if came_from.netloc != request.url.netloc or not came_from.path.startswith("/"):
        return None
    back = came_from.path + (f"?{came_from.query}" if came_from.query else "")
    here = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return None if back == here or back.startswith("/api/") else back


def _validation_row(problem: Mapping[str, Any]) -> Said:
    """A problem FastAPI found in a request, as its validation words it (the API's developers
    read it: "Input should be a valid string", "JSON decode error")."""
    where = [str(part) for part in problem.get("loc", ())]
    source, field = (where[0], ".".join(where[1:])) if where else ("request", "")
    cause = (problem.get("ctx") or {}).get("error")
    if isinstance(cause, BadValue):  # a value of ours (a personal identity number): our words
        return Said(source, 0, field, cause.text, cause.parameters)
    reason = str(problem.get("msg", "is not valid"))
    return Said(source, 0, field, reason, {}, translate=False)
