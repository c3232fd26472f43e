"""The command line looks at a file's size before it reads a byte of it: a file beyond its
importer's limit is refused with the limit named and exit code 2, and is never read whole into
memory. Every importer reads through the one CSV and Excel readers (docs/security.md, "Files
and limits"; issue 11 point 6).

A sparse file stands in for a huge one (it takes no space on disk), and ``Path.read_bytes`` is
made to fail the test if a command reads the whole file before checking its size.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from samverka.cli import app

HUGE = 64 * 1024 * 1024  # far beyond every upload limit (1–20 MB)


@pytest.fixture
def never_read_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(path: Path) -> bytes:
        raise AssertionError(f"{path.name} was read whole before its size was checked")

    monkeypatch.setattr(Path, "read_bytes", refuse)


def _sparse(tmp_path: Path, name: str) -> Path:
    path = tmp_path / name
    with path.open("wb") as handle:
        handle.truncate(HUGE)
    return path


@pytest.mark.parametrize(
    ("name", "command", "limit"),
    [
        ("intakter.csv", ["fees", "revenue-import", "{file}", "--base-year", "2025"], "1 MB"),
        (
            "nyckel.csv",
            ["grants", "allocate", "1", "--key", "custom", "--key-file", "{file}"],
            "1 MB",
        ),
        ("folk.csv", ["grants", "populations", "{file}"], "1 MB"),
        ("budget.xlsx", ["plan", "import-budget", "{file}"], "20 MB"),
        ("elever.xlsx", ["pupils", "import", "{file}", "--term", "final", "--officer"], "20 MB"),
        ("priser.csv", ["prices", "import", "{file}", "--year", "2026"], "20 MB"),
    ],
)
def test_a_file_beyond_its_limit_is_refused_by_its_size_without_being_read(
    tmp_path: Path, never_read_whole: None, name: str, command: list[str], limit: str
) -> None:
    file = _sparse(tmp_path, name)
    arguments = [str(file) if part == "{file}" else part for part in command]
    environment = {"SAMVERKA_DATABASE_URL": f"sqlite:///{tmp_path}/t.db"}

    result = CliRunner().invoke(app, arguments, env=environment)

    assert result.exit_code == 2, result.output
    assert f"{name}: Filen är större än {limit}, det mesta som läses." in result.output
