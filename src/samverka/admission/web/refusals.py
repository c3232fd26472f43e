"""A page that words a refusal itself shows it as every refused form is shown
(``platform.web.forms``): the summary at the top of the page, each problem at its field, the
user's input kept, "Inget har sparats.".

Most of the admission's forms leave a refusal to the platform, which shows the form's page
again. A few routes word the refusal themselves, in the page's language, because the service's
reason alone would not help the user (a window that is closed, a decision the law does not
allow, a calendar that cannot be read): they call ``show_refusal`` and render their page with
the refusal's status. ``problems`` are ``FieldProblem``\\ s with Swedish texts (``N_``) and their
parameters, translated on the page.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from fastapi import Request

from samverka.platform.web.forms import FORM_PROBLEMS, FieldProblem, FormProblems


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
