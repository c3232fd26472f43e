"""The monthly compensation run: pupil-month lines, and retroactive corrections of past months.

Rules (admissions-rules.md §6, §7.3, §11.2 item 12; issue 13 point 2):

* For a month M, the measurement date (``measurement_day``) decides: the pupil's placement on
  that date names the payee (the placement's organiser), the pupil's registration
  (folkbokföring) on that date names the payer (the home municipality, inside or outside the
  area: a pupil from another county is paid for by their home municipality, SL 16 kap. 50 §).
  A placement or registration is in force from ``start`` to ``end``, both days included
  (``end`` None = open). No placement on the date: the pupil is not placed that month.
* Every placed pupil-month is accounted for: it gets a line, or an ``Unpaid`` record with its
  reason, never nothing (issue 13 point 2: "never silently dropped"). The reasons: the pupil's
  own municipality's school (nothing to pay, not an anomaly); and the anomalies, which someone
  must resolve before the month can be paid: no registration on the date (the payer is
  unknown), two placements or two registrations in force (below), the pupil repeated in the
  source, or no price for the programme (``PriceNotFoundError``) in the year's lists.
* Amount: one twelfth of the yearly programme price (``YearPrices.resolve``) plus one twelfth
  of the yearly structure supplement, from the price list and supplement schedule of M's
  calendar year. The price is looked up with the organiser's municipality code when the
  organiser is a municipality (its own introductory-programme price), else with the home
  municipality's [I].
* Rounding (``CompensationSettings``): each twelfth is rounded separately to ``quantum``
  (default öre, ``Decimal("0.01")``) by ``rounding`` (default ROUND_HALF_UP); a line's
  ``amount`` is exactly ``price_amount + supplement_amount``, and nothing is rounded after
  that: every total is a plain Decimal sum of stored line amounts, so totals reconcile exactly
  (``reconciliation``). Twelve rounded twelfths may differ from the yearly price by at most
  6 × quantum per part and year; the rule accepts that rather than a December balancing line.
* A pupil at a school of their own home municipality costs no inter-municipal compensation, so
  no line is made unless ``pay_own_municipality`` is set (``UnpaidReason.OWN_MUNICIPALITY``).
* Only the parties with compensation terms pay under the samverkansavtal (``payers``: the
  members and Håbo, not Gnesta, whose part is admission only, nor a municipality outside the
  area; ``domain.admission.area``, issue 12 point 9). A pupil-month whose home municipality is
  not one of them gets no line but an anomaly (``UnpaidReason.PAYER_OUTSIDE_AGREEMENT``): the
  municipality is invoiced outside the run. ``payers`` None (no area known) lets every home
  municipality pay.
* Each pupil-month is paid to exactly one payee: two placements (or two registrations) in force
  on the measurement date are a data error ("dubbla elever"); the month gets no line and an
  anomaly instead, which the school resolves.
* Corrections: a run books lines in its own month (``booked_in``). For every month it rechecks
  it compares, per pupil and month, the net of what was booked before (payments minus
  reversals, per payer, payee, school unit, programme and orientation) with what the current
  data says. Where they differ, it books a ``REVERSAL`` of the net booked before (negated
  amounts) and a new line for the current answer (``RETROACTIVE`` for an earlier month,
  ``REGULAR`` for the run's own month). Nothing is ever changed or deleted, so the history
  shows both the original payment and its correction, and the net after the run equals what
  the current data says. A rerun with unchanged data books nothing.
* Pupil ids are unique among the records of a run (a repeated id is an anomaly).

Everything is linear in the number of pupils and booked lines: one pass with dictionary
look-ups, and the price resolution and twelfths are cached per run.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from samverka.domain.compensation.measurement_day import MeasurementDayRule, measurement_date
from samverka.domain.compensation.month_lines import (
    Booked,
    LineKey,
    LineKind,
    PupilMonthLine,
    Unpaid,
    UnpaidReason,
)
from samverka.domain.compensation.organiser import OrganiserKind
from samverka.domain.compensation.period import Month
from samverka.domain.compensation.price_list import (
    PriceNotFoundError,
    PriceSource,
    ResolvedPrice,
    YearPrices,
)
from samverka.domain.compensation.pupil_record import PupilRecord
from samverka.domain.compensation.structure_supplement import SupplementSchedule
from samverka.domain.compensation.unpaid import placement_problem, unpaid_month

_TWELVE = Decimal(12)
_ZERO = Decimal(0)


@dataclass(frozen=True, slots=True)
class YearTariff:
    """The prices and the supplement schedule of one calendar year."""

    prices: YearPrices
    supplements: SupplementSchedule | None = None


@dataclass(frozen=True, slots=True)
class CompensationSettings:
    """The run's settings: the measurement-day rule and the rounding of the twelfths."""

    measurement_day: MeasurementDayRule = field(default_factory=MeasurementDayRule)
    quantum: Decimal = Decimal("0.01")
    rounding: str = ROUND_HALF_UP
    pay_own_municipality: bool = False
    # the parties with compensation terms, from the admission area at run time (not stored with
    # the settings); None: every home municipality pays
    payers: frozenset[str] | None = None

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
    """What the current data says about one month: one line per paid pupil-month and one
    ``Unpaid`` per other placed pupil-month."""

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


