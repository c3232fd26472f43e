"""Admission rounds in the database: stored runs, their results, and the replies to them.

A stored run is written once (``add_round``) and afterwards only marked published, or
superseded by the publication of another; results are
kept per round as placements, reserve lists and cut-offs, keyed by identity number and
offering code for the services, and with every choice explained (``round_explanation``, one
row per applicant with its choices packed since migration 0030, and ``round_choice_count``; a
round stored before migration 0003 gets its explanations later, once, by
``add_explanations``). The result tables have no foreign keys (migrations 0024 and 0026): the
keys are guaranteed here, by writing them in the round's own transaction with the ids of the
year's applicants and offerings just read.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from decimal import Decimal
from typing import Any, Final

from sqlalchemy import func, literal, select, update
from sqlalchemy.orm import Session

from samverka.admission.db import tables as t
from samverka.admission.domain.eligibility import FailureCode, RequirementFailure
from samverka.admission.domain.explain import ChoiceOutcome, QuotaNote
from samverka.admission.domain.points import normalised
from samverka.admission.domain.rounds import RoundKind, RoundStatus
from samverka.admission.ports import RoundExplanations, RoundRow, StoredChoice, StoredResult
from samverka.errors import N_, NotFound
from samverka.platform.db.inserts import bulk_insert, bulk_insert_values, insert_returning_id
from samverka.platform.db.keys import applicant_ids, offering_ids


class SqlRoundRepository:
    def __init__(self, session: Session) -> None:
        self._s = session

    def rounds(self, year_id: int) -> list[RoundRow]:
        r = t.admission_round
        query = select(r).where(r.c.admission_year_id == year_id).order_by(r.c.id)
        return [
            RoundRow(
                row.id,
                RoundKind(row.kind),
                RoundStatus(row.status),
                row.seed,
                row.input_digest,
                row.rule_version,
                row.engine_version,
                row.certificate,
                row.timings,
                row.created_at,
                row.created_by,
                row.published_at,
                row.previous_round_id,
                row.published_after,
                row.superseded_by,
            )
            for row in self._s.execute(query)
        ]

    def add_round(
        self,
        year_id: int,
        row: RoundRow,
        snapshot: bytes,
        result: StoredResult,
        explanations: RoundExplanations,
    ) -> int:
        values = {
            "admission_year_id": year_id,
            "kind": row.kind.value,
            "status": row.status.value,
            "seed": row.seed,
            "input_digest": row.input_digest,
            "rule_version": row.rule_version,
            "engine_version": row.engine_version,
            "certificate": row.certificate,
            "timings": row.timings,
            "snapshot": snapshot,
            "created_at": row.created_at,
            "created_by": row.created_by,
            "previous_round_id": row.previous_round_id,
        }
        round_id = insert_returning_id(self._s, t.admission_round, values)
        applicants = applicant_ids(self._s, year_id)
        offerings = offering_ids(self._s, year_id)
        self._store_result(round_id, result, applicants, offerings)
        self._store_explanations(round_id, explanations, applicants, offerings)
        return round_id

    def add_explanations(
        self, year_id: int, round_id: int, explanations: RoundExplanations
    ) -> None:
        applicants = applicant_ids(self._s, year_id)
        offerings = offering_ids(self._s, year_id)
        self._store_explanations(round_id, explanations, applicants, offerings)

    def _store_explanations(
        self,
        round_id: int,
        explanations: RoundExplanations,
        applicants: Mapping[str, int],
        offerings: Mapping[str, int],
    ) -> None:
        """Every applicant's explained choices, one row each with its choices packed
        (``pack_choices``), and the round's choices counted per offering."""
        every: Counter[int] = Counter()
        first: Counter[int] = Counter()
        rows = []
        packed = _Packer(offerings)
        for pid, choices in explanations.items():
            if not choices:
                continue  # an applicant without choices has nothing to explain
            rows.append((round_id, applicants[pid], packed(choices)))
            for c in choices:
                every[offerings[c.offering_code]] += 1
            first[offerings[choices[0].offering_code]] += 1
        counts = [(round_id, offering, n, first[offering]) for offering, n in every.items()]
        bulk_insert_values(self._s, t.round_explanation, _EXPLANATION_COLUMNS, rows)
        bulk_insert_values(self._s, t.round_choice_count, _CHOICE_COUNT_COLUMNS, counts)

    def has_explanations(self, round_id: int) -> bool:
        e = t.round_explanation
        query = select(literal(1)).where(e.c.round_id == round_id).limit(1)
        return self._s.execute(query).first() is not None

    def round_explanations(self, round_id: int) -> RoundExplanations:
        a, e = t.applicant, t.round_explanation
        query = (
            select(a.c.personal_id, e.c.choices)
            .join(a, a.c.id == e.c.applicant_id)
            .where(e.c.round_id == round_id)
            .order_by(e.c.applicant_id)
        )
        rows = self._s.execute(query).all()
        if not rows:
            return {}
        codes = offering_codes(self._s, round_id)
        return {pid: unpack_choices(choices, codes) for pid, choices in rows}

    def _store_result(
        self,
        round_id: int,
        result: StoredResult,
        applicants: Mapping[str, int],
        offerings: Mapping[str, int],
    ) -> None:
        """Placements, reserve lists and cut-offs, handed to the driver as tuples. Their tables
        have no foreign keys (migration 0026): every id is looked up here among the year's
        applicants and offerings just read (an unknown one raises ``KeyError`` before anything
        is written), and ``round_id`` is the round this transaction has just added."""
        under, terms = result.under_quota, result.grade_terms
        placements = [
            (
                round_id,
                applicants[pid],
                offerings[code] if code else None,
                rank,
                merit,
                terms.get(pid),
                pid in under,
            )
            for pid, (code, rank, merit) in result.placements.items()
        ]
        reserves = [
            (round_id, offering, position, applicants[pid])
            for code, pids in result.reserves.items()
            for offering in (offerings[code],)
            for position, pid in enumerate(pids, start=1)
        ]
        cutoffs = [
            (round_id, offerings[code], cut, admitted, places)
            for code, (cut, admitted, places) in result.cutoffs.items()
        ]
        bulk_insert_values(self._s, t.placement, _PLACEMENT_COLUMNS, placements)
        bulk_insert_values(self._s, t.reserve, _RESERVE_COLUMNS, reserves)
        bulk_insert_values(self._s, t.cutoff, _CUTOFF_COLUMNS, cutoffs)

    def round_snapshot(self, round_id: int) -> bytes:
        r = t.admission_round
        snapshot = self._s.execute(
            select(r.c.snapshot).where(r.c.id == round_id)
        ).scalar_one_or_none()
        if snapshot is None:
            raise NotFound(N_("Det finns ingen omgång %(round)s."), round=round_id)
        return bytes(snapshot)

    def round_result(self, round_id: int) -> StoredResult:
        a, o = t.applicant, t.offering
        p = t.placement
        placements: dict[str, tuple[str | None, int | None, Decimal]] = {}
        grade_terms: dict[str, str] = {}
        under_quota: set[str] = set()
        for placed in self._s.execute(
            select(
                a.c.personal_id,
                o.c.code,
                p.c.rank,
                p.c.merit_value,
                p.c.grade_term,
                p.c.under_quota,
            )
            .join(a, a.c.id == p.c.applicant_id)
            .outerjoin(o, o.c.id == p.c.offering_id)
            .where(p.c.round_id == round_id)
        ):
            pid = placed.personal_id
            placements[pid] = (placed.code, placed.rank, Decimal(placed.merit_value))
            if placed.grade_term is not None:
                grade_terms[pid] = placed.grade_term
            if placed.under_quota:
                under_quota.add(pid)
        reserves: dict[str, list[str]] = defaultdict(list)
        for row in self._s.execute(
            select(o.c.code, a.c.personal_id)
            .select_from(t.reserve)
            .join(a, a.c.id == t.reserve.c.applicant_id)
            .join(o, o.c.id == t.reserve.c.offering_id)
            .where(t.reserve.c.round_id == round_id)
            .order_by(o.c.code, t.reserve.c.position)
        ):
            reserves[row.code].append(row.personal_id)
        cutoffs = {
            row.code: (
                None if row.cutoff is None else Decimal(row.cutoff),
                row.admitted,
                row.places,
            )
            for row in self._s.execute(
                select(o.c.code, t.cutoff.c.cutoff, t.cutoff.c.admitted, t.cutoff.c.places)
                .join(o, o.c.id == t.cutoff.c.offering_id)
                .where(t.cutoff.c.round_id == round_id)
            )
        }
        return StoredResult(
            placements,
            dict(reserves),
            cutoffs,
            grade_terms=grade_terms,
            under_quota=frozenset(under_quota),
        )

    def mark_published(self, round_id: int, at: datetime, after: int) -> None:
        """Publish a stored round after the publication of round ``after`` (0: the first);
        the unique index on (year, ``published_after``) refuses a second one after it."""
        r = t.admission_round
        self._s.execute(
            update(r)
            .where(r.c.id == round_id, r.c.status == RoundStatus.STORED.value)
            .values(status=RoundStatus.PUBLISHED.value, published_at=at, published_after=after)
        )

    def mark_superseded(self, round_ids: Sequence[int], by: int) -> None:
        r = t.admission_round
        if round_ids:
            self._s.execute(
                update(r)
                .where(r.c.id.in_(round_ids), r.c.status == RoundStatus.STORED.value)
                .values(status=RoundStatus.SUPERSEDED.value, superseded_by=by)
            )

    def replies(self, round_id: int) -> dict[str, str]:
        """The latest reply of each applicant given on or before ``round_id``."""
        a, r = t.applicant, t.reply
        latest = select(func.max(r.c.id)).where(r.c.round_id <= round_id).group_by(r.c.applicant_id)
        query = (
            select(a.c.personal_id, r.c.kind)
            .join(a, a.c.id == r.c.applicant_id)
            .where(r.c.id.in_(latest))
        )
        return dict(self._s.execute(query).all())

    def add_replies(
        self, year_id: int, round_id: int, replies: Mapping[str, str], at: datetime
    ) -> None:
        ids = applicant_ids(self._s, year_id)
        rows = [
            {"applicant_id": ids[pid], "round_id": round_id, "kind": kind, "replied_at": at}
            for pid, kind in replies.items()
        ]
        if rows:
            bulk_insert(self._s, t.reply, rows)


