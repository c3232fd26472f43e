"""Benchmark of the compensation core: a monthly run and a year's recompute with corrections.

Run from the repository root::

    .venv/bin/python -m benchmarks.compensation                 # 100,000 pupils
    .venv/bin/python -m benchmarks.compensation --pupils 20000  # smaller, quicker

The pure domain core only (no database): ``--pupils`` synthetic pupils in 26 home
municipalities, at school units of the municipalities and of 60 independent organisers, on 18
programmes with three orientations each; 5 % move house and 8 % change school during the year,
3 % drop out. Targets: one monthly run < 5 s; recomputing the year (December's run rechecking
January–November against a booked history of about 1.2 million lines, after 5 % of the pupils
got retroactive changes) < 30 s. Also timed: statements, net settlement and the reconciliation
check of the recompute. Times are medians of ``--runs`` runs after one untimed warm-up run,
on one thread.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from typing import TypeVar

from samverka.compensation.domain.month_lines import PupilMonthLine
from samverka.compensation.domain.monthly_compensation import (
    CompensationSettings,
    MonthRun,
    YearTariff,
    monthly_run,
)
from samverka.compensation.domain.net_settlement import municipal_flows, settle
from samverka.compensation.domain.organiser import Organiser
from samverka.compensation.domain.period import Month
from samverka.compensation.domain.price_list import Price, PriceList, YearPrices
from samverka.compensation.domain.pupil_record import Placement, PupilRecord, Registration
from samverka.compensation.domain.reconciliation import (
    reconcile,
    reconcile_settlement,
    statement_totals,
)
from samverka.compensation.domain.statements import payee_statements, payer_statements
from samverka.compensation.domain.structure_supplement import SupplementSchedule, SupplementTier

YEAR = 2025
TARGET_MONTH_S = 5.0
TARGET_YEAR_S = 30.0
MUNICIPALITIES = tuple(f"{code:04d}" for code in range(114, 114 + 26))
PROGRAMMES = (
    *("BA", "BF", "EE", "EK", "ES", "FT", "HA", "HT", "HU", "HV"),
    *("IN", "NA", "NB", "RL", "SA", "TE", "VF", "VO"),
)
T = TypeVar("T")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.compensation")
    parser.add_argument("--pupils", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=2025)
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    started = time.perf_counter()
    units = _school_units(rng, args.pupils)
    pupils = [_pupil(rng, index, units) for index in range(args.pupils)]
    tariffs = {YEAR: _tariff()}
    settings = CompensationSettings()
    _progress(f"generated {len(pupils):,} pupils in {time.perf_counter() - started:.1f} s")

    march, march_s = _timed(
        args.runs, lambda: monthly_run(pupils, Month(YEAR, 3), tariffs, settings)
    )
    _progress(f"monthly run: {march_s:.2f} s, {len(march.lines):,} lines")

    started = time.perf_counter()
    booked: list[PupilMonthLine] = []
    for month in range(1, 12):
        booked.extend(monthly_run(pupils, Month(YEAR, month), tariffs, settings).lines)
    history_s = time.perf_counter() - started
    _progress(f"booked January–November in {history_s:.1f} s: {len(booked):,} lines")

    changed = _retroactive_changes(rng, pupils)
    recheck = [Month(YEAR, month) for month in range(1, 12)]
    december, year_s = _timed(
        args.runs,
        lambda: monthly_run(
            changed, Month(YEAR, 12), tariffs, settings, booked=booked, recheck=recheck
        ),
    )
    corrections = len(december.corrections)
    _progress(f"recompute: {year_s:.2f} s, {corrections:,} correction lines")

    lines = (*booked, *december.lines)
    after = _after_run(december, lines)
    print(
        _report(
            args.pupils,
            march,
            march_s,
            len(booked),
            history_s,
            december,
            year_s,
            after,
        )
    )


def _school_units(rng: random.Random, pupils: int) -> list[tuple[Organiser, str]]:
    count = max(pupils // 200, 30)
    organisers = [Organiser.municipality(code) for code in MUNICIPALITIES]
    organisers += [Organiser.independent(f"5560{n:06d}") for n in range(60)]
    return [(rng.choice(organisers), f"{10_000_000 + n}") for n in range(count)]


def _pupil(rng: random.Random, index: int, units: list[tuple[Organiser, str]]) -> PupilRecord:
    programme = rng.choice(PROGRAMMES)
    orientation = f"{programme}{rng.randint(1, 3)}"
    organiser, unit = rng.choice(units)
    start = date(YEAR - rng.randint(0, 2), 8, 20)
    end = _day(rng) if rng.random() < 0.03 else None
    placements = [Placement(organiser, unit, programme, orientation, start, end)]
    if end is None and rng.random() < 0.08:
        change = _day(rng)
        new_organiser, new_unit = rng.choice(units)
        placements = [
            Placement(organiser, unit, programme, orientation, start, change),
            Placement(new_organiser, new_unit, programme, orientation, change + timedelta(1)),
        ]
    home = rng.choice(MUNICIPALITIES)
    registrations = [Registration(home, date(2008, 1, 1))]
    if rng.random() < 0.05:
        move = _day(rng)
        registrations = [
            Registration(home, date(2008, 1, 1), move),
            Registration(rng.choice(MUNICIPALITIES), move + timedelta(1)),
        ]
    merit = Decimal(rng.randint(40, 136)) * Decimal("2.5") if rng.random() < 0.95 else None
    return PupilRecord(f"p{index:07d}", tuple(placements), tuple(registrations), merit)


def _day(rng: random.Random) -> date:
    return date(YEAR, 1, 1) + timedelta(rng.randint(0, 364))


def _tariff() -> YearTariff:
    prices = tuple(
        Price(programme, None, Decimal(80_000 + 4_100 * n))
        for n, programme in enumerate(PROGRAMMES)
    )
    prices += tuple(
        Price(programme, f"{programme}1", Decimal(90_001 + 3_700 * n))
        for n, programme in enumerate(PROGRAMMES)
    )
    tiers = (
        SupplementTier(1, Decimal(200), Decimal(5_000)),
        SupplementTier(2, Decimal(160), Decimal(11_000)),
        SupplementTier(3, Decimal(120), Decimal(19_000)),
    )
    return YearTariff(YearPrices(PriceList(YEAR, prices)), SupplementSchedule(YEAR, tiers))


def _retroactive_changes(rng: random.Random, pupils: list[PupilRecord]) -> list[PupilRecord]:
    """5 % of the pupils: an interruption dated back, or a move registered late."""
    changed = []
    for pupil in pupils:
        if rng.random() >= 0.05:
            changed.append(pupil)
            continue
        day = date(YEAR, rng.randint(1, 11), rng.randint(1, 28))
        if rng.random() < 0.5:
            last = pupil.placements[-1]
            if last.start < day:
                placements = (*pupil.placements[:-1], _ended(last, day))
                changed.append(PupilRecord(pupil.pupil_id, placements, pupil.registrations))
                continue
        old = pupil.registrations[0]
        homes = (
            Registration(old.municipality, old.start, day),
            Registration(rng.choice(MUNICIPALITIES), day + timedelta(1)),
        )
        changed.append(PupilRecord(pupil.pupil_id, pupil.placements, homes, pupil.year9_merit))
    return changed


def _ended(placement: Placement, day: date) -> Placement:
    return Placement(
        placement.organiser,
        placement.school_unit,
        placement.programme,
        placement.orientation,
        placement.start,
        day,
    )


def _after_run(december: MonthRun, lines: tuple[PupilMonthLine, ...]) -> dict[str, float | int]:
    month = december.month
    started = time.perf_counter()
    by_payer = payer_statements(december.lines, month)
    payee_statements(december.lines, month)
    statements_s = time.perf_counter() - started
    started = time.perf_counter()
    settlement = settle(municipal_flows(lines))
    settle_s = time.perf_counter() - started
    started = time.perf_counter()
    discrepancies = reconcile(december.lines, statement_totals(by_payer.values()))
    settlement_problems = reconcile_settlement(lines, settlement)
    reconcile_s = time.perf_counter() - started
    return {
        "statements_s": statements_s,
        "settle_s": settle_s,
        "reconcile_s": reconcile_s,
        "transfers_before": settlement.transfers_before,
        "transfers_after": settlement.transfers_after,
        "moved_before": float(settlement.moved_before),
        "moved_after": float(settlement.moved_after),
        "discrepancies": len(discrepancies) + len(settlement_problems),
    }


def _timed(runs: int, step: Callable[[], T]) -> tuple[T, float]:
    times = []
    result = step()
    for _ in range(runs):
        started = time.perf_counter()
        result = step()
        times.append(time.perf_counter() - started)
    return result, statistics.median(times)


def _report(
    pupils: int,
    march: MonthRun,
    march_s: float,
    booked: int,
    history_s: float,
    december: MonthRun,
    year_s: float,
    after: dict[str, float | int],
) -> str:
    def verdict(seconds: float, target: float) -> str:
        return f"target < {target:g} s: {'met' if seconds < target else 'NOT met'}"

    total = sum((line.amount for line in march.lines), Decimal(0))
    return "\n".join(
        [
            f"{pupils:,} pupils, compensation core, Python {sys.version.split()[0]}",
            f"monthly run (March 2025): {march_s:.2f} s, {len(march.lines):,} lines,"
            f" {total:,} SEK; {verdict(march_s, TARGET_MONTH_S)}",
            f"history booked January–November: {booked:,} lines in {history_s:.1f} s (setup)",
            f"recompute of the year (December run, 11 months rechecked): {year_s:.2f} s,"
            f" {len(december.regular):,} regular and {len(december.corrections):,} correction"
            f" lines; {verdict(year_s, TARGET_YEAR_S)}",
            f"statements of the December run (per payer and per payee):"
            f" {after['statements_s']:.2f} s",
            f"net settlement of the whole year: {after['settle_s']:.2f} s;"
            f" {after['transfers_before']} pairwise transfers → {after['transfers_after']},"
            f" {after['moved_before']:,.2f} → {after['moved_after']:,.2f} SEK moved",
            f"reconciliation (statements and settlement against the lines):"
            f" {after['reconcile_s']:.2f} s, {after['discrepancies']} discrepancies",
        ]
    )


def _progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


if __name__ == "__main__":
    main()
