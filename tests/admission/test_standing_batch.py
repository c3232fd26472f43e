"""The stored standings computed in a batch (``domain.standing_batch``) equal the reference,
``grade_standing.latest_standing``, applicant by applicant, on random grades of both terms."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from samverka.admission.domain.calendar import GradeTerm
from samverka.admission.domain.grade_standing import latest_standing
from samverka.admission.domain.grades import SUBJECTS, Grade, GradeLetter
from samverka.admission.domain.standing_batch import StoredStanding, latest_standings

YEAR = 2026
# Mostly passes, so that sheets eligible and not eligible both come up often.
LETTERS = [*GradeLetter, *[letter for letter in GradeLetter if letter.is_pass]]
Applicant = tuple[dict[GradeTerm, tuple[Grade, ...]], bool]


@st.composite
def sheets(draw: st.DrawFn) -> tuple[Grade, ...]:
    subjects = draw(st.lists(st.sampled_from(sorted(SUBJECTS)), unique=True, max_size=21))
    return tuple(
        Grade(subject, draw(st.sampled_from(LETTERS)), draw(st.integers(0, 9)) == 0)
        for subject in subjects
    )


@st.composite
def applicants(draw: st.DrawFn) -> Applicant:
    grades = {term: draw(sheets()) for term in GradeTerm if draw(st.integers(0, 4)) > 0}
    return grades, draw(st.integers(0, 5)) == 0


def _reference(applicant: Applicant) -> tuple[str | None, bool | None]:
    grades, reduced = applicant
    found = latest_standing(YEAR, grades, reduced_timetable=reduced)
    if found is None:
        return None, None
    return str(found.merit_value), found.eligible_for_a_national_programme


def _stored(standing: StoredStanding) -> tuple[str | None, bool | None]:
    merit = None if standing.merit_value is None else str(standing.merit_value)
    return merit, standing.eligible_national


@settings(max_examples=150, deadline=None)
@given(st.lists(applicants(), max_size=40))
def test_a_batch_stores_what_the_latest_standing_of_each_applicant_gives(
    batch: list[Applicant],
) -> None:
    found = latest_standings(YEAR, batch)
    assert [_stored(s) for s in found] == [_reference(a) for a in batch]


def test_applicants_passing_the_same_subjects_share_one_verdict_but_keep_their_own_merit() -> None:
    core = [s for s in SUBJECTS if s not in {"SVA", "M1", "M2", "ML", "TSP"}]
    strong = tuple(Grade(s, GradeLetter.A) for s in core)
    weak = tuple(Grade(s, GradeLetter.E) for s in core)
    failing = (*weak[:-1], Grade(core[-1], GradeLetter.F))
    batch: list[Applicant] = [
        ({GradeTerm.FINAL: strong}, False),
        ({GradeTerm.AUTUMN: strong, GradeTerm.FINAL: weak}, False),
        ({GradeTerm.AUTUMN: failing}, False),
        ({}, False),
    ]
    found = [_stored(s) for s in latest_standings(YEAR, batch)]
    assert found == [_reference(a) for a in batch]
    assert found[0][1] is True
    assert found[1][1] is True
    assert found[0][0] != found[1][0]
    assert found[3] == (None, None)
