"""The receiving organiser's decisions through the services: the school's ranking, fri kvot and
the assessment of foreign grades; and what a round makes of them. The refusals and rules run on
the fake unit of work (``work``, ``fakes.py``), one happy path per decision on SQLite and
PostgreSQL (``uow``).

Sources: skollagen (2010:800) 17 kap. and admissions-rules.md §2.3, §3.6 (the school ranks
individual introduction programmes; unranked: "Ej erbjuden plats"); gymnasieförordningen
(2010:2039) 7 kap. 3–4 §§ (fri kvot, a limited number of places; the others on merit);
SL 16 kap. 30–31 §§ ("eller motsvarande kunskaper"); admissions-rules.md §1.4.
"""

from __future__ import annotations

import pytest
from admission_year_builders import (
    AFTER_FINAL,
    IN_APPLICATION_PERIOD,
    OFFICE,
    OFFICER,
    YEAR,
    open_year,
    personal_id,
    pupil,
    submit_own_choices,
)

from samverka.admission.domain.applicants import PupilGrades
from samverka.admission.domain.catalogue import Catalogue, Offering, Organiser, SchoolUnit
from samverka.admission.domain.explain import ChoiceOutcome, QuotaNote
from samverka.admission.domain.rounds import RoundKind
from samverka.admission.ports import UnitOfWork
from samverka.admission.services.offering_settings import set_places
from samverka.admission.services.pupils import import_pupils
from samverka.admission.services.rounds import run_round
from samverka.admission.services.school_decisions import (
    grant_fri_kvot,
    rank_applicants,
    record_equivalent_knowledge,
    set_ranked_by_school,
)
from samverka.errors import InvalidInput, NotFound
from samverka.platform.access.domain.actors import Actor, Role

from .fakes import FakeUnitOfWork

NORRA = Actor(
    "rektor@norra", Role.SCHOOL, "Rektor Norra", school_unit_codes=frozenset({"11111111"})
)
SODRA = Actor(
    "rektor@sodra", Role.SCHOOL, "Rektor Södra", school_unit_codes=frozenset({"22222222"})
)
OFFICER_ACTOR = Actor(OFFICER, Role.OFFICER, "Handläggare")


@pytest.fixture
def work() -> FakeUnitOfWork:
    """The rules run on the admission's fake unit of work (``fakes.py``); the tests that take
    ``uow`` run on SQLite and PostgreSQL."""
    return FakeUnitOfWork()


def _catalogue() -> Catalogue:
    return Catalogue(
        organisers=[
            Organiser("Stockholms stad", "municipal", "0180"),
            Organiser("Skolbolaget AB", "independent"),
        ],
        school_units=[
            SchoolUnit("11111111", "Norra gymnasiet", "Stockholms stad", "0180"),
            SchoolUnit("22222222", "Södra gymnasiet", "Skolbolaget AB", "0182"),
        ],
        offerings=[
            Offering("NORRA-IMA", "11111111", "IMA", 2),
            Offering("NORRA-IMV", "11111111", "IMV", 2, leads_to="BF"),
            Offering("NORRA-EK", "11111111", "EK", 2, discretionary_places=1),
            Offering("SODRA-EK", "22222222", "EK", 2),
        ],
    )


def _pupils(uow: UnitOfWork, *pupils: PupilGrades) -> None:
    import_pupils(uow, year=YEAR, pupils=list(pupils), actor=OFFICE, now=IN_APPLICATION_PERIOD)


def _final(uow: UnitOfWork) -> int:
    return run_round(
        uow, year=YEAR, kind=RoundKind.FINAL, seed=7, actor=OFFICE, now=AFTER_FINAL
    ).round_id


def _ranked_ima_applicants(uow: UnitOfWork) -> None:
    open_year(uow, _catalogue())
    # Without English: eligible for no vocational programme, so IMA is open to them (SL 17 kap.).
    no_english = ("EN",)
    _pupils(
        uow,
        *(pupil(serial, letter, missing=no_english) for serial, letter in enumerate("AECB", 1)),
    )
    for serial in (1, 2, 3, 4):
        submit_own_choices(uow, serial, "NORRA-IMA")


