"""A value's audited form (``samverka.platform.domain.audit_snapshot``) and the one way services
record a change with it (``samverka.platform.services.audit_records``).

Source: issue 11, point 9 (every change in the audit trail with its values before and after);
``docs/security.md``, "Audit trail".
"""

from __future__ import annotations

import gc
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal
from enum import IntEnum, StrEnum
from typing import Any, cast

import pytest
from hypothesis import given
from hypothesis import strategies as st

from samverka.platform.access.domain.actors import Actor, Role
from samverka.platform.db.engine import to_json
from samverka.platform.domain.audit_snapshot import snapshot
from samverka.platform.ports import AuditEvent, AuditTrail
from samverka.platform.services.audit_records import Change, record_change, record_changes
from samverka.unit_of_work import SqlUnitOfWork

AT = datetime(2026, 2, 1, 12, tzinfo=UTC)
OFFICER = Actor("alva", Role.OFFICER, "Alva")
STANDING_IN = Actor(
    "alva",
    Role.SCHOOL,
    "Alva",
    school_unit_codes=frozenset({"11111111"}),
    signed_in_as=Role.OFFICER,
)


class Colour(StrEnum):
    RED = "red"
    GREEN = "green"


class Level(IntEnum):
    LOW = 1
    HIGH = 2


@dataclass(frozen=True, slots=True)
class Guardian:
    name: str
    phone: str = ""


@dataclass(frozen=True, slots=True)
class Pupil:
    name: str
    born: date
    merit: Decimal
    colour: Colour
    guardians: tuple[Guardian, ...] = ()
    units: frozenset[str] = frozenset()
    grades: dict[str, int] = field(default_factory=dict)
    seen: datetime | None = None


PUPIL = Pupil(
    "Alva Ek",
    date(2010, 3, 1),
    Decimal("285.50"),
    Colour.GREEN,
    (Guardian("Eva", "070-1"),),
    frozenset({"22222222", "11111111"}),
    {"EN": 20, "MA": 15},
    AT,
)


class FakeTrail:
    """The port's recording half, keeping what it is given."""

    def __init__(self) -> None:
        self.recorded: list[AuditEvent] = []

    def record(self, **event: Any) -> None:
        self.recorded.append(AuditEvent(**event))

    def record_many(self, events: Sequence[AuditEvent]) -> None:
        self.recorded.extend(events)


def fake_trail() -> tuple[FakeTrail, AuditTrail]:
    """A fake trail, and the same as the port the helper takes (it uses only the recording)."""
    trail = FakeTrail()
    return trail, cast(AuditTrail, trail)


# -- the audited form ---------------------------------------------------------------------------
def test_a_dataclass_is_kept_by_field_name_recursively_with_text_for_amounts_days_and_moments() -> (
    None
):
    assert snapshot(PUPIL) == {
        "name": "Alva Ek",
        "born": "2010-03-01",
        "merit": "285.50",
        "colour": "green",
        "guardians": [{"name": "Eva", "phone": "070-1"}],
        "units": ["11111111", "22222222"],
        "grades": {"EN": 20, "MA": 15},
        "seen": "2026-02-01 12:00:00+00:00",
    }


def test_only_keeps_the_fields_named_and_leave_out_leaves_some_out() -> None:
    assert snapshot(PUPIL, only=("merit", "colour")) == {"merit": "285.50", "colour": "green"}
    assert snapshot(PUPIL, leave_out=("guardians", "seen", "grades", "units")) == {
        "name": "Alva Ek",
        "born": "2010-03-01",
        "merit": "285.50",
        "colour": "green",
    }
    assert snapshot(PUPIL, only=("name", "merit"), leave_out=("merit",)) == {"name": "Alva Ek"}


def test_only_applies_to_each_item_of_a_list_and_keeps_nothing_as_nothing() -> None:
    guardians = [Guardian("Eva", "070-1"), Guardian("Ola", "070-2")]
    assert snapshot(guardians, only=("name",)) == [{"name": "Eva"}, {"name": "Ola"}]
    assert snapshot(None, only=("name",)) is None
    assert snapshot({"a": 1, "b": 2}, leave_out=("b",)) == {"a": 1}


def test_a_misspelt_field_is_refused_rather_than_leaving_a_fact_out_unseen() -> None:
    with pytest.raises(ValueError, match="Pupil has no field 'merrit'"):
        snapshot(PUPIL, only=("merrit",))
    with pytest.raises(ValueError, match="no field 'sen'"):
        snapshot(PUPIL, leave_out=("sen",))
    with pytest.raises(TypeError, match="not one text"):
        snapshot(PUPIL, only="merit")


