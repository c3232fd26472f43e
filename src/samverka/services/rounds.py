"""Use cases of admission rounds: run, publish, re-run from the snapshot, explain.

Every run is stored immutably with its input snapshot, seed, rule and engine versions, the
certificate's outcome and timings. A published run is never changed, only followed by a new
one. Re-running a stored run from its snapshot must reproduce the identical result.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace
from datetime import datetime
from decimal import Decimal

from samverka.domain.admission.admission_run import AdmissionRun
from samverka.domain.admission.deferred_acceptance import ENGINE_VERSION, warm_up
from samverka.domain.admission.explain import ChoiceExplanation
from samverka.domain.admission.graded_instance import GradedApplicant, GradedProblem
from samverka.domain.admission.points import from_centi
from samverka.domain.admission.replies import ReplyKind, effective_reply
from samverka.domain.admission.round_computation import compute_round
from samverka.domain.admission.rounds import RoundKind, RoundStatus, check_publishable
from samverka.domain.admission.rule_set import default_rule_set
from samverka.domain.admission.snapshot import RoundInput
from samverka.errors import Conflict, NotFound
from samverka.services.ports import AdmissionYearRow, RoundRow, StoredResult, UnitOfWork


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
        round_id = uow.rounds.add_round(year_row.id, row, round_input.encode(), result)
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
    """Repeat a stored run from its snapshot; True when the result is identical."""
    with uow:
        stored = _round(uow, year, round_id)
        round_input = RoundInput.decode(uow.rounds.round_snapshot(round_id))
        graded, run = compute_round(round_input)
        same_result = stored_result(graded, run) == uow.rounds.round_result(round_id)
        return same_result and run.indexed.digest() == stored.input_digest


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
    for o, code in enumerate(indexed.offering_ids):
        rows = outcome.reserve_rows[outcome.reserve_start[o] : outcome.reserve_start[o + 1]]
        if len(rows):
            reserves[code] = [indexed.applicant_ids[owner[r]] for r in rows.tolist()]
        cut = int(outcome.cutoff_row[o])
        cutoff = from_centi(int(problem.score_centi[cut])) if cut >= 0 else None
        cutoffs[code] = (cutoff, int(admitted[o]), int(problem.capacity[o]))
    return StoredResult(placements, reserves, cutoffs)


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
    if kind is RoundKind.PRELIMINARY:  # fri kvot and English dispensation are tried only later
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
    choices = tuple(replace(c, discretionary_quota=False) for c in applicant.choices)
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
