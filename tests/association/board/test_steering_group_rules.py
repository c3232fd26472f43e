"""Steering groups: a period's end is not before its start, and a group has one chair."""

from __future__ import annotations

from datetime import date

from samverka.association.board.domain.steering_groups import (
    MemberRole,
    Period,
    chair_problem,
    period_problem,
)
from samverka.platform.web.i18n import Catalogue


def test_a_period_may_be_open_ended_but_not_end_before_it_starts() -> None:
    assert period_problem(date(2023, 1, 1), None) is None
    assert period_problem(date(2023, 1, 1), date(2026, 12, 31)) is None
    assert period_problem(date(2023, 1, 1), date(2022, 12, 31)) is not None
    term = Period(date(2023, 1, 1), date(2026, 12, 31))
    assert term.contains(date(2026, 12, 31))
    assert not term.contains(date(2027, 1, 1))
    assert Period(date(2023, 1, 1)).contains(date(2040, 1, 1))


def test_a_group_has_at_most_one_chair_but_any_number_of_members_and_deputies() -> None:
    assert chair_problem([], MemberRole.CHAIR) is None
    assert chair_problem([MemberRole.CHAIR], MemberRole.CHAIR) is not None
    assert chair_problem([MemberRole.CHAIR, MemberRole.MEMBER], MemberRole.MEMBER) is None
    assert chair_problem([MemberRole.DEPUTY] * 3, MemberRole.DEPUTY) is None


def test_the_steering_groups_refusals_are_worded_in_swedish_with_english_in_the_catalogue() -> None:
    english = Catalogue(["sv", "en"]).translations("en")
    period = period_problem(date(2023, 1, 1), date(2022, 12, 31))
    chair = chair_problem([MemberRole.CHAIR], MemberRole.CHAIR)
    assert period == "Perioden slutar innan den börjar."
    assert chair == "Gruppen har redan en ordförande."
    assert english.gettext(period) == "the period ends before it starts"
    assert english.gettext(chair) == "The group already has a chair."
