"""Checks shared by both input formats: the rows of ``choices.csv``, identifiers, lottery
numbers and the offerings' places in all.

Per applicant: the applicant exists, the offering exists, the rank is 1–``MAXIMUM_RANK``, no
rank is given twice and no offering is named twice. Valid rows are grouped per applicant and
sorted by rank. The ranges are ``admission.domain.input_ranges``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection

from samverka.admission.domain.input_ranges import (
    MAXIMUM_LOTTERY,
    MAXIMUM_PLACES,
    MAXIMUM_RANK,
    MAXIMUM_TOTAL_PLACES,
)
from samverka.errors import N_
from samverka.platform.files.csv_table import ErrorLog, Row, parse_int


def group_choices(
    rows: list[Row], applicants: Collection[str], offerings: Collection[str], log: ErrorLog
) -> dict[str, list[tuple[int, Row]]]:
    """Valid choice rows by applicant id, as (rank, row) in rank order."""
    grouped: dict[str, list[tuple[int, Row]]] = defaultdict(list)
    seen_rank: dict[tuple[str, int], int] = {}
    seen_offering: dict[tuple[str, str], int] = {}
    for row in rows:
        applicant, offering = row.text("applicant_id"), row.text("offering_id")
        rank = parse_int(row, "rank", log, minimum=1, maximum=MAXIMUM_RANK)
        ok = rank is not None
        if applicant not in applicants:
            log.add(
                row.source,
                row.line,
                "applicant_id",
                N_("Det finns ingen sökande %(applicant)s."),
                applicant=repr(applicant),
            )
            ok = False
        if offering not in offerings:
            log.add(
                row.source,
                row.line,
                "offering_id",
                N_("Det finns ingen utbildning %(offering)s."),
                offering=repr(offering),
            )
            ok = False
        if rank is not None and (applicant, rank) in seen_rank:
            first = seen_rank[applicant, rank]
            log.add(
                row.source,
                row.line,
                "rank",
                N_("Rangordningen %(rank)s anges två gånger (även på rad %(first)s)."),
                rank=rank,
                first=first,
            )
            ok = False
        if (applicant, offering) in seen_offering:
            first = seen_offering[applicant, offering]
            log.add(
                row.source,
                row.line,
                "offering_id",
                N_("Utbildningen är vald två gånger (även på rad %(first)s)."),
                first=first,
            )
            ok = False
        if rank is not None:
            seen_rank.setdefault((applicant, rank), row.line)
        seen_offering.setdefault((applicant, offering), row.line)
        if ok and rank is not None:
            grouped[applicant].append((rank, row))
    for choices in grouped.values():
        choices.sort(key=lambda pair: pair[0])
    return grouped


def unique_ids(rows: list[Row], column: str, log: ErrorLog) -> dict[str, Row]:
    """Rows by their identifier; empty and repeated identifiers are errors."""
    by_id: dict[str, Row] = {}
    for row in rows:
        identifier = row.text(column)
        if not identifier:
            log.add(row.source, row.line, column, N_("Identiteten saknas."))
        elif identifier in by_id:
            first = by_id[identifier].line
            log.add(
                row.source,
                row.line,
                column,
                N_("%(identifier)s finns två gånger (även på rad %(first)s)."),
                identifier=repr(identifier),
                first=first,
            )
        else:
            by_id[identifier] = row
    return by_id


def check_unique_lotteries(lotteries: dict[str, tuple[Row, int]], log: ErrorLog) -> None:
    first_line: dict[int, int] = {}
    for row, number in lotteries.values():
        if number in first_line:
            log.add(
                row.source,
                row.line,
                "lottery",
                N_("Lottnumret %(number)s anges även på rad %(first)s."),
                number=number,
                first=first_line[number],
            )
        first_line.setdefault(number, row.line)


def parse_lottery(row: Row, log: ErrorLog) -> int | None:
    """The row's given lottery number (1–``MAXIMUM_LOTTERY``), or None when none is given."""
    if not row.text("lottery"):
        return None
    return parse_int(row, "lottery", log, minimum=1, maximum=MAXIMUM_LOTTERY)


def parse_capacity(row: Row, log: ErrorLog) -> int | None:
    """The offering's places, 0–``MAXIMUM_PLACES``."""
    return parse_int(row, "capacity", log, minimum=0, maximum=MAXIMUM_PLACES)


def check_total_places(source: str, capacities: list[int], log: ErrorLog) -> None:
    """The offerings' places together may be at most ``MAXIMUM_TOTAL_PLACES``."""
    total = sum(capacities)
    if total > MAXIMUM_TOTAL_PLACES:
        log.add(
            source,
            0,
            "capacity",
            N_("Utbildningarna har %(total)s platser sammanlagt; högst %(most)s läses."),
            total=total,
            most=MAXIMUM_TOTAL_PLACES,
        )