class _Pricing:
    """Per-run caches of price resolution and rounded twelfths."""

    def __init__(self, tariffs: Mapping[int, YearTariff], settings: CompensationSettings):
        self._tariffs = tariffs
        self._settings = settings
        self._resolved: dict[tuple[int, str, str | None, str | None], ResolvedPrice | str] = {}
        self._twelfths: dict[Decimal, Decimal] = {}

    def tariff(self, year: int) -> YearTariff:
        try:
            return self._tariffs[year]
        except KeyError:
            raise ValueError(f"no price list (tariff) for {year}") from None

    def resolve(
        self, year: int, programme: str, orientation: str | None, municipality: str | None
    ) -> ResolvedPrice | str:
        """The price, or why there is none (``PriceNotFoundError``'s message)."""
        key = (year, programme, orientation, municipality)
        resolved = self._resolved.get(key)
        if resolved is None:
            prices = self.tariff(year).prices
            try:
                resolved = prices.resolve(programme, orientation, municipality)
            except PriceNotFoundError as error:
                resolved = str(error) or f"no price for {programme} in {year}"
            self._resolved[key] = resolved
        return resolved

    def twelfth(self, yearly: Decimal) -> Decimal:
        amount = self._twelfths.get(yearly)
        if amount is None:
            amount = self._settings.twelfth(yearly)
            self._twelfths[yearly] = amount
        return amount


def expected_lines(
    pupils: Iterable[PupilRecord],
    month: Month,
    tariffs: Mapping[int, YearTariff],
    settings: CompensationSettings,
    *,
    booked_in: Month | None = None,
) -> ExpectedMonth:
    """The lines the current data gives for ``month``, as if booked in ``booked_in``.

    ``booked_in`` defaults to ``month`` (kind ``REGULAR``); an earlier ``month`` gives
    ``RETROACTIVE`` lines. A programme without a price gives an ``Unpaid`` (``NO_PRICE``);
    raises ``ValueError`` when ``tariffs`` has no entry for the month's year.
    """
    return _expected(pupils, month, _Pricing(tariffs, settings), settings, booked_in or month)


def _expected(
    pupils: Iterable[PupilRecord],
    month: Month,
    pricing: _Pricing,
    settings: CompensationSettings,
    booked_in: Month,
) -> ExpectedMonth:
    candidates, unpaid = _candidates(pupils, month, pricing, settings, booked_in)
    lines = tuple(_line(candidate, booked_in) for candidate in candidates)
    return ExpectedMonth(month, lines, tuple(unpaid))


# A pupil-month the current data pays, before it becomes a line (only the lines a run books are
# built): pupil id, service month, line key, price twelfth, supplement twelfth, and either the
# finished line or (measurement date, price source, kind) to build it from.
_Candidate = tuple[
    str, Month, LineKey, Decimal, Decimal, "PupilMonthLine | tuple[date, PriceSource, LineKind]"
]


def _candidates(
    pupils: Iterable[PupilRecord],
    month: Month,
    pricing: _Pricing,
    settings: CompensationSettings,
    booked_in: Month,
) -> tuple[list[_Candidate], list[Unpaid]]:
    """Every placed pupil-month of ``month``: a candidate line, or an ``Unpaid`` with why."""
    day = measurement_date(month, settings.measurement_day)
    kind = LineKind.REGULAR if month == booked_in else LineKind.RETROACTIVE
    schedule = pricing.tariff(month.year).supplements
    pay_own = settings.pay_own_municipality
    payers = settings.payers
    municipality = OrganiserKind.MUNICIPALITY
    candidates: list[_Candidate] = []
    unpaid: list[Unpaid] = []
    seen: set[str] = set()
    supplements: dict[tuple[Decimal | None, str], Decimal] = {}
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
        if payers is not None and payer not in payers:
            reason = UnpaidReason.PAYER_OUTSIDE_AGREEMENT
            unpaid.append(unpaid_month(pupil_id, month, day, reason, placement, payer))
            continue
        programme = placement.programme
        resolved = pricing.resolve(
            month.year,
            programme,
            placement.orientation,
            organiser.code if is_municipality else payer,
        )
        if isinstance(resolved, str):
            unpaid.append(
                unpaid_month(
                    pupil_id, month, day, UnpaidReason.NO_PRICE, placement, payer, why=resolved
                )
            )
            continue
        price_amount = pricing.twelfth(resolved.price.yearly)
        supplement_amount = _ZERO
        if schedule is not None:
            merit_key = (pupil.year9_merit, programme)
            cached = supplements.get(merit_key)
            if cached is None:
                yearly = schedule.yearly_amount(pupil.year9_merit, programme)
                cached = supplements[merit_key] = pricing.twelfth(yearly)
            supplement_amount = cached
        key = (payer, organiser, placement.school_unit, programme, placement.orientation)
        build = (day, resolved.source, kind)
        candidates.append((pupil_id, month, key, price_amount, supplement_amount, build))
    return candidates, unpaid


