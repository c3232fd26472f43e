"""The admission officer's person search and person page (issue 15, point 3).

* ``/antagning/person?q=`` searches the newest admission year's applicants by identity number
  (any common spelling, checked by the personnummer rules) or by name (every word, any order,
  any case), ``queries.person_lookup``. One match goes straight to the person's page (303); more
  are listed, 50 to a page (``?sida=``); a number that is not valid is shown again at the field
  (422), with nothing searched. The search field is in the officer's page header on every page
  (``base.html``), a plain GET form that works without JavaScript.
* ``/antagning/person/{id}`` shows one applicant: the application, the grades with merit value
  and eligibility, the result of every published round, replies, cases, messages and the audit
  trail's events about the person.

Only the admission officer in their own role uses them (``http.YearAdmin``; everyone else 403);
the officer sees protected identities, marked as such (docs/security.md). Every search made and
every person page opened is recorded in the audit trail (``http.searched``, ``http.opened``).
"""

from __future__ import annotations

from typing import Annotated, Final

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from samverka.admission.domain.grades import SUBJECTS
from samverka.admission.domain.rounds import RoundKind
from samverka.admission.http import YearAdmin, opened, searched
from samverka.admission.queries.admission_statistics import latest_admission_year
from samverka.admission.queries.person_lookup import (
    MAXIMUM_QUERY,
    PersonQueryError,
    find_persons,
    parse_person_query,
    person_record,
)
from samverka.admission.web.applicant import subject_names
from samverka.admission.web.inbox import INBOX_TEXTS
from samverka.platform.domain.swedish_time import swedish_today
from samverka.platform.web.deps import Now, Reads, Work
from samverka.platform.web.forms import FieldProblem, show_refusal
from samverka.platform.web.i18n import N_
from samverka.platform.web.templating import render

PAGE_SIZE = 50
SEARCH_PAGE = "officer/person_search.html"
NOT_A_NUMBER = N_(
    "Det är inte ett giltigt personnummer. Skriv det med 10 eller 12 siffror, till exempel "
    "ÅÅÅÅMMDD-NNNN, eller sök på namn."
)

ROUND_NAMES: Final = {
    RoundKind.PRELIMINARY: N_("Preliminär antagning"),
    RoundKind.FINAL: N_("Slutlig antagning"),
    RoundKind.RESERVE: N_("Reservantagning"),
    RoundKind.SIMULATION: N_("Simulering"),
}
REPLY_NAMES: Final = {
    "accept": N_("Tackar ja och står kvar som reserv"),
    "accept_without_reserve": N_("Tackar ja och stryker reservplatserna"),
    "decline": N_("Tackar nej"),
}
CASE_NAMES: Final = {
    "reception": N_("Beslut om mottagande"),
    "english_dispensation": N_("Dispens från kravet på engelska"),
    "over_age": N_("Avtal om mottagande trots ålder"),
    "test_points": N_("Resultat på antagningsprov"),
    "equivalent_knowledge": N_("Motsvarande kunskaper bedömda"),
}
ENTITY_NAMES: Final = {
    "applicant": N_("Personuppgifter"),
    "grade": N_("Betyg"),
    "application": N_("Ansökan"),
    "choice": N_("Val"),
    "reply": N_("Svar"),
    "english_dispensation": N_("Dispens från kravet på engelska"),
}
ACTION_NAMES: Final = {
    "create": N_("Registrerad"),
    "update": N_("Ändrad"),
    "move": N_("Flyttad till en annan skolenhet"),
    "lift_protection": N_("Skyddet hävt"),
    "import_autumn": N_("Höstterminsbetyg importerade"),
    "import_final": N_("Slutbetyg importerade"),
    "choices": N_("Val sparade"),
    "reply": N_("Svar registrerat"),
    "admission_facts": N_("Ankomst och tidigare studier sparade"),
    "mark_foreign_grades": N_("Utländska betyg markerade eller avmarkerade"),
    "reception": N_("Mottagande beslutat"),
    "decide": N_("Beslutad"),
    "withdraw": N_("Återkallad"),
    "over_age_agreement": N_("Avtal om mottagande trots ålder registrerat"),
    "withdraw_over_age_agreement": N_("Avtal om mottagande trots ålder återkallat"),
    "test_points": N_("Provresultat registrerat"),
    "grant_fri_kvot": N_("Fri kvot beviljad eller ändrad"),
    "assess_knowledge": N_("Motsvarande kunskaper bedömda eller ändrade"),
}

router = APIRouter(include_in_schema=False)


@router.get("/antagning/person", name="person_search", response_class=HTMLResponse)
def person_search(
    request: Request,
    actor: YearAdmin,
    db: Reads,
    uow: Work,
    now: Now,
    q: Annotated[str, Query(max_length=MAXIMUM_QUERY)] = "",
    sida: Annotated[int, Query(ge=1, le=10_000)] = 1,
) -> Response:
    year = latest_admission_year(db)
    context: dict[str, object] = {"q": q, "year": year, "found": None, "page": sida, "pages": 1}
    try:
        query = parse_person_query(q, today=swedish_today(now))
    except PersonQueryError:
        show_refusal(request, [FieldProblem("q", NOT_A_NUMBER)], {"q": q}, form="sok")
        return render(request, SEARCH_PAGE, context, status_code=422)
    if query.empty:
        return render(request, SEARCH_PAGE, context)
    found = find_persons(db, actor, year, query, limit=PAGE_SIZE, offset=(sida - 1) * PAGE_SIZE)
    searched(uow, actor, year, query, found, sida, now)
    if found.total == 1 and sida == 1:
        return RedirectResponse(f"/antagning/person/{found.items[0].applicant_id}", 303)
    pages = max(1, -(-found.total // PAGE_SIZE))
    context.update(found=found, pages=pages)
    return render(request, SEARCH_PAGE, context)


@router.get("/antagning/person/{applicant_id}", name="person", response_class=HTMLResponse)
def person(
    request: Request, actor: YearAdmin, db: Reads, uow: Work, now: Now, applicant_id: int
) -> Response:
    record = person_record(db, actor, applicant_id, now)
    opened(uow, actor, record, "page", now)
    context = {
        "record": record,
        "rounds": ROUND_NAMES,
        "reply_names": REPLY_NAMES,
        "case_names": CASE_NAMES,
        "entity_names": ENTITY_NAMES,
        "action_names": ACTION_NAMES,
        "subject_names": subject_names,
        "subject_titles": SUBJECTS,
        "texts": INBOX_TEXTS,
    }
    return render(request, "officer/person.html", context)
