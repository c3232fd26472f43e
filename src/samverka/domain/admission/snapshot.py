"""A round's input snapshot: everything the engine saw, as compressed canonical JSON.

Stored with every run, so that the run can be repeated from it and must give the identical
result (admissions-rules §11.2 invariant 6). The encoding is canonical (sorted keys, fixed
order of applicants and offerings), so equal inputs give equal bytes. Fields added later (an
offering's fri-kvot places and school ranking, a choice's school rank and the organiser's
assessment of equivalent knowledge) are appended to their lists; a snapshot written before
them reads them as absent.
"""

from __future__ import annotations

import json
import zlib
from dataclasses import dataclass
from decimal import Decimal

from samverka.domain.admission.graded_instance import (
    AptitudeTest,
    GradedApplicant,
    GradedChoice,
    GradedOffering,
    OfferingStatus,
)
from samverka.domain.admission.grades import Grade, GradeLetter, GradeSheet
from samverka.domain.admission.priorities import PriorityClass
from samverka.domain.admission.replies import ReplyKind
from samverka.domain.admission.rounds import RoundKind
from samverka.domain.admission.year_settings import YearSettings


@dataclass(frozen=True, slots=True)
class RoundInput:
    kind: RoundKind
    year: int
    seed: int
    settings: YearSettings
    offerings: tuple[GradedOffering, ...]
    applicants: tuple[GradedApplicant, ...]
    held: dict[str, str]  # reserve rounds: applicant id → offering id held after the last round
    replies: dict[str, ReplyKind]  # reserve rounds: effective reply per applicant

    def encode(self) -> bytes:
        document = {
            "kind": self.kind.value,
            "year": self.year,
            "seed": self.seed,
            "settings": self.settings.to_dict(),
            "offerings": [_offering(o) for o in self.offerings],
            "applicants": [_applicant(a) for a in self.applicants],
            "held": self.held,
            "replies": {k: v.value for k, v in self.replies.items()},
        }
        text = json.dumps(document, sort_keys=True, separators=(",", ":"))
        return zlib.compress(text.encode(), level=6)

    @classmethod
    def decode(cls, data: bytes) -> RoundInput:
        document = json.loads(zlib.decompress(data))
        return cls(
            kind=RoundKind(document["kind"]),
            year=document["year"],
            seed=document["seed"],
            settings=YearSettings.from_dict(document["settings"]),
            offerings=tuple(_read_offering(o) for o in document["offerings"]),
            applicants=tuple(_read_applicant(a) for a in document["applicants"]),
            held=document["held"],
            replies={k: ReplyKind(v) for k, v in document["replies"].items()},
        )


def _decimal(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def _offering(o: GradedOffering) -> list[object]:
    test = None if o.test is None else [str(o.test.multiplier), _decimal(o.test.minimum)]
    fields: list[object] = [o.offering_id, o.programme, o.capacity, o.status.value, test]
    return [*fields, o.fri_kvot_places, o.ranked_by_school]


def _read_offering(data: list[object]) -> GradedOffering:
    offering_id, programme, capacity, status, test = data[:5]
    fri_kvot_places, ranked = ([*data[5:], 0, False])[:2]
    aptitude = None
    if isinstance(test, list):
        aptitude = AptitudeTest(Decimal(test[0]), None if test[1] is None else Decimal(test[1]))
    return GradedOffering(
        str(offering_id),
        str(programme),
        int(str(capacity)),
        OfferingStatus(str(status)),
        aptitude,
        int(str(fri_kvot_places)),
        bool(ranked),
    )


def _applicant(a: GradedApplicant) -> list[object]:
    # A StrEnum member is a str: json writes the letter without an enum look-up per grade.
    grades = [[g.subject, g.letter, g.after_retake] for g in a.sheet.grades]
    choices = [
        [
            c.offering_id,
            c.reception,
            c.discretionary_quota,
            c.late,
            _decimal(c.test_points),
            c.school_rank,
            c.equivalent_knowledge,
        ]
        for c in a.choices
    ]
    return [
        a.applicant_id,
        grades,
        a.sheet.reduced_timetable,
        choices,
        a.english_dispensation,
        a.lottery,
    ]


def _read_applicant(data: list[object]) -> GradedApplicant:
    applicant_id, grades, reduced, choices, dispensation, lottery = data
    sheet = GradeSheet(
        tuple(Grade(s, GradeLetter(letter), retake) for s, letter, retake in grades),  # type: ignore[attr-defined]
        bool(reduced),
    )
    chosen = tuple(_read_choice(choice) for choice in choices)  # type: ignore[attr-defined]
    return GradedApplicant(str(applicant_id), sheet, chosen, bool(dispensation), lottery)  # type: ignore[arg-type]


def _read_choice(data: list[object]) -> GradedChoice:
    offering_id, reception, quota, late, points = data[:5]
    school_rank, assessed = ([*data[5:], None, False])[:2]
    return GradedChoice(
        str(offering_id),
        PriorityClass(str(reception)),
        bool(quota),
        bool(late),
        None if points is None else Decimal(str(points)),
        None if school_rank is None else int(str(school_rank)),
        bool(assessed),
    )
