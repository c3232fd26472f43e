"""The monthly compensation run: pupil-month lines, and retroactive corrections of past months.

Rules (admissions-rules.md §6, §7.3, §11.2 item 12; issue 13 points 2–7):

* For a month M, the measurement date (``measurement_day``) decides: the pupil's placement on
  that date names the payee (the placement's organiser), the pupil's registration
  (folkbokföring) on that date names the payer (the home municipality, inside or outside the
  area: a pupil from another county is paid for by their home municipality, SL 16 kap. 50 §).
  A placement or registration is in force from ``start`` to ``end``, both days included
  (``end`` None = open). No placement on the date: the pupil is not placed that month.
* Every placed pupil-month is accounted for: it gets a programme line, or an ``Unpaid`` record
  with its reason, never nothing (issue 13 point 2: "never silently dropped"). The reasons: the
  pupil's own municipality's school (nothing to pay, not an anomaly); and the anomalies, which
  someone must resolve before the month can be paid: no registration on the date (the payer
  is unknown), two placements or two registrations in force (below), the pupil repeated in the
  source, no price for the programme (``PriceNotFoundError``) in the year's lists, a payer that
  adopted no list, and a home municipality outside the area at an independent school. A
  tilläggsbelopp decided by another municipality than the home one is an anomaly too, beside
  the month's programme line (``UnpaidReason.accounts_for_month`` is false for it).
* Amount: one twelfth of the yearly programme price (``YearPrices.resolve``) plus one twelfth
  of the yearly structure supplement, from the price list and supplement schedule of M's
  calendar year that the paying municipality adopted (``tariff``, ``price_proposal``). The
  price is looked up with the organiser's municipality code when the organiser is a
  municipality (its own introductory-programme price), else with the home municipality's [I].
* An independent organiser's line also carries the administration and VAT shares of the
  year (``organiser_shares``: added to the list's twelfths, or shown inside them when the
  list already includes them).
* Tilläggsbelopp (``additional_grant``): each decision of the home municipality in force in
  M is a line of its own to the same payee, with its purpose and decision; a decision of a
  municipality that is not the home municipality on the measurement date is an anomaly.
* Other counties (admissions-rules.md §6; ``area``: the municipalities that pay under the
  samverkansavtal, the members and Håbo, not Gnesta, whose part is admission only, nor one
  outside the admission area, ``admission.domain.area``, issue 12 point 9; None = every payer
  is one): a pupil whose home municipality is outside the area at a municipal or
  regional school of the region gets an ``invoice`` line (the organiser invoices the home
  municipality); at an independent school the home municipality outside the area pays its
  own grundbelopp directly (skollagen 16 kap. 52 §), which is reported as an anomaly rather
  than dropped. The area's pupils at schools outside it are paid to those organisers as any.
* Rounding (``CompensationSettings``): each twelfth is rounded separately to ``quantum``
  (default öre, ``Decimal("0.01")``) by ``rounding`` (default ROUND_HALF_UP); a line's
  ``amount`` is exactly the sum of its parts (price, supplement, administration and VAT, each
  rounded on its own), and nothing is rounded after that: every total is a plain Decimal sum
  of stored line amounts, so totals reconcile exactly (``reconciliation``). Twelve rounded
  twelfths may differ from the yearly price by at most 6 × quantum per part and year; the
  rule accepts that rather than a December balancing line.
* A pupil at a school of their own home municipality costs no inter-municipal compensation, so
  no line is made unless ``pay_own_municipality`` is set (``UnpaidReason.OWN_MUNICIPALITY``).
* Each pupil-month is paid to exactly one payee: two placements (or two registrations) in force
  on the measurement date are a data error ("dubbla elever"); the month gets no line and an
  anomaly instead, which the school resolves.
* Corrections (``corrections``): a run books lines in its own month (``booked_in``). For
  every month it rechecks it compares, per pupil and month, the net of what was booked before
  (payments minus reversals, per payer, payee, school unit, programme, orientation, purpose
  and decision) with what the current data says. Where they differ, it books a ``REVERSAL``
  of the net booked before (negated amounts) and a new line for the current answer
  (``RETROACTIVE`` for an earlier month, ``REGULAR`` for the run's own month). Nothing is
  ever changed or deleted, so the history shows both the original payment and its
  correction, and the net after the run equals what the current data says. A rerun with
  unchanged data books nothing.
* Pupil ids are unique among the records of a run (a repeated id is an anomaly).

Everything is linear in the number of pupils and booked lines: one pass with dictionary
look-ups, and the price resolution and twelfths are cached per run.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from samverka.compensation.domain.additional_grant import AmountPeriod
from samverka.compensation.domain.corrections import (
    Candidate,
    ExtraKey,
    build_line,
    corrections,
)
from samverka.compensation.domain.measurement_day import MeasurementDayRule, measurement_date
from samverka.compensation.domain.month_lines import (
    PROGRAMME,
    Booked,
    LineKey,
    LineKind,
    LinePurpose,
    PupilMonthLine,
    Unpaid,
    UnpaidReason,
)
from samverka.compensation.domain.organiser import OrganiserKind
from samverka.compensation.domain.period import Month
from samverka.compensation.domain.price_list import PriceNotFoundError, PriceSource
from samverka.compensation.domain.pupil_record import PupilRecord
from samverka.compensation.domain.tariff import PayerTariff, PriceEntry, Pricing, YearTariff
from samverka.compensation.domain.unpaid import placement_problem, unpaid_month

__all__ = ["CompensationSettings", "MonthRun", "PayerTariff", "YearTariff", "monthly_run"]

_TWELVE = Decimal(12)
_ZERO = Decimal(0)


@dataclass(frozen=True, slots=True)
class CompensationSettings:
    """The run's settings: the measurement-day rule and the rounding of the twelfths."""

    measurement_day: MeasurementDayRule = field(default_factory=MeasurementDayRule)
    quantum: Decimal = Decimal("0.01")
    rounding: str = ROUND_HALF_UP
    pay_own_municipality: bool = False

    def __post_init__(self) -> None:
        if self.quantum <= 0:
            raise ValueError("the rounding quantum must be positive")

    def twelfth(self, yearly: Decimal) -> Decimal:
        return (yearly / _TWELVE).quantize(self.quantum, rounding=self.rounding)

    def to_dict(self) -> dict[str, object]:
        return {
            "measurement_day": self.measurement_day.to_dict(),
            "quantum": str(self.quantum),
            "rounding": self.rounding,
            "pay_own_municipality": self.pay_own_municipality,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, object]) -> CompensationSettings:
        rule = data["measurement_day"]
        if not isinstance(rule, dict):
            raise ValueError("the measurement-day rule must be a mapping")
        return cls(
            MeasurementDayRule.from_dict(rule),
            Decimal(str(data["quantum"])),
            str(data["rounding"]),
            bool(data["pay_own_municipality"]),
        )