def test_enums_are_kept_by_value_and_mapping_keys_become_text() -> None:
    assert snapshot([Colour.RED, Level.HIGH]) == ["red", 2]
    assert snapshot({Colour.RED: 1, 2026: "x", date(2026, 9, 1): None, True: 0}) == {
        "red": 1,
        "2026": "x",
        "2026-09-01": None,
        "true": 0,
    }


def test_anything_without_an_audited_form_is_refused() -> None:
    with pytest.raises(TypeError, match="bytes has no audited form"):
        snapshot({"content": b"PDF"})
    with pytest.raises(TypeError, match="object has no audited form"):
        snapshot([object()])
    with pytest.raises(TypeError, match="cannot be a key"):
        snapshot({(1, 2): "pair"})
    with pytest.raises(ValueError, match="two keys are both written '1'"):
        snapshot({1: "a", "1": "b"})
    with pytest.raises(TypeError, match="fields of a dataclass or a mapping"):
        snapshot("text", only=("name",))


# -- properties -----------------------------------------------------------------------------------
texts = st.text(max_size=8)
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**12), max_value=10**12),
    st.floats(allow_nan=False, allow_infinity=False),
    texts,
    st.decimals(
        allow_nan=False, allow_infinity=False, places=2, max_value=10**9, min_value=-(10**9)
    ),
    st.dates(),
    st.datetimes(timezones=st.just(UTC)),
    st.sampled_from(Colour),
)
plain_values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.lists(inner, max_size=4).map(tuple),
        st.dictionaries(texts, inner, max_size=4),
        st.frozensets(texts, max_size=4),
    ),
    max_leaves=12,
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(texts, inner, max_size=4),
        st.builds(Guardian, texts, texts),
        st.builds(
            Pupil,
            texts,
            st.dates(),
            st.decimals(places=2, allow_nan=False, allow_infinity=False),
            st.sampled_from(Colour),
            st.lists(st.builds(Guardian, texts, texts), max_size=2).map(tuple),
            st.frozensets(texts, max_size=3),
        ),
    ),
    max_leaves=12,
)


@given(plain_values)
def test_a_value_the_trail_could_always_store_is_stored_as_the_same_text_in_its_audited_form(
    value: object,
) -> None:
    assert to_json(snapshot(value)) == to_json(value)


@given(values)
def test_the_audited_form_is_plain_json(value: object) -> None:
    audited = snapshot(value)
    assert json.loads(json.dumps(audited)) == audited


@given(values)
def test_the_audited_form_of_an_audited_form_is_itself(value: object) -> None:
    assert snapshot(snapshot(value)) == snapshot(value)


@given(st.builds(Guardian, texts, texts), st.sampled_from([("name",), ("phone",), ()]))
def test_only_keeps_exactly_the_fields_named(guardian: Guardian, names: tuple[str, ...]) -> None:
    kept = snapshot(guardian, only=names)
    assert isinstance(kept, dict)
    assert list(kept) == list(names)
    assert all(kept[name] == getattr(guardian, name) for name in names)


# -- recording ------------------------------------------------------------------------------------
def test_a_change_is_recorded_from_the_objects_with_the_actors_audit_name_and_the_key_as_text() -> (
    None
):
    trail, port = fake_trail()
    record_change(
        port, OFFICER, "pupil", 17, "update", before=None, after=PUPIL, at=AT, only=("merit",)
    )
    assert trail.recorded == [
        AuditEvent("officer:alva", "pupil", "17", "update", None, {"merit": "285.50"}, AT)
    ]


def test_an_officer_in_a_schools_place_is_recorded_as_the_officer() -> None:
    trail, port = fake_trail()
    record_change(port, STANDING_IN, "offering", "NA", "close", before=None, after=None, at=AT)
    assert trail.recorded[0].actor == "officer:alva"


def test_many_changes_are_recorded_in_the_order_given() -> None:
    trail, port = fake_trail()
    changes = [
        Change("applicant", "a", "create", None, Guardian("Eva")),
        Change("grade", "a", "import_final", {"EN": ("A", False)}, {"EN": ("B", False)}),
    ]
    record_changes(port, OFFICER, changes, at=AT)
    assert [(e.entity, e.before, e.after) for e in trail.recorded] == [
        ("applicant", None, {"name": "Eva", "phone": ""}),
        ("grade", {"EN": ["A", False]}, {"EN": ["B", False]}),
    ]


