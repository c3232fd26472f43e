"""The light ``BookedLine`` history gives the same corrections as full ``PupilMonthLine``s."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from samverka.compensation.domain.month_lines import BookedLine
from samverka.compensation.domain.monthly_compensation import YearTariff, monthly_run
from samverka.compensation.domain.organiser import Organiser
from samverka.compensation.domain.period import Month
from samverka.compensation.domain.price_list import Price, PriceList, YearPrices
from samverka.compensation.domain.pupil_record import Placement, PupilRecord, Registration

YEAR = 2026
TARIFFS = {YEAR: YearTariff(YearPrices(PriceList(YEAR, (Price("NA", None, Decimal(120000)),))))}


def _pupil(pid: str, organiser: str) -> PupilRecord:
    placement = Placement(Organiser.municipality(organiser), "1", "NA", None, date(YEAR, 1, 1))
    return PupilRecord(pid, (placement,), (Registration("0180", date(2010, 1, 1)),))


def test_corrections_against_booked_line_records_equal_those_against_full_lines() -> None:
    before = [_pupil("a", "0182"), _pupil("b", "0182"), _pupil("c", "0184")]
    booked = monthly_run(before, Month(YEAR, 1), TARIFFS).lines
    light = [
        BookedLine(
            line.pupil_id,
            line.service_month,
            line.key,
            line.price_amount,
            line.supplement_amount,
            line.measurement_date,
            line.price_source,
            line.admin_amount,
            line.vat_amount,
            line.invoice,
        )
        for line in booked
    ]
    after = [_pupil("a", "0184"), _pupil("c", "0184"), _pupil("d", "0182")]
    recheck = [Month(YEAR, 1)]
    full = monthly_run(after, Month(YEAR, 2), TARIFFS, booked=booked, recheck=recheck)
    fast = monthly_run(after, Month(YEAR, 2), TARIFFS, booked=light, recheck=recheck)
    assert fast.lines == full.lines
    assert len(full.corrections) == 4  # a: reversal + new; b: reversal; d: new
