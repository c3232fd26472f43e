"""One measurement in a fresh process, started by ``benchmarks.engine``.

``python -m benchmarks.worker TOOL --applicants N [...]`` generates the synthetic instance,
prints ``ready`` (the parent starts its timeout from there), measures TOOL on it, saves every
applicant's placed offering (-1 when unplaced) to ``--placements`` and prints one JSON object.

TOOL is ``engine`` (this project's ``solve``, ``find_violations`` and ``compute_outcome``),
``matching`` (``HospitalResident`` built from dicts and solved resident-optimal) or
``algmatch`` (``HospitalResidentsProblem`` from a dict, resident-optimal). The packages know
nothing of fri kvot, so they get the instance's quota expansion (``quota_expansion.expand``:
each quota offering as two offerings) and their placements are read back to real offerings;
the engine solves the instance itself. ``--plain`` leaves fri kvot and school rankings out.

Times are wall-clock (``time.perf_counter``). The engine's steps are timed ``--runs`` times
after a first call that loads (or compiles) the Numba code; each package runs once. The solve
step's CPU time (``time.process_time``, the mean of the runs) is reported beside it: on a
machine shared with other work, wall-clock time includes waiting for a core, CPU time not.

Peak memory is the resident set (RSS), so it sees Numba's allocations too, which tracemalloc
does not. For each measured call the kernel's high-water mark is reset
(``/proc/self/clear_refs``) and the figure is the new high-water mark minus the RSS at the
start of the call. glibc is first told to map every allocation of 128 KiB or more afresh and to
return it when freed; otherwise pages kept from earlier runs would hide the peak. The engine's
peaks come from one extra call of each step, after the timed runs, so the timings are not
affected by that setting.
"""

from __future__ import annotations

import argparse
import ctypes
import dataclasses
import json
import resource
import sys
import threading
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from benchmarks.synthetic import (
    PreferenceDicts,
    SyntheticConfig,
    generate,
    preference_dicts,
)
from samverka.admission.domain.certificate import find_violations
from samverka.admission.domain.deferred_acceptance import solve
from samverka.admission.domain.matching_problem import IntArray, MatchingProblem
from samverka.admission.domain.outcome import compute_outcome
from samverka.admission.domain.quota_expansion import expand

TOOLS = ("engine", "matching", "algmatch")
_MATCHING_STACK_BYTES = 1 << 30
_M_MMAP_THRESHOLD = -3  # mallopt parameter (glibc malloc.h)

Build = Callable[[], Any]
Run = Callable[[Any], IntArray]


@dataclass(frozen=True, slots=True)
class OneCall:
    """Wall-clock seconds of one call, its extra peak memory and its value."""

    seconds: float
    peak_mib: float
    value: Any


def main(argv: list[str] | None = None) -> None:
    args = _parse(argv)
    config = SyntheticConfig(
        args.applicants,
        max_choices=args.max_choices,
        exact_choices=not args.varied_choices,
        seed=args.seed,
        special_offerings=not args.plain,
    )
    _progress(f"generating {args.applicants:,} applicants")
    started = time.perf_counter()
    problem = generate(config)
    result: dict[str, Any] = {
        "generate_s": time.perf_counter() - started,
        "applicants": problem.applicant_count,
        "offerings": problem.offering_count,
        "choice_rows": problem.choice_count,
        "capacity": int(problem.capacity.sum()),
        "instance_mib": _instance_mib(problem),
        "instance_rss_mib": _rss_kib() / 1024,
        **_special_offerings(problem),
    }
    if args.tool == "engine":
        result |= _measure_engine(problem, args.runs, args.placements)
    else:
        result |= _measure_other(args.tool, problem, args.placements)
    print(json.dumps(result), flush=True)


def _parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="One benchmark measurement (see the module).")
    parser.add_argument("tool", choices=TOOLS)
    parser.add_argument("--applicants", type=int, required=True)
    parser.add_argument("--seed", type=int, required=True)
    parser.add_argument("--max-choices", type=int, required=True)
    parser.add_argument("--varied-choices", action="store_true")
    parser.add_argument("--plain", action="store_true", help="no fri kvot or school rankings")
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--placements", type=Path, required=True)
    return parser.parse_args(argv)