def test_the_school_ranks_an_ima_offering_and_the_round_admits_in_its_order(
    uow: UnitOfWork,
) -> None:
    """Ranked admission (admissions-rules.md §3.6): ranks 1..n decide, merit does not; an
    applicant the school did not rank is "not offered a place", and the explanation says so."""
    _ranked_ima_applicants(uow)
    ranks = {personal_id(2): 1, personal_id(3): 2, personal_id(4): 3}
    assert rank_applicants(
        uow, year=YEAR, offering_code="NORRA-IMA", ranks=ranks, actor=NORRA, now=AFTER_FINAL
    )

    round_id = _final(uow)

    with uow:
        result = uow.rounds.round_result(round_id)
        explained = uow.rounds.round_explanations(round_id)
    placed = {pid: code for pid, (code, _, _) in result.placements.items()}
    assert placed == {
        personal_id(1): None,
        personal_id(2): "NORRA-IMA",
        personal_id(3): "NORRA-IMA",
        personal_id(4): None,
    }
    assert explained[personal_id(1)][0].outcome is ChoiceOutcome.NOT_OFFERED
    reserve = explained[personal_id(4)][0]
    assert (reserve.outcome, reserve.school_rank, reserve.cutoff_rank) == (
        ChoiceOutcome.RESERVE,
        3,
        2,
    )
    assert reserve.cutoff is None
    assert result.cutoffs["NORRA-IMA"][0] is None  # no cut-off in points where merit does not count


def test_a_ranking_with_gaps_doubles_or_strangers_is_refused_whole(work: FakeUnitOfWork) -> None:
    """School ranking (admissions-rules.md §3.6): ranks 1..n, each once, of the applicants."""
    _ranked_ima_applicants(work)
    bad = {personal_id(1): 1, personal_id(2): 1, personal_id(9): 2}

    with pytest.raises(InvalidInput) as refused:
        rank_applicants(
            work, year=YEAR, offering_code="NORRA-IMA", ranks=bad, actor=NORRA, now=AFTER_FINAL
        )

    reasons = [e.reason for e in refused.value.errors]
    assert f"{personal_id(9)} has not chosen the offering" in reasons
    assert "rank 1 is given more than once" in reasons
    with work:
        assert work.audit.events("offering", "NORRA-IMA") == []


def test_a_ranking_is_audited_and_a_school_cannot_rank_another_schools_offering(
    work: FakeUnitOfWork,
) -> None:
    _ranked_ima_applicants(work)
    with pytest.raises(NotFound):
        rank_applicants(
            work,
            year=YEAR,
            offering_code="NORRA-IMA",
            ranks={personal_id(1): 1},
            actor=SODRA,
            now=AFTER_FINAL,
        )
    rank_applicants(
        work,
        year=YEAR,
        offering_code="NORRA-IMA",
        ranks={personal_id(1): 1},
        actor=NORRA,
        now=AFTER_FINAL,
    )
    rank_applicants(
        work,
        year=YEAR,
        offering_code="NORRA-IMA",
        ranks={personal_id(3): 1, personal_id(1): 2},
        actor=NORRA,
        now=AFTER_FINAL,
    )

    with work:
        events = work.audit.events("offering", "NORRA-IMA")
    assert [(e["action"], e["actor"]) for e in events] == [
        ("rank_applicants", NORRA.audit_name)
    ] * 2
    assert events[-1]["before"] == {"ranks": {personal_id(1): 1}}
    assert events[-1]["after"] == {"ranks": {personal_id(3): 1, personal_id(1): 2}}


def test_only_an_introduction_programme_may_be_ranked_by_the_school_and_ima_always_is(
    work: FakeUnitOfWork,
) -> None:
    """SL 17 kap.: IMA is designed for one pupil; IMV/IMY may be; national programmes not."""
    open_year(work, _catalogue())
    assert set_ranked_by_school(
        work, year=YEAR, offering_code="NORRA-IMV", ranked=True, actor=NORRA, now=AFTER_FINAL
    )
    for code, ranked in (("NORRA-IMA", False), ("SODRA-EK", True)):
        with pytest.raises(InvalidInput):
            set_ranked_by_school(
                work,
                year=YEAR,
                offering_code=code,
                ranked=ranked,
                actor=OFFICER_ACTOR,
                now=AFTER_FINAL,
            )
    with pytest.raises(InvalidInput, match="fri-kvot"):
        set_places(
            work,
            year=YEAR,
            offering_code="NORRA-IMV",
            places=2,
            discretionary_places=1,
            actor=NORRA,
            now=AFTER_FINAL,
        )
    with work:
        events = work.audit.events("offering", "NORRA-IMV")
    assert [e["after"] for e in events] == [{"ranked_by_school": True}]


