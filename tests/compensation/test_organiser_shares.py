"""An independent organiser's grundbelopp: the common price plus an administration share and VAT
compensation, set per year, shown apart, and not added when the list already includes them
(skollagen 16 kap. 52–53 §§; gymnasieförordningen 13 kap. 3 §; admissions-rules.md §7.3,
"Added (turn 2)"; rules-audit-2026-12.md §4)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from samverka.compensation.domain.monthly_compensation import YearTariff, monthly_run
from samverka.compensation.domain.organiser import Organiser
from samverka.compensation.domain.organiser_shares import OrganiserShares, ShareCalculator
from samverka.compensation.domain.period import Month
from samverka.compensation.domain.price_list import Price, PriceList, YearPrices
from samverka.compensation.domain.pupil_record import Placement, PupilRecord, Registration
from samverka.compensation.domain.statements import payee_statements
from samverka.compensation.domain.structure_supplement import SupplementSchedule, SupplementTier

YEAR = 2026
FRISKOLA = Organiser.independent("5560001111")
SOLNA = Organiser.municipality("0184")
SEPTEMBER = Month(YEAR, 9)


def _tariff(shares: OrganiserShares | None = None) -> dict[int, YearTariff]:
    prices = YearPrices(PriceList(YEAR, (Price("NA", None, Decimal(120000)),)))
    tiers = SupplementSchedule(YEAR, (SupplementTier(1, Decimal(200), Decimal(12000)),))
    return {YEAR: YearTariff(prices, tiers, shares)}


def _pupil(organiser: Organiser, merit: Decimal = Decimal(150)) -> PupilRecord:
    placement = Placement(organiser, "44444444", "NA", None, date(YEAR, 8, 15))
    return PupilRecord("p1", (placement,), (Registration("0180", date(2010, 1, 1)),), merit)


def test_an_independent_organiser_gets_the_price_plus_three_per_cent_and_six_per_cent_vat() -> None:
    (line,) = monthly_run([_pupil(FRISKOLA)], SEPTEMBER, _tariff()).lines
    assert line.price_amount == Decimal(10000)  # 120,000 / 12
    assert line.supplement_amount == Decimal(1000)  # 12,000 / 12
    assert line.admin_amount == Decimal(300)  # 3 % of the price
    assert line.vat_amount == Decimal(678)  # 6 % of 10,000 + 300 + 1,000
    assert line.amount == Decimal(11978)


def test_a_municipal_organiser_gets_no_administration_or_vat_share() -> None:
    (line,) = monthly_run([_pupil(SOLNA)], SEPTEMBER, _tariff()).lines
    assert (line.admin_amount, line.vat_amount, line.amount) == (0, 0, Decimal(11000))


def test_the_shares_are_the_years_setting() -> None:
    shares = OrganiserShares(YEAR, administration=Decimal(2), vat=Decimal(6))
    (line,) = monthly_run([_pupil(FRISKOLA)], SEPTEMBER, _tariff(shares)).lines
    assert (line.admin_amount, line.vat_amount) == (Decimal(200), Decimal(672))


def test_a_list_declared_to_include_the_shares_adds_nothing_and_shows_what_it_contains() -> None:
    shares = OrganiserShares(YEAR, included=True)
    (line,) = monthly_run([_pupil(FRISKOLA)], SEPTEMBER, _tariff(shares)).lines
    assert line.amount == Decimal(11000)  # the list's twelfths, nothing added
    assert line.vat_amount == Decimal("622.64")  # 10,000 × 6/106 + 1,000 × 6/106
    assert line.admin_amount == Decimal("274.78")  # (10,000 − 566.04) × 3/103
    assert line.price_amount == Decimal("9159.18")
    assert line.supplement_amount == Decimal("943.40")


def test_the_statement_shows_the_vat_share_of_what_the_organiser_gets() -> None:
    pupils = [_pupil(FRISKOLA)]
    lines = monthly_run(pupils, SEPTEMBER, _tariff()).lines
    statement = payee_statements(lines, SEPTEMBER)[FRISKOLA]
    (row,) = statement.rows
    assert (row.price_amount, row.admin_amount, row.vat_amount) == (10000, 300, 678)
    assert (statement.vat_total, statement.total) == (Decimal(678), Decimal(11978))


def test_a_share_outside_zero_to_twenty_five_per_cent_is_refused() -> None:
    with pytest.raises(ValueError, match="VAT share"):
        OrganiserShares(YEAR, vat=Decimal(-1))
    with pytest.raises(ValueError, match="administration share"):
        OrganiserShares(YEAR, administration=Decimal(30))


amounts = st.integers(0, 30_000_000).map(lambda n: Decimal(n) / 100)


@given(amounts, amounts, st.booleans(), st.booleans())
def test_the_parts_always_sum_to_the_line_and_an_included_list_keeps_its_amount(
    price: Decimal, supplement: Decimal, included: bool, administered: bool
) -> None:
    calculator = ShareCalculator(OrganiserShares(YEAR, included=included))
    parts = calculator.parts(price, supplement, administered)
    assert parts.amount == parts.price + parts.supplement + parts.administration + parts.vat
    for part in (parts.administration, parts.vat):
        assert part == part.quantize(Decimal("0.01"))
    if included:
        assert parts.amount == price + supplement
    else:
        assert parts.amount >= price + supplement
    if not administered:
        assert parts.administration == 0
