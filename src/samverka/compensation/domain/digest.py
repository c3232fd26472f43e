"""Digests for the incremental monthly run: which pupils' input changed since it was booked.

A regular run rechecks the earlier months only for pupils whose lines could have changed. What
decides a pupil's lines is their ``PupilRecord`` (placements, registrations, year-9 merit,
tilläggsbelopp decisions), the tariffs of the month's year (the lists each payer adopted, the
supplement tiers, the organiser shares), the member municipalities and the run's settings;
everything else is per-pupil independent (``monthly_compensation``). So:

* ``pupil_digests`` gives a stable hash (the same across processes and machines) per pupil id
  of every record with that id, in the order given (a repeated id is part of the digest, so a
  duplicate makes the pupil "changed").
* ``tariff_digest`` and ``settings_digest`` hash the year's price lists, supplement tiers,
  organiser shares and the lists each payer uses, and the measurement-day rule, rounding and
  the member municipalities (``area``).
* ``changed_pupils`` compares the current digests with those stored when the pupils were last
  booked: new, changed and disappeared pupils.

The hashes are BLAKE2b over a canonical text of the values (``repr`` of primitives only:
strings, integers, dates as day numbers, Decimals as text), never Python's randomised ``hash``.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from hashlib import blake2b

from samverka.compensation.domain.monthly_compensation import CompensationSettings, YearTariff
from samverka.compensation.domain.period import Month
from samverka.compensation.domain.price_list import PriceList
from samverka.compensation.domain.pupil_record import PupilRecord
from samverka.compensation.domain.structure_supplement import SupplementSchedule

DIGEST_SIZE = 16  # bytes; 32 hexadecimal characters


def _hash(text: str) -> str:
    return blake2b(text.encode(), digest_size=DIGEST_SIZE).hexdigest()


def _record_text(record: PupilRecord) -> str:
    placements = [
        (
            p.organiser.kind.value,
            p.organiser.code,
            p.school_unit,
            p.programme,
            p.orientation,
            p.start.toordinal(),
            None if p.end is None else p.end.toordinal(),
        )
        for p in record.placements
    ]
    registrations = [
        (r.municipality, r.start.toordinal(), None if r.end is None else r.end.toordinal())
        for r in record.registrations
    ]
    merit = None if record.year9_merit is None else str(record.year9_merit)
    if not record.additional:  # the text of a record without decisions is as it always was
        return repr((record.pupil_id, placements, registrations, merit))
    grants = [
        (
            g.decision_id,
            g.municipality,
            g.kind.value,
            str(g.amount),
            g.per.value,
            str(g.first),
            None if g.last is None else str(g.last),
        )
        for g in record.additional
    ]
    return repr((record.pupil_id, placements, registrations, merit, grants))


def pupil_digest(record: PupilRecord) -> str:
    """The stable digest of one pupil record."""
    return _hash(_record_text(record))


def pupil_digests(records: Iterable[PupilRecord]) -> dict[str, str]:
    """Per pupil id, the digest of all its records in the order given."""
    texts: dict[str, str] = {}
    for record in records:
        text = _record_text(record)
        before = texts.get(record.pupil_id)
        texts[record.pupil_id] = text if before is None else before + "\n" + text
    return {pupil_id: _hash(text) for pupil_id, text in texts.items()}


def changed_pupils(current: Mapping[str, str], stored: Mapping[str, str]) -> set[str]:
    """The pupils that are new, changed or gone since ``stored`` was booked."""
    changed = {pupil for pupil, digest in current.items() if stored.get(pupil) != digest}
    changed.update(pupil for pupil in stored if pupil not in current)
    return changed


def tariff_digest(tariff: YearTariff) -> str:
    """The digest of a year's price lists, supplement tiers, shares and payers' lists."""
    prices = tariff.prices

    def listed(price_list: PriceList | None) -> object:
        if price_list is None:
            return None
        return (
            price_list.year,
            [
                (
                    p.programme,
                    p.orientation,
                    p.municipality,
                    str(p.yearly),
                    [(cost.value, str(amount)) for cost, amount in p.components],
                )
                for p in price_list.prices
            ],
        )

    def tiers(supplements: SupplementSchedule | None) -> object:
        if supplements is None:
            return None
        return (
            supplements.year,
            [(tier.level, str(tier.below), str(tier.yearly_amount)) for tier in supplements.tiers],
        )

    base = (listed(prices.agreed), listed(prices.national), tiers(tariff.supplements))
    if tariff.shares is None and not tariff.payers and not tariff.unpriced:
        return _hash(repr(base))  # as it always was, for a tariff without the new parts
    shares = None if tariff.shares is None else sorted(tariff.shares.to_dict().items())
    payers = [
        (
            payer,
            own.basis,
            listed(own.prices.agreed),
            listed(own.prices.national),
            tiers(own.supplements),
        )
        for payer, own in sorted(tariff.payers.items())
    ]
    return _hash(repr((*base, shares, payers, sorted(tariff.unpriced))))


def settings_digest(settings: CompensationSettings, area: Collection[str] | None = None) -> str:
    """The digest of the run settings that decide lines: measurement day, rounding and the
    member municipalities."""
    parts: tuple[object, ...] = (
        sorted(settings.measurement_day.to_dict().items()),
        str(settings.quantum),
        settings.rounding,
        settings.pay_own_municipality,
    )
    if area is not None:
        parts = (*parts, sorted(area))
    return _hash(repr(parts))


@dataclass(frozen=True, slots=True)
class RecheckBasis:
    """What a run left behind for the next one to trust: after it, for every pupil, the net
    booked in each of the ``covered`` months equals what the pupil's stored digest (no digest:
    no record) gives under the ``settings`` digest and the ``tariffs`` digests (per year)."""

    settings: str
    tariffs: Mapping[int, str]
    covered: tuple[Month, ...]


def incremental_recheck_holds(
    basis: RecheckBasis | None,
    settings: str,
    tariffs: Mapping[int, str],
    recheck: Iterable[Month],
) -> bool:
    """Whether the ``recheck`` months may be rechecked for the changed pupils only: the last
    run's basis covers every one of them with the same settings and the same tariffs."""
    if basis is None or basis.settings != settings:
        return False
    covered = set(basis.covered)
    for month in recheck:
        if month not in covered:
            return False
        stored = basis.tariffs.get(month.year)
        if stored is None or stored != tariffs.get(month.year):
            return False
    return True
