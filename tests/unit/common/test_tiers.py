"""The suite reports its time per tier: a test's tier is the folder it lives in."""

from __future__ import annotations

import importlib.util
from pathlib import Path

_SPEC = importlib.util.spec_from_file_location(
    "suite_report", Path(__file__).resolve().parents[2] / "conftest.py"
)
assert _SPEC is not None
assert _SPEC.loader is not None
_REPORT = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(_REPORT)
tier_of = _REPORT.tier_of


def test_a_test_belongs_to_the_tier_of_its_folder() -> None:
    assert tier_of("tests/unit/admission/test_merit.py::test_x") == "unit"
    assert tier_of("tests/integration/test_rounds.py::test_y[sqlite]") == "integration"
    assert tier_of("tests/browser/test_sign_in.py::test_z") == "browser"
    assert tier_of("docs/formats.md::example") == "docs"


def test_a_test_outside_the_tiers_is_counted_as_other() -> None:
    assert tier_of("tests/test_loose.py::test_w") == "other"
