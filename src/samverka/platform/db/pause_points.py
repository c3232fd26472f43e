"""Named points where a fault test can find, pause and kill a writer process.

With ``SAMVERKA_PAUSE_DIR`` set (development only, ``config.Settings``) a process leaves the
file ``<point>.reached`` in that directory at each named point of a writer
(``platform.db.writer_locks``: ``population_load.begin``, ``population_load.claimed``,
``population_load.locked``, ``population_load.commit``, and the same for ``admission_round``
and ``compensation_run``). At
the points listed in ``SAMVERKA_PAUSE_AT`` it then waits until ``<point>.release`` exists. So a
test knows for certain where the process is, without any sleep-and-hope: it waits for the
``.reached`` file, then kills the process (``kill -9``) or lets it go on. Without the settings
nothing happens at the points.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Collection
from pathlib import Path

POLL_SECONDS = 0.01
LONGEST_PAUSE_SECONDS = 600.0  # a test that forgot its process does not leave it forever


class PausePoints:
    def __init__(self, directory: Path, pause_at: Collection[str]) -> None:
        self._directory = directory
        self._pause_at = frozenset(pause_at)

    def __call__(self, point: str) -> None:
        (self._directory / f"{point}.reached").touch()
        if point not in self._pause_at:
            return
        release = self._directory / f"{point}.release"
        waited = 0.0
        while not release.exists():
            if waited > LONGEST_PAUSE_SECONDS:
                raise RuntimeError(f"paused at {point} and never released ({release})")
            time.sleep(POLL_SECONDS)
            waited += POLL_SECONDS


def pause_points(directory: str, pause_at: Collection[str]) -> Callable[[str], None] | None:
    """The checkpoint for a writer's named points, or None when no directory is set."""
    if not directory:
        return None
    return PausePoints(Path(directory), pause_at)
