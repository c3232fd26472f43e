"""The names of domain values as pages show them, in Swedish (translated when shown): roles,
programme groups, any context's enum members it registers, the person behind an audit name and
a municipality by its name. Templates write them with the filters ``label``, ``person``,
``municipality`` and ``programme`` (``platform.web.templating``), never as raw values."""

from __future__ import annotations

from collections.abc import Mapping
from enum import Enum
from typing import Any

from samverka.platform.access.domain.actors import Role
from samverka.platform.reference.municipality_codes import swedish_municipalities
from samverka.platform.web.i18n import N_

ROLE_NAMES: dict[Role, str] = {
    Role.APPLICANT: N_("sökande"),
    Role.COUNSELLOR: N_("studie- och yrkesvägledare"),
    Role.SCHOOL: N_("skola"),
    Role.MUNICIPALITY: N_("kommunhandläggare"),
    Role.OFFICER: N_("antagningshandläggare"),
    Role.ANALYST: N_("analytiker"),
    Role.ASSOCIATION_STAFF: N_("förbundets kansli"),
    Role.BOARD_MEMBER: N_("styrelseledamot"),
}


PROGRAMME_GROUP_NAMES: dict[str, str] = {
    "vocational": N_("yrkesprogram"),
    "aesthetic": N_("estetiska programmet"),
    "social": N_("ett samhällsvetenskapligt program"),
    "science": N_("ett naturvetenskapligt program"),
}


def programme_group_name(group: str) -> str:
    """The Swedish name of a programme group (``rule_set.ProgrammeGroup``), for ``_()``."""
    return PROGRAMME_GROUP_NAMES.get(group, group)


# The names of other contexts' values (enum members), registered by the context's pages where
# it defines them (``register_labels``) and shown with the ``label`` filter: one way to write a
# value on every page, never its raw value ("regular").
_LABELS: dict[Enum, str] = {}


def register_labels(names: Mapping[Any, str]) -> None:
    """Name the enum members ``names`` holds (Swedish texts marked with ``N_``)."""
    for member, name in names.items():
        if not isinstance(member, Enum):
            raise TypeError(f"{member!r} is not an enum member")
        _LABELS[member] = name


def label_of(value: object) -> str | None:
    """The Swedish name of ``value`` (a role, a registered enum member), if it has one."""
    if isinstance(value, Role):
        return ROLE_NAMES[value]
    return _LABELS.get(value) if isinstance(value, Enum) else None


def person_of(audit_name: str) -> tuple[str, str | None]:
    """Who an audit name (``Actor.audit_name``: ``role:username``) names: the username and the
    Swedish name of the role (``None`` when ``audit_name`` is not one: a name typed by hand)."""
    role, colon, username = audit_name.partition(":")
    try:
        return (username, ROLE_NAMES[Role(role)]) if colon and username else (audit_name, None)
    except ValueError:
        return audit_name, None


def municipality_label(code: str) -> str:
    """A municipality as an official reads it: its name and code, ``Stockholm (0180)``."""
    name = swedish_municipalities().get(code)
    return f"{name} ({code})" if name else code
