"""A refused form comes back as its own page: the user's input kept, each error at its field, in
the user's language, with a summary at the top that links to the fields (WCAG 2.1 3.3.1 and
3.3.3; the GOV.UK "error summary" pattern).

How: every form made with the ``form`` component (``templates/components/forms.html``) carries
two hidden fields, ``_page`` (the address of the page that shows it) and ``_form`` (its name on
that page, when a page has several). When a page's POST is refused as invalid input (a field
FastAPI could not read, or ``InvalidInput`` or ``Conflict`` from a service), the error handler
renders that page again with a GET inside the application (``render_again``), with the
refusal in the request's scope (``FORM_PROBLEMS``): the components read it from there and
show the kept values and the errors. The answer keeps the refusal's status (422 or 409), so
nothing about the refusal changes but the page it is shown on. Nothing was saved: the
service's unit of work rolled back before the error reached the handler.

A form without ``_page`` (the API, a form from elsewhere) gets the error page as before; so
does a ``_page`` that is not a page of this application. A route that words a refusal itself
(its reason would not help the user as the service gives it) calls ``show_refusal`` and renders
its page with the refusal's status: the page then looks as every refused form does. Passwords and
files are never sent back.

Pydantic's messages are replaced by Swedish texts per error type (``MESSAGES``), translated
on the page like every other text; a model's own check (a ``ValueError`` raised in a validator)
is shown as it is worded, translated when the catalogue has it. A service's reason is a Swedish
text with parameters (``samverka.errors``): the page translates the text, then puts the
parameters in; a row of a file is shown as "elever.csv, rad 3 (namn): …".
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from dataclasses import field as default
from decimal import Decimal
from typing import Any, Final

from fastapi import Request
from fastapi.responses import HTMLResponse, Response
from starlette.datastructures import FormData, UploadFile

from samverka.errors import BadValue
from samverka.platform.web.i18n import N_

PAGE_FIELD: Final = "_page"
FORM_FIELD: Final = "_form"
FORM_PROBLEMS: Final = "samverka.form_problems"  # the key in the re-rendered request's scope
SECRET_FIELDS: Final = frozenset(
    {"password", "current_password", "new_password", "repeat_password"}
)
MAXIMUM_PAGE_LENGTH: Final = 2000

# Pydantic's error types, as the user is told (translated on the page; %(...)s from the error's
# context). An unknown type falls back to ``INVALID``.
INVALID: Final = N_("Värdet går inte att använda.")
MESSAGES: Final[Mapping[str, str]] = {
    "missing": N_("Fyll i fältet."),
    "string_too_short": N_("Skriv minst %(min_length)s tecken."),
    "string_too_long": N_("Skriv högst %(max_length)s tecken."),
    "string_pattern_mismatch": N_("Värdet har inte rätt form."),
    "string_type": N_("Skriv en text."),
    "int_parsing": N_("Skriv ett heltal."),
    "int_type": N_("Skriv ett heltal."),
    "int_from_float": N_("Skriv ett heltal."),
    "float_parsing": N_("Skriv ett tal."),
    "decimal_parsing": N_("Skriv ett tal."),
    "decimal_type": N_("Skriv ett tal."),
    "decimal_max_places": N_("Skriv högst %(decimal_places)s decimaler."),
    "decimal_max_digits": N_("Talet har för många siffror."),
    "decimal_whole_digits": N_("Talet har för många siffror."),
    "finite_number": N_("Skriv ett tal."),
    "greater_than": N_("Skriv ett tal större än %(gt)s."),
    "greater_than_equal": N_("Skriv ett tal som är minst %(ge)s."),
    "less_than": N_("Skriv ett tal mindre än %(lt)s."),
    "less_than_equal": N_("Skriv ett tal som är högst %(le)s."),
    "date_parsing": N_("Skriv ett datum som ÅÅÅÅ-MM-DD."),
    "date_from_datetime_parsing": N_("Skriv ett datum som ÅÅÅÅ-MM-DD."),
    "date_type": N_("Skriv ett datum som ÅÅÅÅ-MM-DD."),
    "datetime_parsing": N_("Skriv en tidpunkt som ÅÅÅÅ-MM-DD TT:MM."),
    "datetime_from_date_parsing": N_("Skriv en tidpunkt som ÅÅÅÅ-MM-DD TT:MM."),
    "bool_parsing": N_("Välj ja eller nej."),
    "enum": N_("Välj ett av alternativen."),
    "literal_error": N_("Välj ett av alternativen."),
    "too_long": N_("Välj färre, högst %(max_length)s."),
    "too_short": N_("Välj minst %(min_length)s."),
    "json_invalid": INVALID,
}


@dataclass(frozen=True, slots=True)
class FieldProblem:
    """One problem: the field it belongs to (empty: the whole form), a Swedish text with its
    parameters, to translate on the page, or a service's own wording (``translated`` false);
    a problem of a row of a sent file names the file, line and column (``where``) and belongs
    to the whole form."""

    field: str
    text: str
    parameters: Mapping[str, object] = default(default_factory=dict)
    translated: bool = True
    where: str = ""  # a file's row: "nyckel.csv:3 [weight]"
    source: str = ""  # the file, line and column of a file's row, as the page words them
    line: int = 0
    column: str = ""


@dataclass(frozen=True, slots=True)
class FormProblems:
    """A refused form: which one (``form``, its name on the page), what was sent, what is wrong."""

    form: str
    values: Mapping[str, Sequence[str]]
    problems: tuple[FieldProblem, ...]
    status: int

    def value(self, name: str) -> str | None:
        sent = self.values.get(name)
        return sent[0] if sent else None

    def chosen(self, name: str) -> tuple[str, ...]:
        return tuple(self.values.get(name, ()))

    def at(self, name: str) -> tuple[FieldProblem, ...]:
        return tuple(p for p in self.problems if p.field == name)


def validation_problem(problem: Mapping[str, Any]) -> FieldProblem:
    """A problem FastAPI found in a form: its field (the last name of its location) and the
    Swedish text of its type."""
    where = [str(part) for part in problem.get("loc", ()) if not isinstance(part, int)]
    name = where[-1] if len(where) > 1 else ""
    kind = str(problem.get("type", ""))
    context = dict(problem.get("ctx") or {})
    cause = context.get("error")
    if isinstance(cause, BadValue):  # a value of ours: its Swedish text and parameters
        return FieldProblem(name, cause.text, cause.parameters)
    if kind == "value_error" and isinstance(cause, ValueError):
        # a model's own check: its message is the model's text (a Swedish msgid, translated
        # on the page when the catalogue has it)
        return FieldProblem(name, str(context["error"]), translated=False)
    text = MESSAGES.get(kind, INVALID)
    return FieldProblem(name, text, {k: _shown(v) for k, v in context.items()})


def _shown(value: object) -> str:
    """A limit as a person writes it: ``1000000000000``, not ``1E+12``."""
    if isinstance(value, Decimal | float) and not isinstance(value, bool):
        number = Decimal(str(value)).normalize()
        return format(number, "f")
    return str(value)


def service_problem(
    source: str,
    line: int,
    field_name: str,
    reason: str,
    parameters: Mapping[str, object] | None = None,
) -> FieldProblem:
    """A service's refusal of one input (a Swedish text and its parameters, translated on the
    page): at its field, or, for a row of a file, with the file, line and column."""
    given = dict(parameters or {})
    if line > 0:
        where = f"{source}:{line}" + (f" [{field_name}]" if field_name else "")
        return FieldProblem(
            "",
            reason,
            given,
            translated=bool(given),
            where=where,
            source=source,
            line=line,
            column=field_name,
        )
    return FieldProblem(field_name, reason, given, translated=bool(given))


def page_to_render(form: FormData) -> str | None:
    """The page the form came from, if it names one of this application's pages."""
    page = form.get(PAGE_FIELD)
    if not isinstance(page, str) or not page.startswith("/") or len(page) > MAXIMUM_PAGE_LENGTH:
        return None
    if page.startswith(("//", "/\\", "/api/", "/api?")) or any(c in page for c in "\r\n\t"):
        return None
    return page