_EXPLANATION_COLUMNS: Final = ("round_id", "applicant_id", "choices")
_CHOICE_COUNT_COLUMNS: Final = ("round_id", "offering_id", "choices", "first_choices")
_PLACEMENT_COLUMNS: Final = (
    "round_id",
    "applicant_id",
    "offering_id",
    "rank",
    "merit_value",
    "grade_term",
    "under_quota",
)
_RESERVE_COLUMNS: Final = ("round_id", "offering_id", "position", "applicant_id")
_CUTOFF_COLUMNS: Final = ("round_id", "offering_id", "cutoff", "admitted", "places")
_OUTCOME_VALUES: Final = {outcome: outcome.value for outcome in ChoiceOutcome}
_QUOTA_NOTE_VALUES: Final[dict[QuotaNote | None, str | None]] = {
    None: None,
    **{note: note.value for note in QuotaNote},
}


class _Converted(dict[Any, Any]):
    """Values as the driver takes them, each distinct value converted once by ``convert``."""

    def __init__(self, convert: Callable[[Any], Any]) -> None:
        super().__init__()
        self._convert = convert

    def __missing__(self, value: Any) -> Any:
        converted = self[value] = self._convert(value)
        return converted


class _Packer:
    """An applicant's choices as ``pack_choices`` packs them, each distinct score, cut-off and
    list of failures converted once."""

    def __init__(self, offerings: Mapping[str, int]) -> None:
        self._offerings = offerings
        self._points = _Converted(lambda value: None if value is None else str(value))
        self._failures = _Converted(lambda found: encode_failures(found) if found else None)
        self._encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode

    def __call__(self, choices: Sequence[StoredChoice]) -> str:
        offerings, points, failures = self._offerings, self._points, self._failures
        outcomes, notes = _OUTCOME_VALUES, _QUOTA_NOTE_VALUES
        return self._encode(
            [
                [
                    c.rank,
                    offerings[c.offering_code],
                    outcomes[c.outcome],
                    points[c.score],
                    points[c.cutoff],
                    c.reserve_position,
                    failures[c.failures],
                    c.reception,
                    c.reception_ground,
                    notes[c.fri_kvot],
                    c.school_rank,
                    c.cutoff_rank,
                ]
                for c in choices
            ]
        )


