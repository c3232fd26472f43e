"""Use cases of admission rounds: run, publish, re-run from the snapshot, explain.

Every run is stored immutably with its input snapshot, seed, rule and engine versions, the
certificate's outcome and timings. A published run is never changed, only followed by a new
one. Re-running a stored run from its snapshot must reproduce the identical result.

Every choice of every applicant is stored explained with its round (``round_explanations``),
in the same transaction, so that a result page reads it instead of repeating the round. Rounds
stored before that (migration 0003) have no stored explanations; ``store_explanations`` adds
them afterwards, and until then the result pages repeat such a round.
"""

from __future__ import annotations

import itertools
import time
from dataclasses import dataclass, replace
from datetime import datetime
from decimal import Decimal

import numpy as np

from samverka.domain.admission.admission_run import AdmissionRun
from samverka.domain.admission.deferred_acceptance import ENGINE_VERSION, warm_up
from samverka.domain.admission.eligibility import RequirementFailure, check_eligibility
from samverka.domain.admission.explain import (
    OUTCOMES,
    QUOTA_NOTES,
    ChoiceExplanation,
    ChoiceOutcome,
    explain_rows,
)
from samverka.domain.admission.graded_instance import GradedApplicant, GradedProblem
from samverka.domain.admission.grades import GradeLetter
from samverka.domain.admission.outcome import admitted_under_quota, cutoff_in_points
from samverka.domain.admission.points import from_centi
from samverka.domain.admission.replies import ReplyKind, effective_reply
from samverka.domain.admission.round_computation import compute_round
from samverka.domain.admission.rounds import RoundKind, RoundStatus, check_publishable
from samverka.domain.admission.rule_set import default_rule_set
from samverka.domain.admission.snapshot import RoundInput
from samverka.errors import Conflict, NotFound
from samverka.services.ports import (
    AdmissionYearRow,
    RoundExplanations,
    RoundRow,
    StoredChoice,
    StoredResult,
    UnitOfWork,
)


@dataclass(frozen=True, slots=True)
class RoundSummary:
    round_id: int
    kind: RoundKind
    applicants: int
    placed: int
    first_choice: int
    offerings: int
    input_digest: str
    timings: dict[str, float]


def run_round(
    uow: UnitOfWork, *, year: int, kind: RoundKind, seed: int, actor: str, now: datetime
) -> RoundSummary:
    started = time.perf_counter()
    with uow:
        year_row = uow.admission.year(year)
        round_input, previous = _round_input(uow, year_row, kind, seed)
        loaded = time.perf_counter()
        warm_up()
        graded, run = compute_round(round_input)
        solved = time.perf_counter()
        timings = {"load": loaded - started, "compute": solved - loaded}
        row = RoundRow(
            id=0,
            kind=kind,
            status=RoundStatus.STORED,
            seed=seed,
            input_digest=run.indexed.digest(),
            rule_version=default_rule_set(year).version,
            engine_version=ENGINE_VERSION,
            certificate="passed",
            timings=timings,
            created_at=now,
            created_by=actor,
            published_at=None,
            previous_round_id=previous,
        )
        result = stored_result(graded, run)
        explanations = round_explanations(round_input, graded, run)
        round_id = uow.rounds.add_round(
            year_row.id, row, round_input.encode(), result, explanations
        )
        timings["store"] = time.perf_counter() - solved
        uow.audit.record(
            actor=actor,
            entity="round",
            key=str(round_id),
            action=f"run_{kind.value}",
            before=None,
            after={"seed": seed, "input_digest": row.input_digest, "timings": timings},
            at=now,
        )
        uow.commit()
    return _summary(round_id, kind, run, result, timings)


def list_rounds(uow: UnitOfWork, *, year: int) -> list[RoundRow]:
    with uow:
        return uow.rounds.rounds(uow.admission.year(year).id)


def publish_round(uow: UnitOfWork, *, year: int, round_id: int, actor: str, now: datetime) -> None:
    with uow:
        stored = _round(uow, year, round_id)
        check_publishable(stored.kind, stored.status)
        uow.rounds.mark_published(round_id, now)
        uow.audit.record(
            actor=actor,
            entity="round",
            key=str(round_id),
            action="publish",
            before={"status": stored.status.value},
            after={"status": "published"},
            at=now,
        )
        uow.commit()


def rerun_round(uow: UnitOfWork, *, year: int, round_id: int) -> bool:
    """Repeat a stored run from its snapshot; True when the result is identical, and so are
    the stored explanations (a round stored before they were has none to compare)."""
    with uow:
        stored = _round(uow, year, round_id)
        round_input = RoundInput.decode(uow.rounds.round_snapshot(round_id))
        graded, run = compute_round(round_input)
        same_result = stored_result(graded, run) == uow.rounds.round_result(round_id)
        if not same_result or run.indexed.digest() != stored.input_digest:
            return False
        explained = uow.rounds.round_explanations(round_id)
        return not explained or explained == round_explanations(round_input, graded, run)


