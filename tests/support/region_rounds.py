"""A small demo region in a database with published rounds: what the tests of the read side's
SQL share (the statistics, a school's offering page, the statements per page)."""

from __future__ import annotations

import random
from datetime import UTC, datetime
from typing import Final

from samverka.admission.demo import DemoRegion, build_demo_region, loading_steps
from samverka.admission.domain.replies import ReplyKind
from samverka.admission.domain.rounds import RoundKind
from samverka.admission.ports import UnitOfWork
from samverka.admission.services.applications import ChoiceRequest, register_applications
from samverka.admission.services.replies import register_replies
from samverka.admission.services.rounds import publish_round, run_round
from samverka.platform.access.domain.actors import Actor, Role

YEAR: Final = 2026
OFFICE: Final = Actor("test", Role.OFFICER, "test")
PLAN: Final = (
    (RoundKind.PRELIMINARY, datetime(YEAR, 4, 15, tzinfo=UTC)),
    (RoundKind.FINAL, datetime(YEAR, 7, 1, tzinfo=UTC)),
    (RoundKind.RESERVE, datetime(YEAR, 8, 1, tzinfo=UTC)),
)
AFTER_ROUNDS: Final = datetime(YEAR, 8, 20, tzinfo=UTC)


def region_with_rounds(
    uow: UnitOfWork, *, applicants: int, seed: int = 11
) -> tuple[DemoRegion, list[int]]:
    """The demo region of ``applicants`` loaded, a preliminary, a final and a reserve round
    run and published (a tenth of the applicants declined the final round's offer), and then
    the choices of 20 applicants changed; the region and the rounds' ids."""
    region = build_demo_region(year=YEAR, applicants=applicants, seed=seed)
    for _label, step in loading_steps(uow, region, year=YEAR, actor=OFFICE):
        step()
    draw = random.Random(seed)
    stored = []
    for kind, now in PLAN:
        summary = run_round(uow, year=YEAR, kind=kind, seed=seed, actor=OFFICE, now=now)
        publish_round(uow, year=YEAR, round_id=summary.round_id, actor=OFFICE, now=now)
        stored.append(summary.round_id)
        if kind is RoundKind.FINAL:
            replies = {pid: ReplyKind.DECLINE for pid in region.applications if draw.random() < 0.1}
            register_replies(uow, year=YEAR, replies=replies, actor=OFFICE, now=now)
    later = {
        pid: [ChoiceRequest(chosen[-1].offering_code)]
        for pid, chosen in list(region.applications.items())[:20]
    }
    register_applications(
        uow,
        year=YEAR,
        applications=later,
        actor=OFFICE,
        by_admission_office=True,
        now=AFTER_ROUNDS,
    )
    return region, stored
