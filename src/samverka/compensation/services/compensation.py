"""Use cases of money between municipalities: price lists, their uplift, supplement tiers, the
monthly compensation run and closing a month (admissions-rules.md §7; the rules themselves are
in ``compensation.domain``).

Each use case is one transaction through the unit of work, audited, and the admission officer's
(``NotPermitted`` for anyone else): the web and the API start a run for the signed-in officer,
the command line for the officer at the keyboard. The monthly run:

0. One compensation run (or month closing) at a time, whatever the month: a run rechecks up to
   twelve earlier months and books corrections in them, so two runs of different months would
   book the same correction twice. The run takes the writer lock first
   (``platform.ports.WriterLocks``); a second one that overlapped it gets ``ConcurrentChange``.

1. A closed month is refused (``Conflict``) unless the run is explicitly a correction run.
2. The run rechecks every earlier month, within ``recheck_months`` before it, that has booked
   lines, and its own month; it reads the pupils (``PupilSource.pupil_records``: everyone with
   a placement overlapping the measurement dates of those months, by default from the register,
   ``uow.register``) with the tilläggsbelopp decisions in force in those months, the member
   municipalities that pay under the agreement (the area: the members and Håbo,
   ``admission.domain.area``; none recorded = every payer is one),
   the tariffs of the years concerned (``tariff_of``: the lists, the supplement tiers, the
   organiser shares of the year, and the list each member municipality adopted,
   ``compensation.domain.price_proposal``) and the lines booked for those months.
   Incremental recheck (``compensation.domain.digest``): each run stores a digest per pupil of
   the record their lines were checked against, and the settings and tariff digests and months
   it left checked for everyone (``RecheckBasis``). When the latest basis covers every month to
   recheck with the same settings and tariffs, the earlier months are rechecked only for the
   pupils whose digest differs (new, changed, gone) and only their booked lines are read; the
   run's own month is computed for everyone. That gives the same lines as a full recheck (each
   pupil's lines depend on their record, the tariffs and the settings only); anomalies of the
   earlier months are reported for the rechecked pupils only. ``full_recheck=True`` (or no
   usable basis) rechecks everyone.
3. ``compensation.domain.monthly_run`` gives the lines to book: the month's own lines, and for
   changed pupil-months a reversal of what was booked and the new line; nothing booked is ever
   changed, so the history shows both. Every other placed pupil-month of the months examined is
   an ``Unpaid`` with its reason (an anomaly, or the pupil's own municipality's school; issue 13
   point 2): they replace the stored unpaid pupil-months of what the run examined
   (``compensation_unpaid``), the anomalies are kept in the run's report and returned.
4. Before the transaction is committed, the database's own sums of the stored lines per payer,
   payee and month booked in are reconciled with the lines' sums in memory. Any difference is
   ``InvariantViolated`` and the transaction is rolled back; else the sums are stored as what
   the run states it books (``compensation_run_total``). (Statements are made from the stored
   lines when they are asked for; ``compensation.queries.compensation_check.reconciliation_check``,
   ``samverka compensation check``, reconciles the year's lines with what the runs stated and
   every month's placed pupils with the paid and unpaid pupil-months.)
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from decimal import Decimal

from samverka.compensation.domain.audited import ListedPrices, MonthStatus, UpliftedList
from samverka.compensation.domain.digest import (
    RecheckBasis,
    changed_pupils,
    incremental_recheck_holds,
    pupil_digests,
    settings_digest,
    tariff_digest,
)
from samverka.compensation.domain.measurement_day import measurement_date
from samverka.compensation.domain.month_lines import Unpaid
from samverka.compensation.domain.monthly_compensation import (
    CompensationSettings,
    YearTariff,
    monthly_run,
)
from samverka.compensation.domain.period import Month
from samverka.compensation.domain.price_list import (
    PriceList,
    PriceNotFoundError,
    PriceRounding,
    YearPrices,
    uplift,
)
from samverka.compensation.domain.price_proposal import ListInForce, ListKind, list_in_force
from samverka.compensation.domain.pupil_record import PupilRecord
from samverka.compensation.domain.reconciliation import (
    reconcile,
)
from samverka.compensation.domain.structure_supplement import (
    SupplementSchedule,
    SupplementTier,
    uplift_schedule,
)
from samverka.compensation.domain.tariff import PayerTariff
from samverka.compensation.ports import CompensationRunRow, PupilSource, UnitOfWork
from samverka.errors import N_, BadValue, Conflict, InvariantViolated, NotFound, NotPermitted
from samverka.platform.access.domain.actors import Actor, Role
from samverka.platform.collector import collector_paused
from samverka.platform.ports import ALL_MONTHS_KEY, WriterKind
from samverka.platform.services.audit_records import record_change

COMMON = "common"
NATIONAL = "national"
PRICE_LIST_KINDS = (COMMON, NATIONAL)
REGULAR_RUN = "regular"
CORRECTION_RUN = "correction"
_ZERO = Decimal(0)


@dataclass(frozen=True, slots=True)
class RunReport:
    run_id: int
    month: Month
    kind: str
    pupils: int
    rechecked: tuple[Month, ...]
    lines: int
    regular_lines: int
    correction_lines: int
    regular_total: Decimal
    correction_total: Decimal
    total: Decimal
    anomalies: int
    timings: dict[str, float]
    full_recheck: bool = True  # False: earlier months rechecked for changed pupils only
    rechecked_pupils: int = 0  # the pupils whose earlier months were rechecked
    anomaly_list: tuple[Unpaid, ...] = ()  # each with its reason, the run's month first
    not_charged: int = 0  # the month's pupils at their own municipality's school


def _officer_only(actor: Actor) -> None:
    if actor.role is not Role.OFFICER:
        raise NotPermitted(N_("Bara antagningskansliet sköter prislistorna och kör månaderna."))


# -- price lists ----------------------------------------------------------------------------
def import_price_list(
    uow: UnitOfWork, *, price_list: PriceList, kind: str, actor: Actor, now: datetime
) -> int:
    """Store ``price_list`` (already validated whole) as the year's list of ``kind``,
    replacing the one stored before; returns the number of prices."""
    _officer_only(actor)
    if kind not in PRICE_LIST_KINDS:
        raise ValueError(f"a price list is {' or '.join(PRICE_LIST_KINDS)}, not {kind!r}")
    if kind == NATIONAL and any(price.municipality for price in price_list.prices):
        raise Conflict(N_("Riksprislistan har inga kommunspecifika priser."))
    with uow:
        before = uow.compensation.price_list(price_list.year, kind)
        uow.compensation.replace_price_list(price_list, kind, actor=actor.audit_name, at=now)
        record_change(
            uow.audit,
            actor,
            "price_list",
            f"{price_list.year}:{kind}",
            "import",
            before=None if before is None else ListedPrices(len(before.prices)),
            after=ListedPrices(len(price_list.prices)),
            at=now,
        )
        uow.commit()
    return len(price_list.prices)


def uplift_price_list(
    uow: UnitOfWork,
    *,
    from_year: int,
    percent: Decimal,
    rounding: PriceRounding,
    actor: Actor,
    now: datetime,
    replace: bool = False,
) -> PriceList:
    """Next year's common list (and supplement tiers, when the year has them and the next has
    none) from ``from_year``'s, uplifted by ``percent`` and rounded by ``rounding``."""
    _officer_only(actor)
    to_year = from_year + 1
    with uow:
        source = uow.compensation.price_list(from_year, COMMON)
        if source is None:
            raise NotFound(N_("Det finns ingen gemensam prislista för %(year)s."), year=from_year)
        replaced = uow.compensation.price_list(to_year, COMMON)
        if replaced is not None and not replace:
            raise Conflict(
                N_("%(year)s har redan en gemensam prislista (välj att ersätta den)."), year=to_year
            )
        try:
            uplifted = uplift(source, percent, rounding)
        except BadValue as error:
            raise Conflict(error.text, **error.parameters) from error
        uow.compensation.replace_price_list(uplifted, COMMON, actor=actor.audit_name, at=now)
        schedule = uow.compensation.supplement_schedule(from_year)
        tiers_uplifted = False
        if schedule is not None and uow.compensation.supplement_schedule(to_year) is None:
            uow.compensation.replace_supplement_schedule(
                uplift_schedule(schedule, percent, rounding)
            )
            tiers_uplifted = True
        record_change(
            uow.audit,
            actor,
            "price_list",
            f"{to_year}:{COMMON}",
            "uplift",
            before=None if replaced is None else ListedPrices(len(replaced.prices)),
            after=UpliftedList(from_year, percent, rounding, len(uplifted.prices), tiers_uplifted),
            at=now,
        )
        uow.commit()
    return uplifted


