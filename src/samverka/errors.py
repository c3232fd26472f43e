"""One error hierarchy for the whole application; each entry point maps it once.

A refusal is worded in Swedish, the user interface's language: its text is a msgid of the
web application's catalogue, marked with ``N_`` where it is written, and its changing parts
are named parameters (``%(name)s``), given beside it and put in only where it is shown. So
``NotFound(N_("Det finns inget ärende %(id)s."), id=7)`` reads ``Det finns inget ärende 7.``
on the command line, and the pages (and the API, when asked for English) translate ``text``
first and then put the parameters in. A row of a file (``RowError``) carries its reason the
same way. ``tests/platform/test_refusal_texts.py`` fails when a service, a file's reader or a
domain rule refuses with a text that is not marked.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from dataclasses import field as default
from datetime import timedelta
from typing import Any


def N_(message: str) -> str:  # noqa: N802 - the name Babel looks for
    """Mark a Swedish ``message`` for the catalogue without translating it (it is translated
    where it is shown, in the reader's language)."""
    return message


def worded(text: str, parameters: Mapping[str, object]) -> str:
    """``text`` with its ``%(name)s`` parameters put in (as it is, without parameters)."""
    return text % dict(parameters) if parameters else text


class BadValue(ValueError):
    """A value written in a file or a form that cannot be read as what it should be (a number,
    a personal identity number …): a Swedish ``text`` (a msgid) and its ``parameters``, so that
    a row error can carry the reason as it carries its own; ``str()`` is the worded text."""

    def __init__(self, text: str, /, **parameters: object) -> None:
        self.text = text
        self.parameters: dict[str, object] = dict(parameters)
        super().__init__(worded(text, parameters))


class SamverkaError(Exception):
    """Base of every error Samverka raises on purpose: a Swedish ``text`` (a msgid) and the
    ``parameters`` it names; ``str()`` is the text with the parameters put in."""

    def __init__(self, text: str = "", /, **parameters: Any) -> None:
        self.text = text
        self.parameters: dict[str, object] = dict(parameters)
        super().__init__(worded(text, parameters))


@dataclass(frozen=True, slots=True)
class RowError:
    """One bad row of an input file: where it is and what is wrong with it."""

    source: str
    line: int
    field: str
    reason: str  # Swedish, a msgid with ``%(name)s`` parameters
    parameters: Mapping[str, object] = default(default_factory=dict, hash=False)

    @property
    def message(self) -> str:
        """The reason with its parameters put in, in Swedish."""
        return worded(self.reason, self.parameters)

    def __str__(self) -> str:
        where = f"{self.source}:{self.line}" if self.line else self.source
        column = f" [{self.field}]" if self.field else ""
        return f"{where}{column}: {self.message}"


class NotFound(SamverkaError):
    """What was asked for does not exist (or the actor may not know that it does)."""


class Conflict(SamverkaError):
    """The request contradicts the current state, e.g. publishing a published round."""


class ConcurrentChange(Conflict):
    """Another writer of the same thing (a population load, an admission year's rounds, the
    compensation runs) committed while this one waited for it; nothing of this one was saved."""


class DatabaseBusy(Conflict):
    """The database stayed locked by another writer for longer than the busy timeout; nothing
    was saved."""


class RemovalsNotConfirmed(Conflict):
    """A population extract would remove a large part of the register (or is empty), and the
    officer has not confirmed exactly that many removals; nothing was changed. The text may name
    ``leaving`` and ``registered`` as parameters."""

    def __init__(
        self, message: str, /, *, leaving: int, registered: int, **parameters: Any
    ) -> None:
        self.leaving = leaving
        self.registered = registered
        super().__init__(message, leaving=leaving, registered=registered, **parameters)


class NotPermitted(SamverkaError):
    """The actor may not do this, or not now (e.g. outside the choice-change window)."""


class NotSignedIn(NotPermitted):
    """Nobody is signed in, and what was asked for needs someone who is."""


class TooManyAttempts(NotPermitted):
    """Refused without looking, after too many recent failures; may be tried after a while."""

    def __init__(self, message: str, /, *, retry_after: timedelta, **parameters: Any) -> None:
        self.retry_after = retry_after
        super().__init__(message, **parameters)


class InvalidInput(SamverkaError):
    """Input that cannot be used; lists every problem found, not only the first."""

    def __init__(self, errors: Sequence[RowError]) -> None:
        self.errors = tuple(errors)
        lines = "\n".join(f"  {error}" for error in self.errors)
        super().__init__(
            N_("%(count)s fel i uppgifterna:\n%(lines)s"), count=len(self.errors), lines=lines
        )


class InvariantViolated(SamverkaError):
    """A result failed its correctness certificate; it must never be used or published."""

    def __init__(self, violations: Sequence[object]) -> None:
        self.violations = tuple(violations)
        lines = "\n".join(f"  {violation}" for violation in self.violations[:50])
        more = len(self.violations) - 50
        suffix = f"\n  … and {more} more" if more > 0 else ""
        super().__init__(
            N_("Antagningsresultatet klarade inte sin kontroll: %(count)s fel:\n%(lines)s"),
            count=len(self.violations),
            lines=f"{lines}{suffix}",
        )


class DatabaseSetupError(SamverkaError):
    """The database cannot be used as configured (its roles, privileges or migrations); the
    message says what to run or set."""


class Busy(SamverkaError):
    """Too much of one kind of work is waiting already (e.g. sign-ins); try again shortly."""

    def __init__(self, message: str, /, *, retry_after: timedelta, **parameters: Any) -> None:
        self.retry_after = retry_after
        super().__init__(message, **parameters)


class ReceptionNotPossible(InvalidInput):
    """An override of the derived reception that the law does not allow: second hand at an
    independent school, at a nationally recruiting offering, at the applicant's own
    municipality's school or inside the cooperation agreement (SL 16 kap. 43 §).
    ``ground`` names the first-hand ground that stands in the way."""

    def __init__(
        self, ground: str, message: str, *, where: str = "reception", **parameters: Any
    ) -> None:
        self.ground = ground
        super().__init__([RowError(where, 0, "reception", message, parameters)])