@dataclass(frozen=True, slots=True)
class ExpectedMonth:
    """What the current data says about one month: the lines of every paid pupil-month and one
    ``Unpaid`` per other placed pupil-month (and per tilläggsbelopp not paid)."""

    month: Month
    lines: tuple[PupilMonthLine, ...]
    unpaid: tuple[Unpaid, ...]

    @property
    def anomalies(self) -> tuple[Unpaid, ...]:
        return tuple(u for u in self.unpaid if u.is_anomaly)


@dataclass(frozen=True, slots=True)
class MonthRun:
    """The lines a run books (its own month and corrections) and the placed pupil-months of
    the months it examined that have no line, with the reason (``unpaid``)."""

    month: Month
    lines: tuple[PupilMonthLine, ...]
    unpaid: tuple[Unpaid, ...]

    @property
    def anomalies(self) -> tuple[Unpaid, ...]:
        """The unpaid pupil-months someone must resolve (not the own-municipality ones)."""
        return tuple(u for u in self.unpaid if u.is_anomaly)

    @property
    def regular(self) -> tuple[PupilMonthLine, ...]:
        return tuple(line for line in self.lines if line.kind is LineKind.REGULAR)

    @property
    def corrections(self) -> tuple[PupilMonthLine, ...]:
        return tuple(line for line in self.lines if line.kind is not LineKind.REGULAR)

    @property
    def total(self) -> Decimal:
        return sum((line.amount for line in self.lines), _ZERO)


