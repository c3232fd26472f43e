"""A round's input snapshot: everything the engine saw, as compressed canonical JSON.

Stored with every run, so that the run can be repeated from it and must give the identical
result (admissions-rules §11.2 invariant 6). The encoding is canonical (sorted keys, fixed
order of applicants and offerings), so equal inputs give equal bytes.

Two formats are read; ``encode`` writes the second (issue 15, point 14):

1. zlib-compressed JSON with every applicant as a list holding every grade as a list
   (``[subject, letter, after_retake]``) and every choice as a list: every round stored
   before.
2. ``FORMAT_2`` and then zlib-compressed JSON that is columnar: the applicants' fields as
   one list each, every distinct grade and every distinct choice once (``vocabulary``) and
   each applicant's grades and choices as numbers into them (``codes``, ``counts``); an
   applicant, a grade and a choice are the same lists as in format 1, so that they are read
   the same way.

``rules_revision`` is the revision of the rules the run was computed under
(``rule_set.RULES_REVISION``); a snapshot stored before revision 2 has none and decodes as 1,
with the fields revision 2 added at their defaults (its applicant-wide English dispensation
flag is not an organiser's decision and decodes as none). Such a snapshot is read, never
computed again (``round_computation``).

Fields added later are appended to their lists, and a snapshot written before them reads them
at their defaults: an offering's organiser and the programme it leads to, then its fri-kvot
places and school ranking; a choice's over-age agreement and reception ground, then its school
rank and the organiser's assessment of equivalent knowledge.
"""

from __future__ import annotations

import json
import zlib
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from itertools import chain
from typing import Any, Final

from samverka.admission.domain.calendar import GradeTerm
from samverka.admission.domain.conditions import ApplicantFacts
from samverka.admission.domain.graded_instance import (
    AptitudeTest,
    GradedApplicant,
    GradedChoice,
    GradedOffering,
    OfferingStatus,
)
from samverka.admission.domain.grades import Grade, GradeLetter, GradeSheet
from samverka.admission.domain.priorities import PriorityClass
from samverka.admission.domain.replies import ReplyKind
from samverka.admission.domain.rounds import RoundKind
from samverka.admission.domain.rule_set import RULES_REVISION
from samverka.admission.domain.year_settings import YearSettings


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
    rules_revision: int = RULES_REVISION

    def encode(self) -> bytes:
        """The snapshot in format 2 (see the module docstring)."""
        applicants = self.applicants
        # A round's grades and choices are shared objects (``graded_input``): each distinct
        # object is coded once by its fields, in the order of first appearance (equal fields,
        # one code), and every grade and choice then by its identity (the objects live on in
        # ``applicants`` meanwhile), without hashing their fields for every applicant.
        grades: dict[tuple[str, str, bool], int] = {}
        every_grade = list(chain.from_iterable([a.sheet.grades for a in applicants]))
        grade_ids = list(map(id, every_grade))
        grade_of = {
            i: grades.setdefault((g.subject, g.letter, g.after_retake), len(grades))
            for i, g in dict(zip(grade_ids, every_grade, strict=True)).items()
        }
        grade_codes = list(map(grade_of.__getitem__, grade_ids))
        choices: dict[GradedChoice, int] = {}
        every_choice = list(chain.from_iterable([a.choices for a in applicants]))
        choice_ids = list(map(id, every_choice))
        choice_of = {
            i: choices.setdefault(c, len(choices))
            for i, c in dict(zip(choice_ids, every_choice, strict=True)).items()
        }
        choice_codes = list(map(choice_of.__getitem__, choice_ids))
        columns = {
            "id": [a.applicant_id for a in applicants],
            "reduced": [a.sheet.reduced_timetable for a in applicants],
            "dispensation": [sorted(a.english_dispensation) for a in applicants],
            "lottery": [a.lottery for a in applicants],
            "facts": [
                [_day(f.birth_date), f.completed_national_programme, _day(f.arrival_date)]
                for f in (a.facts for a in applicants)
            ],
            "grades_from": [
                None if a.grades_from is None else a.grades_from.value for a in applicants
            ],
            "grades": {
                "vocabulary": [list(key) for key in grades],
                "counts": [len(a.sheet.grades) for a in applicants],
                "codes": grade_codes,
            },
            "choices": {
                "vocabulary": [_choice(c) for c in choices],
                "counts": [len(a.choices) for a in applicants],
                "codes": choice_codes,
            },
        }
        document = {**self._header(), "applicants": columns}
        text = json.dumps(document, sort_keys=True, separators=(",", ":"))
        return FORMAT_2 + zlib.compress(text.encode(), level=6)

    def encode_format_1(self) -> bytes:
        """The snapshot in format 1, as rounds were stored before format 2 (for tests)."""
        document = {**self._header(), "applicants": [_applicant(a) for a in self.applicants]}
        text = json.dumps(document, sort_keys=True, separators=(",", ":"))
        return zlib.compress(text.encode(), level=6)

    def _header(self) -> dict[str, object]:
        return {
            "rules": self.rules_revision,
            "kind": self.kind.value,
            "year": self.year,
            "seed": self.seed,
            "settings": self.settings.to_dict(),
            "offerings": [_offering(o) for o in self.offerings],
            "held": self.held,
            "replies": {k: v.value for k, v in self.replies.items()},
        }

    @classmethod
    def decode(cls, data: bytes) -> RoundInput:
        """A snapshot of either format."""
        if data.startswith(FORMAT_2):
            document = json.loads(zlib.decompress(data[len(FORMAT_2) :]))
            applicants = _read_columns(document["applicants"])
        else:
            document = json.loads(zlib.decompress(data))
            applicants = tuple(_read_applicant(a) for a in document["applicants"])
        return cls(
            kind=RoundKind(document["kind"]),
            year=document["year"],
            seed=document["seed"],
            settings=YearSettings.from_dict(document["settings"]),
            offerings=tuple(_read_offering(o) for o in document["offerings"]),
            applicants=applicants,
            held=document["held"],
            replies={k: ReplyKind(v) for k, v in document["replies"].items()},
            rules_revision=document.get("rules", 1),
        )


