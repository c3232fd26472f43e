"""The administration and VAT shares of the grant to an independent organiser (grundbelopp).

Rules (skollagen 16 kap. 52–53 §§; gymnasieförordningen 13 kap. 3 §; admissions-rules.md §7.3,
"Added (turn 2)"; rules-audit-2026-12.md §4, "Grants to independent organisers"):

* An independent organiser's grundbelopp covers teaching, learning materials, pupil health,
  meals and premises, and also **administration** and **VAT compensation**, each as a schablon
  share: by default 3 % administration and 6 % VAT compensation. The shares are set per year
  (``OrganiserShares``), with the date and reference of the decision behind them.
* Whether the association's common list already includes them is a [GAP] of the sources, so
  it is a setting of the year (``included``):

  - **added** (default): the list is the cost of the municipalities' own schools; the line
    gets, on top of the programme price's twelfth ``P`` and the structure supplement's twelfth
    ``S``, an administration share ``A = P × a / 100`` and a VAT share
    ``V = (P + A + S) × v / 100``: VAT compensation on the whole grant.
  - **included**: nothing is added; the line's amount is the list's twelfths, and the shares
    it already contains are shown: ``V = (P + S) × v / (100 + v)`` (taken from each part) and
    ``A = (P − V_P) × a / (100 + a)``, so that price, supplement, administration and VAT are
    still shown apart and sum to the same amount.

* A tilläggsbelopp (``additional_grant``) gets VAT compensation as the grundbelopp does (the
  VAT share is of the whole grant, grundbelopp and tilläggsbelopp [I: as skolförordningen
  14 kap. 8 § words it for the compulsory school]) but no administration share, which is a
  share of the grundbelopp.
* Municipal and regional organisers get neither: compensation between public organisers
  (interkommunal ersättning, skollagen 16 kap. 50–51 §§) carries no VAT compensation.
* Rounding: each share is rounded separately to the run's quantum (öre) by the run's rounding
  (half up), from parts that are already rounded; the parts sum exactly to the line's amount,
  so no total is ever rounded (``monthly_compensation``, ``reconciliation``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

_HUNDRED = Decimal(100)
_ZERO = Decimal(0)
DEFAULT_ADMINISTRATION = Decimal(3)
DEFAULT_VAT = Decimal(6)
MAXIMUM_PERCENT = Decimal(25)


@dataclass(frozen=True, slots=True)
class OrganiserShares:
    """One year's shares in per cent, whether the list includes them, and the decision."""

    year: int
    administration: Decimal = DEFAULT_ADMINISTRATION
    vat: Decimal = DEFAULT_VAT
    included: bool = False
    decided_on: date | None = None
    reference: str = ""

    def __post_init__(self) -> None:
        for name, value in (("administration", self.administration), ("VAT", self.vat)):
            if not _ZERO <= value <= MAXIMUM_PERCENT:
                raise ValueError(
                    f"the {name} share must be 0–{MAXIMUM_PERCENT} per cent, not {value}"
                )

    def to_dict(self) -> dict[str, object]:
        return {
            "year": self.year,
            "administration": str(self.administration),
            "vat": str(self.vat),
            "included": self.included,
            "decided_on": None if self.decided_on is None else self.decided_on.isoformat(),
            "reference": self.reference,
        }


@dataclass(frozen=True, slots=True)
class LineParts:
    """A line's amount in its parts: price (or tilläggsbelopp), supplement, administration
    and VAT; ``amount`` is always their sum."""

    price: Decimal
    supplement: Decimal
    administration: Decimal
    vat: Decimal

    @property
    def amount(self) -> Decimal:
        return self.price + self.supplement + self.administration + self.vat


class ShareCalculator:
    """The shares of one year, rounded to ``quantum`` by ``rounding``, cached per amount."""

    def __init__(
        self,
        shares: OrganiserShares,
        quantum: Decimal = Decimal("0.01"),
        rounding: str = ROUND_HALF_UP,
    ) -> None:
        self._shares = shares
        self._quantum = quantum
        self._rounding = rounding
        self._cache: dict[tuple[Decimal, Decimal, bool], LineParts] = {}

    def _round(self, amount: Decimal) -> Decimal:
        return amount.quantize(self._quantum, rounding=self._rounding)

    def parts(self, price: Decimal, supplement: Decimal, administered: bool = True) -> LineParts:
        """The parts of a grant to an independent organiser whose list twelfths are ``price``
        and ``supplement``; ``administered`` False for a tilläggsbelopp (no administration)."""
        key = (price, supplement, administered)
        found = self._cache.get(key)
        if found is None:
            found = self._cache[key] = self._parts(price, supplement, administered)
        return found

    def _parts(self, price: Decimal, supplement: Decimal, administered: bool) -> LineParts:
        a = self._shares.administration if administered else _ZERO
        v = self._shares.vat
        if not self._shares.included:
            administration = self._round(price * a / _HUNDRED)
            vat = self._round((price + administration + supplement) * v / _HUNDRED)
            return LineParts(price, supplement, administration, vat)
        vat_of_price = self._round(price * v / (_HUNDRED + v))
        vat_of_supplement = self._round(supplement * v / (_HUNDRED + v))
        net_price = price - vat_of_price
        administration = self._round(net_price * a / (_HUNDRED + a))
        return LineParts(
            net_price - administration,
            supplement - vat_of_supplement,
            administration,
            vat_of_price + vat_of_supplement,
        )
