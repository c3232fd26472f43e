"""The agreements' rules: which are due for revision (past due included) and expiring, in date
order, and which revisions and dates are refused."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from samverka.association.board.domain.agreements import (
    Agreement,
    AgreementKind,
    agreement_problems,
    days_until_revision,
    due_for_revision,
    expiring,
    revision_problem,
)
from samverka.platform.web.i18n import Catalogue

TODAY = date(2026, 11, 22)
START = date(2020, 1, 1)


def _agreement(
    number: int, revision: date, end: date | None = None, title: str | None = None
) -> Agreement:
    return Agreement(
        number, title or f"Avtal {number}", AgreementKind.REGION, START, end, "Kansliet", revision
    )


offsets = st.integers(min_value=-400, max_value=400)
agreement_lists = st.lists(st.tuples(offsets, st.one_of(st.none(), offsets)), max_size=30).map(
    lambda rows: [
        _agreement(
            n,
            TODAY + timedelta(days=r),
            None if e is None else TODAY + timedelta(days=max(r, e)),
        )
        for n, (r, e) in enumerate(rows)
    ]
)


@given(agreement_lists, st.integers(min_value=0, max_value=365))
def test_exactly_the_agreements_in_force_with_a_revision_within_the_days_are_due(
    agreements: list[Agreement], within: int
) -> None:
    due = due_for_revision(agreements, TODAY, within)
    limit = TODAY + timedelta(days=within)
    expected = {
        a.id for a in agreements if a.revision_date <= limit and (a.end is None or a.end >= TODAY)
    }
    assert {a.id for a in due} == expected
    assert [a.revision_date for a in due] == sorted(a.revision_date for a in due)


@given(agreement_lists, st.integers(min_value=0, max_value=365))
def test_the_expiring_end_within_the_days_in_date_order(
    agreements: list[Agreement], within: int
) -> None:
    ending = expiring(agreements, TODAY, within)
    limit = TODAY + timedelta(days=within)
    assert all(a.end is not None and TODAY <= a.end <= limit for a in ending)
    assert len(ending) == sum(1 for a in agreements if a.end and TODAY <= a.end <= limit)
    assert [a.end for a in ending] == sorted(a.end for a in ending if a.end)


def test_a_past_due_agreement_comes_before_one_due_soon() -> None:
    soon = _agreement(1, TODAY + timedelta(days=30), title="Färdtjänst")
    late = _agreement(2, TODAY - timedelta(days=10), title="Hemsjukvård")
    later = _agreement(3, TODAY + timedelta(days=91), title="Vårdövergångar")
    assert due_for_revision([soon, later, late], TODAY) == [late, soon]
    assert days_until_revision(late, TODAY) == -10


def test_an_ended_agreement_is_never_due() -> None:
    ended = _agreement(1, TODAY - timedelta(days=40), end=TODAY - timedelta(days=1))
    assert due_for_revision([ended], TODAY) == []


def test_a_revision_must_be_followed_by_a_later_revision_date_within_the_period() -> None:
    agreement = _agreement(1, TODAY, end=date(2027, 12, 31))
    assert revision_problem(agreement, TODAY, TODAY + timedelta(days=365)) is None
    assert revision_problem(agreement, TODAY, TODAY) is not None
    assert revision_problem(agreement, TODAY, date(2028, 6, 1)) is not None
    assert revision_problem(agreement, date(2019, 1, 1), TODAY) is not None


def test_an_agreement_names_every_problem_with_its_dates_and_parties() -> None:
    problems = agreement_problems(
        date(2026, 1, 1), date(2025, 1, 1), date(2024, 1, 1), 1, [date(2020, 1, 1)]
    )
    assert {field for field, _ in problems} == {
        "end",
        "revision_date",
        "parties",
        "follow_up_dates",
    }
    assert agreement_problems(START, None, TODAY, 2) == []


def test_an_agreements_problems_are_worded_in_swedish_with_english_in_the_catalogue() -> None:
    english = Catalogue(["sv", "en"]).translations("en")
    problems = agreement_problems(
        date(2026, 1, 1), date(2025, 1, 1), date(2024, 1, 1), 1, [date(2020, 1, 1)]
    )
    agreement = _agreement(1, TODAY, end=date(2027, 12, 31))
    revision = [
        revision_problem(agreement, TODAY, TODAY),
        revision_problem(agreement, TODAY, date(2028, 6, 1)),
        revision_problem(agreement, date(2019, 1, 1), TODAY),
    ]
    late = agreement_problems(START, date(2021, 1, 1), date(2022, 1, 1), 2)
    reasons = [reason for _, reason in problems + late] + [r for r in revision if r is not None]
    assert len(set(reasons)) == 8
    assert "Avtalet slutar innan det börjar." in reasons
    for reason in reasons:
        assert english.gettext(reason) != reason, reason  # a Swedish msgid with English beside