def store_explanations(
    uow: UnitOfWork, *, year: int, round_id: int, actor: str, now: datetime
) -> bool:
    """Store the explanations of a round stored without them (before migration 0003), by
    repeating it from its snapshot; False when the round has them already."""
    with uow:
        _round(uow, year, round_id)
        if uow.rounds.has_explanations(round_id):
            return False
        round_input = RoundInput.decode(uow.rounds.round_snapshot(round_id))
        graded, run = compute_round(round_input)
        if stored_result(graded, run) != uow.rounds.round_result(round_id):
            raise Conflict(f"round {round_id} does not reproduce from its snapshot")
        explanations = round_explanations(round_input, graded, run)
        uow.rounds.add_explanations(uow.admission.year(year).id, round_id, explanations)
        uow.audit.record(
            actor=actor,
            entity="round",
            key=str(round_id),
            action="store_explanations",
            before=None,
            after={"applicants": len(explanations)},
            at=now,
        )
        uow.commit()
    return True


def explain_applicant(
    uow: UnitOfWork, *, year: int, round_id: int, personal_id: str
) -> list[tuple[str, ChoiceExplanation]]:
    """Every choice of one applicant in a stored round, with its offering code."""
    with uow:
        _round(uow, year, round_id)
        round_input = RoundInput.decode(uow.rounds.round_snapshot(round_id))
    graded, run = compute_round(round_input)
    try:
        applicant = graded.indexed.applicant_ids.index(personal_id)
    except ValueError:
        raise NotFound(f"applicant {personal_id} took no part in round {round_id}") from None
    ids = graded.indexed.offering_ids
    return [(ids[choice.offering], choice) for choice in run.explain(applicant)]


def stored_result(graded: GradedProblem, run: AdmissionRun) -> StoredResult:
    indexed, problem, outcome = run.indexed, run.indexed.problem, run.outcome
    owner = problem.choice_applicant()
    placements: dict[str, tuple[str | None, int | None, Decimal]] = {}
    for a, row in enumerate(run.matching.placed_row.tolist()):
        merit = graded.merits[a].value
        if row < 0:
            placements[indexed.applicant_ids[a]] = (None, None, merit)
        else:
            code = indexed.offering_ids[problem.choice_offering[row]]
            placements[indexed.applicant_ids[a]] = (
                code,
                row - int(problem.choice_start[a]) + 1,
                merit,
            )
    reserves: dict[str, list[str]] = {}
    cutoffs: dict[str, tuple[Decimal | None, int, int]] = {}
    admitted = outcome.admitted_count()
    cut_rows = cutoff_in_points(problem, outcome).tolist()
    for o, code in enumerate(indexed.offering_ids):
        rows = outcome.reserve_rows[outcome.reserve_start[o] : outcome.reserve_start[o + 1]]
        if len(rows):
            reserves[code] = [indexed.applicant_ids[owner[r]] for r in rows.tolist()]
        cut = cut_rows[o]
        cutoff = from_centi(int(problem.score_centi[cut])) if cut >= 0 else None
        cutoffs[code] = (cutoff, int(admitted[o]), int(problem.capacity[o]))
    under = admitted_under_quota(problem, run.matching)
    under_quota = frozenset(indexed.applicant_ids[a] for a in np.flatnonzero(under).tolist())
    return StoredResult(placements, reserves, cutoffs, under_quota)


def round_explanations(
    round_input: RoundInput, graded: GradedProblem, run: AdmissionRun, only: str | None = None
) -> RoundExplanations:
    """Every choice of every applicant in the run (or of ``only``), explained as
    ``AdmissionRun.explain`` does, with the requirements not met for an ineligible choice.

    Applicants without choices are left out. ``round_input`` is the run's input: its
    applicants and offerings are in the order of the run's indexes.
    """
    indexed, problem = run.indexed, run.indexed.problem
    rows = explain_rows(problem, run.matching, run.outcome, run.positions)
    lo, hi = 0, problem.choice_count
    if only is not None:
        if only not in indexed.applicant_ids:
            return {}
        a = indexed.applicant_ids.index(only)
        lo, hi = int(problem.choice_start[a]), int(problem.choice_start[a + 1])
    programmes = {o.offering_id: o.programme for o in round_input.offerings}
    failures = _Failures(round_input, [programmes[code] for code in indexed.offering_ids])
    points = _Points()
    notes = rows.notes
    shown_cut = (rows.cutoff_row >= 0) & ~notes.ranked
    columns = (
        rows.applicant[lo:hi].tolist(),
        rows.rank[lo:hi].tolist(),
        rows.offering[lo:hi].tolist(),
        rows.outcome[lo:hi].tolist(),
        rows.score_centi[lo:hi].tolist(),
        shown_cut[lo:hi].tolist(),
        rows.cutoff_centi[lo:hi].tolist(),
        rows.reserve_position[lo:hi].tolist(),
        notes.quota[lo:hi].tolist(),
        np.where(notes.ranked, notes.school_rank, 0)[lo:hi].tolist(),
        np.where(notes.ranked, notes.cutoff_rank, 0)[lo:hi].tolist(),
    )
    codes = indexed.offering_ids
    not_eligible = OUTCOMES.index(ChoiceOutcome.NOT_ELIGIBLE)
    choices = [
        StoredChoice(
            rank,
            codes[o],
            OUTCOMES[outcome],
            points[score],
            points[cut] if shown else None,
            position or None,
            failures.of(a, o) if outcome == not_eligible else (),
            QUOTA_NOTES[quota],
            school_rank or None,
            cutoff_rank or None,
        )
        for (
            a,
            rank,
            o,
            outcome,
            score,
            shown,
            cut,
            position,
            quota,
            school_rank,
            cutoff_rank,
        ) in zip(*columns, strict=True)
    ]
    if only is not None:
        return {only: choices} if choices else {}
    starts = itertools.pairwise(problem.choice_start.tolist())
    return {
        indexed.applicant_ids[a]: choices[start:end]
        for a, (start, end) in enumerate(starts)
        if end > start
    }


