"""The suite reports its time per tier: a test's tier is what it uses."""

from __future__ import annotations

import importlib.util
from pathlib import Path

_SPEC = importlib.util.spec_from_file_location(
    "suite_report", Path(__file__).resolve().parents[1] / "conftest.py"
)
assert _SPEC is not None
assert _SPEC.loader is not None
_REPORT = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(_REPORT)
tier_of = _REPORT.tier_of
HERE = Path(__file__)


def test_a_test_with_the_browser_is_a_browser_test() -> None:
    assert tier_of(HERE, ["page", "width"]) == "browser"


def test_a_test_on_a_database_is_an_integration_test() -> None:
    assert tier_of(HERE, ["uow", "tmp_path"]) == "integration"


def test_a_docs_example_is_in_the_docs_tier() -> None:
    assert tier_of(Path("docs/formats.md"), []) == "docs"


def test_a_test_of_a_module_that_drives_the_app_is_end_to_end(tmp_path: Path) -> None:
    module = tmp_path / "test_pages.py"
    module.write_text("from fastapi.testclient import TestClient\n", encoding="utf-8")
    assert tier_of(module, ["tmp_path"]) == "e2e"


def test_a_test_that_uses_none_of_them_is_a_unit_test(tmp_path: Path) -> None:
    module = tmp_path / "test_rule.py"
    module.write_text("def test_rule() -> None: ...\n", encoding="utf-8")
    assert tier_of(module, ["tmp_path"]) == "unit"
