"""A value in its audited form: what an audit event keeps of the objects before and after a
change, as JSON-ready data (``snapshot``).

Source: issue 11, point 9 (every change in the audit trail with its values before and after);
``docs/security.md``, "Audit trail". Services name what changed with the domain's own objects,
never with dictionaries built by hand (``samverka.platform.services.audit_records``), so that
every event shows a value the same way:

* a dataclass: an object of its fields, by field name, each in its audited form (recursively);
* an enum: its value;
* a ``Decimal``, a ``date`` or a ``datetime``: its text, as ``str`` gives it (``1234.50``,
  ``2026-02-01``, ``2026-02-01 12:00:00+00:00``), as the trail's JSON has always kept them;
* a mapping: an object; its keys as text (an enum's value, a number as JSON writes it);
* a list or tuple: a list; a set: a list in the order of its members' text;
* a text, a number, a truth value or ``None``: itself.

Anything else is refused (``TypeError``), so that an event never keeps a value's ``repr``.
``only`` keeps just the fields (or keys) named, ``leave_out`` leaves some out; both apply to
the value given or, for a list or tuple, to each of its items. A field named that a dataclass
does not have is refused (``ValueError``): a misspelt name must not leave a fact out unseen.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable, Collection, Mapping
from datetime import date
from decimal import Decimal
from enum import Enum
from itertools import chain
from operator import attrgetter
from typing import Any, TypeAlias, cast

Audited: TypeAlias = bool | int | float | str | list["Audited"] | dict[str, "Audited"] | None


def snapshot(
    value: object, *, only: Collection[str] | None = None, leave_out: Collection[str] = ()
) -> Audited:
    """``value`` in its audited form (module docstring), keeping only the fields ``only`` and
    leaving out ``leave_out`` when they are given."""
    if isinstance(only, str) or isinstance(leave_out, str):
        raise TypeError("only and leave_out are collections of names, not one text")
    if only is None and not leave_out:
        return _audited(value)
    if value is None:
        return None
    chosen = (None if only is None else tuple(only), tuple(leave_out))
    if isinstance(value, list | tuple):
        return [_selected(item, *chosen) for item in value]
    return _selected(value, *chosen)


def whole(value: object) -> Audited:
    """``value`` in its audited form, every field kept: ``snapshot(value)`` without the checks
    of ``only`` and ``leave_out``, for a batch of changes."""
    return _audited(value)


def _selected(
    value: object, only: tuple[str, ...] | None, leave_out: tuple[str, ...]
) -> dict[str, Audited]:
    if _is_dataclass(value):
        names = _chosen_fields(type(value), only, leave_out)
        return {name: _audited(getattr(value, name)) for name in names}
    if not isinstance(value, Mapping):
        kind = type(value).__name__
        raise TypeError(f"only and leave_out choose the fields of a dataclass or a mapping: {kind}")
    audited = _object(value)
    return {
        name: item
        for name, item in audited.items()
        if (only is None or name in only) and name not in leave_out
    }


# Field names by dataclass, and the names kept by (dataclass, only, leave_out): a snapshot is
# taken for every row of a change (a demo year's applications are a hundred thousand choices).
_FIELDS: dict[type, tuple[str, ...]] = {}
_CHOSEN: dict[tuple[type, tuple[str, ...] | None, tuple[str, ...]], tuple[str, ...]] = {}


def _fields(kind: type) -> tuple[str, ...]:
    found = _FIELDS.get(kind)
    if found is None:
        found = _FIELDS[kind] = tuple(field.name for field in dataclasses.fields(kind))
    return found


def _chosen_fields(
    kind: type, only: tuple[str, ...] | None, leave_out: tuple[str, ...]
) -> tuple[str, ...]:
    """The fields of the dataclass ``kind`` kept; a name it does not have is refused."""
    found = _CHOSEN.get((kind, only, leave_out))
    if found is not None:
        return found
    names = _fields(kind)
    unknown = sorted({*(only or ()), *leave_out} - set(names))
    if unknown:
        raise ValueError(f"{kind.__name__} has no field {', '.join(map(repr, unknown))}")
    kept = tuple(n for n in names if (only is None or n in only) and n not in leave_out)
    _CHOSEN[(kind, only, leave_out)] = kept
    return kept


def _is_dataclass(value: object) -> bool:
    return hasattr(type(value), "__dataclass_fields__") and not isinstance(value, type)


_PLAIN = frozenset({str, int, float, bool, type(None)})

# How a value of each type is turned into its audited form, found once per type by the rules of
# the module docstring (in their order: an enum before a number, a dataclass before a mapping)
# and kept: a pupil import audits tens of thousands of values of a handful of types.
_CONVERTERS: dict[type, Callable[[Any], Audited]] = {}


def _audited(value: object) -> Audited:
    kind = type(value)
    if kind in _PLAIN:  # the common case first; a subclass (an enum) goes on below
        return value  # type: ignore[return-value]
    convert = _CONVERTERS.get(kind)
    if convert is None:
        convert = _CONVERTERS[kind] = _converter(kind)
    return convert(value)


def _converter(kind: type) -> Callable[[Any], Audited]:
    """How a value of ``kind`` (not one of ``_PLAIN``) is audited; ``TypeError`` if it has no
    audited form."""
    if issubclass(kind, Enum):
        return _enum
    if issubclass(kind, bool | int | float | str):
        return _itself
    if issubclass(kind, Decimal | date):  # a datetime is a date
        return str
    if hasattr(kind, "__dataclass_fields__") and not issubclass(kind, type):
        return _dataclass(_fields(kind))
    if issubclass(kind, Mapping):
        return _object
    if issubclass(kind, list | tuple):
        return _list
    if issubclass(kind, set | frozenset):
        return _set
    raise TypeError(f"{kind.__name__} has no audited form")


def _enum(value: Enum) -> Audited:
    return _audited(value.value)


def _itself(value: Audited) -> Audited:
    return value


def _dataclass(names: tuple[str, ...]) -> Callable[[Any], Audited]:
    """An object of the fields ``names``, each in its audited form."""
    if len(names) < 2:  # ``attrgetter`` of one name gives the value itself, not a tuple
        return lambda value: {name: _audited(getattr(value, name)) for name in names}
    fetch = attrgetter(*names)

    def audited(value: object) -> Audited:
        return dict(zip(names, _values(fetch(value)), strict=True))

    return audited


def _list(items: list[object] | tuple[object, ...]) -> Audited:
    return _values(items)


def _set(items: set[object] | frozenset[object]) -> Audited:
    return sorted((_audited(item) for item in items), key=_order)


_TEXT = frozenset({str})
_SEQUENCE = frozenset({list, tuple})


def _values(values: Collection[object]) -> list[Audited]:
    """``values`` each in its audited form; checked and converted in C where every one is
    plain, or a list or tuple of plain values (a grade sheet's letters)."""
    if all(map(_PLAIN.__contains__, map(type, values))):
        return list(values)  # type: ignore[arg-type]
    if all(map(_SEQUENCE.__contains__, map(type, values))) and all(
        map(_PLAIN.__contains__, map(type, chain.from_iterable(values)))  # type: ignore[arg-type]
    ):
        return list(map(list, values))  # type: ignore[arg-type]
    return list(map(_audited, values))


def _object(items: Mapping[object, object]) -> dict[str, Audited]:
    if all(map(_TEXT.__contains__, map(type, items))):  # keys of text: themselves, no clash
        texts = cast(Mapping[str, object], items)
        plain = dict(zip(texts.keys(), _values(texts.values()), strict=True))
        if len(plain) == len(items):
            return plain
    audited: dict[str, Audited] = {}
    for key, item in items.items():
        name = _key(key)
        if name in audited:
            raise ValueError(f"two keys are both written {name!r}")
        audited[name] = _audited(item)
    return audited


def _key(key: object) -> str:
    """A mapping's key as text: as JSON writes a key (``1`` as ``"1"``, ``True`` as
    ``"true"``), an enum's by its value, a day or an amount by its text."""
    audited = _audited(key)
    if isinstance(audited, str):
        return audited
    if isinstance(audited, list | dict):
        raise TypeError(f"a {type(key).__name__} cannot be a key of an audited mapping")
    return json.dumps(audited)


def _order(item: Audited) -> str:
    """A set's members in the order of their text (as the trail's JSON always sorted them)."""
    return item if isinstance(item, str) else json.dumps(item, sort_keys=True, ensure_ascii=False)