FORMAT_2: Final = b"samverka-round-input/2\n"


def _read_columns(columns: dict[str, Any]) -> tuple[GradedApplicant, ...]:
    """The applicants of a format-2 snapshot: each distinct grade and choice read once."""
    grades = [
        Grade(str(subject), GradeLetter(letter), bool(retake))
        for subject, letter, retake in columns["grades"]["vocabulary"]
    ]
    choices = [_read_choice(c) for c in columns["choices"]["vocabulary"]]
    grade_codes, choice_codes = columns["grades"]["codes"], columns["choices"]["codes"]
    applicants = []
    g = c = 0
    for applicant_id, reduced, dispensation, lottery, facts, grades_from, gn, cn in zip(
        columns["id"],
        columns["reduced"],
        columns["dispensation"],
        columns["lottery"],
        columns["facts"],
        columns["grades_from"],
        columns["grades"]["counts"],
        columns["choices"]["counts"],
        strict=True,
    ):
        sheet = GradeSheet(tuple([grades[i] for i in grade_codes[g : g + gn]]), bool(reduced))
        chosen = tuple([choices[i] for i in choice_codes[c : c + cn]])
        g, c = g + gn, c + cn
        birth, completed, arrival = facts
        applicants.append(
            GradedApplicant(
                str(applicant_id),
                sheet,
                chosen,
                frozenset(map(str, dispensation)),
                lottery,
                ApplicantFacts(_read_day(birth), bool(completed), _read_day(arrival)),
                None if grades_from is None else GradeTerm(str(grades_from)),
            )
        )
    return tuple(applicants)


