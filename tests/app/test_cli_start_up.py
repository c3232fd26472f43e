"""The command line starts without importing what its command does not need (issue 15, point
13): ``samverka --help`` imports no command group, and neither the database layer, the web
framework, the Excel reader nor the engine; a command imports its own group only. The help
line listed for each lazy group is the group's own. Counted in a fresh interpreter by what
``sys.modules`` holds, never by time (``benchmarks/start_up.py`` times it).
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
import typer
from typer.testing import CliRunner

from samverka.cli import COMMANDS, app

HEAVY = ("sqlalchemy", "fastapi", "openpyxl", "numba", "uvicorn", "fpdf", "samverka.bootstrap")


def _imported_after(code: str) -> set[str]:
    """The modules ``code`` leaves imported, run in a fresh interpreter."""
    script = f"{code}\nimport json, sys\nprint(json.dumps(sorted(sys.modules)))"
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    return set(json.loads(done.stdout.splitlines()[-1]))


def _heavy(modules: set[str]) -> list[str]:
    return sorted(m for m in modules if m.split(".")[0] in HEAVY or m in HEAVY)


def test_importing_the_command_line_imports_no_command_group_nor_heavy_library() -> None:
    modules = _imported_after("import samverka.cli")

    assert _heavy(modules) == []
    assert not {m for m in modules if ".cli." in m or m.endswith(".cli")} - {
        "samverka.cli",
        "samverka.platform.cli",
        "samverka.platform.cli.context",
    }


def test_the_help_lists_every_command_without_importing_one() -> None:
    code = (
        "import contextlib, io\n"
        "from samverka.cli import app\n"
        "with contextlib.suppress(SystemExit), contextlib.redirect_stdout(io.StringIO()) as out:\n"
        "    app(['--help'], prog_name='samverka')\n"
        "assert all(name in out.getvalue() for name in "
        f"{list(COMMANDS)!r}), out.getvalue()"
    )
    modules = _imported_after(code)

    assert _heavy(modules) == []
    assert "samverka.admission.cli.rounds" not in modules


def test_a_command_group_imports_its_own_group_and_not_the_others() -> None:
    code = (
        "import contextlib, io\n"
        "from samverka.cli import app\n"
        "with contextlib.suppress(SystemExit), contextlib.redirect_stdout(io.StringIO()):\n"
        "    app(['accounts', '--help'], prog_name='samverka')\n"
    )
    modules = _imported_after(code)

    assert "samverka.platform.access.cli" in modules
    assert "samverka.admission.cli.rounds" not in modules
    assert "samverka.association.plan.cli.document" not in modules
    assert "samverka.bootstrap" not in modules


@pytest.mark.parametrize(
    ("command", "module"),
    [
        (["rounds", "run"], "samverka.admission.cli.rounds"),
        (["serve"], "samverka.platform.cli.serve"),
        (["plan-document"], "samverka.association.plan.cli.document"),
    ],
)
def test_a_commands_help_imports_neither_the_engine_nor_the_database_nor_the_web(
    command: list[str], module: str
) -> None:
    code = (
        "import contextlib, io\n"
        "from samverka.cli import app\n"
        "with contextlib.suppress(SystemExit), contextlib.redirect_stdout(io.StringIO()):\n"
        f"    app({[*command, '--help']!r}, prog_name='samverka')\n"
    )
    modules = _imported_after(code)

    assert module in modules
    assert _heavy(modules) == []
    assert "samverka.admission.services.rounds" not in modules


@pytest.mark.parametrize("name", list(COMMANDS))
def test_each_listed_help_line_is_the_commands_own(name: str) -> None:
    command = COMMANDS[name].load(name)

    assert command.name == name
    assert (command.help or "").split("\n\n")[0].strip() == COMMANDS[name].help


def test_a_lazily_loaded_group_runs_its_commands() -> None:
    result = CliRunner().invoke(app, ["rounds", "--help"])

    assert result.exit_code == 0, result.output
    for command in ("run", "list", "publish"):
        assert command in result.output


def test_an_unknown_command_is_refused_with_a_suggestion() -> None:
    result = CliRunner().invoke(app, ["round"])

    assert result.exit_code == 2
    assert "rounds" in result.output
    assert isinstance(app, typer.Typer)
