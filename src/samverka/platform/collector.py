"""Python's cyclic garbage collector paused for a batch of work (issue 15, point 14).

A round, a registration of the year's applications, a monthly compensation run and a batch of
audit records each make hundreds of thousands of small objects without a cycle among them;
every so many of them the collector would walk the whole heap (the year's data in memory), which
cost more than the work itself. Their memory is freed by reference counting as ever; the
collector resumes afterwards, unless it was paused already.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """The cyclic garbage collector paused inside the ``with`` block."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()
