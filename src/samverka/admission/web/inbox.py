"""The applicant's inbox (issue 15, point 4): ``/meddelanden``, every message the admission
records for the signed-in applicant, newest first, in the reader's language
(``queries.inbox``); those after the applicant last marked the inbox as read are marked unread,
and ``POST /meddelanden/lasta`` marks them read (``services.inbox``, audited). The same list
stands on the counsellor's page per pupil and on the officer's person page
(``partials/inbox.html`` with ``INBOX_TEXTS``).

``INBOX_TEXTS`` words each kind of message. The texts of the messages about an offering are the
ones the service stores (``admission.services.offerings``), with the stored parameters in
place; a message stored without parameters is shown as sent, in Swedish.
"""

from __future__ import annotations

from typing import Final

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from samverka.admission.http import MyApplication
from samverka.admission.queries.admission_statistics import latest_admission_year
from samverka.admission.queries.inbox import own_inbox
from samverka.admission.services.inbox import mark_inbox_read
from samverka.platform.web.deps import Now, Reads, Work
from samverka.platform.web.i18n import N_
from samverka.platform.web.templating import render

INBOX_TEXTS: Final = {
    "offering_closed": N_(
        "Utbildningen %(name)s %(programme)s (%(code)s) startar inte. Du kan ändra dina val när "
        "ansökan eller omvalet är öppet."
    ),
    "offering_closed_holder": N_(
        "Utbildningen %(name)s %(programme)s (%(code)s) startar inte, och din plats där upphör. "
        "Du prövas på dina andra val i nästa reservantagning, också de val som du har rangordnat "
        "lägre."
    ),
    "offering_reopened": N_("Utbildningen %(name)s %(programme)s (%(code)s) startar ändå."),
    "results_published:preliminary": N_(
        "Det preliminära antagningsresultatet är publicerat. Du ser det under Mitt resultat."
    ),
    "results_published:final": N_(
        "Det slutliga antagningsbeskedet är publicerat. Svara på beskedet under Mitt resultat."
    ),
    "results_published:reserve": N_(
        "Resultatet av reservantagningen är publicerat. Du ser det under Mitt resultat."
    ),
    "reply_registered:accept": N_(
        "Ditt svar är registrerat: du tackar ja och står kvar som reserv på högre val."
    ),
    "reply_registered:accept_without_reserve": N_(
        "Ditt svar är registrerat: du tackar ja men står inte kvar som reserv."
    ),
    "reply_registered:decline": N_("Ditt svar är registrerat: du avstår platsen."),
}

router = APIRouter(include_in_schema=False)


@router.get("/meddelanden", name="inbox", response_class=HTMLResponse)
def inbox(request: Request, actor: MyApplication, db: Reads) -> Response:
    messages = own_inbox(db, actor, latest_admission_year(db))
    context = {"inbox": messages, "texts": INBOX_TEXTS, "marked": "lasta" in request.query_params}
    return render(request, "applicant/inbox.html", context)


@router.post("/meddelanden/lasta", name="inbox_read")
def read(actor: MyApplication, db: Reads, uow: Work, now: Now) -> Response:
    mark_inbox_read(uow, year=latest_admission_year(db), actor=actor, now=now)
    return RedirectResponse("/meddelanden?lasta=1", status_code=303)