def set_supplement_tiers(
    uow: UnitOfWork,
    *,
    year: int,
    tiers: Sequence[SupplementTier],
    actor: Actor,
    now: datetime,
) -> SupplementSchedule:
    """Set the year's structure-supplement tiers (merit below a level → yearly amount)."""
    _officer_only(actor)
    try:
        schedule = SupplementSchedule(year, tuple(tiers))
    except BadValue as error:
        raise Conflict(error.text, **error.parameters) from error
    with uow:
        before = uow.compensation.supplement_schedule(year)
        uow.compensation.replace_supplement_schedule(schedule)
        record_change(
            uow.audit,
            actor,
            "supplement_tiers",
            year,
            "set",
            before=before,
            after=schedule,
            at=now,
            only=("tiers",),
        )
        uow.commit()
    return schedule


# -- the monthly run ------------------------------------------------------------------------
def run_month(
    uow: UnitOfWork,
    *,
    month: Month,
    actor: Actor,
    now: datetime,
    correction: bool = False,
    settings: CompensationSettings | None = None,
    source: PupilSource | None = None,
    recheck_months: int = 12,
    progress: Callable[[str], None] | None = None,
    full_recheck: bool = False,
) -> RunReport:
    """Run ``month`` (module docstring); returns what was booked. ``full_recheck`` rechecks
    the earlier months for every pupil, whatever changed. Without ``settings``, the region's
    stored settings (``set_compensation_settings``) apply, else the defaults."""
    _officer_only(actor)
    say = progress or (lambda _text: None)
    timings: dict[str, float] = {}
    clock = time.perf_counter()

    def lap(name: str) -> None:
        nonlocal clock
        now_clock = time.perf_counter()
        timings[name] = round(now_clock - clock, 4)
        clock = now_clock
        say(f"{name}: {timings[name]:.2f} s")

    with collector_paused():  # a run makes millions of small objects and no cycles
        return _run_month(
            uow,
            month,
            actor,
            now,
            correction,
            settings,
            source,
            recheck_months,
            full_recheck,
            lap,
            timings,
        )


