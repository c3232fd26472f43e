"""The workplace picker: as whom a request to a counsellor's, school's or municipality's page
or API works.

The signed-in counsellor, school or municipality works as themself; the admission officer may
work in the place of one school unit or municipality at a time, chosen by a query parameter
that every link and form carries (``Workplace.link``), from the choices the context lists
(``ScopeChoices``). ``platform.access.domain.scope.working_actor`` decides: 403 for a place
outside the actor's scope, 404 for one that does not exist.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from samverka.errors import N_, InvalidInput, RowError
from samverka.platform.access.domain.actors import Actor, Role
from samverka.platform.access.domain.scope import ScopeChoice, working_actor
from samverka.platform.web.context import web_context
from samverka.platform.web.templating import render

ScopeChoices = Callable[[Session], list[ScopeChoice]]  # what the officer may choose from

CHOOSE_PAGE = "workplace.html"


CODE_PATTERN = r"^[0-9A-Za-z-]{1,20}$"


@dataclass(frozen=True, slots=True)
class Workplace:
    """As whom a request to a counsellor's, school's or municipality's page or API works.

    ``actor`` is the working actor (the signed-in one, or the officer in the chosen unit's
    place), ``None`` while the officer has not chosen; ``parameter`` is the query parameter
    that names the choice, carried on links (``link``) so that the choice is kept."""

    signed_in: Actor
    actor: Actor | None
    parameter: str
    chosen: str | None
    choices: list[ScopeChoice] = field(default_factory=list)

    @property
    def working(self) -> Actor:
        """The working actor; ``InvalidInput`` (422) if the officer has not chosen yet."""
        if self.actor is None:
            reason = N_("Välj den skolenhet eller kommun du arbetar för.")
            raise InvalidInput([RowError("request", 0, self.parameter, reason)])
        return self.actor

    @property
    def chosen_name(self) -> str:
        return next((c.name for c in self.choices if c.code == self.chosen), self.chosen or "")

    def link(self, path: str, **params: object) -> str:
        """``path`` with ``params`` and the choice, if one was made."""
        query = {key: str(value) for key, value in params.items() if value is not None}
        if self.chosen is not None:
            query[self.parameter] = self.chosen
        return f"{path}?{urlencode(query)}" if query else path


def find_workplace(
    request: Request,
    actor: Actor,
    area: Role,
    parameter: str,
    chosen: str | None,
    choices_of: ScopeChoices,
) -> Workplace:
    """The workplace of ``actor`` in ``area``; 403 or 404 as ``working_actor`` decides. The
    officer chooses among ``choices_of`` (read only for the officer)."""
    choices: list[ScopeChoice] = []
    if actor.role is Role.OFFICER:
        with web_context(request).reads() as session:
            choices = choices_of(session)
    working = working_actor(actor, area, chosen, {choice.code for choice in choices})
    return Workplace(actor, working, parameter, chosen, choices)


def choose(request: Request, place: Workplace, path: str, heading: str) -> Response:
    """The page on which the officer chooses the school unit or municipality to work in;
    ``heading`` is a Swedish text of the catalogue."""
    context = {"place": place, "action": path, "heading": heading}
    return render(request, CHOOSE_PAGE, context)
