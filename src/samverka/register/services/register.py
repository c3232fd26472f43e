"""Use cases of the youth register (UEDB): population loads, year-1 placements from the
admission, and the schools' registrations of starts, interruptions and programme changes.

* ``load_population``: a validated extract (``register.files.population_file``) is compared
  with the register and every change is stored, dated, as history, in one transaction. The
  extract's date must lie after the previous load's. The rows kept are those of the age band
  and of every pupil whatever their age (``register.domain.coverage``, issue 13 point 1): a
  pupil is never aged out while a placement holds them. The audit trail gets one event per load
  (its counts); the changes themselves are the register's append-only history. One load at a
  time (``platform.ports.WriterLocks``); an extract that would remove a large part of the register
  needs the officer's confirmation of the number (``register.domain.removal_guard``). Only the
  admission officer loads an extract (``NotPermitted`` otherwise).
* ``place_admitted``: one step from the accepted final results to year-1 placements. Accepted =
  the applicant replied accept (with or without staying reserve) to the latest published final
  or reserve round and has a placement in it [I: no reply is not taken as accept here]. Pupils
  already placed from that year are skipped, so the step may be repeated after late replies.
  A placed pupil with no open registration (a 15-year-old the extract left out, one who moved
  in after it) is registered from the admission: the applicant's home municipality, from the
  placement's start (issue 13 point 1: "year-1 placements from admission bring their pupils
  in"). Only the admission officer does it.
* ``register_start``, ``register_interruption``, ``register_programme_change`` and
  ``import_placements``: a school acts for its own school units only; the admission officer for
  any. A duplicate (two placements in force together) is allowed in but reported
  (``register.queries.register_view.duplicate_placements``), as in UEDB where the school resolves
  it. A school's placement may name the pupil's home municipality, any Swedish municipality: a pupil
  with no open registration (from another county, or not yet in an extract) is registered there
  from the placement's start; a municipality outside the area becomes known as a non-member.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from decimal import Decimal

from samverka.admission.domain.replies import ReplyKind, effective_reply, keeps_place
from samverka.admission.domain.rounds import RoundStatus
from samverka.admission.domain.year_settings import YearSettings
from samverka.errors import N_, BadValue, Conflict, NotFound, NotPermitted
from samverka.platform.access.domain.actors import Actor, Role
from samverka.platform.ports import REGISTER_KEY, WriterKind
from samverka.platform.services.audit_records import record_change
from samverka.register.domain.audited import (
    AdmittedPlacements,
    PlacedBefore,
    PopulationLoad,
    ProgrammeChange,
    RegisteredPlacement,
    RegisterState,
)
from samverka.register.domain.coverage import compared_state, kept_rows, registrations_for
from samverka.register.domain.placements import (
    EndReason,
    SchoolPlacement,
    change_programme,
    end_placement,
)
from samverka.register.domain.population import (
    AgeBand,
    ChangeKind,
    PopulationRecord,
    RegistrationPeriod,
    RegistrationSource,
    detect_changes,
    plan_history,
)
from samverka.register.domain.removal_guard import DEFAULT_SHARE, Removals, check_removals
from samverka.register.ports import UnitOfWork


@dataclass(frozen=True, slots=True)
class LoadReport:
    load_id: int
    extract_date: date
    persons: int  # rows of the extract kept: the age band and the pupils
    outside_band: int  # rows of the extract left out: outside the age band and not pupils
    changes: dict[ChangeKind, int]
    confirmed_removals: int | None = None  # the officer confirmed this many leaving
    pupils_outside_band: int = 0  # kept although outside the band: pupils, or known under it

    @property
    def total_changes(self) -> int:
        return sum(self.changes.values())


def load_population(
    uow: UnitOfWork,
    *,
    records: Sequence[PopulationRecord],
    extract_date: date,
    source: str,
    actor: Actor,
    now: datetime,
    band: AgeBand | None = None,
    removal_share: Decimal = DEFAULT_SHARE,
    confirmed_removals: int | None = None,
) -> LoadReport:
    """Compare the extract with the register and store every change as dated history.

    One population load at a time (``WriterKind.POPULATION_LOAD``). An empty extract, or one
    that would remove more than ``removal_share`` of the register, is refused unless
    ``confirmed_removals`` is the number of persons who would leave
    (``register.domain.removal_guard``)."""
    _officer_only(actor)
    band = band or AgeBand()
    with uow:
        uow.locks.take(WriterKind.POPULATION_LOAD, REGISTER_KEY, holder=actor.audit_name, at=now)
        last = uow.register.last_extract_date()
        if last is not None and extract_date <= last:
            raise Conflict(
                N_("Uttaget från %(day)s är inte nyare än det senast inlästa (%(last)s)."),
                day=extract_date.isoformat(),
                last=last.isoformat(),
            )
        register = uow.register.current()
        pupils = uow.register.placed_on_or_after(extract_date)
        current = kept_rows(
            records, band, extract_date, pupils=pupils, known=register.records.keys()
        )
        members = set(uow.catalogue.municipality_codes())
        previous = compared_state(register.records, members, current)
        events = detect_changes(
            previous, current, extract_date, band=band, period_starts=register.period_starts
        )
        counts = Counter(event.kind for event in events)
        removals = Removals(
            len(register.records),
            len(current),
            counts[ChangeKind.LEFT_REGION],
            counts[ChangeKind.AGED_OUT],
        )
        check_removals(removals, removal_share, confirmed_removals)
        load_id = uow.register.add_load(
            extract_date, source, len(current), len(events), now, actor.audit_name
        )
        known = uow.register.person_ids() if counts[ChangeKind.NEW] else set()
        newcomers = {
            e.personal_id: e.record.birth_date
            for e in events
            if e.kind is ChangeKind.NEW and e.record is not None and e.personal_id not in known
        }
        uow.register.add_persons(newcomers)
        plan = plan_history(events)
        uow.register.close_periods(plan.closed)
        uow.register.add_periods(plan.opened)
        uow.register.add_changes(load_id, events)
        changes = {kind: counts[kind] for kind in ChangeKind}
        outside = sum(not band.contains(r.birth_date, extract_date) for r in current.values())
        loaded = PopulationLoad(
            extract_date, source, changes, outside, removals.leaving, confirmed_removals
        )
        record_change(
            uow.audit,
            actor,
            "population_load",
            load_id,
            "loaded",
            before=RegisterState(last, removals.registered),
            after=loaded,
            at=now,
        )
        uow.commit()
    return LoadReport(
        load_id,
        extract_date,
        len(current),
        len(records) - len(current),
        changes,
        confirmed_removals,
        outside,
    )


def _officer_only(actor: Actor) -> None:
    if actor.role is not Role.OFFICER:
        raise NotPermitted(
            N_("Bara antagningskansliet läser in folkbokföringen och placerar antagna.")
        )


def place_admitted(uow: UnitOfWork, *, year: int, start: date, actor: Actor, now: datetime) -> int:
    """Year-1 placements from the accepted results of ``year``'s latest published final or
    reserve round; returns how many. An applicant who has not replied counts as the year's
    no-reply rule says (``YearSettings.no_reply``): accepted by default, as in Storsthlm."""
    _officer_only(actor)
    with uow:
        year_row = uow.admission.year(year)
        published = [
            r
            for r in uow.rounds.rounds(year_row.id)
            if r.kind.binding and r.status is RoundStatus.PUBLISHED
        ]
        if not published:
            raise Conflict(
                N_("Antagningsåret %(year)s har ingen publicerad slutlig antagning."), year=year
            )
        round_id = published[-1].id
        result = uow.rounds.round_result(round_id).placements
        replies = uow.rounds.replies(round_id)
        offerings = {o.code: o for o in uow.admission.offerings(year_row.id)}
        done = uow.register.placed_from_year(year_row.id)
        placements, merits = [], {}
        for pid, (code, _rank, merit) in sorted(result.items()):
            if code is None or pid in done or not _accepted(replies.get(pid), year_row.settings):
                continue
            offering = offerings[code]
            placements.append(
                SchoolPlacement(
                    pid, offering.school_unit_code, offering.programme, offering.orientation, start
                )
            )
            merits[pid] = merit
        uow.register.add_placements(placements, admission_year_id=year_row.id, merit_values=merits)
        homes = uow.register.applicant_homes(year_row.id, [p.personal_id for p in placements])
        registered = _register_pupils(
            uow,
            ((homes[p.personal_id], p.start) for p in placements if p.personal_id in homes),
            RegistrationSource.ADMISSION,
        )
        record_change(
            uow.audit,
            actor,
            "school_placement",
            f"admission:{year}",
            "placed_admitted",
            before=PlacedBefore(len(done)),
            after=AdmittedPlacements(round_id, len(placements), start, len(registered)),
            at=now,
        )
        uow.commit()
    return len(placements)


def _register_pupils(
    uow: UnitOfWork, homes: Iterable[tuple[PopulationRecord, date]], source: RegistrationSource
) -> list[RegistrationPeriod]:
    """Register the pupils of ``homes`` who have no open registration (coverage rule 3)."""
    given = list(homes)
    ends = uow.register.last_registration_ends({record.personal_id for record, _ in given})
    periods = registrations_for(given, ends, source)
    births = {record.personal_id: record.birth_date for record, _ in given}
    uow.catalogue.add_other_municipalities({period.municipality for period in periods})
    uow.register.add_registrations(periods, births)
    return periods


def _accepted(reply: str | None, settings: YearSettings) -> bool:
    given = None if reply is None else ReplyKind(reply)
    return keeps_place(effective_reply(given, settings.no_reply))


def _check_unit(actor: Actor, school_unit: str) -> None:
    if actor.role is Role.OFFICER:
        return
    if actor.role is not Role.SCHOOL or school_unit not in actor.school_unit_codes:
        raise NotPermitted(N_("%(code)s är inte en av dina skolenheter."), code=repr(school_unit))


def register_start(
    uow: UnitOfWork,
    *,
    actor: Actor,
    placement: SchoolPlacement,
    now: datetime,
    home: PopulationRecord | None = None,
) -> int:
    """A new placement registered by a school (not from the admission); ``home``: where the
    pupil is registered, for a pupil the register does not hold."""
    homes = {} if home is None else {home.personal_id: home}
    return import_placements(uow, actor=actor, placements=[placement], now=now, homes=homes)[0]


def import_placements(
    uow: UnitOfWork,
    *,
    actor: Actor,
    placements: Sequence[SchoolPlacement],
    now: datetime,
    homes: Mapping[str, PopulationRecord] | None = None,
) -> list[int]:
    """Store many placements (a validated placement file) at once, all or nothing. ``homes``:
    the home municipality the school gave per pupil (``register.files.population_file``),
    used for a pupil with no open registration."""
    homes = homes or {}
    for placement in placements:
        _check_unit(actor, placement.school_unit)
    with uow:
        ids = uow.register.add_placements(placements)
        given = [(homes[p.personal_id], p.start) for p in placements if p.personal_id in homes]
        registered = {
            period.personal_id: period.municipality
            for period in _register_pupils(uow, given, RegistrationSource.SCHOOL)
        }
        for placement_id, placement in zip(ids, placements, strict=True):
            home = registered.pop(placement.personal_id, None)
            stored = replace(placement, id=placement_id)
            record_change(
                uow.audit,
                actor,
                "school_placement",
                placement_id,
                "registered",
                before=None,
                after=RegisteredPlacement(stored, home),
                at=now,
            )
        uow.commit()
    return ids


def _own_placement(uow: UnitOfWork, actor: Actor, placement_id: int) -> SchoolPlacement:
    placement = uow.register.placement(placement_id)
    if placement is None:
        raise NotFound(N_("Det finns ingen placering %(placement)s."), placement=placement_id)
    try:
        _check_unit(actor, placement.school_unit)
    except NotPermitted:
        raise NotFound(
            N_("Det finns ingen placering %(placement)s."), placement=placement_id
        ) from None
    return placement


def register_interruption(
    uow: UnitOfWork,
    *,
    actor: Actor,
    placement_id: int,
    end: date,
    now: datetime,
    reason: EndReason = EndReason.INTERRUPTED,
) -> None:
    """End a placement on ``end`` (included): an interruption, or a completed programme."""
    with uow:
        placement = _own_placement(uow, actor, placement_id)
        try:
            ended = end_placement(placement, end, reason)
        except BadValue as error:
            raise Conflict(error.text, **error.parameters) from None
        uow.register.end_placement(placement_id, end, reason)
        record_change(
            uow.audit,
            actor,
            "school_placement",
            placement_id,
            f"ended_{reason.value}",
            before=placement,
            after=ended,
            at=now,
        )
        uow.commit()


def register_programme_change(
    uow: UnitOfWork,
    *,
    actor: Actor,
    placement_id: int,
    start: date,
    programme: str,
    orientation: str,
    now: datetime,
    school_unit: str | None = None,
) -> int:
    """End the placement the day before ``start`` and open the new one (at ``school_unit``,
    default the same unit); returns its id."""
    with uow:
        placement = _own_placement(uow, actor, placement_id)
        unit = school_unit or placement.school_unit
        _check_unit(actor, unit)
        try:
            ended, new = change_programme(placement, start, unit, programme, orientation)
        except BadValue as error:
            raise Conflict(error.text, **error.parameters) from None
        assert ended.end is not None
        uow.register.end_placement(placement_id, ended.end, EndReason.CHANGED_PROGRAMME)
        (new_id,) = uow.register.add_placements([new])
        record_change(
            uow.audit,
            actor,
            "school_placement",
            placement_id,
            "changed_programme",
            before=placement,
            after=ProgrammeChange(ended, replace(new, id=new_id)),
            at=now,
        )
        uow.commit()
    return new_id
