"""The worked examples in docs/*.md run as tests: inputs written, commands run, outputs compared."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from typer.testing import CliRunner

from samverka.cli import app

DOCS = Path(__file__).resolve().parents[2] / "docs"
FILE_BLOCK = re.compile(r"```csv file=(\S+)\n(.*?)```", re.DOTALL)
COMMAND_BLOCK = re.compile(r"```console\n\$ samverka (.*?)\n```")


def _examples(document: Path) -> list[str]:
    """The document's sections that hold a worked example, each up to the next example."""
    return re.split(r"^### Worked example$", document.read_text(encoding="utf-8"), flags=re.M)[1:]


EXAMPLES = [
    pytest.param(section, id=f"{document.stem}-{number}")
    for document in sorted(DOCS.glob("*.md"))
    for number, section in enumerate(_examples(document), start=1)
]


@pytest.mark.parametrize("section", EXAMPLES)
def test_worked_example_in_the_docs_produces_exactly_the_documented_output(
    section: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    blocks = FILE_BLOCK.findall(section)
    for name, text in blocks:
        if name.startswith("input/"):
            Path(name).parent.mkdir(exist_ok=True)
            Path(name).write_text(text, encoding="utf-8")
    for command in COMMAND_BLOCK.findall(section):
        result = CliRunner().invoke(app, shlex.split(command))
        assert result.exit_code == 0, result.output
    outputs = [(name, text) for name, text in blocks if name.startswith("output/")]
    assert outputs, "a worked example must show its output"
    for name, text in outputs:
        assert Path(name).read_text(encoding="utf-8") == text, name