def _line(candidate: _Candidate, booked_in: Month) -> PupilMonthLine:
    pupil_id, month, key, price_amount, supplement_amount, build = candidate
    if isinstance(build, PupilMonthLine):
        return build
    day, source, kind = build
    payer, payee, school_unit, programme, orientation = key
    return PupilMonthLine(
        pupil_id=pupil_id,
        service_month=month,
        booked_in=booked_in,
        kind=kind,
        payer=payer,
        payee=payee,
        school_unit=school_unit,
        programme=programme,
        orientation=orientation,
        price_amount=price_amount,
        supplement_amount=supplement_amount,
        amount=price_amount + supplement_amount,
        measurement_date=day,
        price_source=source,
    )


def correction_lines(
    booked: Iterable[Booked],
    expected: Iterable[PupilMonthLine],
    months: Collection[Month],
    booked_in: Month,
) -> tuple[PupilMonthLine, ...]:
    """The lines that bring the booked history of ``months`` to ``expected`` (module docstring).

    ``booked`` is every line booked before (lines for other months are ignored), ``expected``
    the current answer for ``months`` with ``booked_in`` already set. Per pupil and month:
    nothing when the net booked equals the expected line; else a reversal of each non-zero net
    that differs, and the expected line unless its net is already booked.
    """
    candidates = (
        (
            line.pupil_id,
            line.service_month,
            line.key,
            line.price_amount,
            line.supplement_amount,
            line,
        )
        for line in expected
    )
    return tuple(_corrections(booked, candidates, months, booked_in))


def _corrections(
    booked: Iterable[Booked],
    candidates: Iterable[_Candidate],
    months: Collection[Month],
    booked_in: Month,
) -> list[PupilMonthLine]:
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
    out: list[PupilMonthLine] = []
    for candidate in candidates:
        pupil_id, month, key, price, supplement, _ = candidate
        before = history.pop((pupil_id, month.year, month.month), None)
        if before is None:
            out.append(_line(candidate, booked_in))
            continue
        if len(before) == 1:
            only = before[0]
            if (
                only.price_amount == price
                and only.supplement_amount == supplement
                and only.key == key
            ):
                continue
        matched = False
        for net_key, (net_price, net_supplement, template) in _net(before).items():
            if net_key == key and net_price == price and net_supplement == supplement:
                matched = True
            elif net_price or net_supplement:
                out.append(_reversal(template, net_price, net_supplement, booked_in))
        if not matched:
            out.append(_line(candidate, booked_in))
    for before in history.values():
        for net_price, net_supplement, template in _net(before).values():
            if net_price or net_supplement:
                out.append(_reversal(template, net_price, net_supplement, booked_in))
    return out


def _net(lines: Iterable[Booked]) -> dict[LineKey, tuple[Decimal, Decimal, Booked]]:
    net: dict[LineKey, tuple[Decimal, Decimal, Booked]] = {}
    for line in lines:
        price, supplement, _ = net.get(line.key, (_ZERO, _ZERO, line))
        net[line.key] = (price + line.price_amount, supplement + line.supplement_amount, line)
    return net


def _reversal(
    template: Booked, price: Decimal, supplement: Decimal, booked_in: Month
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
        amount=-(price + supplement),
        measurement_date=template.measurement_date,
        price_source=template.price_source,
    )


def monthly_run(
    pupils: Sequence[PupilRecord],
    month: Month,
    tariffs: Mapping[int, YearTariff],
    settings: CompensationSettings | None = None,
    *,
    booked: Iterable[Booked] = (),
    recheck: Iterable[Month] = (),
    recheck_pupils: Collection[str] | None = None,
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
    """
    settings = settings or CompensationSettings()
    months = sorted({month, *recheck})
    if months[-1] != month:
        raise ValueError(f"cannot recheck {months[-1]}, after the run's month {month}")
    pricing = _Pricing(tariffs, settings)
    candidates: list[_Candidate] = []
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
        )
        candidates.extend(found)
        unpaid.extend(problems)
    lines = _corrections(booked, candidates, months, month)
    return MonthRun(month, tuple(lines), tuple(unpaid))
