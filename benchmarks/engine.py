"""Benchmark of the admission engine against the ``matching`` and ``algmatch`` packages.

Run from the repository root::

    .venv/bin/python -m benchmarks.engine            # 30,000, 100,000 and 1,000,000 applicants
    .venv/bin/python -m benchmarks.engine --quick    # smoke run, well under a minute
    .venv/bin/python benchmarks/engine.py --sizes 30000,100000
    .venv/bin/python -m benchmarks.engine --plain    # without fri kvot and school rankings

Every measurement runs in a fresh process (``benchmarks.worker``) on one thread, so that peak
memory is that step's own and a package that runs too long can be killed. The instance of a
size is the same for every tool (same seed). See ``benchmarks/README.md`` for what each figure
means.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path
from typing import Any

import numpy as np

REPO_ROOT = Path(__file__).resolve().parent.parent
OTHERS = ("matching", "algmatch")
DEFAULT_SIZES = (30_000, 100_000, 1_000_000)
QUICK_SIZES = (3_000, 30_000)
ONE_THREAD = {
    "NUMBA_NUM_THREADS": "1",
    "OMP_NUM_THREADS": "1",
    "OPENBLAS_NUM_THREADS": "1",
    "MKL_NUM_THREADS": "1",
}
TARGET_30K_S = 0.050
TARGET_1M_S = 1.0
TARGET_SPEEDUP_100K = 50.0


@dataclass(frozen=True, slots=True)
class Options:
    sizes: tuple[int, ...]
    runs: int
    seed: int
    max_choices: int
    varied_choices: bool
    plain: bool
    other_timeout: float
    other_max_size: int
    verify_timeout: float


@dataclass(slots=True)
class OtherRun:
    """One package at one size: ``status`` is ok, over_bound, timeout or skipped."""

    status: str
    result: dict[str, Any] | None = None
    agrees: bool | None = None

    @property
    def total_s(self) -> float | None:
        if self.result is None:
            return None
        return float(self.result["build_s"] + self.result["solve_s"])


@dataclass(slots=True)
class SizeResult:
    applicants: int
    engine: dict[str, Any]
    others: dict[str, OtherRun] = field(default_factory=dict)
    placed: int = 0


def main(argv: list[str] | None = None) -> None:
    options = _options(argv)
    _progress(_settings(options))
    timed_out: set[str] = set()
    with tempfile.TemporaryDirectory(prefix="samverka-bench-") as tmp:
        results = [
            _bench_size(n, options, Path(tmp), timed_out, verify=index == 0)
            for index, n in enumerate(options.sizes)
        ]
    print(_report(results, options))


def _options(argv: list[str] | None) -> Options:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.engine",
        description="Time the admission engine and compare it with matching and algmatch.",
    )
    parser.add_argument("--sizes", type=_sizes, help="comma-separated applicant counts")
    parser.add_argument("--quick", action="store_true", help="sizes 3,000 and 30,000, fewer runs")
    parser.add_argument("--runs", type=int, help="timed engine runs per step (7; 3 with --quick)")
    parser.add_argument("--seed", type=int, default=20_250_401)
    parser.add_argument("--max-choices", type=int, default=10)
    parser.add_argument(
        "--varied-choices", action="store_true", help="1..max choices each, not exactly max"
    )
    parser.add_argument(
        "--plain",
        action="store_true",
        help="no fri-kvot places and no school-ranked offerings (the earlier instances)",
    )
    parser.add_argument(
        "--other-timeout", type=float, help="seconds per package run (120; 30 with --quick)"
    )
    parser.add_argument(
        "--other-max-size",
        type=int,
        help="largest size the packages try (100,000; the smallest with --quick)",
    )
    parser.add_argument(
        "--verify-timeout",
        type=float,
        default=1800.0,
        help="seconds a package may take at the smallest size, where placements are compared",
    )
    args = parser.parse_args(argv)
    sizes = args.sizes or (QUICK_SIZES if args.quick else DEFAULT_SIZES)
    return Options(
        sizes=tuple(sorted(sizes)),
        runs=args.runs or (3 if args.quick else 7),
        seed=args.seed,
        max_choices=args.max_choices,
        varied_choices=args.varied_choices,
        plain=args.plain,
        other_timeout=args.other_timeout or (30.0 if args.quick else 120.0),
        other_max_size=args.other_max_size or (min(sizes) if args.quick else 100_000),
        verify_timeout=args.verify_timeout,
    )


def _sizes(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in text.split(","))


def _settings(options: Options) -> str:
    choices = "1.." if options.varied_choices else "exactly "
    special = (
        "no fri kvot or school rankings"
        if options.plain
        else "fri kvot on 20 % of offerings, school rankings on 2 %"
    )
    return (
        f"sizes {', '.join(f'{n:,}' for n in options.sizes)}; {choices}{options.max_choices}"
        f" choices each; {special}; seed {options.seed}; {options.runs} timed engine runs per step;"
        f" packages up to {options.other_max_size:,} applicants,"
        f" {options.other_timeout:g} s per run ({options.verify_timeout:g} s at the smallest"
        " size, where placements are compared)"
    )


def _bench_size(
    n: int, options: Options, tmp: Path, timed_out: set[str], *, verify: bool
) -> SizeResult:
    """The engine, then each package, at one size; compares placements when both finished."""
    _progress(f"[{n:,}] engine")
    engine = _run_worker("engine", n, options, tmp / f"engine-{n}.npy", timeout=None)
    ours = np.load(tmp / f"engine-{n}.npy")
    result = SizeResult(n, engine, placed=int(np.count_nonzero(ours >= 0)))
    for tool in OTHERS:
        if n > options.other_max_size or tool in timed_out:
            result.others[tool] = OtherRun("skipped")
            continue
        timeout = max(options.other_timeout, options.verify_timeout if verify else 0.0)
        _progress(f"[{n:,}] {tool} (killed after {timeout:g} s)")
        run = _run_other(tool, n, options, tmp, timeout)
        if run.result is not None:
            run.agrees = bool(np.array_equal(np.load(tmp / f"{tool}-{n}.npy"), ours))
        if run.status == "timeout":
            timed_out.add(tool)
        result.others[tool] = run
    return result


def _run_other(tool: str, n: int, options: Options, tmp: Path, timeout: float) -> OtherRun:
    try:
        result = _run_worker(tool, n, options, tmp / f"{tool}-{n}.npy", timeout=timeout)
    except subprocess.TimeoutExpired:
        return OtherRun("timeout")
    total = result["build_s"] + result["solve_s"]
    return OtherRun("ok" if total <= options.other_timeout else "over_bound", result)


def _run_worker(
    tool: str, n: int, options: Options, placements: Path, *, timeout: float | None
) -> dict[str, Any]:
    """Run one worker; kill it and raise ``TimeoutExpired`` after ``timeout`` s of measuring."""
    command = [sys.executable, "-m", "benchmarks.worker", tool, "--applicants", str(n)]
    command += ["--seed", str(options.seed), "--max-choices", str(options.max_choices)]
    command += ["--runs", str(options.runs), "--placements", str(placements)]
    command += ["--varied-choices"] if options.varied_choices else []
    command += ["--plain"] if options.plain else []
    started = time.perf_counter()
    with subprocess.Popen(
        command, cwd=REPO_ROOT, env=os.environ | ONE_THREAD, stdout=subprocess.PIPE, text=True
    ) as worker:
        assert worker.stdout is not None
        if worker.stdout.readline().strip() != "ready":
            raise RuntimeError(f"the {tool} worker failed before measuring (see above)")
        try:
            output, _ = worker.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.communicate()
            _progress(f"    killed after {timeout:g} s")
            raise
    if worker.returncode != 0:
        raise RuntimeError(f"the {tool} worker failed with exit code {worker.returncode}")
    _progress(f"    done in {time.perf_counter() - started:.1f} s")
    result: dict[str, Any] = json.loads(output)
    return result


def _progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------------------------
# The report


def _report(results: list[SizeResult], options: Options) -> str:
    sections = [
        ("Engine (one thread; times are medians of the timed runs)", _engine_table(results)),
        ("Fri kvot and school rankings in the instance", _special_table(results)),
        ("Peak memory (MiB above the RSS at the start of the step)", _memory_table(results)),
        (
            "Other packages (one run each: build the game from dicts + solve)",
            _comparison_table(results, options),
        ),
        ("Same placements as the engine?", _verification(results)),
    ]
    body = "\n\n".join(f"{title}\n{text}" for title, text in sections)
    return f"{_machine()}\n{_settings(options)}\n\n{body}"


def _machine() -> str:
    versions = ", ".join(f"{name} {version(name)}" for name in ("numpy", "numba", *OTHERS))
    return f"{_cpu_model()}, {os.cpu_count()} CPUs; Python {platform.python_version()}, {versions}"


def _cpu_model() -> str:
    with open("/proc/cpuinfo") as cpuinfo:
        for line in cpuinfo:
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.machine()


def _engine_table(results: list[SizeResult]) -> str:
    headers = ["applicants", "offerings", "choice rows", "places", "generate", "1st call"]
    headers += ["solve", "solve min–max", "solve CPU", "proposals", "proposals/s"]
    headers += ["certificate", "outcome"]
    headers += ["target"]
    rows = []
    for r in results:
        e = r.engine
        solve_s = statistics.median(e["solve_s"])
        rows.append(
            [
                f"{r.applicants:,}",
                f"{e['offerings']:,}",
                f"{e['choice_rows']:,}",
                f"{e['capacity']:,}",
                _seconds(e["generate_s"]),
                _seconds(e["first_call_s"]),
                _seconds(solve_s),
                f"{_seconds(min(e['solve_s']))}–{_seconds(max(e['solve_s']))}",
                _seconds(e["solve_cpu_s"]),
                f"{e['proposals']:,}",
                f"{e['proposals'] / solve_s / 1e6:.1f} M",
                _seconds(statistics.median(e["certificate_s"])),
                _seconds(statistics.median(e["outcome_s"])),
                _engine_target(r.applicants, e["choice_rows"], solve_s),
            ]
        )
    return _table(headers, rows)


def _engine_target(applicants: int, choice_rows: int, solve_s: float) -> str:
    if applicants == 30_000:
        return _verdict(f"< {TARGET_30K_S * 1000:g} ms", solve_s < TARGET_30K_S)
    if applicants == 1_000_000 and choice_rows == 10 * applicants:
        return _verdict(f"< {TARGET_1M_S:g} s", solve_s < TARGET_1M_S)
    return ""


def _special_table(results: list[SizeResult]) -> str:
    headers = ["applicants", "offerings with fri kvot", "fri-kvot places", "choices granted it"]
    headers += ["offerings ranked by the school", "choices ranked"]
    rows = []
    for r in results:
        e = r.engine
        rows.append(
            [
                f"{r.applicants:,}",
                f"{e['quota_offerings']:,}",
                f"{e['quota_places']:,}",
                f"{e['quota_grants']:,}",
                f"{e['ranked_offerings']:,}",
                f"{e['ranked_rows']:,}",
            ]
        )
    return _table(headers, rows)


def _memory_table(results: list[SizeResult]) -> str:
    headers = ["applicants", "instance arrays", "RSS with instance", "solve", "certificate"]
    headers += ["outcome", *OTHERS]
    rows = []
    for r in results:
        e = r.engine
        row = [f"{r.applicants:,}", _mib(e["instance_mib"]), _mib(e["instance_rss_mib"])]
        row += [_mib(e[f"{step}_peak_mib"]) for step in ("solve", "certificate", "outcome")]
        row += [_other_memory(r.others[tool]) for tool in OTHERS]
        rows.append(row)
    if all(r.engine["peak_is_per_step"] for r in results):
        return _table(headers, rows)
    return _table(headers, rows) + "\nThe RSS high-water mark could not be reset: process peaks."


def _other_memory(run: OtherRun) -> str:
    return _mib(run.result["peak_mib"]) if run.result is not None else "—"


def _comparison_table(results: list[SizeResult], options: Options) -> str:
    headers = ["applicants", "engine solve", *OTHERS, "speed-up vs fastest", "target"]
    rows = []
    for r in results:
        solve_s = statistics.median(r.engine["solve_s"])
        speedup = _speedup(r, solve_s, options)
        target = ""
        if r.applicants == 100_000:
            target = _verdict(f"≥ {TARGET_SPEEDUP_100K:g}×", _speedup_met(r, solve_s, options))
        row = [f"{r.applicants:,}", _seconds(solve_s)]
        row += [_other_cell(r.others[tool], options) for tool in OTHERS]
        rows.append([*row, speedup, target])
    return _table(headers, rows)


def _other_cell(run: OtherRun, options: Options) -> str:
    bound = f"{options.other_timeout:g} s"
    if run.status == "skipped":
        return "skipped (>timeout)"
    if run.status == "timeout" or run.result is None:
        return f"timeout (>{bound})"
    build, solve = run.result["build_s"], run.result["solve_s"]
    cell = f"{_seconds(build + solve)} ({_seconds(build)} + {_seconds(solve)})"
    return cell if run.status == "ok" else f"{cell}, over {bound}"


def _fastest_other(r: SizeResult) -> float | None:
    """The fastest finished package's time, or None if none finished."""
    times = [t for run in r.others.values() if (t := run.total_s) is not None]
    return min(times) if times else None