def expected_lines(
    pupils: Iterable[PupilRecord],
    month: Month,
    tariffs: Mapping[int, YearTariff],
    settings: CompensationSettings,
    *,
    booked_in: Month | None = None,
    area: Collection[str] | None = None,
) -> ExpectedMonth:
    """The lines the current data gives for ``month``, as if booked in ``booked_in``.

    ``booked_in`` defaults to ``month`` (kind ``REGULAR``); an earlier ``month`` gives
    ``RETROACTIVE`` lines. A programme without a price gives an ``Unpaid`` (``NO_PRICE``);
    raises ``ValueError`` when ``tariffs`` has no entry for the month's year.
    """
    booked_in = booked_in or month
    pricing = Pricing(tariffs, settings)
    extras: dict[ExtraKey, list[Candidate]] = {}
    found, unpaid = _candidates(pupils, month, pricing, settings, booked_in, _area(area), extras)
    lines: list[PupilMonthLine] = []
    for candidate in found:
        lines.append(build_line(candidate, booked_in))
        at = (candidate[0], month.year, month.month)
        lines.extend(build_line(extra, booked_in) for extra in extras.get(at, ()))
    return ExpectedMonth(month, tuple(lines), tuple(unpaid))


def _area(area: Collection[str] | None) -> frozenset[str] | None:
    return None if area is None else frozenset(area)