@pytest.mark.parametrize("number", [7, 1e16, Decimal(5)])
def test_a_bare_number_is_refused_at_once_and_a_decimal_is_kept_as_text(number: object) -> None:
    trail, port = fake_trail()
    if isinstance(number, Decimal):
        record_change(port, OFFICER, "fee", 1, "set", before=None, after=number, at=AT)
        assert trail.recorded[0].after == "5"
        return
    with pytest.raises(TypeError, match="bare number"):
        record_change(port, OFFICER, "fee", 1, "set", before=number, after=None, at=AT)
    with pytest.raises(TypeError, match="bare number"):
        record_changes(port, OFFICER, [Change("fee", 1, "set", None, number)], at=AT)
    assert trail.recorded == []


def test_a_recorded_change_is_stored_and_read_back_as_its_audited_form(uow: SqlUnitOfWork) -> None:
    with uow:
        record_change(uow.audit, OFFICER, "pupil", 17, "update", before=None, after=PUPIL, at=AT)
        uow.commit()
    with uow:
        (stored,) = uow.audit.events("pupil", "17")
    assert stored["actor"] == "officer:alva"
    assert stored["before"] is None
    assert stored["after"] == snapshot(PUPIL)


# -- the audited form, as a plain recursion of the module docstring's rules ----------------------
def reference(value: Any) -> Any:
    """The audited form by the documented rules, one value at a time, as it was first written:
    the fast conversions must give exactly this (the trail's stored text and hashes rest on it)."""
    if isinstance(value, Colour | Level):
        return reference(value.value)
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, Decimal | date):
        return str(value)
    if isinstance(value, Guardian | Pupil | Sheet):
        return {name: reference(item) for name, item in vars_of(value).items()}
    if isinstance(value, dict):
        audited: dict[str, Any] = {}
        for key, item in value.items():
            name = reference(key)
            name = name if isinstance(name, str) else json.dumps(name)
            if name in audited:
                raise ValueError(name)
            audited[name] = reference(item)
        return audited
    if isinstance(value, list | tuple):
        return [reference(item) for item in value]
    items = [reference(item) for item in value]
    return sorted(items, key=lambda i: i if isinstance(i, str) else json.dumps(i, sort_keys=True))


def vars_of(value: Any) -> dict[str, Any]:
    return {name: getattr(value, name) for name in value.__dataclass_fields__}


@dataclass(frozen=True, slots=True)
class Sheet:
    """A grade sheet's shape: text keys, each a tuple of plain values."""

    grades: dict[str, tuple[str, bool]]


keys = st.one_of(texts, st.integers(-5, 5), st.sampled_from(Colour), st.sampled_from(Level))
mixed = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.lists(inner, max_size=4).map(tuple),
        st.lists(scalars, max_size=4).map(tuple),
        st.dictionaries(texts, inner, max_size=4),
        st.dictionaries(keys, inner, max_size=4),
        st.dictionaries(texts, st.tuples(texts, st.booleans()), max_size=4),
        st.dictionaries(
            texts,
            st.builds(Sheet, st.dictionaries(texts, st.tuples(texts, st.booleans()))),
            max_size=2,
        ),
        st.builds(Guardian, texts, texts),
        st.builds(Sheet, st.dictionaries(texts, st.tuples(texts, st.booleans()), max_size=17)),
        st.frozensets(texts, max_size=3),
    ),
    max_leaves=16,
)


@given(mixed)
def test_the_audited_form_is_exactly_the_documented_rules_applied_one_value_at_a_time(
    value: object,
) -> None:
    try:
        expected = reference(value)
    except ValueError:
        with pytest.raises(ValueError, match="two keys"):
            snapshot(value)
        return
    audited = snapshot(value)
    assert audited == expected
    assert to_json(audited) == to_json(expected)


@given(mixed)
def test_the_json_text_is_exactly_what_json_dumps_writes(value: object) -> None:
    try:
        audited = snapshot(value)
    except ValueError:
        return
    assert to_json(audited) == json.dumps(audited, sort_keys=True, ensure_ascii=False)


class Unaudited:
    """A value without an audited form."""


def test_the_garbage_collector_runs_again_after_a_batch_is_recorded_or_refused() -> None:
    trail, port = fake_trail()
    record_changes(port, OFFICER, [Change("grade", 1, "import_final", None, {"EN": "A"})], at=AT)
    assert gc.isenabled()
    with pytest.raises(TypeError):
        record_changes(port, OFFICER, [Change("grade", 2, "x", None, Unaudited())], at=AT)
    assert gc.isenabled()
    assert [e.after for e in trail.recorded] == [{"EN": "A"}]


def test_a_garbage_collector_paused_before_a_batch_stays_paused() -> None:
    _, port = fake_trail()
    gc.disable()
    try:
        record_changes(port, OFFICER, [Change("grade", 1, "import_final", None, {})], at=AT)
        assert not gc.isenabled()
    finally:
        gc.enable()
