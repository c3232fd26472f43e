"""What the admission's pages and its API share about a request: submitting an applicant's
choices as the applicant, a round's statistics, a school's ranking order. Both entry points use
it; neither imports the other."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from fastapi import Request

from samverka.admission.ports import UnitOfWork
from samverka.admission.queries.admission_statistics import (
    AdmissionStatistics,
    admission_statistics,
    default_round,
    latest_admission_year,
)
from samverka.admission.services.applications import ChoiceRequest, submit_choices
from samverka.errors import InvalidInput, RowError
from samverka.platform.access.domain.actors import Actor
from samverka.platform.clock import today
from samverka.platform.domain.personal_id import PersonalIdError, parse_personal_id
from samverka.platform.web.context import web_context


def submit_as_applicant(
    uow: UnitOfWork, actor: Actor, year: int, codes: Sequence[str], now: datetime
) -> None:
    """Save ``codes`` as the applicant's ranked choices, as the applicant: the windows apply."""
    submit_choices(
        uow,
        year=year,
        personal_id=str(actor.personal_id),
        choices=[ChoiceRequest(code) for code in codes],
        actor=actor,
        by_admission_office=False,
        now=now,
    )


# -- what the routes share with the API ----------------------------------------------------------
def round_statistics(request: Request, round_id: int | None) -> AdmissionStatistics:
    """The statistics of ``round_id``, or of the default round, of the newest year."""
    with web_context(request).reads() as session:
        year = latest_admission_year(session)
        chosen = default_round(session, year).id if round_id is None else round_id
        return admission_statistics(session, year, chosen)


def ranking_order(lines: list[str], field: str) -> list[str]:
    """Identity numbers in rank order, in canonical form; blank lines are skipped. Malformed
    numbers and numbers named twice are all reported at once."""
    order, errors = [], []
    for line, text in enumerate(lines, start=1):
        if not text.strip():
            continue
        try:
            who = parse_personal_id(text, today=today()).canonical
        except PersonalIdError as error:
            errors.append(RowError("request", line, field, str(error)))
            continue
        if who in order:
            errors.append(RowError("request", line, field, f"{who} is named twice"))
        order.append(who)
    if errors:
        raise InvalidInput(errors)
    return order
