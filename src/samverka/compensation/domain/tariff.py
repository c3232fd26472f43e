"""What a month's lines are priced by: the year's tariff, and the list each paying municipality
adopted.

Rules (admissions-rules.md §7.1 and §7.3; seed 001, "Gemensam gymnasieregion": the association
proposes the price list and supplement tiers so that the municipalities can decide before 1
December; ``price_proposal``):

* A year's tariff is its price lists (the association's common list and Skolverket's national
  list, ``YearPrices``), its structure-supplement tiers and its administration and VAT shares
  for independent organisers (``organiser_shares``; none stored: the defaults, added).
* **Payments use the list the paying municipality adopted.** A payer that adopted the year's
  proposal pays by the common list; a payer that decided a list of its own, or that has not
  adopted the year's list, pays by a ``PayerTariff`` (its own list, or the list it last
  adopted). A payer that adopted no list at all is ``unpriced``: its pupil-months are reported
  as anomalies, never priced by a list it did not adopt.
* A line the organiser invoices a home municipality outside the area for is priced by the list
  of the organiser's municipality when the organiser is a member municipality (its own cost
  basis), else by the common list.
* ``Pricing`` caches look-ups and rounded twelfths per run; everything else is a dictionary
  read.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from samverka.compensation.domain.organiser_shares import OrganiserShares, ShareCalculator
from samverka.compensation.domain.price_list import PriceSource, ResolvedPrice, YearPrices
from samverka.compensation.domain.structure_supplement import SupplementSchedule
from samverka.errors import N_, BadValue

if TYPE_CHECKING:
    from samverka.compensation.domain.monthly_compensation import CompensationSettings

_ZERO = Decimal(0)
# the price twelfth, its source, and the supplement twelfths of this price by year-9 merit
PriceEntry = tuple[Decimal, PriceSource, dict[Decimal | None, Decimal]]


@dataclass(frozen=True, slots=True)
class PayerTariff:
    """The list a paying municipality uses instead of the year's common one; ``basis`` says
    which (e.g. ``own 2027``, ``adopted 2026``)."""

    prices: YearPrices
    supplements: SupplementSchedule | None
    basis: str


@dataclass(frozen=True, slots=True)
class YearTariff:
    """The prices, supplement tiers and organiser shares of one calendar year, and the payers
    that pay by another list (``payers``) or by none (``unpriced``)."""

    prices: YearPrices
    supplements: SupplementSchedule | None = None
    shares: OrganiserShares | None = None
    payers: Mapping[str, PayerTariff] = field(default_factory=dict)
    unpriced: frozenset[str] = frozenset()

    def for_payer(self, payer: str | None) -> tuple[YearPrices, SupplementSchedule | None]:
        own = None if payer is None else self.payers.get(payer)
        if own is None:
            return self.prices, self.supplements
        return own.prices, own.supplements

    def year_shares(self) -> OrganiserShares:
        return self.shares if self.shares is not None else OrganiserShares(self.prices.year)


class Pricing:
    """Per-run caches of price resolution, rounded twelfths and organiser shares."""

    def __init__(self, tariffs: Mapping[int, YearTariff], settings: CompensationSettings):
        self._tariffs = tariffs
        self._settings = settings
        self._resolved: dict[
            tuple[int, str | None, str, str | None, str | None], ResolvedPrice
        ] = {}
        self._twelfths: dict[Decimal, Decimal] = {}
        self._shares: dict[int, ShareCalculator] = {}
        self._entries: dict[int, dict[tuple[str | None, str, str | None, str | None], PriceEntry]]
        self._entries = {}
        self._parts: dict[tuple[int, Decimal, Decimal], tuple[Decimal, Decimal, Decimal, Decimal]]
        self._parts = {}

    def tariff(self, year: int) -> YearTariff:
        try:
            return self._tariffs[year]
        except KeyError:
            raise BadValue(N_("Det finns ingen prislista för %(year)s."), year=year) from None

    def resolve(
        self,
        year: int,
        payer: str | None,
        programme: str,
        orientation: str | None,
        municipality: str | None,
    ) -> ResolvedPrice:
        """The price for a pupil whose list is ``payer``'s (None: the common list)."""
        key = (year, payer, programme, orientation, municipality)
        resolved = self._resolved.get(key)
        if resolved is None:
            prices, _ = self.tariff(year).for_payer(payer)
            resolved = prices.resolve(programme, orientation, municipality)
            self._resolved[key] = resolved
        return resolved

    def supplements(self, year: int, payer: str | None) -> SupplementSchedule | None:
        return self.tariff(year).for_payer(payer)[1]

    def twelfth(self, yearly: Decimal) -> Decimal:
        amount = self._twelfths.get(yearly)
        if amount is None:
            amount = self._settings.twelfth(yearly)
            self._twelfths[yearly] = amount
        return amount

    def price_entry(
        self,
        year: int,
        payer: str | None,
        programme: str,
        orientation: str | None,
        municipality: str | None,
    ) -> PriceEntry:
        """The price twelfth and its source for a pupil whose list is ``payer``'s
        (``resolve``), with the supplement twelfths of this price by year-9 merit (filled by
        ``supplement``); cached per run (``entries``)."""
        entries = self.entries(year)
        key = (payer, programme, orientation, municipality)
        entry = entries.get(key)
        if entry is None:
            resolved = self.resolve(year, payer, programme, orientation, municipality)
            entry = entries[key] = (self.twelfth(resolved.price.yearly), resolved.source, {})
        return entry

    def entries(
        self, year: int
    ) -> dict[tuple[str | None, str, str | None, str | None], PriceEntry]:
        found = self._entries.get(year)
        if found is None:
            found = self._entries[year] = {}
        return found

    def supplement(
        self, year: int, payer: str | None, merit: Decimal | None, programme: str
    ) -> Decimal:
        """The structure supplement's twelfth for ``merit`` by ``payer``'s tiers."""
        schedule = self.supplements(year, payer)
        if schedule is None:
            return _ZERO
        return self.twelfth(schedule.yearly_amount(merit, programme))

    def independent_parts(
        self, year: int, price: Decimal, supplement: Decimal
    ) -> tuple[Decimal, Decimal, Decimal, Decimal]:
        """An independent organiser's price, supplement, administration and VAT parts."""
        key = (year, price, supplement)
        found = self._parts.get(key)
        if found is None:
            split = self.shares(year).parts(price, supplement)
            found = self._parts[key] = (
                split.price,
                split.supplement,
                split.administration,
                split.vat,
            )
        return found

    def shares(self, year: int) -> ShareCalculator:
        calculator = self._shares.get(year)
        if calculator is None:
            shares = self.tariff(year).year_shares()
            settings = self._settings
            calculator = ShareCalculator(shares, settings.quantum, settings.rounding)
            self._shares[year] = calculator
        return calculator
