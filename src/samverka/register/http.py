"""What the register's pages and its API share about a request: who may use them (the auth
aliases, once), one model per use case with its limits (the page's form and the API's body
alike, ``platform.http.UseCaseModel``) and its call of the service, a placement's id in a path,
a Swedish day, and an uploaded population extract read within limits and loaded. Both entry
points use it; neither imports the other.

The auth aliases say who may come in; the services keep the final word on permission (a
municipality's own persons, a school's own placements):

* ``PopulationLoad``: the admission officer, who loads population extracts;
* ``MunicipalityWork``: a municipality's official, or the officer in a municipality's place
  (its residents, the activity follow-up (KAA): read and record);
* ``SchoolWork``: a school, or the officer in a school unit's place (its placements).

The use cases: ``EntryIn`` (a KAA contact, measure begun or ended, or status),
``RetentionIn`` (a municipality's retention period), ``ErasureIn`` (erase what is due, or count
it), ``InterruptionIn`` (a placement ends), ``ProgrammeChangeIn`` (a pupil changes programme)
and ``PopulationLoadIn`` (the extract's date and the removals confirmed). The API's field names
are its public interface (docs/kaa.md, docs/formats.md); the pages' forms use the same names.
"""

from __future__ import annotations

import re
import tempfile
from datetime import date, datetime
from pathlib import Path, PurePath
from typing import Annotated, Final, Literal

from fastapi import Depends, Request, UploadFile
from fastapi import Path as PathParameter
from pydantic import Field

from samverka.errors import N_, InvalidInput, RowError
from samverka.platform.access.domain.actors import Actor, Role
from samverka.platform.domain.swedish_time import swedish_today
from samverka.platform.http import UseCaseModel
from samverka.platform.web.auth import require
from samverka.platform.web.context import web_context
from samverka.platform.web.deps import Now
from samverka.register.domain.activity_follow_up import EntryKind, KaaStatus, MeasureType
from samverka.register.domain.kaa_retention import LONGEST_MONTHS, SHORTEST_MONTHS
from samverka.register.domain.placements import EndReason
from samverka.register.domain.population import PopulationRecord
from samverka.register.files.population_file import read_population_file
from samverka.register.ports import UnitOfWork
from samverka.register.services.activity_follow_up import (
    ErasureResult,
    erase_expired_entries,
    record_follow_up,
    set_retention,
)
from samverka.register.services.register import (
    LoadReport,
    load_population,
    register_interruption,
    register_programme_change,
)

MAXIMUM_ID: Final = 2_147_483_647  # a database integer
PlacementId = Annotated[int, PathParameter(ge=1, le=MAXIMUM_ID, description="The placement's id.")]

# -- who may -------------------------------------------------------------------------------------
PopulationLoad = Annotated[Actor, Depends(require(Role.OFFICER))]
MunicipalityWork = Annotated[Actor, Depends(require(Role.MUNICIPALITY, Role.OFFICER))]
SchoolWork = Annotated[Actor, Depends(require(Role.SCHOOL, Role.OFFICER))]


def swedish_day(now: datetime) -> date:
    """Today in Sweden, the day a page shows by default (``swedish_time``: one clock)."""
    return swedish_today(now)


# -- the activity follow-up (KAA) ----------------------------------------------------------------
class EntryIn(UseCaseModel):
    """One entry of the activity follow-up: a contact (with a note), a measure begun
    (``measure``), a measure ended (``ends``: the measure's entry id, with the ``status``
    after it), or a status. A field another kind does not have is refused by the service."""

    kind: EntryKind
    on: date
    status: KaaStatus | None = None
    measure: MeasureType | None = None
    ends: int | None = Field(default=None, ge=1)
    note: str = Field(default="", max_length=2000)


def record_entry(
    uow: UnitOfWork, actor: Actor, personal_id: str, entry: EntryIn, now: datetime
) -> int:
    """Record ``entry`` of ``personal_id``; the entry's id."""
    return record_follow_up(
        uow,
        actor=actor,
        personal_id=personal_id,
        kind=entry.kind,
        on=entry.on,
        status=entry.status,
        note=entry.note,
        measure=entry.measure,
        ends=entry.ends,
        now=now,
    )


class RetentionIn(UseCaseModel):
    """A municipality's retention period of the KAA entries, in whole months."""

    months: int = Field(ge=SHORTEST_MONTHS, le=LONGEST_MONTHS)


