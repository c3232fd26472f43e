"""Statistics and lists of a stored round, checked by hand, on SQLite and PostgreSQL.

The year: five offerings at two schools, eight pupils (merit A=320, B=280, C=240, D=200, E=160).

=========  ======  ==========  ======  ======================  ===========================
offering   places  programme   school  chosen by (rank)        result of the final round
=========  ======  ==========  ======  ======================  ===========================
NORRA-NA   2       NA          Norra   1(1) 2(1) 3(1) 4(2)     admitted 1, 2 (cut-off 280);
                                       6(2) 8(1)               reserves 3, 4, 8
NORRA-EK   1       EK          Norra   1(2) 3(2) 4(1)          admitted 3 (240); reserve 4
SODRA-NA   1       NA          Södra   4(3)                    admitted 4 (200)
SODRA-EE   3       EE (voc.)   Södra   2(2) 5(1) 6(1)          admitted 5, 6 (160); 1 vacant
SODRA-ES   1       ES          Södra   nobody                  no cut-off; 1 vacant
=========  ======  ==========  ======  ======================  ===========================

Norra gymnasiet (municipal) is in Stockholm, Södra gymnasiet (independent) in Nacka. Pupil 3
has protected identity; pupil 7 chose nothing (not an applicant); pupil 8 is left unplaced.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from decimal import Decimal
from typing import Any

import pytest
from admission_year_builders import (
    AFTER_FINAL,
    IN_APPLICATION_PERIOD,
    OFFICE,
    YEAR,
    open_year,
    personal_id,
    pupil,
)
from sqlalchemy.orm import Session

from samverka.admission.domain.catalogue import Catalogue, Offering, Organiser, SchoolUnit
from samverka.admission.domain.rounds import RoundKind
from samverka.admission.ports import UnitOfWork
from samverka.admission.queries.admission_statistics import (
    AdmissionStatistics,
    GroupStatistics,
    OfferingStatistics,
    RoundTotals,
    admission_statistics,
    default_round,
)
from samverka.admission.queries.round_lists import (
    PROTECTED_NAME,
    AdmittedApplicant,
    ReserveApplicant,
    Viewer,
    admitted_lists,
    reserve_lists,
)
from samverka.admission.services.applications import ChoiceRequest, register_applications
from samverka.admission.services.pupils import import_pupils
from samverka.admission.services.rounds import publish_round, run_round
from samverka.errors import NotFound

SECRET_NAME = "Hemlig Person"
CHOICES = {
    1: ("NORRA-NA", "NORRA-EK"),
    2: ("NORRA-NA", "SODRA-EE"),
    3: ("NORRA-NA", "NORRA-EK"),
    4: ("NORRA-EK", "NORRA-NA", "SODRA-NA"),
    5: ("SODRA-EE",),
    6: ("SODRA-EE", "NORRA-NA"),
    8: ("NORRA-NA",),
}
LETTERS = {1: "A", 2: "B", 3: "C", 4: "D", 5: "E", 6: "C", 7: "B", 8: "E"}


def _open_year(uow: UnitOfWork) -> None:
    norra, sodra = "11111111", "22222222"
    catalogue = Catalogue(
        organisers=[
            Organiser("Stockholms stad", "municipal", "0180"),
            Organiser("Skolbolaget AB", "independent"),
        ],
        school_units=[
            SchoolUnit(norra, "Norra gymnasiet", "Stockholms stad", "0180"),
            SchoolUnit(sodra, "Södra gymnasiet", "Skolbolaget AB", "0182"),
        ],
        offerings=[
            Offering("NORRA-NA", norra, "NA", 2),
            Offering("NORRA-EK", norra, "EK", 1),
            Offering("SODRA-NA", sodra, "NA", 1),
            Offering("SODRA-EE", sodra, "EE", 3),
            Offering("SODRA-ES", sodra, "ES", 1),
        ],
    )
    open_year(uow, catalogue)


def _apply(uow: UnitOfWork, choices: dict[int, tuple[str, ...]], *, now: datetime) -> None:
    register_applications(
        uow,
        year=YEAR,
        applications={
            personal_id(n): [ChoiceRequest(code) for code in codes] for n, codes in choices.items()
        },
        actor=OFFICE,
        by_admission_office=True,
        now=now,
    )


def _arrange(uow: UnitOfWork) -> None:
    _open_year(uow)
    pupils = [
        pupil(n, letter, name=SECRET_NAME if n == 3 else None, protected=n == 3)
        for n, letter in LETTERS.items()
    ]
    import_pupils(uow, year=YEAR, pupils=pupils, actor=OFFICE, now=IN_APPLICATION_PERIOD)
    _apply(uow, CHOICES, now=IN_APPLICATION_PERIOD)


def _final_round(uow: UnitOfWork, *, publish: bool = True) -> int:
    final = run_round(uow, year=YEAR, kind=RoundKind.FINAL, seed=7, actor=OFFICE, now=AFTER_FINAL)
    if publish:
        publish_round(uow, year=YEAR, round_id=final.round_id, actor=OFFICE, now=AFTER_FINAL)
    return final.round_id


@pytest.fixture
def final_round(uow: UnitOfWork) -> int:
    _arrange(uow)
    return _final_round(uow)


@pytest.fixture
def report(final_round: int, session: Session) -> AdmissionStatistics:
    return admission_statistics(session, YEAR, final_round)


def _offering(code: str, school: tuple[str, str, str, str], *figures: Any) -> OfferingStatistics:
    return OfferingStatistics(code, *school, *figures)


NORRA = ("Norra gymnasiet", "0180", "Stockholm", "municipal")
SODRA = ("Södra gymnasiet", "0182", "Nacka", "independent")
D = Decimal


def test_every_offering_has_its_figures_from_the_round(report: AdmissionStatistics) -> None:
    # programme, places, first-choice, applicants, per place, admitted, reserves, cut-off, vacant
    assert list(report.offerings) == [
        _offering("NORRA-EK", NORRA, "EK", 1, 1, 3, D("3.00"), 1, 1, D("240.00"), 0),
        _offering("NORRA-NA", NORRA, "NA", 2, 4, 6, D("3.00"), 2, 3, D("280.00"), 0),
        _offering("SODRA-EE", SODRA, "EE", 3, 2, 3, D("1.00"), 2, 0, D("160.00"), 1),
        _offering("SODRA-ES", SODRA, "ES", 1, 0, 0, D("0.00"), 0, 0, None, 1),
        _offering("SODRA-NA", SODRA, "NA", 1, 0, 1, D("1.00"), 1, 0, D("200.00"), 0),
    ]


def test_programmes_add_up_their_offerings_with_the_median_and_lowest_cut_off(
    report: AdmissionStatistics,
) -> None:
    # offerings, places, first-choice, applicants, per place, admitted, reserves, vacant,
    # median cut-off, lowest cut-off
    assert list(report.programmes) == [
        GroupStatistics("EE", "EE", 1, 3, 2, 3, D("1.00"), 2, 0, 1, D("160.00"), D("160.00")),
        GroupStatistics("EK", "EK", 1, 1, 1, 3, D("3.00"), 1, 1, 0, D("240.00"), D("240.00")),
        GroupStatistics("ES", "ES", 1, 1, 0, 0, D("0.00"), 0, 0, 1, None, None),
        GroupStatistics("NA", "NA", 2, 3, 4, 7, D("2.33"), 3, 3, 0, D("240.00"), D("200.00")),
    ]


def test_municipalities_add_up_the_offerings_of_their_schools(
    report: AdmissionStatistics,
) -> None:
    assert list(report.municipalities) == [
        GroupStatistics(
            "0180", "Stockholm", 2, 3, 5, 9, D("3.00"), 3, 4, 0, D("260.00"), D("240.00")
        ),
        GroupStatistics("0182", "Nacka", 3, 5, 2, 4, D("0.80"), 3, 0, 2, D("180.00"), D("160.00")),
    ]


def test_the_round_totals_count_applicants_with_choices_and_split_by_programme_kind(
    report: AdmissionStatistics,
) -> None:
    assert report.totals == RoundTotals(
        applicants=7,  # pupil 7 chose nothing
        placed=6,
        placed_first_choice=4,  # pupils 1, 2, 5 and 6
        first_choice_share=D("0.6667"),
        unplaced=1,
        places=8,
        vacancies=2,
        admitted_university_preparatory=4,  # NA 3, EK 1
        admitted_vocational=2,  # EE 2
        university_preparatory_share=D("0.6667"),
        vocational_share=D("0.3333"),
    )
    assert (report.year, report.round.kind, report.round.published) == (YEAR, "final", True)


def test_statistics_contain_no_names_and_no_identity_numbers(
    report: AdmissionStatistics,
) -> None:
    shown = repr(report)
    assert SECRET_NAME not in shown
    assert "Elev" not in shown
    assert all(personal_id(n) not in shown for n in LETTERS)


def test_statistics_of_a_round_stay_as_they_were_when_choices_change_later(
    uow: UnitOfWork, final_round: int, session: Session
) -> None:
    before = admission_statistics(session, YEAR, final_round)
    _apply(uow, {8: ("SODRA-ES", "SODRA-EE")}, now=AFTER_FINAL)
    assert admission_statistics(session, YEAR, final_round) == before


def test_the_admitted_list_masks_a_protected_identity_for_a_viewer_without_the_right(
    final_round: int, session: Session
) -> None:
    admitted = admitted_lists(session, YEAR, final_round, Viewer(may_see_protected=False))
    assert (admitted[0].home_municipality, admitted[1].home_municipality) == (None, "0180")
    assert admitted[1].school_unit_name != ""
    assert _without_names(admitted) == [
        AdmittedApplicant("NORRA-EK", 1, None, PROTECTED_NAME, D("240.00"), 2, True),
        AdmittedApplicant("NORRA-NA", 1, personal_id(1), "Elev 1", D("320.00"), 1, False),
        AdmittedApplicant("NORRA-NA", 2, personal_id(2), "Elev 2", D("280.00"), 1, False),
        AdmittedApplicant("SODRA-EE", 1, personal_id(6), "Elev 6", D("240.00"), 1, False),
        AdmittedApplicant("SODRA-EE", 2, personal_id(5), "Elev 5", D("160.00"), 1, False),
        AdmittedApplicant("SODRA-NA", 1, personal_id(4), "Elev 4", D("200.00"), 3, False),
    ]
    assert SECRET_NAME not in repr(admitted)
    assert personal_id(3) not in repr(admitted)


def test_a_masked_reserve_keeps_its_position_so_the_others_stay_right(
    final_round: int, session: Session
) -> None:
    reserves = reserve_lists(session, YEAR, final_round, Viewer(may_see_protected=False))
    assert _without_names(reserves) == [
        ReserveApplicant("NORRA-EK", 1, personal_id(4), "Elev 4", D("200.00"), False),
        ReserveApplicant("NORRA-NA", 1, None, PROTECTED_NAME, D("240.00"), True),
        ReserveApplicant("NORRA-NA", 2, personal_id(4), "Elev 4", D("200.00"), False),
        ReserveApplicant("NORRA-NA", 3, personal_id(8), "Elev 8", D("160.00"), False),
    ]


def test_a_viewer_with_the_right_sees_the_protected_identity(
    final_round: int, session: Session
) -> None:
    viewer = Viewer(may_see_protected=True)
    admitted = admitted_lists(session, YEAR, final_round, viewer)
    reserves = reserve_lists(session, YEAR, final_round, viewer)
    assert _without_names(admitted)[0] == AdmittedApplicant(
        "NORRA-EK", 1, personal_id(3), SECRET_NAME, D("240.00"), 2, True
    )
    assert _without_names(reserves)[1] == ReserveApplicant(
        "NORRA-NA", 1, personal_id(3), SECRET_NAME, D("240.00"), True
    )


def _without_names(entries: list[Any]) -> list[Any]:
    """The entries without the school's, programme's and home municipality's columns."""
    return [
        replace(
            entry,
            school_unit_code="",
            school_unit_name="",
            programme="",
            orientation="",
            home_municipality=None,
            home_municipality_name=None,
        )
        for entry in entries
    ]


def test_the_default_round_is_the_latest_published_binding_one_else_the_latest(
    uow: UnitOfWork, session: Session
) -> None:
    _arrange(uow)
    final = _final_round(uow, publish=False)
    simulation = run_round(
        uow, year=YEAR, kind=RoundKind.SIMULATION, seed=1, actor=OFFICE, now=AFTER_FINAL
    )
    assert default_round(session, YEAR).id == simulation.round_id
    publish_round(uow, year=YEAR, round_id=final, actor=OFFICE, now=AFTER_FINAL)
    assert default_round(session, YEAR).id == final


def test_a_round_of_another_year_or_an_unknown_year_is_not_found(
    final_round: int, session: Session
) -> None:
    with pytest.raises(NotFound):
        admission_statistics(session, YEAR + 1, final_round)
    with pytest.raises(NotFound):
        admission_statistics(session, YEAR, final_round + 1000)
    with pytest.raises(NotFound):
        reserve_lists(session, YEAR, final_round + 1000, Viewer())
