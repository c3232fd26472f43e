"""The municipality's KAA list as a file (issue 15 point 10: "Municipalities … export KAA lists").

``/kommun/kaa/lista/fil?datum=…&sok=…&status=…&format=csv|csv-maskin|xlsx``: the list of
``/kommun/kaa`` as it is narrowed there (the day, the search and the status), every page of it,
as CSV for Swedish Excel (the default: ``;``, decimal comma, a byte-order mark), machine CSV or
XLSX, streamed while it is written (``platform.web.downloads``). The columns are named in
Swedish (English through the catalogue) and a status by its name, never its code.

A protected identity is handled exactly as the page handles it (the same query,
``queries.activity_follow_up.kaa_page``): a reader who may not see it gets the masked name and
no personal identity number, birth date or age. Only the home municipality and the admission
officer (choosing a municipality with ``?kommun=``) get the file; the officer who has not
chosen is refused (422), as on the other municipality files. Like the admission's lists
(``/antagning/export``), a download is not recorded in the audit trail. Sources: skollagen
29 kap. 9 §; issue 13 points 8–10.
"""

from __future__ import annotations

import gettext
from collections.abc import Iterator, Sequence
from typing import Annotated, Final

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from samverka.admission.queries.person_lookup import (
    MAXIMUM_QUERY,
    NOT_A_NUMBER,
    PersonQueryError,
    parse_person_query,
)
from samverka.errors import InvalidInput, RowError
from samverka.platform.files.exports import FileFormat, Sheet
from samverka.platform.web.context import web_context
from samverka.platform.web.deps import Now
from samverka.platform.web.downloads import download
from samverka.platform.web.i18n import N_
from samverka.platform.web.templating import translations
from samverka.register.domain.activity_follow_up import KaaStatus
from samverka.register.http import swedish_day
from samverka.register.queries.activity_follow_up import KaaPerson, kaa_page
from samverka.register.web.kaa import DATE_PATTERN, STATUS_LABELS, asked_day
from samverka.register.web.municipality import Place as MunicipalityPlace

HEADER: Final = (
    N_("Personnummer"),
    N_("Namn"),
    N_("Födelsedatum"),
    N_("Ålder"),
    N_("I aktivitetsansvaret sedan"),
    N_("Status"),
    N_("Senaste anteckning"),
)
SHEET_NAME: Final = N_("Aktivitetsansvaret")

router = APIRouter(include_in_schema=False)


@router.get("/kommun/kaa/lista/fil", name="kaa_list_file")
def list_file(
    request: Request,
    place: MunicipalityPlace,
    now: Now,
    day: Annotated[str | None, Query(alias="datum", pattern=DATE_PATTERN)] = None,
    sok: Annotated[str, Query(max_length=MAXIMUM_QUERY)] = "",
    status: Annotated[str, Query(max_length=40)] = "",
    file_format: Annotated[FileFormat, Query(alias="format")] = FileFormat.CSV,
) -> Response:
    actor = place.working
    assert actor.municipality_code is not None
    today = swedish_day(now)
    on = asked_day(day, today)
    try:
        query = parse_person_query(sok, today=today)
    except PersonQueryError:
        raise InvalidInput([RowError("request", 0, "sok", NOT_A_NUMBER)]) from None
    chosen = next((s for s in KaaStatus if s.value == status), None)
    with web_context(request).reads() as session:
        found = kaa_page(session, actor, actor.municipality_code, on, search=query, status=chosen)
    texts = translations(request)
    name = f"aktivitetsansvar-{actor.municipality_code}-{on.isoformat()}"
    if chosen is not None:
        name = f"{name}-{chosen.value}"
    sheet = Sheet(SHEET_NAME, HEADER, list_rows(found.people, texts))
    return download(name, file_format, sheet, texts=texts)


def list_rows(
    people: Sequence[KaaPerson], texts: gettext.NullTranslations
) -> Iterator[list[object]]:
    """One row per person as the page lists them, made while the file is written; a masked
    person has the masked name and empty number, birth date and age (as on the page)."""
    for person in people:
        yield [
            person.personal_id or "",
            person.name,
            person.birth_date,
            person.age,
            person.since,
            texts.gettext(STATUS_LABELS[person.status]),
            person.last_entry,
        ]