def set_retention_period(
    uow: UnitOfWork, actor: Actor, municipality: str, period: RetentionIn, now: datetime
) -> None:
    set_retention(uow, actor=actor, municipality=municipality, months=period.months, now=now)


class ErasureIn(UseCaseModel):
    """Erase the entries past retention today (``apply``), or only count them."""

    apply: bool


def erase_due_entries(
    uow: UnitOfWork, actor: Actor, municipality: str, erasure: ErasureIn, now: datetime
) -> ErasureResult:
    """Erase (or count) ``municipality``'s entries past retention on today's Swedish date."""
    return erase_expired_entries(
        uow,
        actor=actor,
        municipality=municipality,
        today=swedish_day(now),
        apply=erasure.apply,
        now=now,
    )


# -- the schools' placements ---------------------------------------------------------------------
class InterruptionIn(UseCaseModel):
    """A placement ends: an interruption, or a completion with an examen or a studiebevis."""

    end: date
    reason: Literal["interrupted", "examen", "studiebevis"] = "interrupted"


def end_placement(
    uow: UnitOfWork, actor: Actor, placement_id: int, ending: InterruptionIn, now: datetime
) -> None:
    register_interruption(
        uow,
        actor=actor,
        placement_id=placement_id,
        end=ending.end,
        reason=EndReason(ending.reason),
        now=now,
    )


class ProgrammeChangeIn(UseCaseModel):
    """A pupil changes programme (or orientation) from ``start``; the programme's code in any
    case (``ek`` is ``EK``)."""

    start: date
    programme: str = Field(min_length=2, max_length=8, pattern=r"^[A-Za-z0-9]+$")
    orientation: str = Field(default="", max_length=80)


def change_programme(
    uow: UnitOfWork, actor: Actor, placement_id: int, change: ProgrammeChangeIn, now: datetime
) -> int:
    """End the placement the day before ``change.start`` and open the new one; its id."""
    return register_programme_change(
        uow,
        actor=actor,
        placement_id=placement_id,
        start=change.start,
        programme=change.programme.upper(),
        orientation=change.orientation,
        now=now,
    )


# -- the population load -------------------------------------------------------------------------
class PopulationLoadIn(UseCaseModel):
    """A population extract's date and, when the load needs it, the number of persons leaving
    the register that the officer confirms (the file itself is sent beside it)."""

    extract_date: date = Field(alias="date", description="The extract's date.")
    confirm_removals: int | None = Field(
        default=None,
        ge=0,
        description="The number of persons leaving that the officer confirms.",
    )


def load_extract(
    request: Request,
    uow: UnitOfWork,
    actor: Actor,
    upload: tuple[str, bytes],
    extract_date: date,
    confirmed: int | None,
    now: Now,
) -> LoadReport:
    """Read and load an uploaded extract as ``actor``, with the configured removal share."""
    name, content = upload
    records = read_extract(uow, name, content, extract_date)
    return load_population(
        uow,
        records=records,
        extract_date=extract_date,
        source=name,
        actor=actor,
        now=now,
        removal_share=web_context(request).settings.population_removal_share,
        confirmed_removals=confirmed,
    )


async def uploaded(file: UploadFile) -> tuple[str, bytes]:
    """The upload's file name, made safe to write (letters, digits, space, ``.-_``), and
    at most one byte more than the limit."""
    name = UNSAFE_IN_NAMES.sub("_", PurePath(file.filename or "").name)[:100].strip(". ")
    return name or "uttag.csv", await file.read(MAXIMUM_FILE_BYTES + 1)


MAXIMUM_FILE_BYTES: Final = 64 * 1024 * 1024  # 150,000 persons take about 12 MB


UNSAFE_IN_NAMES: Final = re.compile(r"[^\w. \-]")


def read_extract(
    uow: UnitOfWork, name: str, content: bytes, extract_date: date
) -> list[PopulationRecord]:
    """Every row of an uploaded extract, checked; ``InvalidInput`` listing every problem."""
    if len(content) > MAXIMUM_FILE_BYTES:
        raise InvalidInput([RowError(name, 0, "", N_("Filen är större än 64 MB."))])
    if PurePath(name).suffix.lower() != ".csv":
        raise InvalidInput([RowError(name, 0, "", N_("Filen måste vara en .csv-fil."))])
    with uow:
        municipalities = uow.catalogue.municipality_codes()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(content)
        return read_population_file(path, extract_date=extract_date, municipalities=municipalities)
