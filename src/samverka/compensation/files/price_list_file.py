"""A price-list file (programprislista): one year's prices per programme and orientation, as
CSV (format in docs/formats.md, "Price list").

Procedure:

1. Read the CSV (UTF-8, with or without BOM); ``program`` and either ``arspris`` or all seven
   cost-type columns are required in the header.
2. Check every non-empty row: a programme code (2–10 letters/digits), an optional orientation,
   an optional 4-digit municipality code (a municipality-specific price, for introductory
   programmes), amounts as non-negative decimals with at most two decimals (``,`` or ``.`` as
   the decimal mark, spaces between thousands allowed) of at most ``MAXIMUM_AMOUNT``, and,
   when the seven cost types are given, the yearly price (if also given) equal to their sum
   (also at most ``MAXIMUM_AMOUNT``); no (programme, orientation, municipality) twice.
3. Report every problem as a ``RowError`` (file, line with the header on line 1, column,
   reason), all together in one ``InvalidInput``; nothing is returned unless the whole file is
   valid. Pure reading: nothing is stored.

The file is read by the one CSV reader within ``UPLOAD_LIMITS`` (docs/security.md, "Files and
limits": no lone carriage returns, no column twice, no cells right of the header).
``MAXIMUM_AMOUNT``, 10,000,000 SEK per pupil and year, is thirty times the dearest programme of
Skolverket's national price list (riksprislistan, about 300,000 SEK in 2026) and keeps every
statement's sum inside the database's amounts (14 digits with öre); issue 11 point 6.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from decimal import Decimal
from pathlib import Path
from typing import Final

from samverka.compensation.domain.price_list import CostType, Price, PriceList
from samverka.errors import N_, InvalidInput
from samverka.platform.domain.numbers import decimal_places, decimal_value, shown
from samverka.platform.files.csv_table import ErrorLog, Row, read_table
from samverka.platform.files.limits import UPLOAD_LIMITS

PROGRAMME: Final = "program"
ORIENTATION: Final = "inriktning"
MUNICIPALITY: Final = "kommun"
YEARLY: Final = "arspris"
COST_COLUMNS: Final = {
    "undervisning": CostType.TEACHING,
    "lokaler": CostType.PREMISES,
    "lararverktyg": CostType.LEARNING_MATERIALS,
    "skolmaltider": CostType.SCHOOL_MEALS,
    "elevhalsa": CostType.PUPIL_HEALTH,
    "resor": CostType.TRAVEL,
    "administration_ovrigt": CostType.ADMINISTRATION_OTHER,
}
OPTIONAL: Final = (ORIENTATION, MUNICIPALITY, YEARLY, *COST_COLUMNS)
_CODE: Final = re.compile(r"[A-Za-z0-9]{2,10}")
_ORIENTATION: Final = re.compile(r"[A-Za-z0-9_-]{1,20}")
_MUNICIPALITY: Final = re.compile(r"\d{4}")
MAXIMUM_AMOUNT: Final = Decimal(10_000_000)


def read_price_list_file(
    path: Path, *, year: int, municipalities: Collection[str] | None = None
) -> PriceList:
    """The price list of ``path`` for ``year``; ``InvalidInput`` listing every problem.

    ``municipalities`` are the known codes (None: any 4-digit code is accepted).
    """
    log = ErrorLog()
    if path.suffix.lower() != ".csv":
        log.add(
            path.name,
            0,
            "",
            N_("Filtypen %(suffix)s går inte att läsa: använd .csv."),
            suffix=repr(path.suffix),
        )
        raise InvalidInput(log.errors)
    rows = read_table(path, (PROGRAMME,), OPTIONAL, log, UPLOAD_LIMITS)
    if rows:
        header = set(rows[0].values)
        has_costs = [column for column in COST_COLUMNS if column in header]
        if YEARLY not in header and len(has_costs) != len(COST_COLUMNS):
            log.add(
                path.name, 1, YEARLY, N_("Ange årspriset eller alla sju kolumner för kostnadsslag.")
            )
            raise InvalidInput(log.errors)
    known = None if municipalities is None else frozenset(municipalities)
    prices: list[Price] = []
    seen: dict[tuple[str, str | None, str | None], int] = {}
    for row in rows:
        price = _price(row, known, log)
        if price is None:
            continue
        first = seen.setdefault(price.key, row.line)
        if first != row.line:
            log.add(
                row.source, row.line, PROGRAMME, N_("Samma pris som på rad %(line)s."), line=first
            )
            continue
        prices.append(price)
    if not rows and not log.errors:
        log.add(path.name, 0, "", N_("Filen har inga priser."))
    if log.errors:
        raise InvalidInput(log.errors)
    return PriceList(year, tuple(prices))


def _price(row: Row, known: frozenset[str] | None, log: ErrorLog) -> Price | None:
    errors = len(log.errors)
    programme = row.text(PROGRAMME).upper()
    if not _CODE.fullmatch(programme):
        log.add(
            row.source,
            row.line,
            PROGRAMME,
            N_("%(code)s är ingen programkod."),
            code=repr(programme),
        )
    orientation = row.text(ORIENTATION) or None
    if orientation is not None and not _ORIENTATION.fullmatch(orientation):
        log.add(
            row.source,
            row.line,
            ORIENTATION,
            N_("%(code)s är ingen inriktningskod."),
            code=repr(orientation),
        )
    municipality = row.text(MUNICIPALITY) or None
    if municipality is not None and (
        not _MUNICIPALITY.fullmatch(municipality)
        or (known is not None and municipality not in known)
    ):
        log.add(
            row.source,
            row.line,
            MUNICIPALITY,
            N_("%(code)s är ingen känd kommun."),
            code=repr(municipality),
        )
    components: list[tuple[CostType, Decimal]] = []
    for column, cost in COST_COLUMNS.items():
        if row.text(column):
            amount = _amount(row, column, log)
            if amount is not None:
                components.append((cost, amount))
    given = sum(1 for column in COST_COLUMNS if row.text(column))
    if 0 < given < len(COST_COLUMNS):
        log.add(row.source, row.line, "", N_("Ange alla sju kostnadsslag eller inget."))
    yearly = _amount(row, YEARLY, log) if row.text(YEARLY) else None
    if yearly is None and given == 0 and not row.text(YEARLY):
        log.add(row.source, row.line, YEARLY, N_("Årspriset saknas."))
    if len(log.errors) > errors:
        return None
    total = sum((amount for _, amount in components), Decimal(0))
    if components and yearly is not None and yearly != total:
        log.add(
            row.source,
            row.line,
            YEARLY,
            N_("Årspriset %(yearly)s är inte summan av kostnadsslagen (%(total)s)."),
            yearly=yearly,
            total=total,
        )
        return None
    if total > MAXIMUM_AMOUNT:
        reason = N_("Årspriset %(total)s är över högsta tillåtna %(most)s kr.")
        log.add(row.source, row.line, YEARLY, reason, total=total, most=MAXIMUM_AMOUNT)
        return None
    ordered = tuple(sorted(components, key=lambda pair: list(CostType).index(pair[0])))
    return Price(
        programme,
        orientation,
        total if components else (yearly or Decimal(0)),
        ordered,
        municipality,
    )


def _amount(row: Row, column: str, log: ErrorLog) -> Decimal | None:
    """A non-negative amount in SEK with at most two decimals, at most ``MAXIMUM_AMOUNT``."""
    text = row.text(column)
    try:
        amount: Decimal | None = decimal_value(text)
    except ValueError:
        amount = None
    if amount is None or amount < 0 or decimal_places(amount) > 2:
        reason = N_("%(text)s är inget belopp i kronor (till exempel 104500 eller 104500,50).")
        log.add(row.source, row.line, column, reason, text=shown(text))
        return None
    if amount > MAXIMUM_AMOUNT:
        reason = N_("%(text)s är över högsta tillåtna %(most)s kr per elev och år.")
        log.add(row.source, row.line, column, reason, text=shown(text), most=MAXIMUM_AMOUNT)
        return None
    return amount
