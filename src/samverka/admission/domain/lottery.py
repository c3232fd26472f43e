"""Lottery numbers (lottning), the last tie-break: drawn from a seed that is an input.

The seed is recorded with every run, so the same seed and the same applicants always give the
same numbers. Numbers are a permutation of 1..n (no two applicants share one); a lower number
wins a tie. Numbers already given (for example fixed by an earlier draw) are kept, and the
drawn ones avoid them.
"""

from __future__ import annotations

import numpy as np

from samverka.admission.domain.matching_problem import IntArray


def draw_lottery(count: int, seed: int, *, taken: IntArray | None = None) -> IntArray:
    """``count`` distinct positive numbers drawn by ``seed``, none of them in ``taken``."""
    taken_set = np.unique(taken) if taken is not None else np.zeros(0, dtype=np.int64)
    pool = np.setdiff1d(np.arange(1, count + len(taken_set) + 1, dtype=np.int64), taken_set)
    generator = np.random.Generator(np.random.PCG64(seed))
    return generator.permutation(pool)[:count].astype(np.int64)


def complete_lottery(given: list[int | None], seed: int) -> IntArray:
    """The given numbers, with the missing ones drawn by ``seed`` around them."""
    numbers = np.array([-1 if number is None else number for number in given], dtype=np.int64)
    missing = numbers < 0
    numbers[missing] = draw_lottery(int(missing.sum()), seed, taken=numbers[~missing])
    return numbers
