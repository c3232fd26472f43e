"""The incremental recheck: digests of what decides a pupil's lines, and rechecking earlier
months for the changed pupils only gives the same lines as rechecking everyone."""

from __future__ import annotations

from collections import Counter
from datetime import date
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from samverka.compensation.domain.digest import (
    RecheckBasis,
    changed_pupils,
    incremental_recheck_holds,
    pupil_digest,
    pupil_digests,
    settings_digest,
    tariff_digest,
)
from samverka.compensation.domain.measurement_day import MeasurementDayRule
from samverka.compensation.domain.month_lines import PupilMonthLine
from samverka.compensation.domain.monthly_compensation import (
    CompensationSettings,
    YearTariff,
    monthly_run,
)
from samverka.compensation.domain.organiser import Organiser
from samverka.compensation.domain.period import Month
from samverka.compensation.domain.price_list import Price, PriceList, YearPrices
from samverka.compensation.domain.pupil_record import Placement, PupilRecord, Registration
from samverka.compensation.domain.structure_supplement import SupplementSchedule, SupplementTier

FRISKOLA = Organiser.independent("556000-0001")
MUNICIPALITIES = ("0184", "0186", "0160")
ORGANISERS = (*(Organiser.municipality(m) for m in MUNICIPALITIES), FRISKOLA)


def _tariff(year: int, na: int = 96000) -> YearTariff:
    return YearTariff(
        YearPrices(
            PriceList(year, (Price("NA", None, Decimal(na)), Price("EK", None, Decimal(100000))))
        ),
        SupplementSchedule(year, (SupplementTier(1, Decimal(200), Decimal(6000)),)),
    )


TARIFFS = {2025: _tariff(2025)}
RUN_SETTINGS = CompensationSettings()


def _record(pupil_id: str = "p1", end: date | None = None) -> PupilRecord:
    return PupilRecord(
        pupil_id,
        (Placement(FRISKOLA, "U1", "NA", None, date(2024, 8, 19), end),),
        (Registration("0184", date(2008, 1, 1)),),
        Decimal("212.50"),
    )


def test_the_pupil_digest_is_stable_and_sees_every_field() -> None:
    record = _record()
    assert pupil_digest(record) == pupil_digest(_record())
    # the same in every process: no randomised hashing
    assert pupil_digest(record) == "d4400185eb1a2b9ed4639ee1b82d5f40"
    assert pupil_digest(_record(end=date(2025, 3, 31))) != pupil_digest(record)
    moved = PupilRecord(
        record.pupil_id, record.placements, (Registration("0186", date(2008, 1, 1)),)
    )
    assert pupil_digest(moved) != pupil_digest(record)
    merit = PupilRecord(record.pupil_id, record.placements, record.registrations, Decimal(213))
    assert pupil_digest(merit) != pupil_digest(record)


def test_a_repeated_pupil_id_is_part_of_the_digest() -> None:
    single = pupil_digests([_record()])
    double = pupil_digests([_record(), _record(end=date(2025, 5, 1))])
    assert single.keys() == double.keys() == {"p1"}
    assert single != double


def test_changed_pupils_are_new_changed_and_gone() -> None:
    stored = {"a": "1", "b": "2", "c": "3"}
    current = {"a": "1", "b": "9", "d": "4"}
    assert changed_pupils(current, stored) == {"b", "c", "d"}


def test_tariff_and_settings_digests_change_with_what_decides_the_amounts() -> None:
    assert tariff_digest(_tariff(2025)) == tariff_digest(_tariff(2025))
    assert tariff_digest(_tariff(2025, na=97000)) != tariff_digest(_tariff(2025))
    plain = settings_digest(CompensationSettings())
    assert plain == settings_digest(CompensationSettings())
    assert settings_digest(CompensationSettings(quantum=Decimal(1))) != plain
    other_day = CompensationSettings(measurement_day=MeasurementDayRule(day=1))
    assert settings_digest(other_day) != plain


