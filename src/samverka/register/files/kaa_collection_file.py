"""The person-level file of the activity follow-up's half-year report, for SCB's collection
"Kommunernas aktivitetsansvar" (on Skolverket's behalf): the record layout and the code lists.

Source: ``register.domain.kaa_collection`` (what the records hold and why); ``docs/kaa.md``,
"The half-year report", for the collection's published description, what of its layout is known
and what is not. SCB's own data file description (datafilsbeskrivning) and code lists
(kodförteckningar) of each half-year were not at hand: the column names and the numbers of the
codes below are Samverka's, chosen to carry exactly the published variables and categories. This
module is the one place to change when the municipality has SCB's current description: the
order and names of ``COLUMNS``, the codes of the ``*_CODES`` tables, the separator.

The file: UTF-8 text, one record per line, the fields separated by ``SEPARATOR``, a header line
of the column names; the identity number in twelve digits without a hyphen (``ÅÅÅÅMMDDNNNN``);
dates as ``ÅÅÅÅ-MM-DD``; an empty field where a block has no such value. Or the same table as an
Excel workbook (``.xlsx``), as SCB's Excel template is, through ``exports.tables.write_table``.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

from samverka.platform.files.spreadsheet_cells import csv_writer
from samverka.register.domain.activity_follow_up import HalfYear, KaaStatus, MeasureType
from samverka.register.domain.kaa_collection import (
    Block,
    CollectionRecord,
    DeregistrationReason,
    RegistrationReason,
)

SEPARATOR: Final = ";"

REGISTRATION_CODES: Final = {  # orsak till registrering
    RegistrationReason.NEVER_STARTED: "1",  # har inte studerat i gymnasieskolan
    RegistrationReason.INTERRUPTED: "2",  # avbrott på nationellt program
    RegistrationReason.STUDIEBEVIS: "3",  # slutfört med studiebevis
    RegistrationReason.LEFT_INTRODUCTORY: "4",  # lämnat ett introduktionsprogram
    RegistrationReason.UNKNOWN: "9",  # uppgift saknas
}
OCCUPATION_CODES: Final = {  # sysselsättning vid kontakt / efter åtgärd
    KaaStatus.WORKING: "1",  # arbete
    KaaStatus.STUDYING_ELSEWHERE: "2",  # studier (komvux, folkhögskola, utomlands)
    KaaStatus.IN_MEASURE: "3",  # i åtgärd genom kommunen
    KaaStatus.OTHER: "4",  # annan sysselsättning
    KaaStatus.CONTACTED: "5",  # ingen sysselsättning, ingen åtgärd
    KaaStatus.DECLINED: "6",  # tackar nej till åtgärd
    KaaStatus.NOT_REACHED: "7",  # sökt men inte nådd
    KaaStatus.NOT_CONTACTED: "9",  # okänd
}
MEASURE_CODES: Final = {  # typ av åtgärd
    MeasureType.GUIDANCE: "1",  # studie- och yrkesvägledning
    MeasureType.MOTIVATION: "2",  # motiverande samtal, kartläggning, coachning
    MeasureType.WORK_PLACEMENT: "3",  # praktik
    MeasureType.ADULT_EDUCATION: "4",  # kommunal vuxenutbildning
    MeasureType.FOLK_HIGH_SCHOOL: "5",  # folkhögskola
    MeasureType.OTHER: "9",  # annan åtgärd
}
DEREGISTRATION_CODES: Final = {  # orsak till att aktivitetsansvaret har upphört
    DeregistrationReason.STARTED_NATIONAL: "1",  # påbörjat nationellt program
    DeregistrationReason.STARTED_INTRODUCTORY: "2",  # påbörjat introduktionsprogram
    DeregistrationReason.TURNED_20: "3",  # fyllt 20 år
    DeregistrationReason.MOVED: "4",  # flyttat från kommunen
    DeregistrationReason.OTHER: "9",  # annan orsak
}


@dataclass(frozen=True, slots=True)
class Column:
    name: str
    value: Callable[[CollectionRecord, HalfYear], object]


def _code(table: Mapping[Any, str], value: object) -> str:
    return "" if value is None else table[value]


COLUMNS: Final = (
    Column("kommunkod", lambda r, h: r.municipality),
    Column("personnummer", lambda r, h: r.personal_id.replace("-", "")),
    Column("halvar", lambda r, h: str(h)),
    Column("block", lambda r, h: r.block.value),
    Column("registreringsdatum", lambda r, h: r.registered_on),
    Column("registreringsorsak", lambda r, h: REGISTRATION_CODES[r.reason]),
    Column("datum", lambda r, h: r.day),
    Column("sysselsattning", lambda r, h: _code(OCCUPATION_CODES, r.occupation)),
    Column("atgard", lambda r, h: _code(MEASURE_CODES, r.measure)),
    Column("upphorandeorsak", lambda r, h: _code(DEREGISTRATION_CODES, r.deregistration)),
)
HEADER: Final = tuple(column.name for column in COLUMNS)
BLOCKS: Final = {
    Block.REGISTERED: "1 obligatoriska uppgifter",
    Block.CONTACT: "2 kontakt med individen",
    Block.MEASURE_BEGUN: "3 åtgärd påbörjas",
    Block.MEASURE_ENDED: "4 åtgärd avslutad",
    Block.ENDED: "5 aktivitetsansvaret har upphört",
}


def collection_rows(records: Iterable[CollectionRecord], half: HalfYear) -> list[Sequence[object]]:
    """The file's rows (without the header), in the order of ``records``."""
    return [tuple(column.value(record, half) for column in COLUMNS) for record in records]


def collection_csv(records: Iterable[CollectionRecord], half: HalfYear) -> str:
    """The file as text: the header, then one line per record."""
    out = io.StringIO()
    writer = csv_writer(out, delimiter=SEPARATOR, lineterminator="\n")
    writer.writerow(HEADER)
    for row in collection_rows(records, half):
        writer.writerow(row)
    return out.getvalue()
