"""The authorisation matrix's row type and role sets, shared by ``test_authorisation_matrix``
and the area modules that add their own rows (``matrix_<area>.py``).

An area module holds ``ROWS: list[Row]`` and ``build(database)``, which adds what its rows
need to the matrix's small year (a ``sessionmaker`` on its database; accounts already exist).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

from samverka.platform.access.domain.actors import Role
from samverka.platform.domain.personal_id import luhn_check_digit

YEAR = 2026
AFTER_FINAL = datetime(YEAR, 7, 2, 12, tzinfo=UTC)
PASSWORD = "correct horse battery"


def pid(serial: int) -> str:
    """The year's pupils' personal identity numbers, born 1 March 2010."""
    return f"20100301-{serial:03d}{luhn_check_digit(f'100301{serial:03d}')}"


ANONYMOUS = "anonymous"
Who = Role | str
ROLES: tuple[Role, ...] = tuple(Role)
EVERYONE: frozenset[Who] = frozenset({*ROLES, ANONYMOUS})
SIGNED_IN: frozenset[Who] = frozenset(ROLES)
USERNAMES = {
    Role.ASSOCIATION_STAFF: "stina",
    Role.BOARD_MEMBER: "bertil",
    Role.OFFICER: "alva",
    Role.ANALYST: "anders",
    Role.APPLICANT: "ebba",
    Role.COUNSELLOR: "syv",
    Role.SCHOOL: "rektor",
    Role.MUNICIPALITY: "kommun",
}
PLACEHOLDERS = {
    "language": "en",
    "job_id": "no-such-run",
    "round_id": "1",
    "code": "NORRA-NA",
    "personal_id": pid(1),
    "personnummer": pid(1),
    "placement_id": "1",
}


def only(*roles: Role) -> frozenset[Who]:
    return frozenset(roles)


@dataclass(frozen=True, slots=True)
class Row:
    """``method path``: ``allowed`` may use it; ``hidden`` get 404 (the route hides whether the
    thing exists); every other signed-in role gets 403; the not signed in get 401."""

    method: str
    path: str
    allowed: frozenset[Who]
    fill: dict[str, str] = field(default_factory=dict)
    query: str = ""
    form: dict[str, str] | None = None
    json: object = None
    hidden: frozenset[Who] = frozenset()
    note: str = ""
    at: datetime = AFTER_FINAL  # the applicant's clock: windows open or closed

    @property
    def url(self) -> str:
        path = self.path.format(**{**PLACEHOLDERS, **self.fill})
        return f"{path}?{self.query}" if self.query else path