def test_the_incremental_recheck_needs_the_months_covered_with_the_same_tariffs() -> None:
    tariffs = {2025: "t"}
    basis = RecheckBasis("s", tariffs, (Month(2025, 1), Month(2025, 2)))
    earlier = [Month(2025, 1), Month(2025, 2)]
    assert incremental_recheck_holds(basis, "s", tariffs, earlier)
    assert incremental_recheck_holds(basis, "s", tariffs, [])
    assert not incremental_recheck_holds(None, "s", tariffs, earlier)
    assert not incremental_recheck_holds(basis, "other", tariffs, earlier)
    assert not incremental_recheck_holds(basis, "s", {2025: "changed"}, earlier)
    assert not incremental_recheck_holds(basis, "s", tariffs, [*earlier, Month(2024, 12)])


# --- property: the incremental recheck equals the full one ------------------------------------

days_2025 = st.integers(0, 364).map(lambda n: date.fromordinal(date(2025, 1, 1).toordinal() + n))


@st.composite
def records(draw: st.DrawFn, pupil_id: str) -> PupilRecord:
    change = draw(days_2025)
    homes = (
        Registration(draw(st.sampled_from(MUNICIPALITIES)), date(2008, 1, 1), change),
        Registration(
            draw(st.sampled_from(MUNICIPALITIES)), date.fromordinal(change.toordinal() + 1)
        ),
    )
    start = draw(days_2025)
    end = draw(st.one_of(st.none(), days_2025.filter(lambda d: d >= start)))
    organiser = draw(st.sampled_from(ORGANISERS))
    programme = draw(st.sampled_from(("NA", "EK")))
    first = Placement(organiser, "U" + organiser.code, programme, None, date(2024, 8, 1), start)
    second = Placement(
        draw(st.sampled_from(ORGANISERS)),
        "U2",
        programme,
        None,
        date.fromordinal(start.toordinal() + 1),
        end,
    )
    merit = draw(st.sampled_from((None, Decimal(150), Decimal(250))))
    return PupilRecord(pupil_id, (first, second), homes, merit)


@st.composite
def cohort_and_change(draw: st.DrawFn) -> tuple[list[PupilRecord], list[PupilRecord]]:
    """A cohort, and the same cohort later: each pupil kept, changed or gone, some new, and
    now and then a repeated id."""
    ids = [f"p{i}" for i in range(draw(st.integers(1, 6)))]
    before: list[PupilRecord] = []
    after: list[PupilRecord] = []
    for pupil_id in ids:
        was = draw(st.one_of(st.none(), records(pupil_id)))
        fate = draw(st.sampled_from(("keep", "keep", "change", "gone")))
        if was is not None:
            before.append(was)
        if fate == "keep" and was is not None:
            after.append(was)
        elif fate == "change" or (fate == "keep" and was is None):
            after.append(draw(records(pupil_id)))
    if after and draw(st.booleans()):
        after.append(draw(records(after[0].pupil_id)))
    return before, after


def _run(
    pupils: list[PupilRecord],
    month: int,
    booked: tuple[PupilMonthLine, ...],
    recheck_pupils: set[str] | None = None,
) -> tuple[PupilMonthLine, ...]:
    return monthly_run(
        pupils,
        Month(2025, month),
        TARIFFS,
        RUN_SETTINGS,
        booked=booked,
        recheck=[Month(2025, m) for m in range(1, month)],
        recheck_pupils=recheck_pupils,
    ).lines


@settings(max_examples=150, deadline=None)
@given(cohort_and_change(), st.integers(2, 12))
def test_rechecking_only_the_changed_pupils_books_the_same_lines_as_rechecking_everyone(
    cohorts: tuple[list[PupilRecord], list[PupilRecord]], last: int
) -> None:
    before, after = cohorts
    booked: tuple[PupilMonthLine, ...] = ()
    for month in range(1, last):
        booked += _run(before, month, booked)
    changed = changed_pupils(pupil_digests(after), pupil_digests(before))
    full = _run(after, last, booked)
    incremental = _run(after, last, booked, recheck_pupils=changed)
    assert Counter(incremental) == Counter(full)
    # and unchanged pupils need nothing in the earlier months
    assert all(line.pupil_id in changed or line.service_month == Month(2025, last) for line in full)