class _Points(dict[int, Decimal]):
    """Hundredths as points, each value converted once (a round has few distinct scores)."""

    def __missing__(self, centi: int) -> Decimal:
        value = self[centi] = from_centi(centi)
        return value


_FAIL = GradeLetter.F  # ``Grade.is_pass``, without its enum lookup for every grade


class _Failures:
    """The requirements an applicant does not meet for an offering's programme; equal passed
    subjects share one check, as in ``graded_instance``."""

    def __init__(self, round_input: RoundInput, programmes: list[str]) -> None:
        self._applicants = round_input.applicants
        self._programmes = programmes
        self._rules = default_rule_set(round_input.year).eligibility
        self._known: dict[tuple[frozenset[str], str, bool], tuple[RequirementFailure, ...]] = {}

    def of(self, applicant: int, offering: int) -> tuple[RequirementFailure, ...]:
        graded = self._applicants[applicant]
        programme = self._programmes[offering]
        passed = frozenset(g.subject for g in graded.sheet.grades if g.letter is not _FAIL)
        key = (passed, programme, graded.english_dispensation)
        if key not in self._known:
            self._known[key] = check_eligibility(
                graded.sheet,
                programme,
                self._rules,
                english_dispensation=graded.english_dispensation,
            ).failures
        return self._known[key]


def _round(uow: UnitOfWork, year: int, round_id: int) -> RoundRow:
    year_row = uow.admission.year(year)
    for stored in uow.rounds.rounds(year_row.id):
        if stored.id == round_id:
            return stored
    raise NotFound(f"no round {round_id} in admission year {year}")


def _round_input(
    uow: UnitOfWork, year_row: AdmissionYearRow, kind: RoundKind, seed: int
) -> tuple[RoundInput, int | None]:
    offerings, applicants = uow.admission.graded_input(year_row.id, kind.grade_term)
    if kind is RoundKind.PRELIMINARY:  # fri kvot, foreign grades and English dispensation later
        applicants = [_preliminary(a) for a in applicants]
    held: dict[str, str] = {}
    replies: dict[str, ReplyKind] = {}
    previous = None
    if kind is RoundKind.RESERVE:
        previous, held, replies = _previous_binding(uow, year_row)
    round_input = RoundInput(
        kind,
        year_row.year,
        seed,
        year_row.settings,
        tuple(offerings),
        tuple(applicants),
        held,
        replies,
    )
    return round_input, previous


def _preliminary(applicant: GradedApplicant) -> GradedApplicant:
    """Fri kvot is not tried in the preliminary round (admissions-rules.md §1.4), nor the
    organiser's assessment of foreign grades that belongs to it, nor the English dispensation
    (§2.2)."""
    choices = tuple(
        replace(c, discretionary_quota=False, equivalent_knowledge=False) for c in applicant.choices
    )
    return replace(applicant, choices=choices, english_dispensation=False)


def _previous_binding(
    uow: UnitOfWork, year_row: AdmissionYearRow
) -> tuple[int, dict[str, str], dict[str, ReplyKind]]:
    published = [
        r
        for r in uow.rounds.rounds(year_row.id)
        if r.kind.binding and r.status is RoundStatus.PUBLISHED
    ]
    if not published:
        raise Conflict("a reserve round needs a published final round before it")
    previous = published[-1]
    result = uow.rounds.round_result(previous.id)
    given = uow.rounds.replies(previous.id)
    rule = year_row.settings.no_reply
    held = {pid: code for pid, (code, _, _) in result.placements.items() if code is not None}
    replies = {
        pid: effective_reply(ReplyKind(given[pid]) if pid in given else None, rule)
        for pid in result.placements
    }
    return previous.id, held, replies


def _summary(
    round_id: int,
    kind: RoundKind,
    run: AdmissionRun,
    result: StoredResult,
    timings: dict[str, float],
) -> RoundSummary:
    placed = [rank for _, rank, _ in result.placements.values() if rank is not None]
    return RoundSummary(
        round_id=round_id,
        kind=kind,
        applicants=len(result.placements),
        placed=len(placed),
        first_choice=sum(1 for rank in placed if rank == 1),
        offerings=len(result.cutoffs),
        input_digest=run.indexed.digest(),
        timings=timings,
    )