def _progress(message: str) -> None:
    print(f"    {message}", file=sys.stderr, flush=True)


def _signal_ready() -> None:
    """Tell the parent that the instance is built and the timed part begins."""
    print("ready", flush=True)


def _measure_engine(problem: MatchingProblem, runs: int, placements: Path) -> dict[str, Any]:
    _progress("validating the instance")
    problem.validate()
    _signal_ready()
    _progress("first call (Numba compiles, or loads its cache)")
    first_call, _ = _timed(lambda: solve(problem), 1)
    _progress(f"solve × {runs}")
    cpu_before = time.process_time()
    solve_s, matching = _timed(lambda: solve(problem), runs)
    solve_cpu_s = (time.process_time() - cpu_before) / runs
    _progress(f"certificate × {runs}")
    certificate_s, violations = _timed(lambda: find_violations(problem, matching), runs)
    if violations:
        raise SystemExit(f"the certificate found violations: {violations[:3]}")
    _progress(f"outcome × {runs}")
    outcome_s, _ = _timed(lambda: compute_outcome(problem, matching), runs)
    placed = matching.placed_row
    np.save(placements, np.where(placed >= 0, problem.choice_offering[placed], -1))
    _progress("peak memory: one more call of each step")
    per_step = _fresh_allocations()
    return {
        "first_call_s": first_call[0],
        "solve_s": solve_s,
        "solve_cpu_s": solve_cpu_s,
        "proposals": matching.proposals,
        "certificate_s": certificate_s,
        "outcome_s": outcome_s,
        "solve_peak_mib": _one_call(lambda: solve(problem)).peak_mib,
        "certificate_peak_mib": _one_call(lambda: find_violations(problem, matching)).peak_mib,
        "outcome_peak_mib": _one_call(lambda: compute_outcome(problem, matching)).peak_mib,
        "peak_is_per_step": per_step,
    }


def _measure_other(tool: str, problem: MatchingProblem, placements: Path) -> dict[str, Any]:
    _progress("building preference dicts")
    real_offering = np.arange(problem.offering_count, dtype=np.int64)
    if problem.quotas is not None:
        expansion = expand(problem)
        problem, real_offering = expansion.problem, expansion.real_offering
    dicts = preference_dicts(problem)
    build, run = (_matching if tool == "matching" else _algmatch)(dicts)
    per_step = _fresh_allocations()
    _signal_ready()
    _progress(f"{tool}: build, then solve")
    both = _one_call(lambda: _build_then_run(build, run))
    build_s, solve_s, placed = both.value
    np.save(placements, np.where(placed >= 0, real_offering[np.maximum(placed, 0)], -1))
    return {
        "build_s": build_s,
        "solve_s": solve_s,
        "peak_mib": both.peak_mib,
        "peak_is_per_step": per_step,
    }


def _build_then_run(build: Build, run: Run) -> tuple[float, float, IntArray]:
    """Seconds to build the package's instance, seconds to solve it, and the placements."""
    started = time.perf_counter()
    instance = build()
    built = time.perf_counter()
    placed = run(instance)
    return built - started, time.perf_counter() - built, placed


def _matching(dicts: PreferenceDicts) -> tuple[Build, Run]:
    """``matching``: its game deep-copies the players recursively, so it runs in a thread with
    a large stack and a raised recursion limit (it fails at 2,000 applicants otherwise)."""
    from matching.games import HospitalResident  # type: ignore[import-untyped]

    sys.setrecursionlimit(10_000_000)
    threading.stack_size(_MATCHING_STACK_BYTES)
    warnings.simplefilter("ignore")  # offerings nobody ranks; the game keeps them anyway

    def build() -> Any:
        return _in_big_stack_thread(
            lambda: HospitalResident.create_from_dictionaries(
                dicts.applicant_prefs, dicts.offering_prefs, dicts.capacities
            )
        )

    def run(game: Any) -> IntArray:
        _in_big_stack_thread(lambda: game.solve(optimal="resident"))
        placed = np.full(len(dicts.applicant_prefs), -1, dtype=np.int64)
        for resident in game.residents:
            if resident.matching is not None:
                placed[resident.name] = resident.matching.name
        return placed

    return build, run


