"""A file of tilläggsbelopp decisions (skollagen 16 kap. 54 §, 17 kap. 36 §): one decision a row,
as CSV (format in docs/formats.md, "Tilläggsbelopp").

Procedure:

1. Read the CSV with the one CSV reader (UTF-8, a byte-order mark accepted; ``,`` or ``;``
   from the header line; header names case-insensitive; within the reader's limits).
2. Check the shape of every row: ``personnummer``, ``slag`` (``modersmal``, ``niu``,
   ``extraordinart_stod``, ``ovrigt``), ``belopp`` (SEK with at most two decimals), ``per``
   (``ar`` or ``manad``), ``fran`` and the optional ``till`` (``YYYY-MM``), ``beslutsdatum``
   (``YYYY-MM-DD``), ``diarienummer``, and the optional ``kommun`` (the deciding municipality;
   empty: the municipality importing the file).
3. Report every problem as a ``RowError`` (file, line with the header on line 1, column,
   reason), all together in one ``InvalidInput``; nothing is returned unless every row has its
   shape. The rules themselves (a valid personal identity number, a member municipality, a
   positive amount within range, a period in order) are checked for every row by the service
   (``compensation.services.additional_grants``), which also reports every problem at once. Pure
   reading.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path
from typing import Final

from samverka.compensation.domain.additional_grant import AdditionalKind, AmountPeriod
from samverka.compensation.domain.period import Month
from samverka.compensation.services.additional_grants import GrantRequest
from samverka.errors import N_, InvalidInput
from samverka.platform.domain.numbers import decimal_value, shown
from samverka.platform.files.csv_table import ErrorLog, Row, parse_date
from samverka.register.files.population_file import read_rows

PERSONAL_ID: Final = "personnummer"
MUNICIPALITY: Final = "kommun"
KIND: Final = "slag"
AMOUNT: Final = "belopp"
PER: Final = "per"
FIRST: Final = "fran"
LAST: Final = "till"
DECIDED_ON: Final = "beslutsdatum"
REFERENCE: Final = "diarienummer"
REQUIRED: Final = (PERSONAL_ID, KIND, AMOUNT, PER, FIRST, DECIDED_ON, REFERENCE)
OPTIONAL: Final = (MUNICIPALITY, LAST)
KINDS: Final = {
    "modersmal": AdditionalKind.MOTHER_TONGUE,
    "niu": AdditionalKind.NIU,
    "extraordinart_stod": AdditionalKind.EXTRAORDINARY_SUPPORT,
    "ovrigt": AdditionalKind.OTHER,
}
PERIODS: Final = {"ar": AmountPeriod.YEAR, "manad": AmountPeriod.MONTH}
_MONTH: Final = re.compile(r"(\d{4})-(0[1-9]|1[0-2])")
_MUNICIPALITY: Final = re.compile(r"\d{4}")
MAXIMUM_REFERENCE: Final = 100


def read_additional_grant_file(path: Path, *, municipality: str) -> list[GrantRequest]:
    """The file's decisions in file order; ``municipality`` for rows without ``kommun``."""
    log = ErrorLog()
    requests: list[GrantRequest] = []
    for row in read_rows(path, REQUIRED, OPTIONAL, log):
        request = _request(row, municipality, log)
        if request is not None:
            requests.append(request)
    if not requests and not log.errors:
        log.add(path.name, 0, "", N_("Filen har inga beslut."))
    if log.errors:
        raise InvalidInput(log.errors)
    return requests


def _request(row: Row, default_municipality: str, log: ErrorLog) -> GrantRequest | None:
    before = len(log.errors)
    code = row.text(MUNICIPALITY) or default_municipality
    if not _MUNICIPALITY.fullmatch(code):
        log.add(
            row.source,
            row.line,
            MUNICIPALITY,
            N_("%(code)s är ingen kommunkod."),
            code=shown(code),
        )
    kind = KINDS.get(row.text(KIND).lower())
    if kind is None:
        words = ", ".join(KINDS)
        log.add(
            row.source,
            row.line,
            KIND,
            N_("%(text)s är inte något av %(words)s."),
            text=shown(row.text(KIND)),
            words=words,
        )
    per = PERIODS.get(row.text(PER).lower())
    if per is None:
        log.add(
            row.source,
            row.line,
            PER,
            N_("%(text)s är inte ar eller manad."),
            text=shown(row.text(PER)),
        )
    amount = _amount(row, log)
    first = _month(row, FIRST, log, required=True)
    last = _month(row, LAST, log, required=False)
    decided_on = parse_date(row, DECIDED_ON, log)
    if decided_on is None and not row.text(DECIDED_ON):
        log.add(row.source, row.line, DECIDED_ON, N_("Beslutsdatumet saknas."))
    reference = row.text(REFERENCE).strip()
    if not reference or len(reference) > MAXIMUM_REFERENCE:
        reason = N_("Diarienumret ska ha 1–%(most)s tecken.")
        log.add(row.source, row.line, REFERENCE, reason, most=MAXIMUM_REFERENCE)
    missing = None in (kind, per, amount, first, decided_on)
    if len(log.errors) > before or missing or kind is None or per is None:
        return None
    if amount is None or first is None or decided_on is None:
        return None
    return GrantRequest(
        personal_id=row.text(PERSONAL_ID),
        municipality=code,
        kind=kind.value,
        amount=amount,
        per=per.value,
        first=first,
        last=last,
        decided_on=decided_on,
        reference=reference,
        source=row.source,
        line=row.line,
    )


def _amount(row: Row, log: ErrorLog) -> Decimal | None:
    text = row.text(AMOUNT)
    try:
        return decimal_value(text)
    except ValueError:
        log.add(
            row.source,
            row.line,
            AMOUNT,
            N_("%(text)s är inget belopp i kronor."),
            text=shown(text),
        )
        return None


def _month(row: Row, column: str, log: ErrorLog, *, required: bool) -> Month | None:
    text = row.text(column)
    if not text:
        if required:
            log.add(row.source, row.line, column, N_("Månaden saknas (ÅÅÅÅ-MM)."))
        return None
    found = _MONTH.fullmatch(text)
    if found is None or not 2000 <= int(found.group(1)) <= 2100:
        log.add(
            row.source,
            row.line,
            column,
            N_("%(text)s är ingen månad (ÅÅÅÅ-MM)."),
            text=shown(text),
        )
        return None
    return Month(int(found.group(1)), int(found.group(2)))
