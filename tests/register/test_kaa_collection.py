"""The half-year report of the activity follow-up (KAA): the person-level records SCB collects for
Skolverket (blocks 1–5: registered, contact, measure begun, measure ended, responsibility ended)
and the summary counts.

Source: SCB, "Kommunernas aktivitetsansvar" and its "Instruktioner till Kommunernas
aktivitetsansvar" (every young person in the group during the half-year, with contacts and
measures; the form's five blocks); Skolverket's statistics of the collection (reasons for
registration and deregistration); ``samverka.register.domain.kaa_collection``; issue 13 point 9.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from samverka.register.domain.activity_follow_up import (
    EntryKind,
    FollowUpEntry,
    HalfYear,
    KaaStatus,
    MeasureType,
)
from samverka.register.domain.compulsory_school import Schooling
from samverka.register.domain.kaa_collection import (
    Block,
    CollectionRecord,
    DeregistrationReason,
    RegistrationReason,
    half_year_report,
    person_half_year,
    person_records,
)
from samverka.register.domain.kaa_group import AdmissionHome, YoungPerson
from samverka.register.domain.placements import EndReason, SchoolPlacement
from samverka.register.domain.population import RegistrationPeriod
from samverka.register.files.kaa_collection_file import HEADER, collection_csv

PID = "20101120-0001"
H2 = HalfYear(2026, 2)
STOCKHOLM = "0180"


def interrupted_pupil() -> YoungPerson:
    """Left year 9 in June 2026 at 15, started NA in August, dropped out on 4 October, started
    IMV on 1 December."""
    return YoungPerson(
        PID,
        Schooling(date(2010, 11, 20), final_grade_years=frozenset({2026})),
        admission_homes=(AdmissionHome(2026, STOCKHOLM),),
        placements=(
            SchoolPlacement(
                PID,
                "11111111",
                "NA",
                "",
                date(2026, 8, 18),
                date(2026, 10, 4),
                EndReason.INTERRUPTED,
            ),
            SchoolPlacement(PID, "11111111", "IMV", "", date(2026, 12, 1)),
        ),
    )


def entries() -> list[FollowUpEntry]:
    return [
        FollowUpEntry(PID, EntryKind.CONTACT, date(2026, 10, 10), None, "Ringde", id=1),
        FollowUpEntry(PID, EntryKind.STATUS, date(2026, 10, 10), KaaStatus.IN_MEASURE, "", id=2),
        FollowUpEntry(
            PID, EntryKind.MEASURE, date(2026, 10, 12), None, "", MeasureType.GUIDANCE, id=3
        ),
        FollowUpEntry(
            PID, EntryKind.MEASURE_ENDED, date(2026, 11, 20), KaaStatus.OTHER, "", ends=3, id=4
        ),
    ]


def test_each_spell_in_the_half_year_gives_its_blocks() -> None:
    records = person_records(interrupted_pupil(), STOCKHOLM, H2, entries())
    assert [(r.block, r.registered_on, r.day) for r in records] == [
        (Block.REGISTERED, date(2026, 7, 1), None),
        (Block.ENDED, date(2026, 7, 1), date(2026, 8, 18)),
        (Block.REGISTERED, date(2026, 10, 5), None),
        (Block.CONTACT, date(2026, 10, 5), date(2026, 10, 10)),
        (Block.MEASURE_BEGUN, date(2026, 10, 5), date(2026, 10, 12)),
        (Block.MEASURE_ENDED, date(2026, 10, 5), date(2026, 11, 20)),
        (Block.ENDED, date(2026, 10, 5), date(2026, 12, 1)),
    ]
    first, second = records[0], records[2]
    assert first.reason is RegistrationReason.NEVER_STARTED
    assert second.reason is RegistrationReason.INTERRUPTED
    assert records[1].deregistration is DeregistrationReason.STARTED_NATIONAL
    assert records[-1].deregistration is DeregistrationReason.STARTED_INTRODUCTORY
    assert records[3].occupation is KaaStatus.IN_MEASURE  # the status in force at the contact
    assert records[5].occupation is KaaStatus.OTHER  # after the measure


def test_someone_outside_the_group_all_the_half_year_has_no_records() -> None:
    assert person_records(interrupted_pupil(), STOCKHOLM, HalfYear(2026, 1), entries()) == []
    assert person_records(interrupted_pupil(), "0182", H2, entries()) == []


def test_turning_20_and_moving_away_end_the_responsibility_with_their_reasons() -> None:
    born = date(2006, 10, 1)
    older = YoungPerson(
        "20061001-0002",
        Schooling(born, final_grade_years=frozenset({2022})),
        periods=(
            RegistrationPeriod("20061001-0002", STOCKHOLM, "Äldre", "", False, date(2022, 9, 1)),
        ),
    )
    (registered, ended) = person_records(older, STOCKHOLM, H2, [])
    assert registered.registered_on == date(2022, 9, 1)  # the first day, before the half-year
    assert (ended.day, ended.deregistration) == (date(2026, 10, 1), DeregistrationReason.TURNED_20)
    mover = YoungPerson(
        PID,
        Schooling(date(2010, 11, 20), final_grade_years=frozenset({2026})),
        admission_homes=(AdmissionHome(2026, STOCKHOLM),),
        periods=(RegistrationPeriod(PID, "0182", "Ung", "", False, date(2026, 11, 25)),),
    )
    *_, moved = person_records(mover, STOCKHOLM, H2, [])
    assert (moved.day, moved.deregistration) == (date(2026, 11, 25), DeregistrationReason.MOVED)


def test_the_summary_counts_persons_by_status_contact_measure_and_why_they_left() -> None:
    found = person_half_year(interrupted_pupil(), STOCKHOLM, H2, entries())
    assert found is not None
    report = half_year_report(STOCKHOLM, H2, [found], withheld=0)
    assert report.total == 1
    assert report.counts[KaaStatus.OTHER] == 1  # the status on 30 November, the last day in
    assert (report.contacted, report.in_measure, report.entered) == (1, 1, 1)
    assert report.left[DeregistrationReason.STARTED_INTRODUCTORY] == 1
    assert report.reasons[RegistrationReason.INTERRUPTED] == 1


def test_the_file_has_a_header_and_one_line_per_record_with_codes() -> None:
    records = person_records(interrupted_pupil(), STOCKHOLM, H2, entries())
    lines = collection_csv(records, H2).splitlines()
    assert lines[0].split(";") == list(HEADER)
    assert len(lines) == 1 + len(records)
    assert lines[1] == "0180;201011200001;2026H2;1;2026-07-01;1;;;;"
    assert lines[5] == "0180;201011200001;2026H2;3;2026-10-05;2;2026-10-12;;1;"
    assert lines[7] == "0180;201011200001;2026H2;5;2026-10-05;2;2026-12-01;;;2"


def test_every_category_has_a_code() -> None:
    record = CollectionRecord(
        Block.CONTACT, PID, STOCKHOLM, date(2026, 7, 1), RegistrationReason.UNKNOWN
    )
    for status in KaaStatus:
        assert collection_csv([_with(record, occupation=status)], H2).count("\n") == 2
    for reason in RegistrationReason:
        assert collection_csv([_with(record, reason=reason)], H2)
    for measure in MeasureType:
        assert collection_csv([_with(record, measure=measure)], H2)
    for why in DeregistrationReason:
        assert collection_csv([_with(record, deregistration=why)], H2)


def _with(record: CollectionRecord, **values: object) -> CollectionRecord:
    return replace(record, **values)  # type: ignore[arg-type]