def kept_values(form: FormData) -> dict[str, tuple[str, ...]]:
    """What the user wrote, but never a password or a file."""
    kept: dict[str, list[str]] = {}
    for name, value in form.multi_items():
        if isinstance(value, UploadFile) or name in SECRET_FIELDS or name.startswith("_"):
            continue
        if name == "csrf_token":
            continue
        kept.setdefault(name, []).append(value)
    return {name: tuple(values) for name, values in kept.items()}


async def render_again(
    request: Request, problems: Sequence[FieldProblem], status: int
) -> Response | None:
    """The form's page again with ``problems``, or ``None`` when there is no page to show
    (not a page's form, no ``_page``, or the page itself cannot be shown)."""
    if request.method != "POST" or request.url.path.startswith("/api/"):
        return None
    try:
        form = await request.form()
    except Exception:  # an unreadable body: the error page says so
        return None
    page = page_to_render(form)
    if page is None:
        return None
    refusal = FormProblems(
        form=str(form.get(FORM_FIELD) or ""),
        values=kept_values(form),
        problems=tuple(problems),
        status=status,
    )
    return await _get(request, page, refusal)


async def _get(request: Request, page: str, refusal: FormProblems) -> Response | None:
    path, _, query = page.partition("?")
    headers = [
        (name, value)
        for name, value in request.scope["headers"]
        if name not in (b"content-type", b"content-length")
    ]
    scope = {
        **request.scope,
        "method": "GET",
        "path": path,
        "raw_path": path.encode(),
        "query_string": query.encode(),
        "headers": headers,
        FORM_PROBLEMS: refusal,
    }
    for key in ("route", "endpoint", "path_params", "router", "app_root_path"):
        scope.pop(key, None)
    scope["state"] = {}
    answer: dict[str, Any] = {"body": []}

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            answer["status"] = message["status"]
            answer["headers"] = message.get("headers", [])
        elif message["type"] == "http.response.body":
            answer["body"].append(message.get("body", b""))

    await request.app(scope, receive, send)
    content_type = dict(answer.get("headers", [])).get(b"content-type", b"")
    if answer.get("status") != 200 or not content_type.startswith(b"text/html"):
        return None
    cookies = [
        (name.decode("latin-1"), value.decode("latin-1"))
        for name, value in answer["headers"]
        if name == b"set-cookie"
    ]
    response = HTMLResponse(b"".join(answer["body"]), status_code=refusal.status)
    for name, value in cookies:
        response.headers.append(name, value)
    return response


def problems_of(request: Request) -> FormProblems | None:
    """The refusal this page shows again, if it is shown again."""
    found = request.scope.get(FORM_PROBLEMS)
    return found if isinstance(found, FormProblems) else None


def show_refusal(
    request: Request,
    problems: Sequence[FieldProblem],
    values: Mapping[str, object],
    *,
    form: str = "",
    conflict: bool = False,
) -> None:
    """Make the page rendered for ``request`` show ``problems`` and the input ``values`` of
    the form named ``form``; ``conflict``: it is headed "Det gick inte att genomföra" (the
    state of things, not the input, is what refused it)."""
    kept = {name: _texts(value) for name, value in values.items()}
    status = 409 if conflict else 422
    request.scope[FORM_PROBLEMS] = FormProblems(form, kept, tuple(problems), status)


def _texts(value: object) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, list | tuple):
        return tuple(str(item) for item in value)
    return (str(value),)
