#!/usr/bin/env python3
"""Set up Samverka's environment and run its main jobs. Standard library only.

    python3 dev.py demo    set up, then build and run the demo admission
    python3 dev.py test    set up, then run every check and the whole test suite
    python3 dev.py bench   set up, then run the benchmarks

Setting up means: a small bootstrap environment with a pinned uv (from PyPI), then
``uv sync --frozen`` into ``.venv`` from the committed ``uv.lock``, using this Python.
"""

from __future__ import annotations

import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
BOOTSTRAP = ROOT / ".cache" / "bootstrap"
VENV = ROOT / ".venv"
UV_VERSION = "0.13.9"

CHECKS: list[tuple[str, list[str]]] = [
    ("ruff lint", ["ruff", "check", "src", "tests", "benchmarks", "docs", "dev.py"]),
    ("ruff format", ["ruff", "format", "--check", "src", "tests", "benchmarks", "docs", "dev.py"]),
    ("mypy --strict", ["mypy", "--strict"]),
    ("import contracts", ["lint-imports"]),
    ("pytest", ["pytest"]),
]


def _bin(environment: Path, name: str) -> Path:
    return environment / ("Scripts" if os.name == "nt" else "bin") / name


def set_up() -> dict[str, str]:
    if sys.version_info < (3, 11):  # noqa: UP036 - dev.py may be started by an older Python
        sys.exit("Samverka needs Python 3.11 or newer.")
    uv = _bin(BOOTSTRAP, "uv")
    if not uv.exists():
        print(f"Installing uv {UV_VERSION} into {BOOTSTRAP.relative_to(ROOT)} …", flush=True)
        venv.EnvBuilder(with_pip=True, clear=True).create(BOOTSTRAP)
        pip = [str(_bin(BOOTSTRAP, "python")), "-m", "pip", "install", "--quiet"]
        subprocess.run([*pip, f"uv=={UV_VERSION}"], check=True)
    env = dict(os.environ, UV_PROJECT_ENVIRONMENT=str(VENV), UV_PYTHON_DOWNLOADS="never")
    env["PATH"] = f"{_bin(VENV, '')}{os.pathsep}{env.get('PATH', '')}"
    sync = [str(uv), "sync", "--frozen", "--python", sys.executable, "--quiet"]
    subprocess.run(sync, check=True, cwd=ROOT, env=env)
    return env


def run_checks(env: dict[str, str], extra: list[str]) -> int:
    failed = []
    for name, command in CHECKS:
        print(f"\n=== {name}: {' '.join(command)}", flush=True)
        args = [*command, *extra] if name == "pytest" else command
        if subprocess.run(args, cwd=ROOT, env=env).returncode != 0:
            failed.append(name)
    print("\n=== " + (f"FAILED: {', '.join(failed)}" if failed else "all checks passed"))
    return 1 if failed else 0


def main(argv: list[str]) -> int:
    job, extra = (argv[0], argv[1:]) if argv else ("", [])
    if job not in {"demo", "test", "bench"}:
        print(__doc__)
        return 2
    env = set_up()
    if job == "test":
        return run_checks(env, extra)
    if job == "bench":
        command = [str(_bin(VENV, "python")), "-m", "benchmarks.engine", *extra]
        return subprocess.run(command, cwd=ROOT, env=env).returncode
    return subprocess.run(["samverka", "demo", *extra], cwd=ROOT, env=env).returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
