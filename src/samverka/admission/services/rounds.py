"""Use cases of admission rounds: run, publish, re-run from the snapshot, explain.

Every run is stored immutably with its input snapshot, seed, rule and engine versions, the
certificate's outcome and timings. A published run is never changed, only followed by a new
one. Re-running a stored run from its snapshot must reproduce the identical result.

Running and publishing take the admission year's writer lock first (``WriterKind``), so that
two of them never both commit, and publishing checks the chain rule of
``admission.domain.rounds`` under it: a round is published only if it follows the latest
published round, and its publication supersedes the year's other stored rounds.

Every choice of every applicant is stored explained with its round (``round_explanations``),
in the same transaction, so that a result page reads it instead of repeating the round. Rounds
stored before that (migration 0003) have no stored explanations; ``store_explanations`` adds
them afterwards, and until then the result pages repeat such a round.

Only the admission officer runs, publishes and explains rounds (``NotPermitted`` otherwise);
each is in the audit trail.

A run, a re-run and the storing of explanations keep the garbage collector out
(``collector_paused``): they make millions of small objects and no cycles (issue 15, point
14).
"""

from __future__ import annotations

import itertools
import time
from dataclasses import dataclass, replace
from datetime import datetime
from decimal import Decimal

import numpy as np

from samverka.admission.domain.admission_run import AdmissionRun
from samverka.admission.domain.audited import ExplainedRound, Publication
from samverka.admission.domain.deferred_acceptance import ENGINE_VERSION, warm_up
from samverka.admission.domain.eligibility import RequirementFailure
from samverka.admission.domain.explain import (
    OUTCOMES,
    QUOTA_NOTES,
    ChoiceExplanation,
    ChoiceOutcome,
    explain_rows,
)
from samverka.admission.domain.graded_instance import (
    EligibilityMemo,
    GradedApplicant,
    GradedOffering,
    GradedProblem,
    OfferingStatus,
    choice_failures,
)
from samverka.admission.domain.grades import GradeLetter
from samverka.admission.domain.outcome import admitted_under_quota, cutoff_in_points
from samverka.admission.domain.points import from_centi
from samverka.admission.domain.replies import ReplyKind, effective_reply
from samverka.admission.domain.round_computation import compute_round
from samverka.admission.domain.rounds import (
    FIRST,
    RoundKind,
    RoundStatus,
    check_publishable,
    latest_published,
    predecessor_for_run,
    superseded_by,
)
from samverka.admission.domain.rule_set import default_rule_set
from samverka.admission.domain.snapshot import RoundInput
from samverka.admission.ports import (
    AdmissionYearRow,
    RoundExplanations,
    RoundRow,
    StoredChoice,
    StoredResult,
    UnitOfWork,
)
from samverka.admission.services.reception import receptions
from samverka.errors import N_, Conflict, NotFound, NotPermitted
from samverka.platform.access.domain.actors import Actor, Role
from samverka.platform.collector import collector_paused
from samverka.platform.domain.audit_snapshot import snapshot
from samverka.platform.ports import WriterKind
from samverka.platform.services.audit_records import record_change


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


def _officer_only(actor: Actor) -> None:
    if actor.role is not Role.OFFICER:
        raise NotPermitted(N_("Bara antagningskansliet kör, publicerar och förklarar omgångar."))


def run_round(
    uow: UnitOfWork, *, year: int, kind: RoundKind, seed: int, actor: Actor, now: datetime
) -> RoundSummary:
    """Run a round of ``kind`` on the current data and store it, following the latest
    published round; one writer of the year's rounds at a time (``WriterKind``).

    The garbage collector is kept out of the run: it makes millions of small objects and no
    cycles, and the collector's passes over them cost more than the engine."""
    _officer_only(actor)
    with collector_paused():
        return _run_round(uow, year=year, kind=kind, seed=seed, actor=actor, now=now)


