"""The admission year a command works on: the one asked for, or the newest in the database."""

from __future__ import annotations

from samverka.platform.cli.context import reading_session


def chosen_year(year: int | None) -> int:
    """``year``, or the newest admission year in the configured database."""
    if year is not None:
        return year
    # imported here: a command group's help needs no database (issue 15, point 13)
    from samverka.admission.queries.admission_statistics import latest_admission_year

    with reading_session() as session:
        return latest_admission_year(session)