def _in_big_stack_thread(func: Callable[[], Any]) -> Any:
    """Run ``func`` in a new thread (created with ``threading.stack_size``) and return its value."""
    box: list[Any] = []
    thread = threading.Thread(target=lambda: box.append(func()))
    thread.start()
    thread.join()
    if not box:
        raise SystemExit("the matching package failed; see the traceback above")
    return box[0]


def _algmatch(dicts: PreferenceDicts) -> tuple[Build, Run]:
    """``algmatch``: the dictionary input with integer ids; solving also checks stability."""
    from algmatch import HospitalResidentsProblem  # type: ignore[import-untyped]

    instance = {
        "residents": dicts.applicant_prefs,
        "hospitals": {
            o: {"capacity": capacity, "preferences": dicts.offering_prefs[o]}
            for o, capacity in dicts.capacities.items()
        },
    }

    def build() -> Any:
        return HospitalResidentsProblem(dictionary=instance, optimised_side="residents")

    def run(solver: Any) -> IntArray:
        matching = solver.get_stable_matching()
        if matching is None:
            raise SystemExit("algmatch found its own matching unstable")
        placed = np.full(len(dicts.applicant_prefs), -1, dtype=np.int64)
        for resident, hospital in matching["resident_sided"].items():
            if hospital:
                placed[int(resident[1:])] = int(hospital[1:])
        return placed

    return build, run


def _timed(func: Callable[[], Any], runs: int) -> tuple[list[float], Any]:
    """Wall-clock seconds of ``runs`` calls, and the last call's value."""
    seconds: list[float] = []
    value: Any = None
    for _ in range(runs):
        value = None  # free the previous result before the next run allocates its own
        started = time.perf_counter()
        value = func()
        seconds.append(time.perf_counter() - started)
    return seconds, value


def _one_call(func: Callable[[], Any]) -> OneCall:
    """One call; its peak is the RSS high-water mark above the RSS at the start."""
    start_kib = _rss_kib()
    _reset_peak()
    started = time.perf_counter()
    value = func()
    seconds = time.perf_counter() - started
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return OneCall(seconds, max(peak_kib - start_kib, 0) / 1024, value)


def _instance_mib(problem: MatchingProblem) -> float:
    return _nbytes(problem) / 2**20


def _nbytes(value: Any) -> int:
    """Bytes of every array in ``value``, a dataclass of arrays and dataclasses of arrays."""
    if isinstance(value, np.ndarray):
        return int(value.nbytes)
    if dataclasses.is_dataclass(value):
        return sum(_nbytes(getattr(value, f.name)) for f in dataclasses.fields(value))
    return 0


def _special_offerings(problem: MatchingProblem) -> dict[str, int]:
    """How much fri kvot and school ranking the instance holds."""
    quotas, ranking = problem.quotas, problem.ranking
    return {
        "quota_offerings": 0 if quotas is None else int(np.count_nonzero(quotas.places)),
        "quota_places": 0 if quotas is None else int(quotas.places.sum()),
        "quota_grants": 0 if quotas is None else int(np.count_nonzero(quotas.claim)),
        "ranked_offerings": 0 if ranking is None else int(np.count_nonzero(ranking.ranked)),
        "ranked_rows": 0 if ranking is None else int(np.count_nonzero(ranking.rank)),
    }


def _rss_kib() -> int:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise RuntimeError("no VmRSS in /proc/self/status")


def _fresh_allocations() -> bool:
    """Have glibc map every allocation of 128 KiB or more afresh and unmap it when freed.

    Otherwise pages freed by earlier runs stay in the process and hide a step's peak. Returns
    whether that, and resetting the high-water mark, are possible here.
    """
    try:
        libc = ctypes.CDLL(None)
        fixed = libc.mallopt(_M_MMAP_THRESHOLD, 128 * 1024) == 1
        libc.malloc_trim(0)
    except AttributeError:  # not glibc
        return False
    return fixed and _reset_peak()


def _reset_peak() -> bool:
    """Reset the kernel's RSS high-water mark (Linux ≥ 4.0); False if not allowed."""
    try:
        with open("/proc/self/clear_refs", "w") as clear_refs:
            clear_refs.write("5")
    except OSError:
        return False
    return True


if __name__ == "__main__":
    main()