def _run_round(
    uow: UnitOfWork, *, year: int, kind: RoundKind, seed: int, actor: Actor, now: datetime
) -> RoundSummary:
    started = time.perf_counter()
    with uow:
        uow.locks.take(WriterKind.ADMISSION_ROUND, str(year), holder=actor.audit_name, at=now)
        year_row = uow.admission.year(year)
        stored = uow.rounds.rounds(year_row.id)
        previous = predecessor_for_run(kind, stored)
        round_input = _round_input(uow, year_row, kind, seed, previous)
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
            created_by=actor.audit_name,
            published_at=None,
            previous_round_id=previous,
        )
        result = stored_result(graded, run, round_input)
        explanations = round_explanations(round_input, graded, run)
        round_id = uow.rounds.add_round(
            year_row.id, row, round_input.encode(), result, explanations
        )
        timings["store"] = time.perf_counter() - solved
        record_change(
            uow.audit,
            actor,
            "round",
            round_id,
            f"run_{kind.value}",
            before=None,
            after=row,
            at=now,
            only=("seed", "input_digest", "timings"),
        )
        uow.commit()
    return _summary(round_id, kind, run, result, timings)


def list_rounds(uow: UnitOfWork, *, year: int) -> list[RoundRow]:
    with uow:
        return uow.rounds.rounds(uow.admission.year(year).id)


def publish_round(
    uow: UnitOfWork, *, year: int, round_id: int, actor: Actor, now: datetime
) -> None:
    """Publish a stored round that follows the latest published one (``check_publishable``),
    and supersede every other stored round of the year; checked and written under the year's
    writer lock, in one transaction."""
    _officer_only(actor)
    with uow:
        uow.locks.take(WriterKind.ADMISSION_ROUND, str(year), holder=actor.audit_name, at=now)
        stored = uow.rounds.rounds(uow.admission.year(year).id)
        candidate = next((r for r in stored if r.id == round_id), None)
        if candidate is None:
            raise NotFound(
                N_("Det finns ingen omgång %(round)s antagningsåret %(year)s."),
                round=round_id,
                year=year,
            )
        check_publishable(candidate, stored)
        latest = latest_published(stored)
        after = FIRST if latest is None else latest.id
        uow.rounds.mark_published(round_id, now, after)
        superseded = superseded_by(candidate, stored)
        uow.rounds.mark_superseded(superseded, round_id)
        record_change(
            uow.audit,
            actor,
            "round",
            round_id,
            "publish",
            before=snapshot(candidate, only=("status",)),
            after=Publication(RoundStatus.PUBLISHED, after, tuple(superseded)),
            at=now,
        )
        rows = {r.id: r for r in stored}
        for other in superseded:
            record_change(
                uow.audit,
                actor,
                "round",
                other,
                "superseded",
                before=snapshot(rows[other], only=("status",)),
                after=replace(rows[other], status=RoundStatus.SUPERSEDED, superseded_by=round_id),
                at=now,
                only=("status", "superseded_by"),
            )
        uow.commit()


def rerun_round(uow: UnitOfWork, *, year: int, round_id: int) -> bool:
    """Repeat a stored run from its snapshot; True when the result is identical, and so are
    the stored explanations (a round stored before they were has none to compare)."""
    with collector_paused(), uow:
        stored = _round(uow, year, round_id)
        round_input = RoundInput.decode(uow.rounds.round_snapshot(round_id))
        graded, run = compute_round(round_input)
        same_result = stored_result(graded, run, round_input) == uow.rounds.round_result(round_id)
        if not same_result or run.indexed.digest() != stored.input_digest:
            return False
        explained = uow.rounds.round_explanations(round_id)
        return not explained or explained == round_explanations(round_input, graded, run)