def _candidates(
    pupils: Iterable[PupilRecord],
    month: Month,
    pricing: Pricing,
    settings: CompensationSettings,
    booked_in: Month,
    area: frozenset[str] | None,
    extras: dict[ExtraKey, list[Candidate]],
) -> tuple[list[Candidate], list[Unpaid]]:
    """Every placed pupil-month of ``month``: a programme line (and, into ``extras``, the
    tilläggsbelopp lines of the pupil-months that have them), or an ``Unpaid`` with why."""
    day = measurement_date(month, settings.measurement_day)
    kind = LineKind.REGULAR if month == booked_in else LineKind.RETROACTIVE
    year = month.year
    unpriced = pricing.tariff(year).unpriced
    entries = pricing.entries(year)
    no_price: dict[tuple[str | None, str, str | None, str | None], str] = {}
    pay_own = settings.pay_own_municipality
    municipality = OrganiserKind.MUNICIPALITY
    independent = OrganiserKind.INDEPENDENT
    candidates: list[Candidate] = []
    unpaid: list[Unpaid] = []
    seen: set[str] = set()
    for pupil in pupils:
        pupil_id = pupil.pupil_id
        placements = [
            p for p in pupil.placements if p.start <= day and (p.end is None or day <= p.end)
        ]
        if not placements:
            continue  # not placed this month
        if pupil_id in seen:
            unpaid.append(
                unpaid_month(pupil_id, month, day, UnpaidReason.DUPLICATE_PUPIL, None, None)
            )
            continue
        seen.add(pupil_id)
        homes = [
            r for r in pupil.registrations if r.start <= day and (r.end is None or day <= r.end)
        ]
        problem = placement_problem(placements, homes)
        placement = placements[0]
        payer = homes[0].municipality if len(homes) == 1 else None
        if problem is not None:
            one = placement if len(placements) == 1 else None
            unpaid.append(
                unpaid_month(pupil_id, month, day, problem, one, payer, placements, homes)
            )
            continue
        assert payer is not None
        organiser = placement.organiser
        is_municipality = organiser.kind is municipality
        if is_municipality and organiser.code == payer and not pay_own:
            reason = UnpaidReason.OWN_MUNICIPALITY
            unpaid.append(unpaid_month(pupil_id, month, day, reason, placement, payer))
            continue
        invoice = area is not None and payer not in area
        list_of: str | None = payer
        if invoice:
            if organiser.kind is independent:
                reason = UnpaidReason.HOME_OUTSIDE_AREA_INDEPENDENT
                unpaid.append(unpaid_month(pupil_id, month, day, reason, placement, payer))
                continue
            list_of = organiser.code if is_municipality else None
        elif payer in unpriced:
            why = f"municipality {payer} has adopted no price list for {year} or before"
            reason = UnpaidReason.NO_ADOPTED_PRICE_LIST
            unpaid.append(unpaid_month(pupil_id, month, day, reason, placement, payer, why=why))
            continue
        programme = placement.programme
        orientation = placement.orientation
        price_key = (list_of, programme, orientation, organiser.code if is_municipality else payer)
        entry = entries.get(price_key)
        if entry is None:
            found_entry = _price_entry(pricing, year, price_key, no_price)
            if isinstance(found_entry, str):
                reason = UnpaidReason.NO_PRICE
                unpaid.append(
                    unpaid_month(pupil_id, month, day, reason, placement, payer, why=found_entry)
                )
                continue
            entry = found_entry
        price, source, by_merit = entry
        merit = pupil.year9_merit
        supplement = by_merit.get(merit)
        if supplement is None:
            supplement = by_merit[merit] = pricing.supplement(year, list_of, merit, programme)
        admin = vat = _ZERO
        if organiser.kind is independent:
            price, supplement, admin, vat = pricing.independent_parts(year, price, supplement)
        key = (payer, organiser, placement.school_unit, programme, orientation, PROGRAMME, None)
        build = (day, source, kind, invoice)
        candidates.append((pupil_id, month, key, price, supplement, admin, vat, build))
        if pupil.additional:
            found = _additional(pupil, month, day, key, build, pricing, unpaid)
            if found:
                extras[(pupil_id, month.year, month.month)] = found
    return candidates, unpaid


def _price_entry(
    pricing: Pricing,
    year: int,
    key: tuple[str | None, str, str | None, str | None],
    no_price: dict[tuple[str | None, str, str | None, str | None], str],
) -> PriceEntry | str:
    """The price entry of ``key``, or why there is none (``PriceNotFoundError``'s message),
    remembered for the run's other pupils with the same key."""
    why = no_price.get(key)
    if why is not None:
        return why
    try:
        return pricing.price_entry(year, *key)
    except PriceNotFoundError as error:
        why = no_price[key] = str(error) or f"no price for {key[1]} in {year}"
        return why


def _additional(
    pupil: PupilRecord,
    month: Month,
    day: date,
    key: LineKey,
    build: tuple[date, PriceSource, LineKind, bool],
    pricing: Pricing,
    unpaid: list[Unpaid],
) -> list[Candidate]:
    """The tilläggsbelopp lines of one pupil-month, beside its programme line ``key``."""
    payer, organiser, unit, programme, orientation, _, _ = key
    independent = organiser.kind is OrganiserKind.INDEPENDENT
    found: list[Candidate] = []
    for decision in pupil.additional:
        if not decision.covers(month):
            continue
        if decision.municipality != payer:
            detail = (
                f"tilläggsbelopp {decision.decision_id} was decided by"
                f" {decision.municipality}, the home municipality on {day} is {payer}"
            )
            reason = UnpaidReason.ADDITIONAL_GRANT_OTHER_HOME
            where = (day, payer, unit, programme, orientation)
            unpaid.append(Unpaid(pupil.pupil_id, month, reason, detail, *where))
            continue
        amount = decision.amount
        if decision.per is AmountPeriod.YEAR:
            amount = pricing.twelfth(amount)
        admin = vat = _ZERO
        if independent:
            parts = pricing.shares(month.year).parts(amount, _ZERO, administered=False)
            amount, admin, vat = parts.price, parts.administration, parts.vat
        purpose = LinePurpose(decision.kind.value)
        extra_key = (payer, organiser, unit, programme, orientation, purpose, decision.decision_id)
        found.append((pupil.pupil_id, month, extra_key, amount, _ZERO, admin, vat, build))
    return found


