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
from collections.abc import Collection, Mapping
from datetime import date
from decimal import Decimal
from enum import Enum
from typing import TypeAlias

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


def _audited(value: object) -> Audited:
    if type(value) in _PLAIN:  # the common case first; a subclass (an enum) goes on below
        return value  # type: ignore[return-value]
    if isinstance(value, Enum):
        return _audited(value.value)
    if isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, Decimal | date):  # a datetime is a date
        return str(value)
    if _is_dataclass(value):
        return {name: _audited(getattr(value, name)) for name in _fields(type(value))}
    if isinstance(value, Mapping):
        return _object(value)
    if isinstance(value, list | tuple):
        return [_audited(item) for item in value]
    if isinstance(value, set | frozenset):
        return sorted((_audited(item) for item in value), key=_order)
    raise TypeError(f"{type(value).__name__} has no audited form")


def _object(items: Mapping[object, object]) -> dict[str, Audited]:
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
