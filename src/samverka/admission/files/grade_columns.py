"""Grades written one column per subject code (SV, EN, MA, … M2, ML), as both imports use.

A cell holds A–F or nothing. A retake column lists the subjects (separated by spaces or
commas) whose grade came from prövning or an introductory programme; each must be a known
subject with a grade in the row. Every problem is logged with the row's line and the column.
"""

from __future__ import annotations

from samverka.admission.domain.grades import SUBJECTS, Grade, parse_grade_letter
from samverka.errors import N_, BadValue
from samverka.platform.files.csv_table import ErrorLog, Row


def read_grade_columns(row: Row, retake_column: str, log: ErrorLog) -> tuple[Grade, ...] | None:
    """The row's grades in ``SUBJECTS`` order, or None when any cell is not a grade."""
    retakes = _retakes(row, retake_column, log)
    grades, ok = [], True
    for subject in SUBJECTS:
        text = row.values.get(subject)
        if not text:
            continue
        try:
            grades.append(Grade(subject, parse_grade_letter(text), subject in retakes))
        except BadValue as error:
            log.add(row.source, row.line, subject, error.text, **error.parameters)
            ok = False
    return tuple(grades) if ok else None


def _retakes(row: Row, column: str, log: ErrorLog) -> set[str]:
    codes = row.text(column).upper().replace(",", " ").split()
    for code in codes:
        if code not in SUBJECTS:
            log.add(row.source, row.line, column, N_("Okänd ämneskod %(code)s."), code=repr(code))
        elif not row.values.get(code):
            log.add(
                row.source, row.line, column, N_("%(code)s har inget betyg på raden."), code=code
            )
    return set(codes)
