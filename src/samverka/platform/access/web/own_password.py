"""Changing one's own password: ``/konto/losenord``, for everyone signed in.

The person gives the current password and the new one twice. Procedure:

1. The two new ones must be the same, else the form again (422), nothing checked.
2. On the password threads (``password_work``): the current password is checked as a sign-in
   is (``Authenticator``), so the sign-in throttle counts wrong guesses here too and a stolen
   session cannot be used to try passwords; then ``set_password`` checks the new one against
   the password policy (at least 12 characters, not only spaces, not a common password),
   stores its argon2id hash and ends every session of the account (issue 11, point 8; OWASP
   ASVS 4.0.3 V2.1.5, V3.3.3); then a new session starts for this browser.
3. Refusals show the form again in the person's language: the policy's reasons (422), a wrong
   current password (403), too many attempts (429) or too many sign-ins at once (503).
"""

from __future__ import annotations

from typing import Annotated, Final

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from samverka.errors import Busy, InvalidInput, NotPermitted, TooManyAttempts
from samverka.platform.access.domain.actors import Actor
from samverka.platform.access.domain.password_policy import MAXIMUM_LENGTH
from samverka.platform.access.services.authentication import Credentials, set_password
from samverka.platform.access.services.web_sessions import start_web_session
from samverka.platform.web.auth import refusal_text, require
from samverka.platform.web.browser_session import browser_session
from samverka.platform.web.context import WebContext, client_address, web_context
from samverka.platform.web.i18n import N_
from samverka.platform.web.signed_in import SignedIn, remember
from samverka.platform.web.templating import render, translations

PAGE: Final = "/konto/losenord"
NOT_THE_SAME: Final = N_("De två nya lösenorden är inte lika.")
WRONG_CURRENT: Final = N_("Det nuvarande lösenordet stämmer inte.")

router = APIRouter(include_in_schema=False)
SignedInActor = Annotated[Actor, Depends(require())]


class PasswordForm(BaseModel):
    current_password: str = Field("", max_length=MAXIMUM_LENGTH)
    new_password: str = Field("", max_length=MAXIMUM_LENGTH)
    repeat_password: str = Field("", max_length=MAXIMUM_LENGTH)


@router.get(PAGE, name="own_password", response_class=HTMLResponse)
def password_form(
    request: Request, actor: SignedInActor, changed: Annotated[bool, Query()] = False
) -> Response:
    return render(request, "own_password.html", {"problems": [], "changed": changed})


@router.post(PAGE, name="change_own_password")
async def change_password(
    request: Request, actor: SignedInActor, form: Annotated[PasswordForm, Form()]
) -> Response:
    if form.new_password != form.repeat_password:
        return await run_in_threadpool(_form_again, request, [NOT_THE_SAME], 422, {})
    context = web_context(request)
    address, agent = client_address(request), request.headers.get("user-agent", "")[:300]

    def work() -> SignedIn:
        return _changed(context, actor, form, address, agent)

    try:
        signed_in = await context.password_work.run(work)
    except InvalidInput as invalid:
        problems = [error.reason for error in invalid.errors]  # the policy's Swedish msgids
        return await run_in_threadpool(_form_again, request, problems, 422, {})
    except (TooManyAttempts, Busy) as refusal:
        return await run_in_threadpool(_refused, request, refusal)
    except NotPermitted:
        return await run_in_threadpool(_form_again, request, [WRONG_CURRENT], 403, {})
    browser_session(request).start(signed_in.token)
    remember(request, signed_in)
    return RedirectResponse(f"{PAGE}?changed=true", status_code=303)


def _changed(
    context: WebContext, actor: Actor, form: PasswordForm, address: str, agent: str
) -> SignedIn:
    """On the password threads: check the current password, set the new one (every session
    of the account ends), start a new session for this browser."""
    credentials = Credentials(actor.username, form.current_password, address)
    context.authenticator.authenticate(credentials)
    now = context.clock()
    set_password(
        context.unit_of_work(),
        actor=actor,
        username=actor.username,
        password=form.new_password,
        current_password=form.current_password,
        passwords=context.passwords,
        now=now,
    )
    started = start_web_session(
        context.unit_of_work(),
        actor=actor,
        client_address=address,
        user_agent=agent,
        policy=context.sessions,
        now=now,
    )
    return SignedIn(started.id, actor, started.token)


def _refused(request: Request, refusal: TooManyAttempts | Busy) -> Response:
    message, status, headers = refusal_text(translations(request), refusal)
    return _form_again(request, [message], status, headers, translated=True)


def _form_again(
    request: Request,
    problems: list[str],
    status: int,
    headers: dict[str, str],
    *,
    translated: bool = False,
) -> Response:
    texts = translations(request)
    shown = problems if translated else [texts.gettext(problem) for problem in problems]
    context = {"problems": shown, "changed": False}
    return render(request, "own_password.html", context, status_code=status, headers=headers)