def pack_choices(choices: Sequence[StoredChoice], offerings: Mapping[str, int]) -> str:
    """An applicant's explained choices as ``round_explanation.choices`` keeps them: a JSON
    array, in rank order, of ``[rank, offering_id, outcome, score, cutoff, reserve_position,
    failures, reception, reception_ground, fri_kvot, school_rank, cutoff_rank]``."""
    return _Packer(offerings)(choices)


def unpack_choices(packed: str, offering_codes: Mapping[int, str]) -> list[StoredChoice]:
    """The choices ``pack_choices`` packed, as the services see them."""
    return [
        StoredChoice(
            rank,
            offering_codes[offering],
            ChoiceOutcome(outcome),
            normalised(Decimal(score)),
            None if cutoff is None else normalised(Decimal(cutoff)),
            position,
            decode_failures(failures) if failures else (),
            reception,
            ground,
            None if quota is None else QuotaNote(quota),
            school_rank,
            cutoff_rank,
        )
        for (
            rank,
            offering,
            outcome,
            score,
            cutoff,
            position,
            failures,
            reception,
            ground,
            quota,
            school_rank,
            cutoff_rank,
        ) in json.loads(packed)
    ]


def choice_offering_ids(packed: str) -> list[int]:
    """The offerings of the choices ``pack_choices`` packed, in rank order."""
    return [int(choice[1]) for choice in json.loads(packed)]


def offering_codes(session: Session, round_id: int) -> dict[int, str]:
    """The codes of the offerings of the round's year, by id."""
    r, o = t.admission_round, t.offering
    query = (
        select(o.c.id, o.c.code)
        .join(r, r.c.admission_year_id == o.c.admission_year_id)
        .where(r.c.id == round_id)
    )
    return {int(offering): str(code) for offering, code in session.execute(query)}


def encode_failures(failures: tuple[RequirementFailure, ...]) -> list[dict[str, Any]]:
    return [
        {
            "code": f.code.value,
            "subjects": list(f.subjects),
            "required": f.required,
            "achieved": f.achieved,
            **({"detail": f.detail} if f.detail else {}),
        }
        for f in failures
    ]


def decode_failures(failures: list[dict[str, Any]]) -> tuple[RequirementFailure, ...]:
    return tuple(
        RequirementFailure(
            FailureCode(f["code"]),
            tuple(f["subjects"]),
            int(f["required"]),
            int(f["achieved"]),
            str(f.get("detail", "")),
        )
        for f in failures
    )
