"""Offerings the school ranks: which ones, what a ranking is, and admission in the school's order.

Sources: skollagen (2010:800) 17 kap. (IMA is designed for one pupil; IMV and IMY may be);
admissions-rules.md §2.3 and §3.6 (Indra's "Rangordnad antagning och reservantagning IM" and
"Rangordnad antagning IB": the school enters ranks 1..n, ranked applicants are tried in that
order, an applicant without a rank gets "Ej erbjuden plats").
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from samverka.admission.domain.admission_run import run_admission
from samverka.admission.domain.certificate import find_violations
from samverka.admission.domain.deferred_acceptance import solve
from samverka.admission.domain.explain import ChoiceOutcome
from samverka.admission.domain.graded_instance import (
    GradedApplicant,
    GradedChoice,
    GradedOffering,
    index_graded,
)
from samverka.admission.domain.grades import SUBJECTS, Grade, GradeLetter, GradeSheet
from samverka.admission.domain.matching_problem import ChoiceStatus
from samverka.admission.domain.priorities import PriorityRules, ranked_keys
from samverka.admission.domain.replies import ReplyKind
from samverka.admission.domain.reserve_round import certify_no_demotion, reserve_round_problem
from samverka.admission.domain.rule_set import default_rule_set
from samverka.admission.domain.school_ranking import (
    is_ranked_by_school,
    ranking_problems,
    ranks_of,
)

RULES = default_rule_set(2026)
ACCEPT = ReplyKind.ACCEPT


def sheet(letter: str) -> GradeSheet:
    """Every grade ``letter`` but English failed: eligible for IMV, IMY and IMA, and for no
    national programme, to which the introductory programmes are closed (SL 17 kap.)."""
    core = [s for s in SUBJECTS if s not in {"SVA", "M1", "M2", "ML", "TSP"}]
    return GradeSheet(tuple(Grade(s, GradeLetter("F" if s == "EN" else letter)) for s in core))


@pytest.mark.parametrize(
    ("programme", "individually_adapted", "ranked"),
    [
        ("IMA", False, True),
        ("IMA", True, True),
        ("IMV", True, True),
        ("IMY", True, True),
        ("IMV", False, False),
        ("IMY", False, False),
        ("NA", True, False),
        ("IMS", True, False),
    ],
)
def test_ima_is_always_ranked_by_the_school_and_imv_imy_when_individually_adapted(
    programme: str, individually_adapted: bool, ranked: bool
) -> None:
    """SL 17 kap.: IMA is designed for one pupil at a time; IMV and IMY may be."""
    assert is_ranked_by_school(programme, individually_adapted) is ranked


def test_a_ranking_runs_from_1_without_gaps_or_doubles_over_applicants_to_the_offering() -> None:
    applicants = ["a", "b", "c"]

    assert ranking_problems({"a": 1, "c": 2}, applicants) == []
    assert ranking_problems({"a": 1, "c": 3}, applicants) == [
        "the ranks must run 1 to 2 without gaps"
    ]
    assert ranking_problems({"a": 1, "b": 1}, applicants) == ["rank 1 is given more than once"]
    assert ranking_problems({"x": 1, "a": 0}, applicants) == [
        "x has not chosen the offering",
        "rank 0 of a is below 1",
    ]
    assert ranks_of(["c", "a"]) == {"c": 1, "a": 2}


@settings(max_examples=150, deadline=None)
@given(
    ranks=st.lists(st.integers(0, 30), min_size=1, max_size=30).map(
        lambda given_ranks: [r if given_ranks.count(r) == 1 else 0 for r in given_ranks]
    ),
    data=st.data(),
)
def test_ranked_keys_put_rank_1_first_and_every_unranked_applicant_last(
    ranks: list[int], data: st.DataObject
) -> None:
    lottery = data.draw(st.permutations(range(1, len(ranks) + 1)))

    keys = ranked_keys(np.array(ranks, dtype=np.int64), np.array(lottery, dtype=np.int64))

    order = sorted(range(len(ranks)), key=lambda i: -int(keys[i]))
    ranked = [i for i in order if ranks[i] > 0]
    assert [ranks[i] for i in ranked] == sorted(ranks[i] for i in ranked)
    assert order[: len(ranked)] == ranked
    assert len(set(keys.tolist())) == len(ranks)


def _ima(places: int = 2) -> GradedOffering:
    return GradedOffering("IMA-1", "IMA", places)


def _applicant(name: str, letter: str, rank: int | None, lottery: int) -> GradedApplicant:
    return GradedApplicant(
        name, sheet(letter), (GradedChoice("IMA-1", school_rank=rank),), lottery=lottery
    )


def test_the_school_ranks_decide_the_places_and_merit_does_not_count() -> None:
    """Ranked admission (admissions-rules.md §3.6): rank 1 and 2 are admitted although the
    unranked and the rank-3 applicant have higher merit; rank 3 is reserve 1."""
    applicants = [
        _applicant("top-merit-unranked", "A", None, 1),
        _applicant("rank-3", "A", 3, 2),
        _applicant("rank-1", "E", 1, 3),
        _applicant("rank-2", "D", 2, 4),
    ]
    graded = index_graded([_ima()], applicants, RULES, PriorityRules(), seed=1)
    run = run_admission(graded.indexed)

    outcomes = [run.explain(a)[0] for a in range(4)]

    assert [e.outcome for e in outcomes] == [
        ChoiceOutcome.NOT_OFFERED,
        ChoiceOutcome.RESERVE,
        ChoiceOutcome.PLACED,
        ChoiceOutcome.PLACED,
    ]
    assert outcomes[1].reason() == (
        "reserve 1 in line; the school ranked you 3; the last admitted is ranked 2"
    )
    assert outcomes[0].reason() == "not offered a place: the school has not ranked you"
    assert outcomes[1].cutoff is None  # no cut-off in points where merit does not count


def test_an_unranked_applicant_is_not_offered_a_place_even_when_places_are_left() -> None:
    """Without a rank, "Ej erbjuden plats", whatever the places."""
    graded = index_graded(
        [_ima(places=5)], [_applicant("unranked", "A", None, 1)], RULES, PriorityRules(), seed=1
    )

    assert graded.indexed.problem.choice_status.tolist() == [ChoiceStatus.NOT_OFFERED]
    assert run_admission(graded.indexed).matching.placed_row.tolist() == [-1]


def test_a_group_imv_selects_on_merit_and_an_individual_imv_on_the_schools_ranks() -> None:
    """IMV for a group is searchable and selected on merit like a national programme; an
    individually adapted IMV (the offering setting) is ranked by the school (SL 17 kap.)."""
    applicants = [
        GradedApplicant("merit", sheet("A"), (GradedChoice("IMV-1", school_rank=2),), lottery=1),
        GradedApplicant("ranked", sheet("C"), (GradedChoice("IMV-1", school_rank=1),), lottery=2),
    ]

    def placed(ranked_by_school: bool) -> list[int]:
        offering = GradedOffering(
            "IMV-1", "IMV", 1, leads_to="BF", ranked_by_school=ranked_by_school
        )
        graded = index_graded([offering], applicants, RULES, PriorityRules(), seed=1)
        return run_admission(graded.indexed).matching.placed_row.tolist()

    assert placed(ranked_by_school=False) == [0, -1]
    assert placed(ranked_by_school=True) == [-1, 1]


def test_a_ranked_offering_has_no_fri_kvot_places() -> None:
    """The school's ranking already decides every place; fri-kvot places there are ignored."""
    offering = GradedOffering("IMA-1", "IMA", 2, fri_kvot_places=1)

    graded = index_graded([offering], [_applicant("a", "C", 1, 1)], RULES, PriorityRules(), 1)

    assert graded.indexed.problem.quotas is None


def test_an_admitted_applicant_keeps_the_place_when_the_school_withdraws_the_rank() -> None:
    """admissions-rules.md §11.2 invariant 8: an admission is a favourable decision; a
    reserve round never removes it, whatever the school's new ranking says."""
    applicants = [_applicant("one", "C", 1, 1), _applicant("two", "C", 2, 2)]
    final = run_admission(index_graded([_ima(1)], applicants, RULES, PriorityRules(), 1).indexed)
    assert final.matching.placed_row.tolist() == [0, -1]
    re_ranked = [_applicant("one", "C", None, 1), _applicant("two", "C", 1, 2)]
    problem = index_graded([_ima(1)], re_ranked, RULES, PriorityRules(), 1).indexed.problem

    transformed = reserve_round_problem(problem, final.matching.placed_row, [ACCEPT, ACCEPT])
    result = solve(transformed.problem)

    assert result.placed_row.tolist() == [0, -1]
    assert find_violations(transformed.problem, result) == []
    certify_no_demotion(problem, final.matching.placed_row, [ACCEPT, ACCEPT], result.placed_row)
