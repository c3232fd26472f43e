"""The names of domain values as pages show them, in Swedish (translated when shown)."""

from __future__ import annotations

from samverka.platform.access.domain.actors import Role
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
