"""Benchmark of the command line's start-up: ``samverka --help`` and a few commands' help.

Run from the repository root::

    .venv/bin/python -m benchmarks.start_up              # 5 runs of each command
    .venv/bin/python -m benchmarks.start_up --runs 9

Each command runs in a fresh process (``python -m samverka.cli`` is not needed: the installed
``samverka`` entry point is started the way a user starts it) and is timed from the outside:
the wall-clock time, and the CPU time (user + system) of the process from
``resource.getrusage``, which a busy machine does not inflate as much. The median of ``--runs``
runs is printed. Two settings are measured:

* ``as set up``: the environment as it is. When ``PYTHONDONTWRITEBYTECODE`` is set (as on some
  build machines), no module's bytecode is cached and every start compiles each imported module
  from its source.
* ``bytecode cached``: with the bytecode cached in a temporary directory
  (``PYTHONPYCACHEPREFIX``, filled by one run first), as in an installed deployment.

The last row, ``every group imported``, imports every command group as the command line did
before its groups were loaded lazily (issue 15, point 13): what each start cost then.

The report goes to stdout and progress to stderr. See ``benchmarks/README.md``.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
COMMANDS: tuple[tuple[str, ...], ...] = (
    ("--help",),
    ("accounts", "--help"),
    ("db", "--help"),
    ("rounds", "--help"),
    ("rounds", "run", "--help"),
    ("serve", "--help"),
    ("plan-document", "--help"),
)
EVERY_GROUP = (
    "from samverka.cli import COMMANDS\nfor name, command in COMMANDS.items():\n"
    "    command.load(name)\n"
)
TARGET_S = 1.0


@dataclass(frozen=True, slots=True)
class Timing:
    wall: float
    cpu: float


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.start_up", description="Time the command line's start-up."
    )
    parser.add_argument("--runs", type=int, default=5, help="runs of each command (median)")
    args = parser.parse_args(argv)
    samverka = shutil.which("samverka", path=str(Path(sys.executable).parent))
    if samverka is None:
        raise SystemExit("no samverka entry point beside this Python: run `python3 dev.py` first")
    lines = [
        f"{platform.processor() or platform.machine()}, {os.cpu_count()} CPUs; "
        f"Python {platform.python_version()}; load average {_load_average()}",
        f"median of {args.runs} runs, each in a fresh process; target < {TARGET_S:g} s",
    ]
    with tempfile.TemporaryDirectory(prefix="samverka-pycache-") as cache:
        settings = {
            "as set up": dict(os.environ),
            "bytecode cached": _cached(cache),
        }
        for label, env in settings.items():
            _progress(f"[{label}]")
            if label == "bytecode cached":
                for command in COMMANDS:  # fills the cache
                    _run([samverka, *command], env)
                _run([sys.executable, "-c", EVERY_GROUP], env)
            rows = []
            for command in COMMANDS:
                timing = _median([samverka, *command], env, args.runs)
                rows.append((f"samverka {' '.join(command)}", timing))
            rows.append(
                ("every group imported", _median([sys.executable, "-c", EVERY_GROUP], env, 1))
            )
            lines += ["", _describe(label, env), *_table(rows)]
    lines.append(f"load average at the end: {_load_average()}")
    print("\n".join(lines))


def _cached(cache: str) -> dict[str, str]:
    env = dict(os.environ, PYTHONPYCACHEPREFIX=cache)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def _describe(label: str, env: dict[str, str]) -> str:
    without = "PYTHONDONTWRITEBYTECODE" in env and "PYTHONPYCACHEPREFIX" not in env
    how = "no bytecode written (PYTHONDONTWRITEBYTECODE)" if without else "bytecode in the cache"
    return f"{label}: {how}"


def _median(command: list[str], env: dict[str, str], runs: int) -> Timing:
    timings = [_run(command, env) for _ in range(runs)]
    return Timing(
        statistics.median(t.wall for t in timings), statistics.median(t.cpu for t in timings)
    )


def _run(command: list[str], env: dict[str, str]) -> Timing:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(command, env=env, cwd=REPO_ROOT, capture_output=True, check=False)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{done.stderr.decode()}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    shown = "every group" if "-c" in command else " ".join(command[1:])
    _progress(f"  {shown}: {wall:.2f} s, cpu {cpu:.2f} s")
    return Timing(wall, cpu)


def _table(rows: list[tuple[str, Timing]]) -> list[str]:
    width = max(len(name) for name, _ in rows)
    lines = [f"{'command'.ljust(width)}  {'wall':>7}  {'cpu':>7}  under {TARGET_S:g} s (cpu)"]
    lines.append(f"{'-' * width}  {'-' * 7}  {'-' * 7}  {'-' * 17}")
    for name, timing in rows:
        met = "yes" if timing.cpu < TARGET_S else "no"
        lines.append(f"{name.ljust(width)}  {timing.wall:6.2f}s  {timing.cpu:6.2f}s  {met}")
    return lines


def _load_average() -> str:
    try:
        return " ".join(f"{value:.2f}" for value in os.getloadavg())
    except OSError:
        return "unknown"


def _progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


if __name__ == "__main__":
    main()
