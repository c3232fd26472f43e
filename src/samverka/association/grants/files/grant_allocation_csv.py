"""A state grant's allocation and follow-up as CSV: one row per municipality, then the region's
part and the county-wide set-aside, so that the rows add up to the grant's total.

Columns (English names, as the other exports): municipality_code, municipality, key_value,
share (of the municipalities' part, 0–1), gross, set_aside, net, used, unused, report_status.
Amounts in kronor with a decimal point; no text is ever a formula (``spreadsheet_cells``).
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence

from samverka.association.grants.domain.grant_allocation import Allocation
from samverka.association.grants.domain.grant_follow_up import MunicipalFollowUp
from samverka.platform.files.spreadsheet_cells import csv_writer

HEADER = (
    "municipality_code",
    "municipality",
    "key_value",
    "share",
    "gross",
    "set_aside",
    "net",
    "used",
    "unused",
    "report_status",
)


def allocation_csv(
    allocation: Allocation, names: Mapping[str, str], rows: Sequence[MunicipalFollowUp]
) -> str:
    follow = {row.municipality_code: row for row in rows}
    out = io.StringIO()
    writer = csv_writer(out, lineterminator="\n")
    writer.writerow(HEADER)
    for line in allocation.lines:
        row = follow.get(line.municipality_code)
        writer.writerow(
            (
                line.municipality_code,
                names.get(line.municipality_code, ""),
                line.key_value,
                line.share,
                line.gross,
                line.set_aside,
                line.net,
                "" if row is None else row.used,
                "" if row is None else row.unused,
                "" if row is None else row.status.value,
            )
        )
    if allocation.region_gross:
        writer.writerow(
            (
                "region",
                "Regionen",
                "",
                "",
                allocation.region_gross,
                allocation.region_set_aside,
                allocation.region_net,
                "",
                "",
                "",
            )
        )
    writer.writerow(
        ("total", "", "", "", allocation.total, allocation.set_aside_total, "", "", "", "")
    )
    return out.getvalue()