def _run_month(
    uow: UnitOfWork,
    month: Month,
    actor: Actor,
    now: datetime,
    correction: bool,
    given: CompensationSettings | None,
    source: PupilSource | None,
    recheck_months: int,
    full_recheck: bool,
    lap: Callable[[str], None],
    timings: dict[str, float],
) -> RunReport:
    started = time.perf_counter()
    with uow:
        uow.locks.take(WriterKind.COMPENSATION_RUN, ALL_MONTHS_KEY, holder=actor.audit_name, at=now)
        repository = uow.compensation
        settings = given or repository.settings() or CompensationSettings()
        closed = repository.closing(month)
        if closed is not None and not correction:
            raise Conflict(
                N_(
                    "%(month)s stängdes %(day)s av %(by)s; bara en rättelsekörning får "
                    "bokföra i den."
                ),
                month=str(month),
                day=f"{closed[0]:%Y-%m-%d}",
                by=closed[1],
            )
        recheck = [
            m for m in repository.booked_months(month.back(recheck_months), month) if m < month
        ]
        months = [*recheck, month]
        days = [measurement_date(m, settings.measurement_day) for m in months]
        pupils = (source or uow.register).pupil_records(min(days), max(days))
        pupils = _with_grants(uow, pupils, months[0], month)
        lap("read pupils")
        # who pays under the samverkansavtal: the members and Håbo (``admission.domain.area``)
        area = sorted(uow.catalogue.admission_area().compensation_parties()) or None
        members = uow.compensation_terms.member_codes() or None  # who decide on the proposal
        tariffs = {year: tariff_of(uow, year, members) for year in sorted({m.year for m in months})}
        digests = pupil_digests(pupils)
        basis = RecheckBasis(
            settings=settings_digest(settings, area),
            tariffs={year: tariff_digest(tariff) for year, tariff in tariffs.items()},
            covered=tuple(months),
        )
        stored = repository.pupil_digests()
        incremental = not full_recheck and incremental_recheck_holds(
            repository.recheck_basis(), basis.settings, basis.tariffs, recheck
        )
        lap("digests")
        recheck_pupils: set[str] | None = None
        if incremental:
            recheck_pupils = changed_pupils(digests, stored)
            booked = repository.booked_history([month])
            booked += repository.booked_history(recheck, recheck_pupils)
        else:
            booked = repository.booked_history(months)
        lap("read booked lines")
        try:
            run = monthly_run(
                pupils,
                month,
                tariffs,
                settings,
                booked=booked,
                recheck=recheck,
                recheck_pupils=recheck_pupils,
                area=area,
            )
        except BadValue as error:  # a year without a price list
            raise Conflict(error.text, **error.parameters) from error
        except (PriceNotFoundError, ValueError) as error:  # not met in use: the detail as it is
            reason = N_("Månadens ersättning kunde inte beräknas: %(detail)s")
            raise Conflict(reason, detail=str(error)) from error
        lap("compute")
        regular = [line for line in run.lines if line.service_month == month]
        regular_total = sum((line.amount for line in regular), _ZERO)
        total = run.total
        row = CompensationRunRow(
            id=0,
            month=month,
            kind=CORRECTION_RUN if correction else REGULAR_RUN,
            status="stored",
            created_at=now,
            created_by=actor.audit_name,
            settings={**settings.to_dict(), "price_lists": _lists_used(tariffs)},
            rechecked=tuple(recheck),
            lines=len(run.lines),
            regular_total=regular_total,
            correction_total=total - regular_total,
            total=total,
            anomalies=[_anomaly_json(a) for a in run.anomalies],
            timings=timings,
        )
        run_id = repository.add_run(row)
        repository.add_lines(run_id, run.lines)
        repository.replace_unpaid(
            run_id, run.unpaid, month=month, rechecked=recheck, pupils=recheck_pupils
        )
        repository.store_pupil_digests(
            run_id,
            {pupil: digest for pupil, digest in digests.items() if stored.get(pupil) != digest},
            [pupil for pupil, digest in stored.items() if digests.get(pupil) != digest],
        )
        repository.add_recheck_basis(run_id, basis)
        lap("store")
        summed = repository.stored_totals(run_id)
        problems = reconcile(run.lines, summed)
        if problems:
            raise InvariantViolated(problems)
        counts = Counter((line.payer, line.payee, line.booked_in) for line in run.lines)
        repository.add_run_totals(run_id, summed, counts)
        lap("reconcile")
        timings["total"] = round(time.perf_counter() - started, 4)
        report = RunReport(
            run_id=run_id,
            month=month,
            kind=row.kind,
            pupils=len(pupils),
            rechecked=tuple(recheck),
            lines=len(run.lines),
            regular_lines=len(regular),
            correction_lines=len(run.lines) - len(regular),
            regular_total=regular_total,
            correction_total=row.correction_total,
            total=total,
            anomalies=len(run.anomalies),
            timings=timings,
            full_recheck=not incremental,
            rechecked_pupils=len(pupils) if recheck_pupils is None else len(recheck_pupils),
            anomaly_list=tuple(sorted(run.anomalies, key=_newest_first)),
            not_charged=sum(1 for u in run.unpaid if not u.is_anomaly and u.service_month == month),
        )
        record_change(
            uow.audit,
            actor,
            "compensation_run",
            run_id,
            "run",
            before=None,
            after=report,
            at=now,
            only=("month", "kind", "lines", "total", "rechecked", "full_recheck"),
        )
        uow.commit()
    return report


