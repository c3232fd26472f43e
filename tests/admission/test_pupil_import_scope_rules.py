"""Which pupil rows an importer may import (``admission.domain.pupil_import_scope``; issue 11
point 1, admissions-rules §5.1 and §11.2 item 11): a counsellor stays inside their own pupils,
and only the admission officer moves a pupil or lifts a protected identity."""

from __future__ import annotations

from datetime import date

import pytest

from samverka.admission.domain.applicants import ApplicantRecord
from samverka.admission.domain.pupil_import_scope import (
    MISSING_UNIT,
    NOT_YOUR_UNIT,
    ONLY_THE_OFFICE_MOVES,
    OUTSIDE_YOUR_PUPILS,
    ImportAction,
    Refusal,
    RowVerdict,
    StoredPupil,
    judge_row,
    require_importer,
)
from samverka.errors import NotPermitted
from samverka.platform.access.domain.actors import Actor, Role
from samverka.platform.access.domain.scope import working_actor
from samverka.platform.domain.personal_id import parse_personal_id

NORRA, SODRA = "11111111", "22222222"
SARA = Actor("sara", Role.COUNSELLOR, "Sara", school_unit_codes=frozenset({NORRA}))
BOTH = Actor("bodil", Role.COUNSELLOR, "Bodil", school_unit_codes=frozenset({NORRA, SODRA}))
ALVA = Actor("alva", Role.OFFICER, "Alva")
ALVA_AT_NORRA = working_actor(ALVA, Role.COUNSELLOR, NORRA, {NORRA, SODRA})
OWN = StoredPupil(NORRA, protected_identity=False, protected_anywhere=False)


def _row(unit: str | None = NORRA, *, protected: bool = False) -> ApplicantRecord:
    pid = parse_personal_id("20100301-0012", today=date(2026, 2, 1))
    return ApplicantRecord(pid, "Elev", "0180", unit, protected_identity=protected)


def test_a_counsellor_creates_and_changes_their_own_units_pupils() -> None:
    assert judge_row(SARA, _row(), None) == RowVerdict()
    assert judge_row(SARA, _row(), OWN) == RowVerdict()


def test_a_counsellor_names_only_their_own_units() -> None:
    refused = judge_row(SARA, _row(SODRA), None).refusals
    assert refused == (Refusal("skolenhetskod", NOT_YOUR_UNIT, {"unit": "22222222"}),)
    assert judge_row(SARA, _row(None), None).refusals == (Refusal("skolenhetskod", MISSING_UNIT),)


@pytest.mark.parametrize(
    "stored",
    [
        StoredPupil(SODRA, protected_identity=False, protected_anywhere=False),
        StoredPupil(None, protected_identity=False, protected_anywhere=False),
        StoredPupil(NORRA, protected_identity=True, protected_anywhere=True),
        StoredPupil(NORRA, protected_identity=False, protected_anywhere=True),
    ],
    ids=["another unit", "no unit", "protected here", "protected in the register"],
)
def test_a_counsellors_row_for_a_pupil_not_theirs_is_refused_with_one_reason(
    stored: StoredPupil,
) -> None:
    verdict = judge_row(SARA, _row(protected=stored.protected_identity), stored)
    assert verdict == RowVerdict((Refusal("personnummer", OUTSIDE_YOUR_PUPILS),))


def test_a_counsellor_never_moves_a_pupil_even_between_their_own_units() -> None:
    verdict = judge_row(BOTH, _row(SODRA), OWN)
    assert verdict == RowVerdict((Refusal("skolenhetskod", ONLY_THE_OFFICE_MOVES),))


def test_a_counsellor_may_protect_their_own_pupil() -> None:
    assert judge_row(SARA, _row(protected=True), OWN) == RowVerdict()


def test_the_officer_moves_and_lifts_and_each_is_an_action_of_its_own() -> None:
    stored = StoredPupil(SODRA, protected_identity=True, protected_anywhere=True)
    verdict = judge_row(ALVA, _row(None), stored)
    assert verdict == RowVerdict(actions=(ImportAction.MOVE, ImportAction.LIFT_PROTECTION))


def test_the_officer_in_a_counsellors_place_moves_pupils_into_the_chosen_unit_only() -> None:
    assert ALVA_AT_NORRA is not None
    stored = StoredPupil(SODRA, protected_identity=False, protected_anywhere=False)
    assert judge_row(ALVA_AT_NORRA, _row(NORRA), stored).actions == (ImportAction.MOVE,)
    assert judge_row(ALVA_AT_NORRA, _row(SODRA), OWN).refusals[0].column == "skolenhetskod"


@pytest.mark.parametrize("role", [Role.SCHOOL, Role.MUNICIPALITY, Role.ANALYST, Role.APPLICANT])
def test_no_other_role_imports_pupils(role: Role) -> None:
    scope = {
        Role.SCHOOL: {"school_unit_codes": frozenset({NORRA})},
        Role.MUNICIPALITY: {"municipality_code": "0180"},
        Role.APPLICANT: {"personal_id": "20100301-0012"},
    }.get(role, {})
    with pytest.raises(NotPermitted):
        require_importer(Actor("x", role, "X", **scope))  # type: ignore[arg-type]
    require_importer(SARA)
    require_importer(ALVA)