def _speedup(r: SizeResult, solve_s: float, options: Options) -> str:
    fastest = _fastest_other(r)
    if fastest is not None:
        return f"{fastest / solve_s:,.0f}×"
    if all(run.status == "timeout" for run in r.others.values()):
        return f"> {options.other_timeout / solve_s:,.0f}× (all timed out)"
    return "n/a (skipped)"


def _speedup_met(r: SizeResult, solve_s: float, options: Options) -> bool:
    """Whether the speed-up at this size reaches the target (a timeout is a lower bound)."""
    fastest = _fastest_other(r)
    if fastest is None and all(run.status == "timeout" for run in r.others.values()):
        fastest = options.other_timeout
    return fastest is not None and fastest / solve_s >= TARGET_SPEEDUP_100K


def _verification(results: list[SizeResult]) -> str:
    lines = []
    for r in results:
        for tool, run in r.others.items():
            if run.agrees is None:
                continue
            verdict = "identical" if run.agrees else "DIFFERENT"
            lines.append(
                f"{r.applicants:,} applicants, {tool}: {verdict} placements"
                f" ({r.placed:,} placed by the engine, {r.applicants - r.placed:,} unplaced)"
            )
    return "\n".join(lines) or "(no package finished, nothing compared)"


def _verdict(target: str, met: bool) -> str:
    return f"{target}: {'met' if met else 'MISSED'}"


def _seconds(seconds: float) -> str:
    if seconds < 1:
        return f"{seconds * 1000:.1f} ms"
    return f"{seconds:.2f} s" if seconds < 100 else f"{seconds:.0f} s"


def _mib(mib: float) -> str:
    return f"{mib:,.0f}" if mib >= 10 else f"{mib:.1f}"


def _table(headers: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(cell) for cell in column) for column in zip(headers, *rows, strict=True)]
    lines = [headers, ["-" * width for width in widths], *rows]
    return "\n".join(
        "  ".join(cell.rjust(width) for cell, width in zip(line, widths, strict=True)).rstrip()
        for line in lines
    )


if __name__ == "__main__":
    main()