def _newest_first(unpaid: Unpaid) -> tuple[int, str, str]:
    month = unpaid.service_month
    return (-(month.year * 12 + month.month), unpaid.reason.value, unpaid.pupil_id)


def _anomaly_json(unpaid: Unpaid) -> dict[str, object]:
    return {
        "pupil_id": unpaid.pupil_id,
        "month": str(unpaid.service_month),
        "kind": unpaid.reason.value,
        "detail": unpaid.detail,
        "school_unit": unpaid.school_unit,
        "programme": unpaid.programme,
        "orientation": unpaid.orientation,
        "payer": unpaid.payer,
    }


def set_compensation_settings(
    uow: UnitOfWork, *, settings: CompensationSettings, actor: Actor, now: datetime
) -> CompensationSettings:
    """Store the region's settings (measurement-day rule, rounding, own-municipality pupils)
    for the runs to come; audited with the settings before and after. A run after a change
    rechecks every pupil of the earlier months, as the settings its lines were booked with
    are no longer the same."""
    _officer_only(actor)
    with uow:
        before = uow.compensation.settings()
        uow.compensation.set_settings(settings, at=now, by=actor.audit_name)
        record_change(
            uow.audit,
            actor,
            "compensation_settings",
            "region",
            "set",
            before=before,
            after=settings,
            at=now,
        )
        uow.commit()
    return settings


