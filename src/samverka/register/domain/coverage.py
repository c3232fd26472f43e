"""Who the youth register holds, and where a pupil the population extract does not cover is
registered from.

Sources: issue 13 point 1 ("the register holds every person in the age band registered in the
area and every pupil with a placement at a school in the region, whatever their age … and pupils
from outside the area"); admissions-rules.md §6 "Correction (turn 2)" (the age band describes the
population part only; GRUUS holds "all youth folkbokförda in GR in the age band plus all pupils
at GR schools"); skollagen (2010:800) 16 kap. 50–54 §§ (compensation and grants follow every
pupil in the programme, whatever their age).

1. A population extract lists the persons registered (folkbokförda) in the area. A row is kept
   (``kept_rows``) when the person

   a. is in the age band on the extract's date, or
   b. is a pupil: has a school placement in force on the extract's date or starting after it (a
      year-1 placement made from the admission before the term begins), whatever their age (a
      15-year-old in year 1, a 20-year-old in year 3), or
   c. is already in the register and has not passed the band (a 15-year-old who left school is
      kept until they enter the band, so that the activity follow-up can reach them).

   Every other row is left out. A pupil past the band is therefore never "aged out" while a
   placement holds them; the first extract after their last placement ends ages them out.
2. The extract is compared (``compared_state``) with the persons the register holds in the area
   (an open registration in a member municipality) and with the persons registered outside the
   area who now appear in the extract (they moved in: MOVED). A pupil registered outside the
   area (from another county, by the school) who is not in the extract is left as they are: an
   extract of the area does not cover them.
3. A pupil with no open registration gets one from another source (``registrations_for``),
   dated from the placement's start [I: the nearest date the source vouches for], or from the
   day after their last registration ended if that is later (periods never overlap): a year-1
   placement from the admission brings its pupil in with the applicant's home municipality
   (``RegistrationSource.ADMISSION``); a school registering a placement may name the pupil's
   home municipality, any Swedish municipality (``RegistrationSource.SCHOOL``: a pupil from
   outside the area, whose home municipality is then the payer, SL 16 kap. 50 §). A pupil who
   has a registration keeps it: for a person in the area the extract, not the admission or the
   school, says where they are registered. The next extract that lists the pupil takes over
   (its record differs, so the admission's or school's period is closed and the extract's
   opened).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from datetime import date, timedelta

from samverka.register.domain.population import (
    AgeBand,
    PopulationRecord,
    RegistrationPeriod,
    RegistrationSource,
    period_of,
)


def kept_rows(
    extract: Iterable[PopulationRecord],
    band: AgeBand,
    on: date,
    *,
    pupils: Collection[str],
    known: Collection[str],
) -> dict[str, PopulationRecord]:
    """The rows of the extract the register keeps (rule 1), by identity number.

    ``pupils``: who has a placement in force on ``on`` or later; ``known``: who has an open
    registration in the register now."""
    kept: dict[str, PopulationRecord] = {}
    for record in extract:
        pid = record.personal_id
        if (
            band.contains(record.birth_date, on)
            or pid in pupils
            or (pid in known and not band.past(record.birth_date, on))
        ):
            kept[pid] = record
    return kept


def compared_state(
    open_records: Mapping[str, PopulationRecord],
    members: Collection[str],
    kept: Mapping[str, PopulationRecord],
) -> dict[str, PopulationRecord]:
    """What an extract is compared with (rule 2): the open records in a member municipality,
    and those outside the area whose person is in the extract's kept rows."""
    return {
        pid: record
        for pid, record in open_records.items()
        if record.municipality in members or pid in kept
    }


def registrations_for(
    homes: Iterable[tuple[PopulationRecord, date]],
    last_ends: Mapping[str, date | None],
    source: RegistrationSource,
) -> list[RegistrationPeriod]:
    """A registration period from each ``(record, start)`` of a pupil with no open period
    (rule 3); one per pupil, the first given. ``last_ends``: for each person with periods, the
    end of their latest (None: it is open)."""
    periods: dict[str, RegistrationPeriod] = {}
    for record, start in homes:
        pid = record.personal_id
        if pid in periods or (pid in last_ends and last_ends[pid] is None):
            continue
        ended = last_ends.get(pid)
        begins = start if ended is None else max(start, ended + timedelta(days=1))
        periods[pid] = period_of(record, begins, source)
    return list(periods.values())
