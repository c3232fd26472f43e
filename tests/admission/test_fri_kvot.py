"""Fri kvot as a capped quota, through the services: the rules on the fake unit of work
(``fakes.py``), the statistics on SQLite and PostgreSQL.

Source: gymnasieförordningen (2010:2039) 7 kap. 3 § ("ett begränsat antal platser") and 4 §
("Övriga platser ska fördelas mellan de sökande med betygen som grund"); the rules audit of
December 2026 (rules-audit-2026-12.md §2, "DB test": five fri-kvot applicants all placed in an
offering with one fri-kvot place).
"""

from __future__ import annotations

from dataclasses import replace

import pytest
from admission_year_builders import (
    AFTER_FINAL,
    IN_APPLICATION_PERIOD,
    OFFICE,
    YEAR,
    open_year,
    personal_id,
    pupil,
    small_catalogue,
)
from in_english import in_english
from sqlalchemy.orm import Session

from samverka.admission.domain.calendar import GradeTerm
from samverka.admission.domain.catalogue import Offering
from samverka.admission.domain.rounds import RoundKind
from samverka.admission.ports import UnitOfWork
from samverka.admission.queries.admission_statistics import admission_statistics
from samverka.admission.services.applications import ChoiceRequest, submit_choices
from samverka.admission.services.pupils import import_pupils
from samverka.admission.services.rounds import run_round
from samverka.errors import InvalidInput, NotFound

from .fakes import FakeUnitOfWork

FRI_KVOT = range(1, 6)  # five applicants granted fri kvot, merit 160 (E)
ORDINARY = range(6, 9)  # three ordinary applicants, merit 320 (A)


@pytest.fixture
def work() -> FakeUnitOfWork:
    """The rules run on the admission's fake unit of work (``fakes.py``); the tests that take
    ``uow`` run on SQLite and PostgreSQL."""
    return FakeUnitOfWork()


def _apply(uow: UnitOfWork, serial: int, code: str, *, fri_kvot: bool) -> None:
    submit_choices(
        uow,
        year=YEAR,
        personal_id=personal_id(serial),
        choices=[ChoiceRequest(code, discretionary_quota=fri_kvot)],
        actor=OFFICE,
        by_admission_office=True,
        now=IN_APPLICATION_PERIOD,
    )


def _placed(uow: UnitOfWork, round_id: int) -> dict[str, str | None]:
    with uow:
        result = uow.rounds.round_result(round_id)
    return {pid: code for pid, (code, _, _) in result.placements.items()}


def _na_with_one_fri_kvot_place_of_three(uow: UnitOfWork) -> None:
    open_year(uow, small_catalogue({"NORRA-NA": 3, "NORRA-EK": 1, "SODRA-ES": 1}))
    with uow:
        offering = next(
            o for o in uow.admission.offerings(uow.admission.year(YEAR).id) if o.code == "NORRA-NA"
        )
        uow.admission.set_offering_places(offering.id, 3, 1)
        uow.commit()
    pupils = [pupil(n, "E") for n in FRI_KVOT] + [pupil(n, "A") for n in ORDINARY]
    import_pupils(uow, year=YEAR, pupils=pupils, actor=OFFICE, now=IN_APPLICATION_PERIOD)
    for n in FRI_KVOT:
        _apply(uow, n, "NORRA-NA", fri_kvot=True)
    for n in ORDINARY:
        _apply(uow, n, "NORRA-NA", fri_kvot=False)


def test_fri_kvot_admits_no_more_applicants_than_the_organisers_number_of_places(
    work: FakeUnitOfWork,
) -> None:
    """GyF 7 kap. 3 §: "ett begränsat antal platser" — the organiser's number caps fri kvot.

    The audit's case: five fri-kvot applicants with merit 160 all took places in an offering
    with one fri-kvot place. Now one is admitted under fri kvot; the other two places go by
    merit (GyF 7 kap. 4 §) to the two best ordinary applicants.
    """
    _na_with_one_fri_kvot_place_of_three(work)
    final = run_round(work, year=YEAR, kind=RoundKind.FINAL, seed=3, actor=OFFICE, now=AFTER_FINAL)
    placed = _placed(work, final.round_id)
    fri_kvot_placed = [n for n in FRI_KVOT if placed[personal_id(n)] == "NORRA-NA"]
    ordinary_placed = [n for n in ORDINARY if placed[personal_id(n)] == "NORRA-NA"]
    assert len(fri_kvot_placed) == 1
    assert len(ordinary_placed) == 2


def test_fri_kvot_is_not_tried_in_the_preliminary_round(work: FakeUnitOfWork) -> None:
    """Fri kvot is tried only in the final round (admissions-rules.md §1.4, Fyrbodal,
    gymnasiestudera): in the preliminary round the three places go by merit."""
    _na_with_one_fri_kvot_place_of_three(work)
    autumn = [pupil(n, "E", term=GradeTerm.AUTUMN) for n in FRI_KVOT]
    autumn += [pupil(n, "A", term=GradeTerm.AUTUMN) for n in ORDINARY]
    import_pupils(work, year=YEAR, pupils=autumn, actor=OFFICE, now=IN_APPLICATION_PERIOD)
    preliminary = run_round(
        work, year=YEAR, kind=RoundKind.PRELIMINARY, seed=3, actor=OFFICE, now=AFTER_FINAL
    )
    placed = _placed(work, preliminary.round_id)
    assert all(placed[personal_id(n)] is None for n in FRI_KVOT)
    assert all(placed[personal_id(n)] == "NORRA-NA" for n in ORDINARY)


def test_statistics_count_the_admissions_under_fri_kvot_and_leave_them_out_of_the_cut_off(
    uow: UnitOfWork, session: Session
) -> None:
    """GyF 7 kap. 3 §: the statistics say how many were admitted under fri kvot (never more
    than the places), and the cut-off is the lowest merit admitted on merit (admissions-rules
    §8.2), not the fri-kvot admission's 160."""
    _na_with_one_fri_kvot_place_of_three(uow)
    final = run_round(uow, year=YEAR, kind=RoundKind.FINAL, seed=3, actor=OFFICE, now=AFTER_FINAL)

    report = admission_statistics(session, YEAR, final.round_id)

    (na,) = [o for o in report.offerings if o.code == "NORRA-NA"]
    assert (na.admitted, na.admitted_under_fri_kvot, na.cutoff) == (3, 1, 320)
    (programme,) = [p for p in report.programmes if p.key == "NA"]
    assert programme.admitted_under_fri_kvot == 1


def test_a_catalogue_with_more_fri_kvot_places_than_places_is_refused_whole(
    work: FakeUnitOfWork,
) -> None:
    """GyF 7 kap. 3 §: fri-kvot places are some of the offering's places; an offering the
    school ranks has none. A catalogue breaking either opens no year."""
    catalogue = small_catalogue()
    offerings = [
        replace(catalogue.offerings[0], discretionary_places=2),
        Offering("NORRA-IMA", "11111111", "IMA", 3, discretionary_places=1),
    ]

    with pytest.raises(InvalidInput) as refused:
        open_year(work, replace(catalogue, offerings=offerings))

    assert [in_english(e) for e in refused.value.errors] == [
        "NORRA-NA: fri-kvot places must be 0 to the offering's 1 places",
        "NORRA-IMA: an offering the school ranks has no fri-kvot places",
    ]
    with work, pytest.raises(NotFound):
        work.admission.year(YEAR)