def close_month(uow: UnitOfWork, *, month: Month, actor: Actor, now: datetime) -> None:
    """Close ``month``: afterwards only a correction run may book in it. Never while a
    compensation run is working (the same writer lock)."""
    _officer_only(actor)
    with uow:
        uow.locks.take(WriterKind.COMPENSATION_RUN, ALL_MONTHS_KEY, holder=actor.audit_name, at=now)
        if uow.compensation.closing(month) is not None:
            raise Conflict(N_("%(month)s är redan stängd."), month=str(month))
        if not uow.compensation.runs(month):
            raise Conflict(
                N_("%(month)s har ingen ersättningskörning att stänga."), month=str(month)
            )
        uow.compensation.close_month(month, at=now, by=actor.audit_name)
        record_change(
            uow.audit,
            actor,
            "compensation_month",
            str(month),
            "close",
            before=MonthStatus(closed=False),
            after=MonthStatus(closed=True),
            at=now,
        )
        uow.commit()


def month_closing(uow: UnitOfWork, *, month: Month) -> tuple[datetime, str] | None:
    """When ``month`` was closed and by whom; none while it is open (what a run would be
    refused for unless it is a correction run)."""
    with uow:
        return uow.compensation.closing(month)


def own_list_kind(municipality: str) -> str:
    """The ``price_list`` kind of a municipality's own list."""
    return f"own:{municipality}"


def _prices(uow: UnitOfWork, year: int, kind: str = COMMON) -> YearPrices:
    agreed = uow.compensation.price_list(year, kind)
    national = uow.compensation.price_list(year, NATIONAL)
    if agreed is None and (kind != COMMON or national is None):
        if kind == COMMON:
            raise Conflict(N_("Det finns ingen prislista för %(year)s."), year=year)
        raise Conflict(N_("Det finns ingen prislista %(kind)s för %(year)s."), kind=kind, year=year)
    return YearPrices(agreed or PriceList(year, ()), national)


def tariff_of(uow: UnitOfWork, year: int, members: Sequence[str] | None) -> YearTariff:
    """The year's tariff: its lists, supplement tiers and organiser shares, and for every member
    municipality that pays by another list (or by none) that list (``list_in_force``). Without
    any price proposal, the common list is every payer's, as before the procedure existed."""
    terms = uow.compensation_terms
    prices = _prices(uow, year)
    supplements = uow.compensation.supplement_schedule(year)
    shares = terms.year_shares(year)
    proposed = set(terms.proposed_years())
    if not proposed or not members:
        return YearTariff(prices, supplements, shares)
    decisions = {(d.year, d.municipality): d for d in terms.price_decisions()}
    listed = set(terms.common_list_years())
    payers: dict[str, PayerTariff] = {}
    unpriced: set[str] = set()
    for code in members:
        found = list_in_force(year, code, proposed, decisions, listed)
        if found is None:
            unpriced.add(code)
        elif found != ListInForce(ListKind.COMMON, year):
            kind = own_list_kind(code) if found.kind is ListKind.OWN else COMMON
            own = _prices(uow, found.year, kind)
            payers[code] = PayerTariff(
                own, uow.compensation.supplement_schedule(found.year), str(found)
            )
    return YearTariff(prices, supplements, shares, payers, frozenset(unpriced))


def _lists_used(tariffs: dict[int, YearTariff]) -> dict[str, object]:
    """What the run's row keeps of the lists: per year, the payers not paying by the common
    list (their list, or none), and the organiser shares used."""
    return {
        str(year): {
            "payers": {code: own.basis for code, own in sorted(tariff.payers.items())},
            "unpriced": sorted(tariff.unpriced),
            "shares": tariff.year_shares().to_dict(),
        }
        for year, tariff in tariffs.items()
    }


def _with_grants(
    uow: UnitOfWork, pupils: list[PupilRecord], first: Month, last: Month
) -> list[PupilRecord]:
    """The pupils with the tilläggsbelopp decisions in force from ``first`` to ``last``."""
    grants = uow.compensation_terms.grants_in_force(first, last)
    if not grants:
        return pupils
    return [
        replace(pupil, additional=tuple(grants[pupil.pupil_id]))
        if pupil.pupil_id in grants
        else pupil
        for pupil in pupils
    ]