def store_explanations(
    uow: UnitOfWork, *, year: int, round_id: int, actor: Actor, now: datetime
) -> bool:
    """Store the explanations of a round stored without them (before migration 0003), by
    repeating it from its snapshot; False when the round has them already."""
    _officer_only(actor)
    with collector_paused(), uow:
        _round(uow, year, round_id)
        if uow.rounds.has_explanations(round_id):
            return False
        round_input = RoundInput.decode(uow.rounds.round_snapshot(round_id))
        graded, run = compute_round(round_input)
        if stored_result(graded, run, round_input) != uow.rounds.round_result(round_id):
            raise Conflict(
                N_("Omgång %(round)s går inte att återskapa från sin ögonblicksbild."),
                round=round_id,
            )
        explanations = round_explanations(round_input, graded, run)
        uow.rounds.add_explanations(uow.admission.year(year).id, round_id, explanations)
        record_change(
            uow.audit,
            actor,
            "round",
            round_id,
            "store_explanations",
            before=None,
            after=ExplainedRound(len(explanations)),
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
        raise NotFound(
            N_("Den sökande %(applicant)s var inte med i omgång %(round)s."),
            applicant=personal_id,
            round=round_id,
        ) from None
    ids = graded.indexed.offering_ids
    return [(ids[choice.offering], choice) for choice in run.explain(applicant)]


def choice_receptions(
    uow: UnitOfWork, *, year: int, round_id: int, personal_id: str
) -> list[tuple[str, str] | None]:
    """Per choice of the applicant in a stored round: its reception and ground as the round
    derived them (issue 12 point 8), None for a round from before they were derived."""
    with uow:
        _round(uow, year, round_id)
        round_input = RoundInput.decode(uow.rounds.round_snapshot(round_id))
    for applicant in round_input.applicants:
        if applicant.applicant_id == personal_id:
            return [
                None if c.reception_ground is None else (c.reception.value, c.reception_ground)
                for c in applicant.choices
            ]
    raise NotFound(
        N_("Den sökande %(applicant)s var inte med i omgång %(round)s."),
        applicant=personal_id,
        round=round_id,
    )


def stored_result(
    graded: GradedProblem, run: AdmissionRun, round_input: RoundInput
) -> StoredResult:
    """The run's result by identity numbers and codes, with the term whose grades each
    applicant was judged on (where the input says it)."""
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
    grade_terms = {
        a.applicant_id: a.grades_from.value
        for a in round_input.applicants
        if a.grades_from is not None
    }
    under = admitted_under_quota(problem, run.matching)
    under_quota = frozenset(indexed.applicant_ids[a] for a in np.flatnonzero(under).tolist())
    return StoredResult(
        placements, reserves, cutoffs, grade_terms=grade_terms, under_quota=under_quota
    )


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
    failures = _Failures(round_input)
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
    receptions = _receptions(round_input)[lo:hi]
    choices = [
        StoredChoice(
            rank,
            codes[o],
            OUTCOMES[outcome],
            points[score],
            points[cut] if shown else None,
            position or None,
            failures.of(a, rank) if outcome == not_eligible else (),
            reception[0],
            reception[1],
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
            reception,
        ) in zip(*columns, receptions, strict=True)
    ]
    if only is not None:
        return {only: choices} if choices else {}
    starts = itertools.pairwise(problem.choice_start.tolist())
    return {
        indexed.applicant_ids[a]: choices[start:end]
        for a, (start, end) in enumerate(starts)
        if end > start
    }


def _receptions(round_input: RoundInput) -> list[tuple[str | None, str | None]]:
    """Per choice row, in the run's row order: the reception class and its ground as the round
    derived them; (None, None) for a round whose input had no derived receptions."""
    return [
        (None, None) if c.reception_ground is None else (c.reception.value, c.reception_ground)
        for applicant in round_input.applicants
        for c in applicant.choices
    ]


class _Points(dict[int, Decimal]):
    """Hundredths as points, each value converted once (a round has few distinct scores)."""

    def __missing__(self, centi: int) -> Decimal:
        value = self[centi] = from_centi(centi)
        return value


_FAIL = GradeLetter.F  # ``Grade.is_pass``, without its enum lookup for every grade


class _Failures:
    """The conditions and requirements an applicant does not meet for a choice, found as
    ``graded_instance`` finds them (equal passed subjects share one eligibility check)."""

    def __init__(self, round_input: RoundInput) -> None:
        self._applicants = round_input.applicants
        self._offerings = {o.offering_id: o for o in round_input.offerings}
        self._rules = default_rule_set(round_input.year)
        self._known: EligibilityMemo = {}

    def of(self, applicant: int, rank: int) -> tuple[RequirementFailure, ...]:
        graded = self._applicants[applicant]
        choice = graded.choices[rank - 1]
        passed = frozenset(g.subject for g in graded.sheet.grades if g.letter is not _FAIL)
        offering = self._offerings[choice.offering_id]
        return choice_failures(graded, passed, choice, offering, self._rules, self._known)


def _round(uow: UnitOfWork, year: int, round_id: int) -> RoundRow:
    year_row = uow.admission.year(year)
    for stored in uow.rounds.rounds(year_row.id):
        if stored.id == round_id:
            return stored
    raise NotFound(
        N_("Det finns ingen omgång %(round)s antagningsåret %(year)s."), round=round_id, year=year
    )


def _round_input(
    uow: UnitOfWork, year_row: AdmissionYearRow, kind: RoundKind, seed: int, previous: int | None
) -> RoundInput:
    offerings, applicants = uow.admission.graded_input(year_row.id, kind.grade_term)
    _check_imv_targets(offerings, year_row.year)
    # Reception is derived now, from each applicant's home municipality of today (issue 12).
    derivation = receptions(uow, year_row, uow.admission.offerings(year_row.id))
    applicants = derivation.applied(applicants, uow.admission.applicant_homes(year_row.id))
    if kind is RoundKind.PRELIMINARY:  # fri kvot, foreign grades and English dispensation later
        applicants = [_preliminary(a) for a in applicants]
    held: dict[str, str] = {}
    replies: dict[str, ReplyKind] = {}
    if kind is RoundKind.RESERVE:
        assert previous is not None  # predecessor_for_run: a published binding round
        held, replies = _previous_binding(uow, year_row, previous)
    return RoundInput(
        kind,
        year_row.year,
        seed,
        year_row.settings,
        tuple(offerings),
        tuple(applicants),
        held,
        replies,
    )


def _check_imv_targets(offerings: list[GradedOffering], year: int) -> None:
    """``Conflict`` naming every open offering that must name the national programme it leads
    to and does not (an IMV offering from before migration 0012): it cannot be judged."""
    rules = default_rule_set(year).eligibility
    missing = [
        o.offering_id
        for o in offerings
        if o.status is OfferingStatus.OPEN
        and (access := rules.introductory.get(o.programme)) is not None
        and access.closed_if_eligible_for_target
        and o.leads_to is None
    ]
    if missing:
        raise Conflict(
            N_(
                "De här utbildningarna inom programinriktat val anger inte vilket nationellt "
                "program de leder till, så deras sökande kan inte bedömas. Ange det först: "
                "%(offerings)s."
            ),
            offerings=", ".join(missing),
        )


def _preliminary(applicant: GradedApplicant) -> GradedApplicant:
    """Fri kvot is not tried in the preliminary round (admissions-rules.md §1.4), nor the
    organiser's assessment of foreign grades that belongs to it, nor the English dispensation
    (§2.2)."""
    choices = tuple(
        replace(c, discretionary_quota=False, equivalent_knowledge=False) for c in applicant.choices
    )
    return replace(applicant, choices=choices, english_dispensation=frozenset())


def _previous_binding(
    uow: UnitOfWork, year_row: AdmissionYearRow, previous: int
) -> tuple[dict[str, str], dict[str, ReplyKind]]:
    """What the latest published (binding) round holds, and the replies to it."""
    result = uow.rounds.round_result(previous)
    given = uow.rounds.replies(previous)
    rule = year_row.settings.no_reply
    held = {pid: code for pid, (code, _, _) in result.placements.items() if code is not None}
    replies = {
        pid: effective_reply(ReplyKind(given[pid]) if pid in given else None, rule)
        for pid in result.placements
    }
    return held, replies


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
