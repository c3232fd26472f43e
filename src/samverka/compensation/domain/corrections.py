"""Retroactive corrections: the lines that bring the booked history to what the data now says.

Rules (admissions-rules.md §7.3; ``monthly_compensation`` states the run's rules):

* Per pupil and month, the net of what was booked before is summed per line key (payer,
  payee, school unit, programme, orientation, purpose and tilläggsbelopp decision) and per
  part (price, supplement, administration, VAT).
* A pupil-month may have several expected lines (the programme, and a line per tilläggsbelopp
  decision). Each expected line whose key has exactly its parts booked is left alone; every
  other booked net that is not zero is reversed (a ``REVERSAL`` line of the negated parts,
  with the booked line's purpose, decision and invoice mark), and every expected line not
  matched is booked. Booked nets of pupil-months the data no longer pays are reversed.
* Nothing booked is changed or deleted; after the corrections the net per pupil, month and
  key equals the current answer, and a rerun with unchanged data books nothing.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from datetime import date
from decimal import Decimal

from samverka.compensation.domain.month_lines import (
    Booked,
    LineKey,
    LineKind,
    PupilMonthLine,
)
from samverka.compensation.domain.period import Month
from samverka.compensation.domain.price_list import PriceSource

_ZERO = Decimal(0)

# A pupil-month line the current data pays, before it becomes a line (only the lines a run
# books are built): pupil id, service month, line key, price, supplement, administration and
# VAT parts, and either the finished line or (measurement date, price source, kind, invoice)
# to build it from.
Candidate = tuple[
    str,
    Month,
    LineKey,
    Decimal,
    Decimal,
    Decimal,
    Decimal,
    "PupilMonthLine | tuple[date, PriceSource, LineKind, bool]",
]
_Net = tuple[Decimal, Decimal, Decimal, Decimal, Booked]
ExtraKey = tuple[str, int, int]  # pupil id, year, month


def build_line(candidate: Candidate, booked_in: Month) -> PupilMonthLine:
    pupil_id, month, key, price, supplement, admin, vat, build = candidate
    if isinstance(build, PupilMonthLine):
        return build
    day, source, kind, invoice = build
    payer, payee, school_unit, programme, orientation, purpose, decision = key
    return PupilMonthLine(
        pupil_id, month, booked_in, kind, payer, payee, school_unit, programme, orientation,
        price, supplement, price + supplement + admin + vat, day, source, admin, vat, purpose,
        decision, invoice,
    )  # fmt: skip


def corrections(
    booked: Iterable[Booked],
    candidates: Sequence[Candidate],
    months: Collection[Month],
    booked_in: Month,
    extras: Mapping[ExtraKey, Sequence[Candidate]] | None = None,
) -> list[PupilMonthLine]:
    """The lines to book (module docstring). ``candidates`` holds the programme line of each
    pupil-month the data pays, ``extras`` the other lines of the pupil-months that have more
    (their tilläggsbelopp), by (pupil, year, month)."""
    wanted = {(month.year, month.month) for month in months}
    history: dict[tuple[str, int, int], list[Booked]] = {}
    for line in booked:
        service = line.service_month
        if (service.year, service.month) in wanted:
            at = (line.pupil_id, service.year, service.month)
            before = history.get(at)
            if before is None:
                history[at] = [line]
            else:
                before.append(line)
    more = extras or {}
    out: list[PupilMonthLine] = []
    for candidate in candidates:
        pupil_id, month, key, price, supplement, admin, vat, _ = candidate
        at = (pupil_id, month.year, month.month)
        before = history.pop(at, None)
        others = more.get(at) if more else None
        if before is None:
            out.append(build_line(candidate, booked_in))
            if others:
                out.extend(build_line(other, booked_in) for other in others)
            continue
        if others is None and len(before) == 1:
            only = before[0]
            if (
                only.price_amount == price
                and only.supplement_amount == supplement
                and only.admin_amount == admin
                and only.vat_amount == vat
                and only.key == key
            ):
                continue
        _correct(before, [candidate, *(others or ())], booked_in, out)
    for before in history.values():
        for price, supplement, admin, vat, template in _net(before).values():
            if price or supplement or admin or vat:
                out.append(_reversal(template, price, supplement, admin, vat, booked_in))
    return out


def _correct(
    before: list[Booked],
    group: Sequence[Candidate],
    booked_in: Month,
    out: list[PupilMonthLine],
) -> None:
    nets = _net(before)
    matched: set[LineKey] = set()
    for candidate in group:
        net = nets.get(candidate[2])
        if net is not None and net[:4] == candidate[3:7]:
            matched.add(candidate[2])
    for key, (price, supplement, admin, vat, template) in nets.items():
        if key not in matched and (price or supplement or admin or vat):
            out.append(_reversal(template, price, supplement, admin, vat, booked_in))
    out.extend(build_line(c, booked_in) for c in group if c[2] not in matched)


def _net(lines: Iterable[Booked]) -> dict[LineKey, _Net]:
    net: dict[LineKey, _Net] = {}
    for line in lines:
        found = net.get(line.key)
        if found is None:
            net[line.key] = (
                line.price_amount,
                line.supplement_amount,
                line.admin_amount,
                line.vat_amount,
                line,
            )
        else:
            price, supplement, admin, vat, template = found
            net[line.key] = (
                price + line.price_amount,
                supplement + line.supplement_amount,
                admin + line.admin_amount,
                vat + line.vat_amount,
                template,
            )
    return net


def _reversal(
    template: Booked,
    price: Decimal,
    supplement: Decimal,
    admin: Decimal,
    vat: Decimal,
    booked_in: Month,
) -> PupilMonthLine:
    return PupilMonthLine(
        pupil_id=template.pupil_id,
        service_month=template.service_month,
        booked_in=booked_in,
        kind=LineKind.REVERSAL,
        payer=template.payer,
        payee=template.payee,
        school_unit=template.school_unit,
        programme=template.programme,
        orientation=template.orientation,
        price_amount=-price,
        supplement_amount=-supplement,
        amount=-(price + supplement + admin + vat),
        measurement_date=template.measurement_date,
        price_source=template.price_source,
        admin_amount=-admin,
        vat_amount=-vat,
        purpose=template.purpose,
        decision_id=template.decision_id,
        invoice=template.invoice,
    )