def _decimal(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def _day(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def _read_day(value: object) -> date | None:
    return None if value is None else date.fromisoformat(str(value))


def _offering(o: GradedOffering) -> list[object]:
    test = None if o.test is None else [str(o.test.multiplier), _decimal(o.test.minimum)]
    fields: list[object] = [o.offering_id, o.programme, o.capacity, o.status.value, test]
    return [*fields, o.organiser, o.leads_to, o.fri_kvot_places, o.ranked_by_school]


def _read_offering(data: list[object]) -> GradedOffering:
    offering_id, programme, capacity, status, test = data[:5]
    organiser, leads_to = data[5:7] if len(data) > 5 else ("", None)  # before revision 2
    fri_kvot_places, ranked = data[7:9] if len(data) > 7 else (0, False)  # before fri kvot
    aptitude = None
    if isinstance(test, list):
        aptitude = AptitudeTest(Decimal(test[0]), None if test[1] is None else Decimal(test[1]))
    return GradedOffering(
        str(offering_id),
        str(programme),
        int(str(capacity)),
        OfferingStatus(str(status)),
        aptitude,
        organiser=str(organiser),
        leads_to=None if leads_to is None else str(leads_to),
        fri_kvot_places=int(str(fri_kvot_places)),
        ranked_by_school=bool(ranked),
    )


def _applicant(a: GradedApplicant) -> list[object]:
    # A StrEnum member is a str: json writes the letter without an enum look-up per grade.
    grades = [[g.subject, g.letter, g.after_retake] for g in a.sheet.grades]
    choices = [_choice(c) for c in a.choices]
    facts = a.facts
    return [
        a.applicant_id,
        grades,
        a.sheet.reduced_timetable,
        choices,
        sorted(a.english_dispensation),
        a.lottery,
        [_day(facts.birth_date), facts.completed_national_programme, _day(facts.arrival_date)],
        None if a.grades_from is None else a.grades_from.value,
    ]


def _choice(c: GradedChoice) -> list[object]:
    return [
        c.offering_id,
        c.reception,
        c.discretionary_quota,
        c.late,
        _decimal(c.test_points),
        c.over_age_agreement,
        c.reception_ground,  # derived (issue 12); None in a snapshot from before
        c.school_rank,
        c.equivalent_knowledge,
    ]


def _read_choice(data: list[object]) -> GradedChoice:
    offering, reception, quota, late, points = data[:5]
    over_age = bool(data[5]) if len(data) > 5 else False  # before revision 2
    ground = data[6] if len(data) > 6 else None  # before reception was derived
    school_rank, assessed = data[7:9] if len(data) > 7 else (None, False)  # before fri kvot
    return GradedChoice(
        str(offering),
        PriorityClass(str(reception)),
        discretionary_quota=bool(quota),
        late=bool(late),
        test_points=None if points is None else Decimal(str(points)),
        over_age_agreement=over_age,
        reception_ground=None if ground is None else str(ground),
        school_rank=None if school_rank is None else int(str(school_rank)),
        equivalent_knowledge=bool(assessed),
    )


def _read_applicant(data: list[object]) -> GradedApplicant:
    applicant_id, grades, reduced, choices, dispensation, lottery = data[:6]
    facts, grades_from = data[6:8] if len(data) > 6 else ([None, False, None], None)
    sheet = GradeSheet(
        tuple(Grade(s, GradeLetter(letter), retake) for s, letter, retake in grades),  # type: ignore[attr-defined]
        bool(reduced),
    )
    chosen = tuple(_read_choice(c) for c in choices)  # type: ignore[attr-defined]
    # Before revision 2 the dispensation was an applicant-wide flag, not an organiser's decision.
    organisers = (
        frozenset(map(str, dispensation)) if isinstance(dispensation, list) else frozenset()
    )
    birth, completed, arrival = facts if isinstance(facts, list) else (None, False, None)
    return GradedApplicant(
        str(applicant_id),
        sheet,
        chosen,
        organisers,
        lottery,  # type: ignore[arg-type]
        ApplicantFacts(_read_day(birth), bool(completed), _read_day(arrival)),
        None if grades_from is None else GradeTerm(str(grades_from)),
    )