def correction_lines(
    booked: Iterable[Booked],
    expected: Iterable[PupilMonthLine],
    months: Collection[Month],
    booked_in: Month,
) -> tuple[PupilMonthLine, ...]:
    """The lines that bring the booked history of ``months`` to ``expected`` (module docstring).

    ``booked`` is every line booked before (lines for other months are ignored), ``expected``
    the current answer for ``months`` with ``booked_in`` already set. Per pupil and month:
    nothing when the net booked equals the expected lines; else a reversal of each non-zero
    net that differs, and each expected line whose net is not already booked.
    """
    grouped: dict[tuple[str, Month], list[Candidate]] = {}
    for line in expected:
        grouped.setdefault((line.pupil_id, line.service_month), []).append(
            (
                line.pupil_id,
                line.service_month,
                line.key,
                line.price_amount,
                line.supplement_amount,
                line.admin_amount,
                line.vat_amount,
                line,
            )
        )
    candidates = [group[0] for group in grouped.values()]
    extras = {
        (pupil, month.year, month.month): group[1:]
        for (pupil, month), group in grouped.items()
        if len(group) > 1
    }
    return tuple(corrections(booked, candidates, months, booked_in, extras))


def monthly_run(
    pupils: Sequence[PupilRecord],
    month: Month,
    tariffs: Mapping[int, YearTariff],
    settings: CompensationSettings | None = None,
    *,
    booked: Iterable[Booked] = (),
    recheck: Iterable[Month] = (),
    recheck_pupils: Collection[str] | None = None,
    area: Collection[str] | None = None,
) -> MonthRun:
    """The run of ``month``: its own lines and the corrections of the ``recheck`` months.

    ``booked`` is the history booked before this run (every earlier run's lines); months in
    ``recheck`` must not lie after ``month``. The run's own month is always compared with
    ``booked`` too, so a rerun books only the difference. Only the lines to book are built.

    ``recheck_pupils`` (None: everyone) limits the ``recheck`` months to those pupil ids: the
    other pupils' lines of those months are neither computed nor compared (booked lines of
    theirs for those months are ignored), and their anomalies there are not reported. Every
    pupil is independent of the others, so when the others' input is unchanged since their
    lines were booked (``digest``), this gives the same lines as rechecking everyone.

    ``area`` is the municipalities that pay under the agreement (None: every payer is one;
    module docstring).
    """
    settings = settings or CompensationSettings()
    months = sorted({month, *recheck})
    if months[-1] != month:
        raise ValueError(f"cannot recheck {months[-1]}, after the run's month {month}")
    pricing = Pricing(tariffs, settings)
    members = _area(area)
    candidates: list[Candidate] = []
    extras: dict[ExtraKey, list[Candidate]] = {}
    unpaid: list[Unpaid] = []
    rechecked: Sequence[PupilRecord] = pupils
    if recheck_pupils is not None:
        chosen = (
            recheck_pupils if isinstance(recheck_pupils, set | frozenset) else set(recheck_pupils)
        )
        rechecked = [pupil for pupil in pupils if pupil.pupil_id in chosen]
        booked = (line for line in booked if line.service_month == month or line.pupil_id in chosen)
    for service_month in months:
        found, problems = _candidates(
            pupils if service_month == month else rechecked,
            service_month,
            pricing,
            settings,
            month,
            members,
            extras,
        )
        candidates.extend(found)
        unpaid.extend(problems)
    lines = corrections(booked, candidates, months, month, extras)
    return MonthRun(month, tuple(lines), tuple(unpaid))
