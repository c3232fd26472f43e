"""What every page and API route of every context takes from the request: the clock, a unit of
work, a reading session and the current admission year.

The composition root (``samverka.web_app``) puts the factories on the ``WebContext``: the one SQL
unit of work that satisfies every context's ``UnitOfWork`` protocol, and the query that knows
the newest admission year. The platform itself knows no context.

* ``now()`` / ``Now``: the application's clock (``samverka.platform.clock``), UTC.
* ``unit_of_work(request)`` / ``Work``: a unit of work (one transaction) for a change.
* ``Reads``: a reading session for queries (``WebContext.reads``), closed after the request.
* ``current_year(request)`` / ``CurrentYear``: the newest admission year; ``NotFound`` without one.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime
from typing import Annotated, Any

from fastapi import Depends, Request
from sqlalchemy.orm import Session

from samverka.platform import clock as clocks
from samverka.platform.clock import now as now  # the one clock; pages and API take it from here
from samverka.platform.web.context import web_context


async def clock() -> datetime:
    """Now by the application's clock; a dependency, so that a test may also set the moment of
    one context's pages alone (async: it needs no worker thread)."""
    return clocks.now()


async def reads(request: Request) -> AsyncIterator[Session]:
    """A reading session (``WebContext.reads``) for the request. Opening and closing it does no
    I/O, as an autocommit connection has nothing to roll back, so it takes no worker thread;
    its queries run in the handler's."""
    session = web_context(request).reads()
    try:
        yield session
    finally:
        session.close()


def unit_of_work(request: Request) -> Any:
    """A new unit of work on the application's database. Typed ``Any`` here because only the
    composition root knows the SQL unit of work; ``samverka.unit_of_work`` checks statically that
    it satisfies every context's ``UnitOfWork`` protocol, which the services are typed with."""
    return web_context(request).unit_of_work()


def current_year(request: Request) -> int:
    """The newest admission year in the database; ``NotFound`` when there is none."""
    context = web_context(request)
    with context.reads() as session:
        return context.current_year(session)


Now = Annotated[datetime, Depends(clock)]
Reads = Annotated[Session, Depends(reads)]
Work = Annotated[Any, Depends(unit_of_work)]
CurrentYear = Annotated[int, Depends(current_year)]