def test_fri_kvot_granted_by_the_organiser_is_capped_and_stored_with_the_placement(
    uow: UnitOfWork,
) -> None:
    """GyF 7 kap. 3 §: the organiser grants fri kvot; one fri-kvot place of two caps it; the
    admission under fri kvot is stored, and the other grant is told the places are filled."""
    open_year(uow, _catalogue())
    _pupils(uow, pupil(1, "E"), pupil(2, "E"), pupil(3, "A"), pupil(4, "B"))
    for serial in (1, 2, 3, 4):
        submit_own_choices(uow, serial, "NORRA-EK")
    for serial in (1, 2):
        grant_fri_kvot(
            uow,
            year=YEAR,
            offering_code="NORRA-EK",
            personal_id=personal_id(serial),
            granted=True,
            actor=NORRA,
            now=IN_APPLICATION_PERIOD,
        )

    round_id = _final(uow)

    with uow:
        result = uow.rounds.round_result(round_id)
        explained = uow.rounds.round_explanations(round_id)
        events = uow.audit.events("choice", f"{personal_id(1)}:NORRA-EK")
    placed = sorted(pid for pid, (code, _, _) in result.placements.items() if code)
    assert len(result.under_quota) == 1
    (under,) = result.under_quota
    assert placed == sorted([under, personal_id(3)])
    other = personal_id(2) if under == personal_id(1) else personal_id(1)
    assert explained[under][0].fri_kvot is QuotaNote.UNDER_QUOTA
    assert explained[other][0].fri_kvot is QuotaNote.QUOTA_FULL
    assert result.cutoffs["NORRA-EK"][0] == 320  # the fri-kvot admission is not the cut-off
    assert [e["action"] for e in events] == ["grant_fri_kvot"]


def test_an_applicant_changing_choices_keeps_the_organisers_fri_kvot_and_rank(
    work: FakeUnitOfWork,
) -> None:
    """The organiser's decisions are not the applicant's to undo by re-ranking choices."""
    _ranked_ima_applicants(work)
    rank_applicants(
        work,
        year=YEAR,
        offering_code="NORRA-IMA",
        ranks={personal_id(1): 1},
        actor=NORRA,
        now=IN_APPLICATION_PERIOD,
    )
    submit_own_choices(work, 1, "NORRA-IMA", "NORRA-EK")
    grant_fri_kvot(
        work,
        year=YEAR,
        offering_code="NORRA-EK",
        personal_id=personal_id(1),
        granted=True,
        actor=NORRA,
        now=IN_APPLICATION_PERIOD,
    )

    submit_own_choices(work, 1, "SODRA-EK", "NORRA-EK", "NORRA-IMA")

    with work:
        rows = work.admission.choices(work.admission.year(YEAR).id, [personal_id(1)])[
            personal_id(1)
        ]
    assert [(c.offering_code, c.discretionary_quota, c.school_rank) for c in rows] == [
        ("SODRA-EK", False, None),
        ("NORRA-EK", True, None),
        ("NORRA-IMA", False, 1),
    ]


def test_the_organisers_assessment_of_foreign_grades_opens_its_own_offering_only(
    uow: UnitOfWork,
) -> None:
    """The assessment of "motsvarande kunskaper" (SL 16 kap. 30–31 §§) is recorded by the
    receiving organiser for its offering, audited; the applicant without Swedish grades is then
    eligible there and nowhere else, and the counsellor's foreign-grades flag alone opens
    nothing."""
    open_year(uow, _catalogue())
    _pupils(uow, pupil(1, "A", missing=tuple(_ALL_SUBJECTS)))
    submit_own_choices(uow, 1, "SODRA-EK", "NORRA-EK")
    assert record_equivalent_knowledge(
        uow,
        year=YEAR,
        offering_code="NORRA-EK",
        personal_id=personal_id(1),
        assessed=True,
        actor=NORRA,
        now=IN_APPLICATION_PERIOD,
    )

    round_id = _final(uow)

    with uow:
        explained = uow.rounds.round_explanations(round_id)[personal_id(1)]
        events = uow.audit.events("choice", f"{personal_id(1)}:NORRA-EK")
    assert [c.outcome for c in explained] == [ChoiceOutcome.NOT_ELIGIBLE, ChoiceOutcome.PLACED]
    assert [(e["action"], e["after"]) for e in events] == [
        ("assess_knowledge", {"equivalent_knowledge": True})
    ]


_ALL_SUBJECTS = (
    "SV", "EN", "MA", "BI", "FY", "KE", "TK", "GE", "HI", "RE", "SH", "BL", "HKK", "IDH", "MU", "SL"
)  # fmt: skip
