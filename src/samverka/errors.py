"""One error hierarchy for the whole application; each entry point maps it once."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta


class SamverkaError(Exception):
    """Base of every error Samverka raises on purpose."""


@dataclass(frozen=True, slots=True)
class RowError:
    """One bad row of an input file: where it is and what is wrong with it."""

    source: str
    line: int
    field: str
    reason: str

    def __str__(self) -> str:
        where = f"{self.source}:{self.line}" if self.line else self.source
        field = f" [{self.field}]" if self.field else ""
        return f"{where}{field}: {self.reason}"


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
    officer has not confirmed exactly that many removals; nothing was changed."""

    def __init__(self, message: str, *, leaving: int, registered: int) -> None:
        self.leaving = leaving
        self.registered = registered
        super().__init__(message)


class NotPermitted(SamverkaError):
    """The actor may not do this, or not now (e.g. outside the choice-change window)."""


class NotSignedIn(NotPermitted):
    """Nobody is signed in, and what was asked for needs someone who is."""


class TooManyAttempts(NotPermitted):
    """Refused without looking, after too many recent failures; may be tried after a while."""

    def __init__(self, message: str, *, retry_after: timedelta) -> None:
        self.retry_after = retry_after
        super().__init__(message)


class InvalidInput(SamverkaError):
    """Input that cannot be used; lists every problem found, not only the first."""

    def __init__(self, errors: Sequence[RowError]) -> None:
        self.errors = tuple(errors)
        count = len(self.errors)
        lines = "\n".join(f"  {error}" for error in self.errors)
        super().__init__(f"{count} problem{'s' if count != 1 else ''} in the input:\n{lines}")


class InvariantViolated(SamverkaError):
    """A result failed its correctness certificate; it must never be used or published."""

    def __init__(self, violations: Sequence[object]) -> None:
        self.violations = tuple(violations)
        lines = "\n".join(f"  {violation}" for violation in self.violations[:50])
        more = len(self.violations) - 50
        suffix = f"\n  … and {more} more" if more > 0 else ""
        super().__init__(
            f"the admission result failed its certificate with {len(self.violations)} "
            f"violation(s):\n{lines}{suffix}"
        )


class DatabaseSetupError(SamverkaError):
    """The database cannot be used as configured (its roles, privileges or migrations); the
    message says what to run or set."""


class Busy(SamverkaError):
    """Too much of one kind of work is waiting already (e.g. sign-ins); try again shortly."""

    def __init__(self, message: str, *, retry_after: timedelta) -> None:
        self.retry_after = retry_after
        super().__init__(message)


class ReceptionNotPossible(InvalidInput):
    """An override of the derived reception that the law does not allow: second hand at an
    independent school, at a nationally recruiting offering, at the applicant's own
    municipality's school or inside the cooperation agreement (SL 16 kap. 43 §).
    ``ground`` names the first-hand ground that stands in the way."""

    def __init__(self, ground: str, message: str, *, where: str = "reception") -> None:
        self.ground = ground
        super().__init__([RowError(where, 0, "reception", message)])
